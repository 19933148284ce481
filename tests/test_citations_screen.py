"""The pre-screen of a whole edit (bot/citations/screen.py): an edit adding more citation
marks than the limit gets a bounded verdict, every added citation still counted and none
called well-formed; both methods give it; an ordinary big page creation is unaffected."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from bot.citations import analyze_edit
from bot.citations.budget import DEFAULT
from bot.citations.oracle import oracle_analyze
from bot.citations.screen import TOO_MANY

TODAY = date(2026, 11, 21)
PAGE = "Intro.\n\n== History ==\nSome words {{citation needed}} about it.\n<ref name=a>A.</ref>\n"
CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "testdata" / "wikitext-corpus"
SMALL = replace(DEFAULT, max_edit_marks=40)


def _too_many(result: object) -> int:
    return sum(
        [p.code for p in c.problems] == ["malformed"] and TOO_MANY in c.problems[0].message
        for c in result.added  # type: ignore[attr-defined]
    )


def test_an_edit_adding_100000_refs_is_bounded_and_counts_every_one() -> None:
    new = PAGE + "".join(f"<ref>Source number {i}.</ref>" for i in range(100_000))
    result = analyze_edit(PAGE, new, "en", TODAY)
    assert len(result.added) == 100_000
    assert _too_many(result) == 100_000
    assert not any(c.well_formed for c in result.added)


def test_bounded_counts_match_the_full_reading_and_both_methods_agree() -> None:
    added = "".join(
        f"<ref>{{{{cite web |url=http://a.example/{i} |title=T{i}}}}}</ref>"
        f" {{{{cite book |title=B{i}}}}} {{{{sfn|Hale|{1990 + i}}}}} <ref name=a/> [[L{i}]]\n"
        for i in range(12)
    )
    new = PAGE.replace("{{citation needed}}", "") + added
    full = analyze_edit(PAGE, new, "en", TODAY)
    bounded = analyze_edit(PAGE, new, "en", TODAY, limits=SMALL)
    assert _too_many(full) == 0
    assert _too_many(bounded) == len(bounded.added) == len(full.added) == 36
    assert (bounded.reused, bounded.cn_removed) == (full.reused, full.cn_removed) == (12, 1)
    assert oracle_analyze(PAGE, new, "en", TODAY, limits=SMALL) == bounded


def test_removing_many_refs_adds_nothing() -> None:
    old = PAGE + "".join(f"<ref>Source {i}.</ref>" for i in range(50))
    result = analyze_edit(old, PAGE, "en", TODAY, limits=SMALL)
    assert result == oracle_analyze(old, PAGE, "en", TODAY, limits=SMALL)
    assert result.added == ()


def test_the_largest_corpus_page_created_at_once_is_read_as_before() -> None:
    path = max(CORPUS.rglob("*.wiki"), key=lambda p: p.stat().st_size)
    text = path.read_text(encoding="utf-8")
    result = analyze_edit("", text, "en", TODAY)
    unscreened = analyze_edit(
        "", text, "en", TODAY, limits=replace(DEFAULT, max_edit_marks=1 << 62)
    )
    assert len(result.added) > 500
    assert _too_many(result) == 0
    assert result == unscreened


def test_an_edit_spanning_a_long_page_is_judged_on_what_it_adds() -> None:
    """A ref added in the lead and a typo fixed at the end span every citation between them;
    the edit adds one citation, and that one is read (not screened as too many)."""
    row = (
        "* {{flagicon|X}} Row %d.<ref>{{cite web |url=https://example.org/%d |title=T %d}}</ref>\n"
    )
    body = "".join(row % (i, i, i) for i in range(4_000))  # 24,000 marks in the two parts
    old = "Lead.\n" + body + "The end, teh end.\n"
    added = "<ref>{{cite web |url=https://example.org/lead |title=Lead}}</ref>"
    new = "Lead." + added + "\n" + body + "The end, the end.\n"
    result = analyze_edit(old, new, "en", None)
    assert [c.wikitext for c in result.added] == [added]
    assert result.added[0].well_formed
    assert oracle_analyze(old, new, "en", None) == result
