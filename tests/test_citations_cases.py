"""Citation analysis cases written for the project: tests/data/citations/cases.json."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from bot.citations import analyze_edit

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
