"""The work bound per citation and per edit (bot/citations/budget.py): a pathological
citation is `malformed`, too complex to read, without holding up the rest of the edit; an
ordinary big one is read; an edit past its budget still counts every citation it added; a
page read again whole (recheck) is not cut off by one edit's budget."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from bot.citations import analyze_edit
from bot.citations.budget import DEFAULT, OVER_BUDGET, TOO_COMPLEX, Budget, anomalies, cost
from bot.citations.model import Citation, Problem
from bot.citations.oracle import oracle_analyze
from bot.recheck import recheck
from bot.render.model import ReportRow

TODAY = date(2026, 11, 21)
PAGE = "Intro.\n\n== History ==\nSome words about it.\n"
GOOD = (
    "<ref>{{cite book |last=Hale |first=Ruth |title=A History |publisher=Press |year=1999}}</ref>"
)
CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "testdata" / "wikitext-corpus"

# Each shape makes mwparserfromhell retry the rest of the citation at every construct.
PATHOLOGICAL = {
    "unclosed <b>": "<ref>" + "<b>x " * 400 + "</ref>",
    "unclosed <b without >": "<ref>" + "<b x" * 300 + "</ref>",
    "unclosed {{": "<ref>" + "{{a|" * 300 + "</ref>",
    "unclosed [[": "<ref>" + "[[a|" * 300 + "</ref>",
    "unclosed tables": "<ref>" + "{|\n|a||b\n|-\n" * 200 + "</ref>",
    "unclosed comments": "<ref>" + "<!--x" * 300 + "</ref>",
    "deep templates": "<ref>" + "{{a|" * 200 + "x" + "}}" * 200 + "</ref>",
    "crossing tags and templates": "<ref>" + "<b>{{a|</b>}}" * 200 + "</ref>",
    "cite with unclosed <b> in its title": "<ref>{{cite web |url=http://a.example |title="
    + "<b>x " * 300
    + "}}</ref>",
    "#tag:ref with unclosed <b>": "{{#tag:ref|" + "<b>x " * 300 + "}}",
}


def _problems(c: Citation) -> list[tuple[str, str]]:
    return [(p.code, p.message) for p in c.problems]


def _is_refused(c: Citation, why: str) -> bool:
    return [p.code for p in c.problems] == ["malformed"] and why in c.problems[0].message


@pytest.mark.parametrize("shape", PATHOLOGICAL)
def test_a_pathological_citation_is_malformed_too_complex(shape: str) -> None:
    result = analyze_edit(PAGE, PAGE + "A claim." + PATHOLOGICAL[shape], "en", TODAY)
    assert len(result.added) == 1
    assert _is_refused(result.added[0], TOO_COMPLEX), _problems(result.added[0])
    assert not result.added[0].well_formed


@pytest.mark.parametrize("shape", PATHOLOGICAL)
def test_the_full_parse_oracle_gives_the_same_verdict(shape: str) -> None:
    new = PAGE + "A claim." + PATHOLOGICAL[shape] + " More." + GOOD
    assert analyze_edit(PAGE, new, "en", TODAY) == oracle_analyze(PAGE, new, "en", TODAY)


def test_the_issues_case_40_kb_of_unclosed_b() -> None:
    ref = "<ref>" + "<b>x " * 8000 + "</ref>"
    (citation,) = analyze_edit(PAGE, PAGE + ref, "en", TODAY).added
    assert citation.wikitext == ref
    assert _is_refused(citation, TOO_COMPLEX)


def test_a_good_citation_next_to_a_pathological_one_is_still_read() -> None:
    new = PAGE + "One." + PATHOLOGICAL["unclosed <b>"] + " Two." + GOOD
    bad, good = analyze_edit(PAGE, new, "en", TODAY).added
    assert _is_refused(bad, TOO_COMPLEX)
    assert (good.kind, good.template, good.problems) == ("template", "cite book", ())


def test_an_ordinary_big_citation_is_read() -> None:
    authors = " ".join(
        f"|last{i}=Author{i} |first{i}=A. |author-link{i}=[[Author {i}]]" for i in range(1, 201)
    )
    ref = (
        "<ref>{{cite journal |title=A [[Large]] collaboration<br />result "
        f"{authors} |journal=Physics |volume=12 |issue=3 |pages=1–20 |year=2012 "
        "|doi=10.1000/182 |url=https://example.org/paper}} "
        "See also {{cite web |url=https://example.org/b |title=Notes |website=Example}}.</ref>"
    )
    assert len(ref) > 10_000
    (citation,) = analyze_edit(PAGE, PAGE + "A claim." + ref, "en", TODAY).added
    assert citation.kind == "template"
    assert "malformed" not in [p.code for p in citation.problems]


def test_a_few_stray_brackets_do_not_make_a_citation_too_complex() -> None:
    ref = "<ref>Smith, J. [[A History]] [sic] (1999), ''Press'' <b>bold</b> {{lang|fr|x}}"
    ref += " Lorem ipsum dolor sit amet. " * 200 + "[unclosed note</ref>"
    (citation,) = analyze_edit(PAGE, PAGE + ref, "en", TODAY).added
    assert "malformed" not in [p.code for p in citation.problems]


def test_past_the_budget_every_citation_is_still_counted_in_text_order() -> None:
    refs = [
        f"<ref>{{{{cite web |url=https://example.org/{i} |title=Page {i}}}}}</ref>"
        for i in range(12)
    ]
    body = refs[0][len("<ref>") : -len("</ref>")]
    each = cost(body)
    assert each is not None
    limits = replace(DEFAULT, edit_budget=5 * each + each // 2)
    result = analyze_edit(PAGE, PAGE + "".join(refs), "en", TODAY, limits=limits)
    assert len(result.added) == 12
    assert [c.problems for c in result.added[:5]] == [()] * 5
    assert all(_is_refused(c, OVER_BUDGET) for c in result.added[5:])
    assert result == oracle_analyze(PAGE, PAGE + "".join(refs), "en", TODAY, limits=limits)


def test_refused_citations_spend_the_budget_too() -> None:
    budget = Budget(replace(DEFAULT, edit_budget=10_000))
    bad = PATHOLOGICAL["unclosed <b>"][len("<ref>") : -len("</ref>")]
    verdicts = [budget.verdict(bad, bad) for _ in range(20)]
    assert verdicts[0] == TOO_COMPLEX
    assert verdicts[-1] == OVER_BUDGET  # an edit of refused citations is not screened forever


def test_citations_judged_on_their_tags_alone_cost_a_little_each() -> None:
    budget = Budget(replace(DEFAULT, edit_budget=2 * DEFAULT.item_cost))
    verdicts = [budget.verdict('<ref name="a" />', "") for _ in range(3)]
    assert verdicts == [None, None, OVER_BUDGET]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("{{a|[[b]]}} <b>x</b> <br> <!-- c -->", 0),
        ("{{a|x", 2),  # each brace
        ("<b>{{a|</b>}}", 2),  # the template (two braces) is cut off by </b>
        ("</b>x<b>y", 1),
        ("[[a|" * 5 + "]]" * 5, 0),
        ("[" * 14 + "]" * 14, 2),  # nested past the depth limit
    ],
)
def test_anomalies_counts_what_the_tokenizer_would_retry(text: str, found: int) -> None:
    assert anomalies(text, DEFAULT.max_depth) == found


@pytest.mark.slow
@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"{CORPUS} is absent")
def test_no_corpus_citation_is_refused_even_on_the_largest_page_created() -> None:
    for path in sorted(CORPUS.rglob("*.wiki")):
        result = analyze_edit("", path.read_text(encoding="utf-8"), "en", TODAY)
        refused = [c.wikitext[:60] for c in result.added if _is_refused(c, "")]
        assert refused == [], path.name


@pytest.mark.slow
def test_recheck_reads_a_whole_page_past_one_edits_budget() -> None:
    cite = "<ref>{{cite book |title=A long book title |publisher=P |date=May 01, 2010}}</ref>"
    row = ReportRow("enwiki", "Alpha", 10, "Alice", cite,
                    Problem("bad-date", "error", "date", "Check date values"))  # fmt: skip
    filler = "".join(
        f"<ref>{{{{cite web |url=https://example.org/{i} |title=Page {i}}}}}</ref>"
        for i in range(4000)
    )
    edited = cite.replace("May 01, 2010", "1 May 2010").replace("long", "longer")
    page = "Text." + filler + " More." + edited
    assert _is_refused(analyze_edit("", page, "en", TODAY).added[-1], OVER_BUDGET)
    result = recheck([row], {"Alpha": page}, "en", TODAY)
    assert (result.rows, result.fixed, result.gone) == ((), 1, 0)


@pytest.mark.slow
def test_a_page_created_with_1500_ordinary_citations_is_read_whole() -> None:
    """A big list or translated article created at once: every citation is read and judged,
    none left "too much to check" (a review found 103 of 900 refused under a smaller budget)."""
    ref = ("<ref>{{cite web |url=https://example.org/page%d |title=Some page title %d "
           "|website=Example |date=5 May 2010 |access-date=6 May 2010}}</ref>")  # fmt: skip
    page = "".join(f"Claim {i}. " + ref % (i, i) + "\n" for i in range(1_500))
    added = analyze_edit("", page, "en", TODAY).added
    assert len(added) == 1_500
    assert [c.wikitext for c in added if not c.well_formed] == []
