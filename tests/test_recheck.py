"""Which report citations stay listed, given their articles' current text (pure)."""

from __future__ import annotations

from datetime import date

import pytest

from bot.citations.model import Problem
from bot.recheck import FIXED as FIXED_OUTCOME
from bot.recheck import GONE, citation_key, recheck
from bot.render.model import ReportRow
from bot.wiki.parse import CurrentPage, parse_current_pages, parse_current_texts

CITE = "<ref>{{cite book |title=A long book title |publisher=P |date=May 01, 2010}}</ref>"
FIXED = CITE.replace("May 01, 2010", "1 May 2010")
TODAY = date(2027, 1, 20)


def listed(wikitext: str = CITE, title: str = "Alpha") -> ReportRow:
    return ReportRow("enwiki", title, 10, "Alice", wikitext,
                     Problem("bad-date", "error", "date", "Check date values"))  # fmt: skip


@pytest.mark.parametrize(
    ("current", "kept", "fixed", "gone"),
    [
        pytest.param("Text." + CITE, 1, 0, 0, id="unchanged: stays"),
        pytest.param("Text." + FIXED, 0, 1, 0, id="date fixed in place: leaves, fixed"),
        pytest.param("Text.", 0, 0, 1, id="citation removed: leaves, gone"),
        pytest.param(None, 0, 0, 1, id="article deleted: leaves, gone"),
        pytest.param(
            "Other.<ref>{{cite web |url=http://x.org |title=Quite different}}</ref>",
            0,
            0,
            1,
            id="another citation in its place: gone",
        ),
    ],
)
def test_recheck(current: str | None, kept: int, fixed: int, gone: int) -> None:
    result = recheck([listed()], {"Alpha": current}, "en", TODAY)
    assert (len(result.rows), result.fixed, result.gone) == (kept, fixed, gone)


def test_an_edited_citation_still_wrong_stays_with_its_problems_now() -> None:
    edited = CITE.replace("May 01, 2010", "May 01, 2011").replace("|publisher=P ", "")
    edited = edited.replace("}}</ref>", " |isbn=978-0-306-40615-8}}</ref>")
    result = recheck([listed()], {"Alpha": "Text." + edited}, "en", TODAY)
    assert {r.problem.code for r in result.rows} == {"bad-date", "bad-isbn"}
    assert {r.wikitext for r in result.rows} == {edited}
    assert {r.revid for r in result.rows} == {10}  # still the edit that added it


def test_an_article_not_fetched_keeps_its_rows() -> None:
    assert recheck([listed()], {}, "en", TODAY).rows == (listed(),)


def test_current_texts_follow_normalisation_and_redirects() -> None:
    result = {
        "query": {
            "normalized": [{"from": "alpha", "to": "Alpha"}],
            "redirects": [{"from": "Alpha", "to": "Alpha (book)"}],
            "pages": [
                {"title": "Alpha (book)", "revisions": [
                    {"revid": 5, "slots": {"main": {"content": "moved text"}}}]},
                {"title": "Gone", "missing": True},
            ],
        }
    }  # fmt: skip
    assert parse_current_texts(result, ["alpha", "Gone"]) == {"alpha": "moved text", "Gone": None}


def test_a_page_the_answer_cut_off_is_unknown_not_gone() -> None:
    """Past the API's answer size limit, pages come back without revisions (and the rest
    under `continue`): such a page keeps its listed citations instead of counting as gone."""
    result = {
        "continue": {"rvcontinue": "7|123", "continue": "||"},
        "query": {
            "pages": [
                {"title": "Big", "revisions": [
                    {"revid": 7, "slots": {"main": {"content": "text"}}}]},
                {"title": "Cut off", "ns": 0, "pageid": 9},
                {"title": "Gone", "missing": True},
            ],
        },
    }  # fmt: skip
    texts = parse_current_texts(result, ["Big", "Cut off", "Gone", "Not returned"])
    assert texts == {"Big": "text", "Gone": None}
    cut_off = listed(title="Cut off")
    result_rows = recheck([cut_off], texts, "en", TODAY)
    assert result_rows.rows == (cut_off,) and result_rows.gone == 0


def by_module(code: str, judge: str = "wiki", wikitext: str = FIXED) -> ReportRow:
    """A row whose problem the wiki's citation module found (`judge = wiki`), on a citation
    our rules accept."""
    return ReportRow("enwiki", "Alpha", 10, "Alice", wikitext,
                     Problem(code, "error", None, "Citation module error"), judge)  # fmt: skip


@pytest.mark.parametrize(
    "row",
    [
        pytest.param(by_module("cs1:bad_url"), id="unmapped module code"),
        pytest.param(by_module("cs1:bad_url", judge="local"), id="cs1 code, judge not loaded"),
        pytest.param(by_module("bad-date"), id="module finding under our code"),
    ],
)
def test_a_module_finding_on_an_unchanged_citation_stands(row: ReportRow) -> None:
    """Our rules accept the citation, but they did not find the problem: the article being
    unchanged, nothing was fixed and nobody is credited."""
    result = recheck([row], {"Alpha": "Text." + FIXED}, "en", TODAY)
    assert result.rows == (row,)
    assert (result.fixed, result.gone, result.settled) == (0, 0, ())
    assert result.standing == (citation_key(row),)


def test_a_module_judged_citation_edited_or_removed_can_leave() -> None:
    row = by_module("cs1:bad_url", wikitext=CITE)
    edited = recheck([row], {"Alpha": "Text." + FIXED}, "en", TODAY)  # judged by our rules
    assert edited.rows == () and edited.settled == ((citation_key(row), FIXED_OUTCOME, "Alice"),)
    removed = recheck([row], {"Alpha": "Text."}, "en", TODAY)
    assert removed.settled == ((citation_key(row), GONE, "Alice"),)


def test_a_hidden_current_text_is_told_apart_from_a_missing_page() -> None:
    """The shape MediaWiki answers for a page whose latest revision's text is revision-deleted
    (`rvprop=ids|content|user|timestamp&rvslots=main`, format version 1)."""
    result = {"batchcomplete": "", "query": {"pages": {
        "12": {"pageid": 12, "ns": 0, "title": "Alpha", "revisions": [
            {"revid": 40, "parentid": 39, "user": "Admin", "timestamp": "2027-01-20T10:00:00Z",
             "slots": {"main": {"contentmodel": "wikitext", "contentformat": "text/x-wiki",
                                "texthidden": ""}}}]},
        "-1": {"ns": 0, "title": "Gone", "missing": ""},
    }}}  # fmt: skip
    pages = parse_current_pages(result, ["Alpha", "Gone"])
    assert pages["Alpha"] == CurrentPage(None, 40, "Admin", "2027-01-20T10:00:00Z", True)
    assert pages["Gone"] == CurrentPage(None) and not pages["Gone"].text_hidden
