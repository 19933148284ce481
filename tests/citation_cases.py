"""The citation case files of tests/data/citations (cases.json, edits.json): one schema, one
loader, one comparison, shared by the tests that read them.

A case file is a JSON list of cases:

    {"id": unique across all case files,
     "lang": "en" | "es" | "fr", "today": "YYYY-MM-DD" or null (no date to compare with),
     "old": wikitext, "new": wikitext, "note": optional text,
     "expect": {"added": [one entry per added citation, in order],
                "reused": int, "cn_removed": int}}

An `added` entry always has `kind`, and exactly one of `problems` (every finding, as
[code, parameter or null, severity]) or `codes` (the problem codes only); `template` (the
name, or null) and `well_formed` are checked when given. A partial entry checks what it says
and no more: cases.json gives the codes, edits.json the full findings.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from bot.citations import content
from bot.citations.dates import year_date_mismatch
from bot.citations.model import KINDS, Citation, EditAnalysis
from bot.problems import SEVERITIES, problem_codes

CODES = problem_codes()

DATA = Path(__file__).parent / "data" / "citations"
CASE_FILES = ("cases.json", "edits.json")
LANGS = frozenset({"en", "es", "fr"})

CASE_KEYS = {"id": str, "lang": str, "today": (str, type(None)), "old": str, "new": str,
             "expect": dict}  # fmt: skip
OPTIONAL_CASE_KEYS = {"note": str}
EXPECT_KEYS = {"added": list, "reused": int, "cn_removed": int}
ADDED_KEYS = {"kind": str}
OPTIONAL_ADDED_KEYS = {"template": (str, type(None)), "well_formed": bool, "problems": list,
                       "codes": list}  # fmt: skip


def load_cases(name: str) -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = json.loads((DATA / name).read_text(encoding="utf-8"))
    return cases


def all_cases() -> list[dict[str, Any]]:
    return [case for name in CASE_FILES for case in load_cases(name)]


def today(case: dict[str, Any]) -> date | None:
    return date.fromisoformat(case["today"]) if case["today"] else None


def _keys(where: str, obj: Any, required: dict[str, Any], optional: dict[str, Any]) -> list[str]:
    if not isinstance(obj, dict):
        return [f"{where}: not an object"]
    errors = [f"{where}: missing {k}" for k in required if k not in obj]
    errors += [f"{where}: unknown key {k}" for k in obj if k not in required | optional]
    types = required | optional
    for key, value in obj.items():
        want = types.get(key)
        is_bool_for_int = want is int and isinstance(value, bool)
        if want is not None and (not isinstance(value, want) or is_bool_for_int):
            errors.append(f"{where}.{key}: wrong type")
    return errors


def _problem_errors(where: str, problems: list[Any]) -> list[str]:
    errors = []
    for problem in problems:
        shape = isinstance(problem, list) and len(problem) == 3
        if not shape or not isinstance(problem[1], str | None):
            errors.append(f"{where}: {problem!r} is not [code, parameter or null, severity]")
        elif problem[0] not in CODES or problem[2] not in SEVERITIES:
            errors.append(f"{where}: {problem!r}: unknown code or severity")
    return errors


def schema_errors(case: Any) -> list[str]:
    """What is wrong with one case, by the schema above (an empty list: nothing)."""
    where = str(case.get("id", "?")) if isinstance(case, dict) else "?"
    errors = _keys(where, case, CASE_KEYS, OPTIONAL_CASE_KEYS)
    if errors:
        return errors
    if case["lang"] not in LANGS:
        errors.append(f"{where}.lang: {case['lang']!r}")
    if case["today"] is not None:
        try:
            date.fromisoformat(case["today"])
        except ValueError:
            errors.append(f"{where}.today: not YYYY-MM-DD")
    expect = case["expect"]
    errors += _keys(f"{where}.expect", expect, EXPECT_KEYS, {})
    for n, added in enumerate(expect.get("added", []) if isinstance(expect, dict) else []):
        at = f"{where}.expect.added[{n}]"
        found = _keys(at, added, ADDED_KEYS, OPTIONAL_ADDED_KEYS)
        if found:
            errors += found
            continue
        if added["kind"] not in KINDS:
            errors.append(f"{at}.kind: {added['kind']!r}")
        if ("problems" in added) == ("codes" in added):
            errors.append(f"{at}: exactly one of problems or codes")
        errors += _problem_errors(at, added.get("problems", []))
        errors += [f"{at}.codes: unknown {c!r}" for c in added.get("codes", []) if c not in CODES]
    return errors


def _as_expected(citation: Citation, expected: dict[str, Any]) -> dict[str, Any]:
    """What the analysis found for one citation, in the fields this entry specifies."""
    full = {
        "kind": citation.kind,
        "template": citation.template,
        "well_formed": citation.well_formed,
        "problems": sorted([p.code, p.param, p.severity] for p in citation.problems),
        "codes": sorted({p.code for p in citation.problems}),
    }
    return {key: full[key] for key in expected}


def _normalized(expected: dict[str, Any]) -> dict[str, Any]:
    out = dict(expected)
    for key in ("problems", "codes"):
        if key in out:
            out[key] = sorted(out[key])
    return out


def check(case: dict[str, Any], result: EditAnalysis) -> None:
    """The analysis of `case` gives what its `expect` says (in every field given)."""
    want = case["expect"]
    assert [c.kind for c in result.added] == [a["kind"] for a in want["added"]]
    got = [_as_expected(c, a) for c, a in zip(result.added, want["added"], strict=True)]
    assert got == [_normalized(a) for a in want["added"]]
    assert (result.reused, result.cn_removed) == (want["reused"], want["cn_removed"])


def expected_codes(added: dict[str, Any]) -> set[str]:
    """The problem codes one `added` entry expects, whichever form it gives them in."""
    if "problems" in added:
        return {problem[0] for problem in added["problems"]}
    return set(added["codes"])


# cs1_values.json: each value test -> our port of the module's check (True: flagged).
CS1_VALUE_CHECKS: dict[str, Callable[[str], bool]] = {
    "generic_name": content.is_generic_name,
    "et_al": lambda v: content.strip_et_al(v)[1],
    "page": content.page_has_extra_text,
    "volume": content.volume_has_extra_text,
    "issue": content.issue_has_extra_text,
    "external_link": content.has_external_link,
    "apostrophe": content.has_apostrophe_markup,
    "archive_url": lambda v: content.archive_url_problem(v) is not None,
    "year_date": lambda v: year_date_mismatch(*v.split(" ## ", 1)),
}
