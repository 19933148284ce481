"""Citation analysis cases written for the project: tests/data/citations/cases.json (each added
citation's kind and problem codes) and edits.json (the full findings, with the parameter and
severity, and template names, in en, es and fr). One schema: tests/citation_cases.py."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from bot.citations import analyze_edit
from bot.citations.dates import check_date
from bot.citations.profiles import load_profile
from bot.problems import problem_codes
from tests.citation_cases import (
    CASE_FILES,
    CS1_VALUE_CHECKS,
    DATA,
    all_cases,
    check,
    expected_codes,
    load_cases,
    schema_errors,
    today,
)

CODES = problem_codes()
CASES = load_cases("cases.json")
EDITS = load_cases("edits.json")


def test_case_files_follow_the_schema() -> None:
    expected = [*CASE_FILES, "dates.json", "cs1_values.json"]
    assert sorted(p.name for p in DATA.glob("*.json")) == sorted(expected)
    cases = all_cases()
    assert {c["id"]: schema_errors(c) for c in cases if schema_errors(c)} == {}
    ids = [c["id"] for c in cases]
    assert sorted({i for i in ids if ids.count(i) > 1}) == []  # unique across the files


def test_schema_errors_are_found() -> None:
    good = EDITS[0]
    assert schema_errors(good) == []

    def added(**entry: Any) -> dict[str, Any]:
        return dict(good, expect=dict(good["expect"], added=[entry]))

    entry = good["expect"]["added"][0]
    bad = {
        "missing key": {k: v for k, v in good.items() if k != "lang"},
        "unknown key": dict(good, extra=1),
        "bad date": dict(good, today="21 Nov 2026"),
        "bool for int": dict(good, expect=dict(good["expect"], reused=True)),
        "problems and codes": added(**entry, codes=[]),
        "neither": added(kind="template"),
        "unknown code": added(kind="template", problems=[["bad", None, "error"]]),
        "unknown severity": added(kind="template", problems=[["bad-date", "date", "fatal"]]),
        "unknown added key": added(**entry, colour="red"),
        "unknown kind": added(kind="book", codes=[]),
    }
    assert [name for name, case in bad.items() if not schema_errors(case)] == []


@pytest.mark.parametrize("case", CASES + EDITS, ids=[c["id"] for c in CASES + EDITS])
def test_case(case: dict[str, Any]) -> None:
    result = analyze_edit(case["old"], case["new"], case["lang"], today(case))
    check(case, result)
    for c in result.added:
        assert c.well_formed == all(p.severity != "error" for p in c.problems)


def _added(cases: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [a for c in cases for a in c["expect"]["added"]]


def test_every_problem_code_and_kind_is_covered() -> None:
    codes = {code for a in _added(CASES) for code in expected_codes(a)}
    kinds = {a["kind"] for a in _added(CASES)}
    assert kinds == {"template", "bare-url", "plain", "sfn", "empty"}
    assert codes == {
        "missing-title",
        "bare-url",
        "cite-web-url",
        "accessdate-missing-url",
        "bad-url",
        "bad-date",
        "bad-isbn",
        "bad-issn",
        "bad-doi",
        "bad-pmid",
        "bad-pmc",
        "archive-missing-date",
        "archive-missing-url",
        "empty-citation",
        "duplicate-param",
        "unknown-param",
        "empty-ref",
        "undefined-named-ref",
        "conflicting-named-ref",
        "malformed",
        "no-locator",
    }


def test_edit_cases_cover_every_code_kind_and_language() -> None:
    added = _added(EDITS)
    assert {a["kind"] for a in added} == {"template", "bare-url", "plain", "sfn", "empty"}
    assert all("problems" in a and "template" in a and "well_formed" in a for a in added)
    codes = {code for a in added for code in expected_codes(a)}
    assert codes == set(CODES)
    assert {c["lang"] for c in EDITS} == {"en", "es", "fr"}


DATES = json.loads((DATA / "dates.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("row", DATES["rows"], ids=[f"{r[2]}-{r[1]}-{r[0]}" for r in DATES["rows"]])
def test_date_values(row: list[Any]) -> None:
    value, kind, lang, valid, why = row
    reason = check_date(value, kind, load_profile(lang).dates, date(2026, 11, 21))
    assert (reason is None) == valid, f"{why}: {reason}"


VALUES = json.loads((DATA / "cs1_values.json").read_text(encoding="utf-8"))
VALUE_TESTS = CS1_VALUE_CHECKS


@pytest.mark.parametrize("row", VALUES["rows"], ids=[f"{r[0]}-{r[1]}" for r in VALUES["rows"]])
def test_cs1_value_rules(row: list[Any]) -> None:
    test, value, flagged, why = row
    assert VALUE_TESTS[test](value) == flagged, why


def test_cs1_value_rows_cover_every_test() -> None:
    assert {r[0] for r in VALUES["rows"]} == set(VALUE_TESTS)
