"""Which parameter names CS1 accepts in which template: Module:Citation/CS1/Whitelist, as
generated into bot/data/cs1_whitelist.json by scripts/cs1_whitelist.py.

`state(name, cls)` follows the module's `validate()`: the preprint templates (cite arXiv,
bioRxiv, CiteSeerX, SSRN) take only a limited list plus their own names; some templates
add names of their own (`unique`) to the general lists; a number in a name stands as `#`
for the numbered lists. A name is "supported", "deprecated" (CS1 still uses it and shows
an error) or None (unknown to CS1; "tracked" names count as supported).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from ..errors import DataFileError

SUPPORTED = "supported"
DEPRECATED = "deprecated"
_STATES = {"supported": SUPPORTED, "tracked": SUPPORTED, "deprecated": DEPRECATED}
_DIGITS_RE = re.compile(r"\d+")
_TABLES = ("basic", "numbered", "limited_basic", "limited_numbered")
_BY_CLASS = ("preprint", "unique")

Names = Mapping[str, str]


class WhitelistDataError(DataFileError):
    """bot/data/cs1_whitelist.json does not have the shape scripts/cs1_whitelist.py writes."""


@dataclass(frozen=True, eq=False)
class Whitelist:
    basic: Names
    numbered: Names
    limited_basic: Names
    limited_numbered: Names
    preprint: Mapping[str, Names]
    unique: Mapping[str, Names]
    removed: Mapping[str, str]  # removed name -> the name CS1 suggests instead
    aliases: Mapping[str, tuple[str, ...]]  # meta-parameter -> the names read as it

    def state(self, name: str, cls: str | None) -> str | None:
        """SUPPORTED, DEPRECATED or None for parameter `name` in a template of CS1 class
        `cls` (the module's CitationClass; None: the general lists only)."""
        if "#" in name:
            return None
        enum = _DIGITS_RE.sub("#", name)
        if cls is not None and cls in self.preprint:
            tables = (self.limited_basic, self.preprint[cls])
            return _first(name, tables) or self.limited_numbered.get(enum)
        tables = (self.unique.get(cls or "", {}), self.basic)
        return _first(name, tables) or self.numbered.get(enum)

    def names(self) -> frozenset[str]:
        """Every name some template accepts (numbered ones with '#')."""
        out: set[str] = set()
        for table in (self.basic, self.numbered, self.limited_basic, self.limited_numbered,
                      *self.preprint.values(), *self.unique.values()):  # fmt: skip
            out.update(table)
        return frozenset(out)


def _first(name: str, tables: tuple[Names, ...]) -> str | None:
    for table in tables:
        if name in table:
            return table[name]
    return None


def _names(raw: Any, where: str) -> Names:
    if not isinstance(raw, dict) or not raw:
        raise WhitelistDataError(f"cs1_whitelist.json: {where}: expected a non-empty object")
    out = {}
    for name, state in raw.items():
        if state == "removed":
            continue  # an explicit nil: not accepted
        if not isinstance(name, str) or state not in _STATES:
            raise WhitelistDataError(f"cs1_whitelist.json: {where}.{name}: bad state {state!r}")
        out[name] = _STATES[state]
    return MappingProxyType(out)


def build_whitelist(raw: Any) -> Whitelist:
    if not isinstance(raw, dict) or not all(k in raw for k in (*_TABLES, *_BY_CLASS)):
        raise WhitelistDataError(
            "cs1_whitelist.json: missing tables (run scripts/cs1_whitelist.py)"
        )
    by_class = {
        key: MappingProxyType({c: _names(t, f"{key}.{c}") for c, t in raw[key].items()})
        for key in _BY_CLASS
    }
    removed = raw.get("removed", {})
    if not isinstance(removed, dict) or not all(isinstance(v, str) for v in removed.values()):
        raise WhitelistDataError("cs1_whitelist.json: removed: expected an object of names")
    return Whitelist(
        basic=_names(raw["basic"], "basic"),
        numbered=_names(raw["numbered"], "numbered"),
        limited_basic=_names(raw["limited_basic"], "limited_basic"),
        limited_numbered=_names(raw["limited_numbered"], "limited_numbered"),
        preprint=by_class["preprint"],
        unique=by_class["unique"],
        removed=MappingProxyType(dict(removed)),
        aliases=MappingProxyType({k: tuple(v) for k, v in raw.get("aliases", {}).items()}),
    )
