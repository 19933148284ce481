"""What the leaderboard tells a reader, through action=parse on the real local wiki: its
rules, the link to the report (and back), unregistered participants counted and said to be,
an opted-out participant's name hidden, the table before the chart, the chart up to today."""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
import requests

from scripts.devwiki import ADMIN, DevWiki
from tests.helpers import lib1ref, write_config

BOARD = "Project:1Lib1Ref/Leaderboard"
REPORT = "Project:1Lib1Ref/Citations to check"
OPTOUT = "Project:1Lib1Ref/Opt-out"
GOOD = "A.<ref>{{cite book |title=A History |publisher=P |isbn=978-0-306-40615-7}}</ref>"
BAD = "B.<ref>{{cite book |title=B History |publisher=P |date=May 01, 2010}}</ref>"

pytestmark = pytest.mark.usefixtures("password")


def rendered(wiki: DevWiki, title: str) -> tuple[str, set[str]]:
    page = wiki.api_get(action="parse", page=title, prop="text|links")["parse"]
    text = page["text"]["*"] if isinstance(page["text"], dict) else page["text"]
    return str(text), {link["title"] for link in page["links"]}


def anonymous_edit(wiki: DevWiki, title: str, text: str) -> None:
    session = requests.Session()
    params = {"action": "query", "meta": "tokens", "format": "json"}
    token = session.get(wiki.api_url, params=params, timeout=30).json()
    token = token["query"]["tokens"]["csrftoken"]
    session.post(wiki.api_url, data={"action": "edit", "title": title, "text": text,
                 "summary": "#1Lib1Ref", "token": token, "format": "json"}, timeout=30)  # fmt: skip


def test_leaderboard_says_its_rules_links_the_report_and_counts_everyone(
    botwiki: DevWiki, tmp_path: Path
) -> None:
    botwiki.edit("Alice", "Alpha", GOOD, summary="#1Lib1Ref")
    botwiki.edit("Bob", "Beta", BAD, summary="#1Lib1Ref")
    botwiki.edit("Carol", "Gamma", GOOD, summary="#1Lib1Ref")
    anonymous_edit(botwiki, "Delta", GOOD)
    botwiki.edit(ADMIN, OPTOUT, "* Carol\n")
    config = write_config(tmp_path, botwiki.api_url, wiki_extra=f'optout_page = "{OPTOUT}"')
    assert lib1ref(config, "scan") == 0
    assert lib1ref(config, "leaderboard") == 0

    board, links = rendered(botwiki, BOARD)
    assert "ranked by well-formed citations added" in board
    assert "no error in it (warnings do not count)" in board
    assert any(t.endswith(":1Lib1Ref/Citations to check") for t in links)
    assert "Participants: 4" in board
    assert "counted in the totals but not listed: 1." in board
    assert "127.0.0.1" not in board
    assert "Carol" not in board and "a participant who asked not to be listed" in board
    assert "User:Alice" in links and "User:Bob" in links and "User:Carol" not in links
    assert board.index("lib1ref-bot-leaderboard") < board.index("lib1ref-bot-chart")
    days = re.findall(r"<td[^>]*>(\d{4}-\d\d-\d\d)\s*</td>", board.split("lib1ref-bot-chart")[1])
    today = datetime.now(UTC).date()
    assert days and days[-1] == today.isoformat()  # the campaign runs to tomorrow: not shown

    report, report_links = rendered(botwiki, REPORT)
    assert any(t.endswith(":1Lib1Ref/Leaderboard") for t in report_links)
    assert "B History" in report


def test_each_save_is_logged_once(
    botwiki: DevWiki, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    botwiki.edit("Alice", "Alpha", GOOD, summary="#1Lib1Ref")
    config = write_config(tmp_path, botwiki.api_url)
    assert lib1ref(config, "scan") == 0
    caplog.clear()
    caplog.set_level(logging.DEBUG)
    assert lib1ref(config, "leaderboard") == 0
    lines = [r.getMessage() for r in caplog.records if r.levelname == "INFO"]
    for page in (BOARD, REPORT):
        assert len([m for m in lines if f"[[{page}]]" in m and "saved" in m]) == 1, lines
