"""Whose verdict a citation gets (bot.judging): cases as data, and the module's answers read
from rendered HTML. The real module on a local wiki: tests/test_scan_judge.py."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bot import judging
from bot.citations import load_profile
from bot.citations.cs1_html import Cs1Finding, Cs1Render, batch_wikitext
from bot.citations.model import Problem
from bot.records import Change, CitationRecord, Disagreement, EditRecord
from bot.timestamps import parse_ts

DATA = json.loads((Path(__file__).parent / "data" / "judging" / "verdicts.json").read_text())
WIKITEXT = "<ref>{{cite book |title=F |isbn=978-0-306-40615-7}}</ref>"


def _record(citation: CitationRecord) -> EditRecord:
    when = parse_ts("2027-01-16T10:00:00Z")
    change = Change(rcid=1, revid=77, parent_revid=76, page_id=3, title="Alpha", namespace=0,
                    user="Alice", user_kind="registered", timestamp=when,
                    comment="#1Lib1Ref")  # fmt: skip
    return EditRecord("2027-01", "enwiki", change, ("1Lib1Ref",), (citation,))


def _citation(spec: dict[str, Any]) -> CitationRecord:
    problems = tuple(Problem(code, sev, param, f"{code} message") for code, sev, param in spec)
    well_formed = all(p.severity != "error" for p in problems)
    return CitationRecord(0, "template", "cite book", WIKITEXT, well_formed, problems)


def _answer(spec: dict[str, Any]) -> judging.Answer:
    if "fallback" in spec:
        return judging.Answer(fallback=spec["fallback"])
    findings = tuple(sorted(Cs1Finding(a, h) for a, h in spec["findings"]))
    return judging.Answer(Cs1Render(findings))


@pytest.mark.parametrize("case", DATA["cases"], ids=lambda c: c["id"])
def test_whose_verdict(case: dict[str, Any]) -> None:
    record = _record(_citation(case["citation"]["problems"]))
    answers = {(77, 0): _answer(case["answer"])} if "answer" in case else {}
    got = judging.apply(record, case["mode"], answers).citations[0]
    expect = case["expect"]
    assert got.judge == expect["judge"]
    assert got.well_formed == expect["well_formed"]
    assert sorted([p.code, p.severity, p.param] for p in got.problems) == sorted(expect["problems"])
    assert got.fallback == expect["fallback"]
    want = expect["disagreement"]
    assert got.disagreement == (
        None if want is None else Disagreement(want[0], want[1], tuple(want[2]), tuple(want[3]))
    )
    assert got.wikitext == WIKITEXT and got.position == 0  # the citation itself is untouched


@pytest.mark.parametrize("case", DATA["questions"], ids=lambda c: c["id"])
def test_what_is_asked(case: dict[str, Any]) -> None:
    assert judging.question_text(case["wikitext"], load_profile("en")) == case["expect"]


def test_questions_cover_template_citations_only() -> None:
    cites = (
        CitationRecord(0, "template", "cite book", WIKITEXT, True),
        CitationRecord(1, "bare-url", "", "<ref>https://example.org</ref>", False),
        CitationRecord(2, "template", "cite web", "{{cite web |title=W}}", False),
    )
    record = EditRecord("c", "w", _record(cites[0]).change, ("1Lib1Ref",), cites)
    asked = judging.questions([record], load_profile("en"))
    assert [(q.key, q.text) for q in asked] == [
        ((77, 0), "{{cite book |title=F |isbn=978-0-306-40615-7}}"),
        ((77, 2), "{{cite web |title=W}}"),
    ]


def _page(texts: list[str], rendered: dict[str, str]) -> str:
    """What MediaWiki makes of a batch, paragraph by paragraph (markers stay as text)."""
    paragraphs = batch_wikitext(texts).strip().split("\n\n")
    return "".join(f"<p>{rendered.get(p, p)}\n</p>" for p in paragraphs)


CITED = '<cite class="citation book cs1">F</cite>'
ERROR = (
    '<span class="cs1-visible-error citation-comment">Check isbn (<a href="/index.php/'
    'Help:CS1_errors#bad_isbn">help</a>)</span>'
)
SCRIPT_ERROR = '<strong class="error"><span class="scribunto-error">Script error</span></strong>'


def test_answers_read_from_the_rendered_page() -> None:
    texts = ["{{cite book |title=F |isbn=1}}", "{{cite web |title=W}}", "{{patent|1}}", "{{x}}"]
    html = _page(texts, {texts[0]: CITED + ERROR, texts[1]: CITED, texts[2]: SCRIPT_ERROR})
    answers = judging.read_answers(html, texts)
    assert answers[0] == judging.Answer(Cs1Render((Cs1Finding("bad_isbn", False),)))
    assert answers[1] == judging.Answer(Cs1Render())
    assert answers[2].render is None and "script error" in answers[2].fallback
    assert answers[3].render is None and "not rendered" in answers[3].fallback
