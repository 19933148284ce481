"""One citation template, read for the checks: `Cite`, its parameters by canonical name,
and whether CS1 knows a parameter name in the template's class."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from .model import Problem
from .profiles import Profile
from .template import TemplateCall

_NUMBER_RE = re.compile(r"\d+")


def problem(
    profile: Profile, code: str, param: str | None, detail: str = "", severity: str | None = None
) -> Problem:
    """A Problem with the profile's severity for `code` and its message filled in."""
    message = profile.cs1.messages[code].format(param=param or "", detail=detail)
    return Problem(code, severity or profile.severity(code), param, message)


@dataclass(frozen=True)
class Cite:
    """One citation template, read: `values` maps each parameter's canonical name to
    (name as written, value) for the set (non-empty) ones, the last one winning."""

    call: TemplateCall
    cls: str
    profile: Profile
    today: date | None
    values: Mapping[str, tuple[str, str]]

    @property
    def module_class(self) -> str:
        """The class as Module:Citation/CS1 names it (its CitationClass)."""
        return self.profile.cs1.module_class(self.cls)

    def role(self, role: str) -> frozenset[str]:
        return self.profile.cs1.roles.get(role, frozenset())

    def set_in(self, names: frozenset[str]) -> list[tuple[str, str, str]]:
        """(canonical, written, value) of the set parameters among `names`."""
        return [(n, *self.values[n]) for n in sorted(names) if n in self.values]

    def first_of(self, role: str) -> tuple[str, str, str] | None:
        """The parameter CS1 reads for a meta-parameter: the first set one of `role`'s
        names in the module's alias order (the others are redundant)."""
        for name in self.profile.cs1.role_order.get(role, ()):
            if name in self.values:
                return (name, *self.values[name])
        return None

    def evaluable(self, names: frozenset[str]) -> list[tuple[str, str, str]]:
        """As set_in, without values CS1 takes as written (`((…))`) or holding templates."""
        return [
            (n, w, v)
            for n, w, v in self.set_in(names)
            if "{{" not in v and not (v.startswith("((") and v.endswith("))"))
        ]

    def p(
        self, code: str, param: str | None, detail: str = "", severity: str | None = None
    ) -> Problem:
        return problem(self.profile, code, param, detail, severity)


def _pattern(name: str) -> str | None:
    m = _NUMBER_RE.search(name)
    return None if m is None else name[: m.start()] + "#" + name[m.end() :]


def canonical(name: str, profile: Profile) -> str:
    """The CS1 name of a parameter written `name` (localised names mapped)."""
    if name in profile.param_aliases:
        return profile.param_aliases[name]
    m = _NUMBER_RE.search(name)
    if m is not None:
        pattern = name[: m.start()] + "#" + name[m.end() :]
        if pattern in profile.numbered_aliases:
            return profile.numbered_aliases[pattern].replace("#", m.group(0))
    return name


def param_state(name: str, profile: Profile, cls: str | None = None) -> str | None:
    """ "supported", "deprecated" (CS1 reads it and shows an error) or None (unknown) for
    a parameter written `name` in a template of profile class `cls`. Localised names
    (the profile's aliases) are supported."""
    if name in profile.param_aliases:
        return "supported"
    pattern = _pattern(name)
    if pattern is not None and pattern in profile.numbered_aliases:
        return "supported"
    module_class = None if cls is None else profile.cs1.module_class(cls)
    return profile.cs1.whitelist.state(name, module_class)


def is_known(name: str, profile: Profile, cls: str | None = None) -> bool:
    return param_state(name, profile, cls) is not None


def kept(name: str, profile: Profile, cls: str) -> bool:
    """Does CS1 keep the value of parameter `name` in a template of class `cls`? Known
    names yes; an unknown one only with a suggestion this template accepts (its lower-case
    form, or the name CS1 says replaces it): the module empties the others."""
    if param_state(name, profile, cls) is not None:
        return True
    pattern = _pattern(name)
    instead = profile.cs1.replacements.get(name)
    if instead is None and pattern is not None and pattern in profile.cs1.replacements:
        m = _NUMBER_RE.search(name)
        instead = profile.cs1.replacements[pattern].replace("#", m.group(0) if m else "")
    return any(param_state(n, profile, cls) is not None for n in (name.lower(), instead) if n)


def read_cite(call: TemplateCall, cls: str, profile: Profile, today: date | None) -> Cite:
    """The template's set parameters, as the module sees them (values it empties left out)."""
    values: dict[str, tuple[str, str]] = {}
    for param in call.params:
        if param.value and not param.positional and kept(param.name, profile, cls):
            values[canonical(param.name, profile)] = (param.name, param.value)
    return Cite(call, cls, profile, today, values)
