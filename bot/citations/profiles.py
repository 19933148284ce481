"""Language profiles: which templates cite, which ask for a citation, parameter names.

Per-wiki differences live in `bot/data/profiles/<lang>.json` (the `citations` section)
and the facts shared by all of them in `bot/data/cs1.json`; adding a language is adding
a data file. Loading reads only those packaged files and caches the result.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any

from ..errors import DataFileError
from ..problems import SEVERITIES, load_catalogue, problem_codes
from .text import normalize_name
from .whitelist import Whitelist, build_whitelist

LANG_RE = re.compile(r"^[a-z]{2,3}(?:-[a-z0-9]{1,8})*$")  # a Wikimedia language code
_NAME_LISTS = (
    "sfn_templates",
    "citation_needed_templates",
    "inline_maintenance_templates",
)


class ProfileError(DataFileError):
    """A packaged profile or cs1.json does not have the expected shape."""


class UnknownLanguageError(DataFileError, ValueError):
    """No citation profile exists for the requested language.

    Also a `ValueError`, as callers of `analyze_edit` have always been told.
    """

    def __init__(self, lang: str) -> None:
        known = ", ".join(sorted(available_languages())) or "none"
        super().__init__(f"not a language code: {lang!r} (bundles: {known})")
        self.lang = lang


@dataclass(frozen=True, eq=False)
class Cs1Rules:
    """Facts shared by every profile (bot/data/cs1.json, and cs1_whitelist.json generated
    from the module's Whitelist). `known_params`: every name some template accepts, numbered
    ones with '#'; `legacy_params`: names CS1 no longer supports (the module's old names and
    those of the 2014-2018 CS1), mapped to the name to use instead when CS1 names one."""

    whitelist: Whitelist
    known_params: frozenset[str]
    legacy_params: frozenset[str]
    replacements: Mapping[str, str]
    alias_of: Mapping[str, str]
    roles: Mapping[str, frozenset[str]]
    role_order: Mapping[str, tuple[str, ...]]
    limits: Mapping[str, int]
    severity: Mapping[str, str]
    messages: Mapping[str, str]
    module_classes: Mapping[str, str]
    name_lists: Mapping[str, Mapping[str, tuple[str, ...]]]
    module_rules: Mapping[str, Any]

    def module_class(self, cls: str) -> str:
        """The module's CitationClass for a profile class (`av-media` -> `audio-visual`)."""
        return self.module_classes.get(cls, cls)


@dataclass(frozen=True, eq=False)
class DateLocale:
    months: Mapping[str, int]
    case_sensitive_months: bool
    connectors: tuple[str, ...]
    day_suffixes: tuple[str, ...]
    no_date: frozenset[str]
    circa: tuple[str, ...]
    digits: tuple[str, ...] = ()  # other digits for 0-9 ("۰۱۲۳۴۵۶۷۸۹"), read as ASCII ones
    iso_only: bool = False  # judge only ISO dates (2010-05-05): the generic profile
    patterns: tuple[re.Pattern[str], ...] = ()  # other numeric forms (?P<d>,?P<m>,?P<y>)
    unjudged: tuple[str, ...] = ()  # words of other calendars: such a date is not judged


@dataclass(frozen=True)
class Keywords:
    """The values a keyword parameter accepts (`valid`), or the ones it refuses (`invalid`)."""

    values: frozenset[str]
    refused: bool  # True: `values` are the invalid ones (CS1's inverted check, |ref=harv)

    def accepts(self, value: str) -> bool:
        return (value in self.values) != self.refused


@dataclass(frozen=True, eq=False)
class Profile:
    lang: str
    namespaces: tuple[str, ...]
    citation_templates: Mapping[str, str]
    sfn_templates: frozenset[str]
    cn_templates: frozenset[str]
    maintenance_templates: frozenset[str]
    param_aliases: Mapping[str, str]
    numbered_aliases: Mapping[str, str]
    dates: DateLocale
    severity_overrides: Mapping[str, str]
    help_default: str
    help_codes: Mapping[str, str]
    keywords: Mapping[str, Keywords]
    cs1: Cs1Rules
    source: str = "packaged"  # "packaged": bot/data/profiles/<lang>.json; "generic": none
    checks: frozenset[str] | None = None  # names of the checks run (None: all of them)
    any_template_class: str | None = None  # class of any other template inside a <ref>

    def name(self, raw: str) -> str:
        """The normalised form of a template name as written in wikitext."""
        return normalize_name(raw, self.namespaces)

    def severity(self, code: str) -> str:
        return self.severity_overrides.get(code) or self.cs1.severity[code]

    def help_url(self, code: str) -> str:
        return self.help_codes.get(code, self.help_default)


def available_languages() -> frozenset[str]:
    """Languages with a profile among the packaged data files."""
    folder = resources.files("bot") / "data" / "profiles"
    return frozenset(
        p.name.removesuffix(".json") for p in folder.iterdir() if p.name.endswith(".json")
    )


@cache
def load_profile(lang: str) -> Profile:
    """The validated profile for `lang`: its packaged one, else the generic profile
    (`bot/data/generic.json`: only checks that need no knowledge of the language).
    UnknownLanguageError for a string that is no language code."""
    if not LANG_RE.match(lang):
        raise UnknownLanguageError(lang)
    if lang not in available_languages():
        raw = _read_json("generic.json")
        profile = build_profile({**raw, "lang": lang}, load_cs1(), source="generic.json")
        return replace(profile, source="generic")
    raw = _read_json(f"profiles/{lang}.json")
    return build_profile(raw, load_cs1(), source=f"profiles/{lang}.json")


@cache
def load_cs1() -> Cs1Rules:
    return build_cs1(_read_json("cs1.json"), build_whitelist(_read_json("cs1_whitelist.json")))


def _read_json(path: str) -> Any:
    text = (resources.files("bot") / "data" / path).read_text(encoding="utf-8")
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise ProfileError(f"{path}: not valid JSON: {e}") from e


def _need(cond: bool, where: str, what: str) -> None:
    if not cond:
        raise ProfileError(f"{where}: {what}")


def _strings(value: Any, where: str) -> tuple[str, ...]:
    _need(isinstance(value, list), where, "expected a list of strings")
    _need(all(isinstance(v, str) and v for v in value), where, "expected non-empty strings")
    return tuple(value)


def _str_map(value: Any, where: str) -> dict[str, str]:
    _need(isinstance(value, dict), where, "expected an object")
    ok = all(isinstance(k, str) and k and isinstance(v, str) and v for k, v in value.items())
    _need(ok, where, "expected non-empty string keys and values")
    return dict(value)


def build_cs1(raw: Any, whitelist: Whitelist, where: str = "cs1.json") -> Cs1Rules:
    _need(isinstance(raw, dict), where, "expected an object")
    alias_of = {  # a name alone in its meta-parameter is never redundant (`number` is also Issue)
        name: meta for meta, names in whitelist.aliases.items() if len(names) > 1 for name in names
    }
    for group in raw.get("alias_groups", []):  # groups beyond the module's aliases table
        for name in _strings(group, f"{where}: alias_groups"):
            alias_of[name] = group[0]
    roles_raw = raw.get("roles")
    _need(isinstance(roles_raw, dict), where, "roles: expected an object")
    roles = {k: frozenset(_strings(v, f"{where}: roles.{k}")) for k, v in roles_raw.items()}
    codes = raw.get("codes")
    catalogue = load_catalogue()
    ok = isinstance(codes, dict) and set(codes) == set(catalogue.codes)
    _need(ok, where, "codes: one entry per code of problems.json")
    for code, spec in codes.items():
        same = spec.get("severity") == catalogue.severity(code)
        _need(same, where, f"codes.{code}: severity differs from problems.json")
        _need(isinstance(spec.get("message"), str), where, f"codes.{code}: message missing")
    limits = raw.get("limits")
    _need(isinstance(limits, dict), where, "limits: expected an object")
    _need(all(isinstance(v, int) and v > 0 for v in limits.values()), where, "limits: ints")
    known = whitelist.names()
    legacy = set(_strings(raw.get("legacy_params"), f"{where}: legacy_params"))
    legacy |= set(whitelist.removed)
    lists = raw.get("name_lists")
    _need(isinstance(lists, dict), where, "name_lists: expected an object")
    name_lists = {
        k: MappingProxyType({part: _strings(v.get(part), f"{where}: name_lists.{k}")
                             for part in ("last", "first")})
        for k, v in lists.items()
    }  # fmt: skip
    rules = raw.get("module_rules")
    _need(isinstance(rules, dict), where, "module_rules: expected an object")
    return Cs1Rules(
        whitelist=whitelist,
        known_params=known,
        legacy_params=frozenset(legacy - known),
        replacements=MappingProxyType(dict(whitelist.removed)),
        alias_of=MappingProxyType(alias_of),
        roles=MappingProxyType(roles),
        role_order=MappingProxyType({k: tuple(v) for k, v in roles_raw.items()}),
        limits=MappingProxyType(dict(limits)),
        severity=MappingProxyType({c: s["severity"] for c, s in codes.items()}),
        messages=MappingProxyType({c: s["message"] for c, s in codes.items()}),
        module_classes=MappingProxyType(_str_map(raw.get("module_classes", {}), where)),
        name_lists=MappingProxyType(name_lists),
        module_rules=MappingProxyType(rules),
    )


def _names(value: Any, where: str, namespaces: tuple[str, ...]) -> tuple[str, ...]:
    names = _strings(value, where)
    for n in names:
        _need(normalize_name(n, namespaces) == n, where, f"{n!r} is not in normalised form")
    return names


def build_profile(raw: Any, cs1: Cs1Rules, source: str = "profile") -> Profile:
    """Validate a profile's JSON and build it; ProfileError names what is wrong."""
    _need(isinstance(raw, dict), source, "expected an object")
    _need(isinstance(raw.get("lang"), str) and raw["lang"], source, "lang missing")
    c = raw.get("citations")
    where = f"{source}: citations"
    _need(isinstance(c, dict), source, "citations section missing")
    expected = {
        "template_namespaces", "citation_templates", "param_aliases", "numbered_param_aliases",
        "dates", "severity", "help", *_NAME_LISTS,
    }  # fmt: skip
    optional = {"keyword_values", "checks", "any_template_class"}
    _need(isinstance(raw.get("sources", []), list), source, "sources: a list")
    _need(expected <= set(c) <= expected | optional, where, f"keys must be {sorted(expected)}"
          f" (optional: {sorted(optional)})")  # fmt: skip
    namespaces = tuple(n.lower() for n in _strings(c["template_namespaces"], f"{where}.ns"))
    templates = _str_map(c["citation_templates"], f"{where}.citation_templates")
    _names(list(templates), f"{where}.citation_templates", namespaces)
    lists = {k: frozenset(_names(c[k], f"{where}.{k}", namespaces)) for k in _NAME_LISTS}
    severity = _str_map(c["severity"], f"{where}.severity")
    _need(set(severity) <= set(problem_codes()), where, "severity: unknown code")
    _need(set(severity.values()) <= set(SEVERITIES), where, "severity: error or warning")
    help_ = c["help"]
    _need(isinstance(help_, dict) and isinstance(help_.get("default"), str), where, "help.default")
    help_codes = _str_map(help_.get("codes", {}), f"{where}.help.codes")
    _need(set(help_codes) <= set(problem_codes()), where, "help.codes: unknown code")
    urls = [help_["default"], *help_codes.values()]
    _need(all(u.startswith("https://") for u in urls), where, "help: https URLs")
    return Profile(
        lang=raw["lang"],
        namespaces=namespaces,
        citation_templates=MappingProxyType(templates),
        sfn_templates=lists["sfn_templates"],
        cn_templates=lists["citation_needed_templates"],
        maintenance_templates=lists["inline_maintenance_templates"],
        param_aliases=MappingProxyType(_str_map(c["param_aliases"], f"{where}.param_aliases")),
        numbered_aliases=MappingProxyType(
            _str_map(c["numbered_param_aliases"], f"{where}.numbered_param_aliases")
        ),
        dates=_date_locale(c["dates"], f"{where}.dates"),
        severity_overrides=MappingProxyType(severity),
        help_default=help_["default"],
        help_codes=MappingProxyType(help_codes),
        keywords=MappingProxyType(_keywords(c.get("keyword_values", {}), f"{where}.keywords")),
        cs1=cs1,
        checks=frozenset(_strings(c["checks"], f"{where}.checks")) if "checks" in c else None,
        any_template_class=c.get("any_template_class"),
    )


def _keywords(raw: Any, where: str) -> dict[str, Keywords]:
    """{"param": {"valid": [...]}} or {"param": {"invalid": [...]}} per keyword parameter."""
    _need(isinstance(raw, dict), where, "expected an object")
    out = {}
    for name, spec in raw.items():
        _need(isinstance(spec, dict) and len(spec) == 1, f"{where}.{name}", "valid or invalid")
        ((kind, values),) = spec.items()
        _need(kind in ("valid", "invalid"), f"{where}.{name}", "valid or invalid")
        out[name] = Keywords(frozenset(_strings(values, f"{where}.{name}")), kind == "invalid")
    return out


def _date_locale(raw: Any, where: str) -> DateLocale:
    _need(isinstance(raw, dict), where, "expected an object")
    months = raw.get("months")
    iso_only = raw.get("iso_only", False)
    _need(isinstance(iso_only, bool), where, "iso_only: true or false")
    _need(isinstance(months, dict), where, "months: expected an object")
    _need(all(isinstance(v, int) and 1 <= v <= 12 for v in months.values()), where, "1-12")
    every = set(months.values()) == set(range(1, 13))
    _need(every or (iso_only and not months), where, "months: every month named")
    _need(isinstance(raw.get("case_sensitive_months"), bool), where, "case_sensitive_months")
    digits = _strings(raw.get("digits", []), f"{where}.digits")
    _need(all(len(d) == 10 for d in digits), where, "digits: strings of ten characters")
    patterns = []
    for text in _strings(raw.get("patterns", []), f"{where}.patterns"):
        try:
            pattern = re.compile(text)
        except re.error as e:
            raise ProfileError(f"{where}.patterns: {text!r}: {e}") from e
        _need(set(pattern.groupindex) == {"d", "m", "y"}, where, "patterns: groups d, m, y")
        patterns.append(pattern)
    return DateLocale(
        months=MappingProxyType(dict(months)),
        case_sensitive_months=raw["case_sensitive_months"],
        connectors=_strings(raw.get("connectors", []), where),
        day_suffixes=_strings(raw.get("day_suffixes", []), where),
        no_date=frozenset(_strings(raw.get("no_date", []), where)),
        circa=_strings(raw.get("circa", []), where),
        digits=digits,
        iso_only=iso_only,
        patterns=tuple(patterns),
        unjudged=_strings(raw.get("unjudged", []), f"{where}.unjudged"),
    )
