"""`lib1ref leaderboard` against the real local wiki: pages saved safely, only on change."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.render.leaderboard import MARK_END, MARK_START
from scripts.devwiki import ADMIN, BOT_USER, DevWiki
from tests.helpers import lib1ref, write_config

BOARD = "Project:1Lib1Ref/Leaderboard"
REPORT = "Project:1Lib1Ref/Citations to check"
GOOD = "A.<ref>{{cite book |title=A History |publisher=P |isbn=978-0-306-40615-7}}</ref>"
HOSTILE = (
    "A.<ref>{{cite web |title=</nowiki>{{Delete}}[[Category:Spam]]~~~~__NOTOC__"
    "|| x |- |date=May 01, 2010}}</ref>"
)


pytestmark = pytest.mark.usefixtures("password")


def revisions(wiki: DevWiki, title: str) -> list[dict[str, Any]]:
    pages = wiki.api_get(
        action="query", prop="revisions", titles=title, rvlimit=50, rvprop="ids|user"
    )["query"]["pages"]
    page = pages[0] if isinstance(pages, list) else next(iter(pages.values()))
    return list(page.get("revisions", []))


def parsed(wiki: DevWiki, title: str) -> dict[str, Any]:
    result: dict[str, Any] = wiki.api_get(
        action="parse", page=title, prop="templates|categories|links|text"
    )["parse"]
    return result


def test_leaderboard_saved_once_then_only_on_change(botwiki: DevWiki, tmp_path: Path) -> None:
    botwiki.edit("Alice", "Alpha", GOOD, summary="#1Lib1Ref")
    botwiki.edit(
        ADMIN,
        BOARD,
        "Organizer intro.\n\n" + MARK_START + "\nold\n" + MARK_END + "\n\nOrganizer footer.",
    )
    config = write_config(tmp_path, botwiki.api_url)
    assert lib1ref(config, "scan") == 0
    assert lib1ref(config, "leaderboard") == 0
    text = botwiki.page_text(BOARD) or ""
    assert text.startswith("Organizer intro.\n\n" + MARK_START)
    assert text.endswith(MARK_END + "\n\nOrganizer footer.")
    assert "Alice" in text and "wikitable sortable" in text
    assert len(revisions(botwiki, BOARD)) == 2
    assert lib1ref(config, "leaderboard") == 0  # nothing changed but the time: no edit
    assert len(revisions(botwiki, BOARD)) == 2
    botwiki.edit("Bob", "Beta", GOOD, summary="#1Lib1Ref")
    assert lib1ref(config, "scan") == 0
    assert lib1ref(config, "leaderboard") == 0
    assert len(revisions(botwiki, BOARD)) == 3
    assert revisions(botwiki, BOARD)[0]["user"] == BOT_USER
    assert "Bob" in (botwiki.page_text(BOARD) or "")


def test_hostile_citation_text_cannot_inject_markup(botwiki: DevWiki, tmp_path: Path) -> None:
    botwiki.edit("Alice", "Alpha", HOSTILE, summary="#1Lib1Ref")
    config = write_config(tmp_path, botwiki.api_url)
    assert lib1ref(config, "scan") == 0
    assert lib1ref(config, "leaderboard") == 0
    for title in (BOARD, REPORT):
        page = parsed(botwiki, title)
        assert page["templates"] == [], title
        assert page["categories"] == [], title
        links = {link["title"] for link in page["links"]}
        assert all(
            t.startswith(
                (
                    "User:",
                    "User talk:",
                    "Special:",
                    "Help:",
                    "Alpha",
                    "Wikipedia:",
                    "Project:",
                    "DevWiki:",
                )
            )
            for t in links
        ), links
    report = parsed(botwiki, REPORT)["text"]
    report = report["*"] if isinstance(report, dict) else report
    assert "Spam" in report and "Delete" in report  # shown as text, not applied
    assert "Alpha" in (botwiki.page_text(REPORT) or "")


def test_protected_page_exits_1_and_shutoff_exits_0(botwiki: DevWiki, tmp_path: Path) -> None:
    botwiki.edit("Alice", "Alpha", GOOD, summary="#1Lib1Ref")
    config = write_config(tmp_path, botwiki.api_url)
    assert lib1ref(config, "scan") == 0
    botwiki.edit(ADMIN, "User:Lib1RefBot/shutoff", "stop")
    assert lib1ref(config, "leaderboard") == 0
    assert botwiki.page_text(BOARD) is None and botwiki.page_text(REPORT) is None
    botwiki.edit(ADMIN, "User:Lib1RefBot/shutoff", "run")
    botwiki.edit(ADMIN, BOARD, "locked")
    botwiki.protect(BOARD, edit="sysop")
    assert lib1ref(config, "leaderboard") == 1
    assert botwiki.page_text(BOARD) == "locked"
    assert botwiki.page_text(REPORT) is not None  # the other page still went out


def test_dry_run_prints_a_diff(
    botwiki: DevWiki, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    botwiki.edit("Alice", "Alpha", GOOD, summary="#1Lib1Ref")
    config = write_config(tmp_path, botwiki.api_url)
    assert lib1ref(config, "scan") == 0
    capsys.readouterr()
    assert lib1ref(config, "leaderboard", "--dry-run") == 0
    out = capsys.readouterr().out
    assert "+" + MARK_START in out and "Alice" in out
    assert botwiki.page_text(BOARD) is None


@pytest.mark.parametrize("lang", ["es", "fr"])
def test_wording_follows_the_wiki_language(botwiki: DevWiki, tmp_path: Path, lang: str) -> None:
    from bot.render.messages import load_messages

    botwiki.edit("Alice", "Alpha", GOOD, summary="#1Lib1Ref")
    config = write_config(tmp_path, botwiki.api_url, lang=lang)
    assert lib1ref(config, "scan") == 0
    assert lib1ref(config, "leaderboard") == 0
    text = botwiki.page_text(BOARD) or ""
    heading = load_messages(lang)("column.well_formed")
    assert heading in text
    assert heading != load_messages("en")("column.well_formed")


def test_global_page_merges_by_user(botwiki: DevWiki, tmp_path: Path) -> None:
    botwiki.edit("Alice", "Alpha", GOOD, summary="#1Lib1Ref")
    config = write_config(
        tmp_path,
        botwiki.api_url,
        campaign_extra='global_wiki = "local"\nglobal_page = "Project:1Lib1Ref/Global"',
    )
    assert lib1ref(config, "scan") == 0
    assert lib1ref(config, "leaderboard") == 0
    text = botwiki.page_text("Project:1Lib1Ref/Global") or ""
    from bot.render.messages import load_messages

    assert load_messages("en")("column.wikis") in text and "Alice" in text


def test_broken_markers_on_one_page_leave_every_other_page_saved(
    botwiki: DevWiki,
    tmp_path: Path,
    tmp_path_factory: pytest.TempPathFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """One wiki's leaderboard has two start markers: that page is reported with its title
    (one line, exit 1), and its report and the second wiki's pages still go out."""
    from scripts.devwiki import build_template

    other = DevWiki.create(tmp_path_factory.mktemp("other") / "wiki", build_template())
    other.start()
    try:
        botwiki.edit("Alice", "Alpha", GOOD, summary="#1Lib1Ref")
        other.edit("Bob", "Beta", GOOD, summary="#1Lib1Ref")
        # `localhost`: the same machine under another cookie domain, so pywikibot's one
        # cookie jar holds a session for each wiki.
        second = other.api_url.replace("127.0.0.1", "localhost")
        config = write_config(tmp_path, botwiki.api_url, second_wiki_api=second)
        assert lib1ref(config, "scan") == 0
        broken = f"Organizers' intro.\n{MARK_START}\nold\n{MARK_START}\n"
        botwiki.edit(ADMIN, BOARD, broken)
        caplog.clear()
        assert lib1ref(config, "leaderboard") == 1
        assert botwiki.page_text(BOARD) == broken.rstrip("\n")  # untouched
        assert botwiki.page_text(REPORT) is not None  # the same wiki's other page went out
        assert "Bob" in (other.page_text(BOARD) or "")
        assert other.page_text(REPORT) is not None
        errors = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
        assert len(errors) == 1, errors
        assert f"local [[{BOARD}]]" in errors[0] and "marker" in errors[0]
        assert "\n" not in errors[0]
    finally:
        other.stop()
