"""Stops come on time and stay on their wiki (issue 19, point 4), against real local wikis.

The shutoff page is read after the `edit_delay` wait, right before the save; a stop on one
wiki leaves the other wikis running; `run` fails when its scan failed, whatever else happened.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from bot.config import load_config
from bot.errors import ShutoffActive
from bot.wiki import connect
from scripts.devwiki import ADMIN, BOT_TOKEN, BOT_USER, DevWiki
from tests.helpers import lib1ref, write_config

BOARD = "Project:1Lib1Ref/Leaderboard"
SHUTOFF = "User:Lib1RefBot/shutoff"
GOOD = "A.<ref>{{cite book |title=A History |publisher=P |isbn=978-0-306-40615-7}}</ref>"

pytestmark = pytest.mark.usefixtures("password")


def other_api(wiki: DevWiki) -> str:
    """The second wiki's API under another host name: cookies are kept per host name, not per
    port, so the bot's sessions on the two wikis stay apart."""
    return wiki.api_url.replace("127.0.0.1", "localhost")


def bot_revisions(wiki: DevWiki, title: str) -> int:
    pages = wiki.api_get(action="query", prop="revisions", titles=title, rvlimit=50,
                         rvprop="user")["query"]["pages"]  # fmt: skip
    page = pages[0] if isinstance(pages, list) else next(iter(pages.values()))
    return sum(1 for r in page.get("revisions", []) if r["user"] == BOT_USER)


def test_a_stop_written_during_the_edit_delay_is_obeyed(botwiki: DevWiki, tmp_path: Path) -> None:
    path = write_config(tmp_path, botwiki.api_url)
    path.write_text(path.read_text().replace("edit_delay = 0", "edit_delay = 3"))
    config = load_config(path)
    wiki = connect(config, "local", BOT_TOKEN)
    try:
        assert wiki.save(BOARD, lambda _: "first\n", "update").action == "saved"
        # The next save waits out edit_delay; an operator writes "stop" one second into it.
        stopper = threading.Timer(1.0, botwiki.edit, (ADMIN, SHUTOFF, "stop"))
        stopper.start()
        try:
            with pytest.raises(ShutoffActive):
                wiki.save(BOARD, lambda _: "second\n", "update")
        finally:
            stopper.join()
    finally:
        wiki.close()
    assert botwiki.page_text(BOARD) == "first"
    assert bot_revisions(botwiki, BOARD) == 1


def test_a_stop_on_one_wiki_leaves_the_others_running(
    botwiki: DevWiki, otherwiki: DevWiki, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    botwiki.edit("Alice", "Alpha", GOOD, summary="#1Lib1Ref")
    otherwiki.edit("Bob", "Beta", GOOD, summary="#1Lib1Ref")
    config = write_config(tmp_path, botwiki.api_url, second_wiki_api=other_api(otherwiki))
    assert lib1ref(config, "scan") == 0
    botwiki.edit(ADMIN, SHUTOFF, "stop")
    assert lib1ref(config, "leaderboard") == 0  # a stop is not a failure
    assert botwiki.page_text(BOARD) is None
    assert "Bob" in (otherwiki.page_text(BOARD) or "")
    stops = [r.getMessage() for r in caplog.records if "stopped" in r.getMessage()]
    assert len(stops) == 1 and "local" in stops[0], stops  # said once, for that wiki


def test_run_fails_when_its_scan_failed_even_if_a_stop_came_too(
    botwiki: DevWiki, tmp_path: Path
) -> None:
    import socket

    botwiki.edit("Alice", "Alpha", GOOD, summary="#1Lib1Ref")
    with socket.socket() as s:  # a port nobody listens on: the scan of "other" fails
        s.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{s.getsockname()[1]}/api.php"
    config = write_config(tmp_path, botwiki.api_url, second_wiki_api=dead)
    botwiki.edit(ADMIN, SHUTOFF, "stop")
    assert lib1ref(config, "run") == 1
    assert botwiki.page_text(BOARD) is None


def test_a_stop_on_one_wiki_leaves_the_other_wikis_welcomes(
    botwiki: DevWiki, otherwiki: DevWiki, tmp_path: Path
) -> None:
    botwiki.edit("Alice", "Alpha", GOOD, summary="#1Lib1Ref")
    otherwiki.edit("Bob", "Beta", GOOD, summary="#1Lib1Ref")
    config = write_config(tmp_path, botwiki.api_url, second_wiki_api=other_api(otherwiki))
    assert lib1ref(config, "scan") == 0
    botwiki.edit(ADMIN, SHUTOFF, "stop")
    assert lib1ref(config, "welcome") == 0
    assert botwiki.page_text("User talk:Alice") is None
    assert "lib1ref-bot welcome: test" in (otherwiki.page_text("User talk:Bob") or "")
