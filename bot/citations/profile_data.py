"""The parts of a profile's JSON below the profile itself: date locales and keyword values,
and the shape checks every packaged data file goes through (ProfileError names the place)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from ..errors import DataFileError


class ProfileError(DataFileError):
    """A packaged profile or cs1.json does not have the expected shape."""


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
    lenient: bool = False  # months the wiki named (derive.py): a value no form reads is let be


@dataclass(frozen=True)
class Keywords:
    """The values a keyword parameter accepts (`valid`), or the ones it refuses (`invalid`)."""

    values: frozenset[str]
    refused: bool  # True: `values` are the invalid ones (CS1's inverted check, |ref=harv)

    def accepts(self, value: str) -> bool:
        return (value in self.values) != self.refused


def need(cond: bool, where: str, what: str) -> None:
    if not cond:
        raise ProfileError(f"{where}: {what}")


def strings(value: Any, where: str) -> tuple[str, ...]:
    need(isinstance(value, list), where, "expected a list of strings")
    need(all(isinstance(v, str) and v for v in value), where, "expected non-empty strings")
    return tuple(value)


def str_map(value: Any, where: str) -> dict[str, str]:
    need(isinstance(value, dict), where, "expected an object")
    ok = all(isinstance(k, str) and k and isinstance(v, str) and v for k, v in value.items())
    need(ok, where, "expected non-empty string keys and values")
    return dict(value)


def keywords(raw: Any, where: str) -> dict[str, Keywords]:
    """{"param": {"valid": [...]}} or {"param": {"invalid": [...]}} per keyword parameter."""
    need(isinstance(raw, dict), where, "expected an object")
    out = {}
    for name, spec in raw.items():
        need(isinstance(spec, dict) and len(spec) == 1, f"{where}.{name}", "valid or invalid")
        ((kind, values),) = spec.items()
        need(kind in ("valid", "invalid"), f"{where}.{name}", "valid or invalid")
        out[name] = Keywords(frozenset(strings(values, f"{where}.{name}")), kind == "invalid")
    return out


def date_locale(raw: Any, where: str) -> DateLocale:
    need(isinstance(raw, dict), where, "expected an object")
    months = raw.get("months")
    iso_only = raw.get("iso_only", False)
    need(isinstance(iso_only, bool), where, "iso_only: true or false")
    need(isinstance(months, dict), where, "months: expected an object")
    need(all(isinstance(v, int) and 1 <= v <= 12 for v in months.values()), where, "1-12")
    every = set(months.values()) == set(range(1, 13))
    need(every or (iso_only and not months), where, "months: every month named")
    need(isinstance(raw.get("case_sensitive_months"), bool), where, "case_sensitive_months")
    digits = strings(raw.get("digits", []), f"{where}.digits")
    need(all(len(d) == 10 for d in digits), where, "digits: strings of ten characters")
    patterns = []
    for text in strings(raw.get("patterns", []), f"{where}.patterns"):
        try:
            pattern = re.compile(text)
        except re.error as e:
            raise ProfileError(f"{where}.patterns: {text!r}: {e}") from e
        need(set(pattern.groupindex) == {"d", "m", "y"}, where, "patterns: groups d, m, y")
        patterns.append(pattern)
    return DateLocale(
        months=MappingProxyType(dict(months)),
        case_sensitive_months=raw["case_sensitive_months"],
        connectors=strings(raw.get("connectors", []), where),
        day_suffixes=strings(raw.get("day_suffixes", []), where),
        no_date=frozenset(strings(raw.get("no_date", []), where)),
        circa=strings(raw.get("circa", []), where),
        digits=digits,
        iso_only=iso_only,
        patterns=tuple(patterns),
        unjudged=strings(raw.get("unjudged", []), f"{where}.unjudged"),
    )
