"""The one catalogue of problem codes: `bot/data/problems.json`.

Each code has a severity (an `error` makes a citation ill-formed, a `warning` does not), the
anchor of the help section that explains it, and the keys under which every language bundle
words it (`message`, `help`) and may give a welcome tip. Profiles, messages, welcome texts and
the CS1 facts all refer to these codes and to no other; their loaders check it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from types import MappingProxyType

from .errors import DataFileError

SEVERITIES = ("error", "warning")
_NAME = "bot/data/problems.json"


@dataclass(frozen=True)
class ProblemSpec:
    code: str
    severity: str
    anchor: str  # "" when the help page has no section for it
    message: str  # messages key of its description ("problem.bad-date")
    help: str  # messages key of the page that explains it ("help.bad-date")
    tip: bool  # welcome texts have a tip for it


@dataclass(frozen=True, eq=False)
class Catalogue:
    specs: Mapping[str, ProblemSpec]

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(self.specs)

    @property
    def tip_codes(self) -> tuple[str, ...]:
        return tuple(c for c, s in self.specs.items() if s.tip)

    def severity(self, code: str) -> str:
        return self.specs[code].severity


def _fail(what: str) -> DataFileError:
    return DataFileError(f"{_NAME}: {what}")


@cache
def load_catalogue() -> Catalogue:
    """The validated catalogue (cached); `DataFileError` naming the code otherwise."""
    path = resources.files("bot") / "data" / "problems.json"
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise _fail(f"cannot be read: {e}") from e
    codes = raw.get("codes") if isinstance(raw, dict) else None
    if not isinstance(codes, dict) or not codes:
        raise _fail("expected an object with a non-empty 'codes' object")
    specs = {}
    for code, spec in codes.items():
        if not isinstance(spec, dict) or spec.get("severity") not in SEVERITIES:
            raise _fail(f"codes.{code}: severity must be one of {SEVERITIES}")
        if not all(isinstance(spec.get(k), str) for k in ("anchor", "message", "help")):
            raise _fail(f"codes.{code}: anchor, message and help must be strings")
        if not isinstance(spec.get("tip"), bool):
            raise _fail(f"codes.{code}: tip must be true or false")
        specs[code] = ProblemSpec(
            code, spec["severity"], spec["anchor"], spec["message"], spec["help"], spec["tip"]
        )
    return Catalogue(MappingProxyType(specs))


def problem_codes() -> tuple[str, ...]:
    """Every problem code, in the catalogue's order."""
    return load_catalogue().codes
