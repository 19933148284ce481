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
from ..language_table import bundle_language
from ..problems import SEVERITIES, load_catalogue, problem_codes
from .profile_data import (
    DateLocale,
    Keywords,
    ProfileError,
    date_locale,
    keywords,
    need,
    str_map,
    strings,
)
from .text import normalize_name
from .whitelist import Whitelist, build_whitelist

__all__ = [  # ProfileError, DateLocale and Keywords: where callers have always found them
    "LANG_RE", "Cs1Rules", "DateLocale", "Keywords", "Profile", "ProfileError",
    "UnknownLanguageError", "available_languages", "build_cs1", "build_profile", "load_cs1",
    "load_generic", "load_profile",
]  # fmt: skip
LANG_RE = re.compile(r"^[a-z]{2,8}(?:-[a-z0-9]{1,8})*$")  # a Wikimedia language code ("simple" too)
_NAME_LISTS = (
    "sfn_templates",
    "citation_needed_templates",
    "inline_maintenance_templates",
)


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
    # "packaged": bot/data/profiles/<lang>.json; "generic": none; "derived" and
    # "packaged+derived": with what the wiki publishes (derive.py)
    source: str = "packaged"
    checks: frozenset[str] | None = None  # names of the checks run (None: all of them)
    any_template_class: str | None = None  # class of any other template inside a <ref>
    derived_templates: frozenset[str] = frozenset()  # citation templates only the wiki named

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
    """The validated profile for `lang`: its packaged one (that of the language it is an
    alias of, bot/data/languages.json: `simple` is judged as `en`), else the generic profile
    (`bot/data/generic.json`: only checks that need no knowledge of the language).
    UnknownLanguageError for a string that is no language code."""
    if not LANG_RE.match(lang):
        raise UnknownLanguageError(lang)
    if (bundle := bundle_language(lang)) != lang:
        return replace(load_profile(bundle), lang=lang)
    if lang not in available_languages():
        return load_generic(lang)
    raw = _read_json(f"profiles/{lang}.json")
    return build_profile(raw, load_cs1(), source=f"profiles/{lang}.json")


@cache
def load_generic(lang: str) -> Profile:
    """The generic profile for `lang`, whether or not it has a bundle (bot/data/generic.json:
    the checks that need no knowledge of the language)."""
    raw = _read_json("generic.json")
    profile = build_profile({**raw, "lang": lang}, load_cs1(), source="generic.json")
    return replace(profile, source="generic")


@cache
def load_cs1() -> Cs1Rules:
    return build_cs1(_read_json("cs1.json"), build_whitelist(_read_json("cs1_whitelist.json")))


def _read_json(path: str) -> Any:
    text = (resources.files("bot") / "data" / path).read_text(encoding="utf-8")
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise ProfileError(f"{path}: not valid JSON: {e}") from e


def build_cs1(raw: Any, whitelist: Whitelist, where: str = "cs1.json") -> Cs1Rules:
    need(isinstance(raw, dict), where, "expected an object")
    alias_of = {  # a name alone in its meta-parameter is never redundant (`number` is also Issue)
        name: meta for meta, names in whitelist.aliases.items() if len(names) > 1 for name in names
    }
    for group in raw.get("alias_groups", []):  # groups beyond the module's aliases table
        for name in strings(group, f"{where}: alias_groups"):
            alias_of[name] = group[0]
    roles_raw = raw.get("roles")
    need(isinstance(roles_raw, dict), where, "roles: expected an object")
    roles = {k: frozenset(strings(v, f"{where}: roles.{k}")) for k, v in roles_raw.items()}
    codes = raw.get("codes")
    catalogue = load_catalogue()
    ok = isinstance(codes, dict) and set(codes) == set(catalogue.codes)
    need(ok, where, "codes: one entry per code of problems.json")
    for code, spec in codes.items():
        same = spec.get("severity") == catalogue.severity(code)
        need(same, where, f"codes.{code}: severity differs from problems.json")
        need(isinstance(spec.get("message"), str), where, f"codes.{code}: message missing")
    limits = raw.get("limits")
    need(isinstance(limits, dict), where, "limits: expected an object")
    need(all(isinstance(v, int) and v > 0 for v in limits.values()), where, "limits: ints")
    known = whitelist.names()
    legacy = set(strings(raw.get("legacy_params"), f"{where}: legacy_params"))
    legacy |= set(whitelist.removed)
    lists = raw.get("name_lists")
    need(isinstance(lists, dict), where, "name_lists: expected an object")
    name_lists = {
        k: MappingProxyType({part: strings(v.get(part), f"{where}: name_lists.{k}")
                             for part in ("last", "first")})
        for k, v in lists.items()
    }  # fmt: skip
    rules = raw.get("module_rules")
    need(isinstance(rules, dict), where, "module_rules: expected an object")
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
        module_classes=MappingProxyType(str_map(raw.get("module_classes", {}), where)),
        name_lists=MappingProxyType(name_lists),
        module_rules=MappingProxyType(rules),
    )


