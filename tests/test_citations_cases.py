"""Citation analysis cases written for the project: tests/data/citations/cases.json."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from bot.citations import analyze_edit
from bot.citations.dates import check_date
from bot.citations.profiles import CODES, load_profile

CASES = json.loads((Path(__file__).parent / "data" / "citations" / "cases.json").read_text())


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_case(case: dict[str, Any]) -> None:
    result = analyze_edit(case["old"], case["new"], case["lang"], date.fromisoformat(case["today"]))
    got = [{"kind": c.kind, "codes": sorted({p.code for p in c.problems})} for c in result.added]
    want = [{"kind": a["kind"], "codes": sorted(a["codes"])} for a in case["expected"]["added"]]
    assert got == want
    assert result.reused == case["expected"]["reused"]
    assert result.cn_removed == case["expected"]["cn_removed"]
    for c in result.added:
        assert c.well_formed == all(p.severity != "error" for p in c.problems)


def test_every_problem_code_and_kind_is_covered() -> None:
    codes = {code for c in CASES for a in c["expected"]["added"] for code in a["codes"]}
    kinds = {a["kind"] for c in CASES for a in c["expected"]["added"]}
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


# Cases with the full expected findings (code, parameter, severity) and template names,
# in en, es and fr: tests/data/citations/edits.json.
EDITS = json.loads((Path(__file__).parent / "data" / "citations" / "edits.json").read_text())


def _today(case: dict[str, Any]) -> date | None:
    return date.fromisoformat(case["today"]) if case["today"] else None


@pytest.mark.parametrize("case", EDITS, ids=[c["id"] for c in EDITS])
def test_edit_findings(case: dict[str, Any]) -> None:
    result = analyze_edit(case["old"], case["new"], case["lang"], _today(case))
    got = [
        {
            "kind": c.kind,
            "template": c.template,
            "well_formed": c.well_formed,
            "problems": sorted([p.code, p.param, p.severity] for p in c.problems),
        }
        for c in result.added
    ]
    want = [dict(a, problems=sorted(a["problems"])) for a in case["expect"]["added"]]
    assert got == want
    assert (result.reused, result.cn_removed) == (
        case["expect"]["reused"],
        case["expect"]["cn_removed"],
    )


def test_edit_cases_cover_every_code_kind_and_language() -> None:
    added = [a for c in EDITS for a in c["expect"]["added"]]
    assert {a["kind"] for a in added} == {"template", "bare-url", "plain", "sfn", "empty"}
    codes = {p[0] for a in added for p in a["problems"]}
    assert codes == set(CODES)
    assert {c["lang"] for c in EDITS} == {"en", "es", "fr"}


DATES = json.loads((Path(__file__).parent / "data" / "citations" / "dates.json").read_text())


@pytest.mark.parametrize("row", DATES["rows"], ids=[f"{r[2]}-{r[1]}-{r[0]}" for r in DATES["rows"]])
def test_date_values(row: list[Any]) -> None:
    value, kind, lang, valid, why = row
    reason = check_date(value, kind, load_profile(lang).dates, date(2026, 11, 21))
    assert (reason is None) == valid, f"{why}: {reason}"
