"""Organizers word their own wiki: `texts_page` against the real local wiki."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from scripts.devwiki import ADMIN, DevWiki
from tests.helpers import lib1ref, write_config

BOARD = "Project:1Lib1Ref/Leaderboard"
TEXTS = "Project:1Lib1Ref/Texts.json"
GOOD = "A.<ref>{{cite book |title=A History |publisher=P |isbn=978-0-306-40615-7}}</ref>"

pytestmark = pytest.mark.usefixtures("password")


def test_texts_page_rewords_pages_and_welcomes_and_a_broken_text_is_reported_once(
    botwiki: DevWiki, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    overrides = {
        "messages": {"column.user": "Librarian", "stamp": "{{delete}} {stamp}"},
        "welcome": {
            "heading": "Hello, librarian!",
            "body": "Hi {user}! See [[{leaderboard}|the board]].",
        },
    }
    botwiki.edit(ADMIN, TEXTS, json.dumps(overrides))
    botwiki.edit("Alice", "Alpha", GOOD, summary="#1Lib1Ref")
    config = write_config(tmp_path, botwiki.api_url, wiki_extra=f'texts_page = "{TEXTS}"')
    assert lib1ref(config, "scan") == 0
    with caplog.at_level(logging.WARNING, logger="lib1ref.texts"):
        assert lib1ref(config, "leaderboard") == 0
    board = botwiki.page_text(BOARD) or ""
    assert "!! Librarian !!" in board and "!! Participant !!" not in board
    assert "{{delete}}" not in board and "Last updated:" in board  # the built-in stamp
    broken = [r for r in caplog.records if "messages.stamp" in r.getMessage()]
    assert len(broken) == 1  # one line for the run, though two pages were published
    assert lib1ref(config, "welcome") == 0
    talk = botwiki.page_text("User talk:Alice") or ""
    assert "== Hello, librarian! ==" in talk.replace("&#44;", ",").replace("&#33;", "!")
    assert "Hi Alice! See [[Project:1Lib1Ref/Leaderboard|the board]]." in talk
