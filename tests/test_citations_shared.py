"""Measured against real material nobody here wrote: ../shared/testdata (read in place)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from bot.citations import analyze_edit
from bot.citations.cs1_checks import valid_date, valid_doi, valid_isbn
from bot.citations.profiles import load_profile

SHARED = Path(__file__).resolve().parents[2] / "shared" / "testdata"
pytestmark = pytest.mark.skipif(
    not SHARED.is_dir(), reason=f"{SHARED} is absent (a plain clone has no ../shared)"
)
TODAY = date(2026, 11, 20)  # the date the shared date verdicts were computed on


def load(name: str) -> Any:
    return json.loads((SHARED / name).read_text(encoding="utf-8"))


def test_date_vectors_follow_cs1_not_dateutil() -> None:
    profile = load_profile("en")
    rows = load("date-vectors.json")["rows"]
    wrong = [
        r["value"]
        for r in rows
        if valid_date(profile, r["value"], TODAY) != r["expected_cs1"].startswith("ok")
    ]
    assert wrong == []
    # python-dateutil disagrees with CS1 on many of these rows; CS1 is what counts.
    assert sum(r["dateutil_parse"] == "error" for r in rows if r["expected_cs1"].startswith("ok"))


@pytest.mark.parametrize(("kind", "check"), [("isbn", valid_isbn), ("doi", valid_doi)])
def test_identifier_vectors(kind: str, check: Any) -> None:
    rows = load("identifier-vectors.json")[kind]
    wrong = [r["value"] for r in rows if check(r["value"]) != (r["cs1"] == "ok")]
    assert wrong == []


# Cases whose expected verdict this analysis does not reach, each with the reason.
KNOWN = {
    "M01": "{{ISBN}} magic-word templates outside citation templates are not checked",
    "M02": "a bare 'ISBN 0 902…' magic link in running text is not a citation",
    "C08": 'Cite\'s numeric-key error (name="0") is not among the problem codes',
}


def verdict_is_error(expected: dict[str, Any]) -> bool:
    text = expected["verdict"].lower()
    return not text.startswith(("well-formed", "valid", "not a", "identifiers valid", "ok", "skip"))


def test_citation_cases_verdicts() -> None:
    cases = load("citation-cases.json")
    wrong = []
    for case in cases:
        text = case["wikitext"]
        analysis = analyze_edit("", text if "<ref" in text else f"<ref>{text}</ref>", "en", TODAY)
        errors = any(not c.well_formed for c in analysis.added)
        if case["category"] in ("version-dependent", "scope", "parser"):
            continue
        if errors != verdict_is_error(case["expected"]) and case["id"] not in KNOWN:
            wrong.append((case["id"], case["expected"]["verdict"]))
    assert wrong == []


def test_corpus_articles_are_almost_clean() -> None:
    files = sorted((SHARED / "wikitext-corpus").rglob("*.wiki"))
    assert len(files) == 50
    citations = errors = 0
    for path in files:
        analysis = analyze_edit("", path.read_text(encoding="utf-8"), "en", TODAY)
        citations += len(analysis.added)
        errors += sum(not c.well_formed for c in analysis.added)
    assert citations > 4000
    assert errors / citations < 0.05  # the false-positive rate; make bench prints it