def _names(value: Any, where: str, namespaces: tuple[str, ...]) -> tuple[str, ...]:
    names = strings(value, where)
    for n in names:
        need(normalize_name(n, namespaces) == n, where, f"{n!r} is not in normalised form")
    return names


def build_profile(raw: Any, cs1: Cs1Rules, source: str = "profile") -> Profile:
    """Validate a profile's JSON and build it; ProfileError names what is wrong."""
    need(isinstance(raw, dict), source, "expected an object")
    need(isinstance(raw.get("lang"), str) and raw["lang"], source, "lang missing")
    c = raw.get("citations")
    where = f"{source}: citations"
    need(isinstance(c, dict), source, "citations section missing")
    expected = {
        "template_namespaces", "citation_templates", "param_aliases", "numbered_param_aliases",
        "dates", "severity", "help", *_NAME_LISTS,
    }  # fmt: skip
    optional = {"keyword_values", "checks", "any_template_class"}
    need(isinstance(raw.get("sources", []), list), source, "sources: a list")
    need(expected <= set(c) <= expected | optional, where, f"keys must be {sorted(expected)}"
          f" (optional: {sorted(optional)})")  # fmt: skip
    namespaces = tuple(n.lower() for n in strings(c["template_namespaces"], f"{where}.ns"))
    templates = str_map(c["citation_templates"], f"{where}.citation_templates")
    _names(list(templates), f"{where}.citation_templates", namespaces)
    lists = {k: frozenset(_names(c[k], f"{where}.{k}", namespaces)) for k in _NAME_LISTS}
    severity = str_map(c["severity"], f"{where}.severity")
    need(set(severity) <= set(problem_codes()), where, "severity: unknown code")
    need(set(severity.values()) <= set(SEVERITIES), where, "severity: error or warning")
    help_ = c["help"]
    need(isinstance(help_, dict) and isinstance(help_.get("default"), str), where, "help.default")
    help_codes = str_map(help_.get("codes", {}), f"{where}.help.codes")
    need(set(help_codes) <= set(problem_codes()), where, "help.codes: unknown code")
    urls = [help_["default"], *help_codes.values()]
    need(all(u.startswith("https://") for u in urls), where, "help: https URLs")
    return Profile(
        lang=raw["lang"],
        namespaces=namespaces,
        citation_templates=MappingProxyType(templates),
        sfn_templates=lists["sfn_templates"],
        cn_templates=lists["citation_needed_templates"],
        maintenance_templates=lists["inline_maintenance_templates"],
        param_aliases=MappingProxyType(str_map(c["param_aliases"], f"{where}.param_aliases")),
        numbered_aliases=MappingProxyType(
            str_map(c["numbered_param_aliases"], f"{where}.numbered_param_aliases")
        ),
        dates=date_locale(c["dates"], f"{where}.dates"),
        severity_overrides=MappingProxyType(severity),
        help_default=help_["default"],
        help_codes=MappingProxyType(help_codes),
        keywords=MappingProxyType(keywords(c.get("keyword_values", {}), f"{where}.keywords")),
        cs1=cs1,
        checks=frozenset(strings(c["checks"], f"{where}.checks")) if "checks" in c else None,
        any_template_class=c.get("any_template_class"),
    )
