"""The report shrinks as citations are fixed: before each save the listed citations are
looked up in their articles' current text on the real local wiki (read through action=parse)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.wiki.parse import parse_current_pages
from scripts.devwiki import ADMIN, DevWiki
from tests.helpers import lib1ref, write_config

REPORT = "Project:1Lib1Ref/Citations to check"
ALPHA = "A.<ref>{{cite book |title=Alpha book |publisher=P |date=May 01, 2010}}</ref>"
BETA = "B.<ref>{{cite book |title=Beta book |publisher=P |date=May 01, 2010}}</ref>"
GAMMA = (
    "C.<ref>{{cite book |title=Gamma book |publisher=P |date=May 01, 2010"
    " |isbn=978-0-306-40615-8}}</ref>"
)

pytestmark = pytest.mark.usefixtures("password")


def rendered(wiki: DevWiki, title: str) -> str:
    text = wiki.api_get(action="parse", page=title, prop="text")["parse"]["text"]
    return str(text["*"] if isinstance(text, dict) else text)


def test_fixed_and_removed_citations_leave_the_report(botwiki: DevWiki, tmp_path: Path) -> None:
    for user, title, text in (("Alice", "Alpha", ALPHA), ("Bob", "Beta", BETA),
                              ("Carol", "Gamma", GAMMA)):  # fmt: skip
        botwiki.edit(user, title, text, summary="#1Lib1Ref")
    config = write_config(tmp_path, botwiki.api_url)
    assert lib1ref(config, "scan") == 0
    assert lib1ref(config, "leaderboard") == 0
    page = rendered(botwiki, REPORT)
    assert all(book in page for book in ("Alpha book", "Beta book", "Gamma book"))
    assert page.count("Gamma book") == 1  # two problems, one row
    assert "Invalid date (3)" in page and "Invalid ISBN" not in page  # Gamma listed under date
    assert "sortable" in page

    botwiki.edit(ADMIN, "Alpha", ALPHA.replace("May 01, 2010", "1 May 2010"), summary="fix date")
    botwiki.edit(ADMIN, "Beta", "B. Unsourced now.", summary="remove source")
    assert lib1ref(config, "leaderboard") == 0  # shrinks by 2 of 3 rows: no --allow-shrink
    page = rendered(botwiki, REPORT)
    assert "Alpha book" not in page and "Beta book" not in page
    assert "Gamma book" in page and "Invalid date (1)" in page
    assert "1 fixed since the edit and 1 no longer in the article" in page

    botwiki.edit(ADMIN, "Gamma", GAMMA.replace("May 01, 2010", "2010"), summary="fix date")
    assert lib1ref(config, "leaderboard") == 0
    page = rendered(botwiki, REPORT)
    assert "Invalid ISBN (1)" in page and "Invalid date" not in page  # the problem left now
    assert "Gamma book" in page


@pytest.mark.parametrize(("lang", "word"), [("es", "Fecha no válida"), ("fr", "Date invalide")])
def test_problems_are_in_the_wiki_language(
    botwiki: DevWiki, tmp_path: Path, lang: str, word: str
) -> None:
    botwiki.edit("Alice", "Alpha", ALPHA, summary="#1Lib1Ref")
    config = write_config(tmp_path, botwiki.api_url, lang=lang)
    assert lib1ref(config, "scan") == 0
    assert lib1ref(config, "leaderboard") == 0
    page = rendered(botwiki, REPORT)
    row = page.split("<td>", 4)[4]  # the problem cell of the one row
    assert row.strip().split("\n")[0].endswith(word + "\n") or word in row.split("</td>")[0]
    assert "Check date" not in page


def test_a_fixed_citation_is_recorded_as_fixed_by_whoever_fixed_it(
    botwiki: DevWiki, tmp_path: Path
) -> None:
    """Issue 15, "fixed by": the citation Alice added and Dave fixed leaves the table and is
    listed as fixed by Dave in his revision, on the page and in `export citations`; Carol's
    removal of Bob's is listed as removed by her."""
    botwiki.edit("Alice", "Alpha", ALPHA, summary="#1Lib1Ref")
    botwiki.edit("Bob", "Beta", BETA, summary="#1Lib1Ref")
    config = write_config(tmp_path, botwiki.api_url)
    assert lib1ref(config, "scan") == 0
    assert lib1ref(config, "leaderboard") == 0
    assert "Recently fixed" not in rendered(botwiki, REPORT)

    fixed = botwiki.edit("Dave", "Alpha", ALPHA.replace("May 01, 2010", "1 May 2010"))
    removed = botwiki.edit("Carol", "Beta", "B. Unsourced now.")
    assert lib1ref(config, "leaderboard") == 0
    page = rendered(botwiki, REPORT)
    assert "Alpha book" not in page and "Beta book" not in page  # out of the table
    assert "Recently fixed (2)" in page
    dave = page[page.index("Fixed by") :].split("</li>")[0]
    assert ">Dave<" in dave and ">Alpha<" in dave and f"Special:Diff/{fixed}" in dave
    carol = page[page.index("Removed by") :].split("</li>")[0]
    assert ">Carol<" in carol and ">Beta<" in carol and f"Special:Diff/{removed}" in carol

    assert lib1ref(config, "leaderboard") == 0  # seen again: still one record each
    assert "Recently fixed (2)" in rendered(botwiki, REPORT)
    out = tmp_path / "citations.json"
    assert lib1ref(config, "export", "citations", "--output", str(out)) == 0
    rows = {r["page_title"]: r for r in json.loads(out.read_text())}
    assert (rows["Alpha"]["left_report"], rows["Alpha"]["fixed_by"]) == ("fixed", "Dave")
    assert rows["Alpha"]["fixed_revid"] == fixed
    assert (rows["Beta"]["left_report"], rows["Beta"]["fixed_by"]) == ("gone", "Carol")
    assert rows["Beta"]["fixed_revid"] == removed


def test_a_hidden_text_in_the_wikis_own_answer_is_not_a_missing_page(botwiki: DevWiki) -> None:
    """MediaWiki refuses to hide the latest revision's text (and to restore a page up to a
    hidden revision), so the answer's shape is read from an older revision, asked for with
    the parameters `current_pages` uses: hidden, with its revision and user, not missing."""
    hidden = botwiki.edit("Alice", "Alpha", ALPHA, summary="#1Lib1Ref")
    botwiki.edit(ADMIN, "Alpha", ALPHA + " More.", summary="copyedit")
    botwiki.hide_revision(hidden, hide=("content",))
    answer = botwiki.api_get(action="query", prop="revisions", revids=str(hidden),
                             rvprop="ids|content|user|timestamp", rvslots="main")  # fmt: skip
    missing = botwiki.api_get(action="query", prop="revisions", titles="No such page",
                              rvprop="ids|content|user|timestamp", rvslots="main")  # fmt: skip
    page = parse_current_pages(answer, ["Alpha"])["Alpha"]
    assert (page.text, page.text_hidden, page.revid, page.user) == (None, True, hidden, "Alice")
    gone = parse_current_pages(missing, ["No such page"])["No such page"]
    assert (gone.text, gone.text_hidden, gone.revid) == (None, False, 0)
