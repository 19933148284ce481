"""Issue 15: a participant can ask not to be listed with `{{bots|optout=lib1ref-leaderboard}}`
on their user page or user talk page; the leaderboard and the hub keep the row and count the
participant but do not name them. Through action=parse on the real local wiki."""

from __future__ import annotations

from pathlib import Path

import pytest

from scripts.devwiki import DevWiki
from tests.helpers import lib1ref, write_config

BOARD = "Project:1Lib1Ref/Leaderboard"
HUB = "Project:1Lib1Ref/Hub"
GOOD = "A.<ref>{{cite book |title=A History |publisher=P |isbn=978-0-306-40615-7}}</ref>"
HIDDEN = "a participant who asked not to be listed"

pytestmark = pytest.mark.usefixtures("password")


def rendered(wiki: DevWiki, title: str) -> tuple[str, set[str]]:
    page = wiki.api_get(action="parse", page=title, prop="text|links")["parse"]
    text = page["text"]["*"] if isinstance(page["text"], dict) else page["text"]
    return str(text), {link["title"] for link in page["links"]}


def test_bots_optout_on_a_user_page_hides_the_name(botwiki: DevWiki, tmp_path: Path) -> None:
    for user, title in (("Alice", "Alpha"), ("Bob", "Beta"), ("Carol", "Gamma"),
                        ("Dave", "Delta")):  # fmt: skip
        botwiki.edit(user, title, GOOD, summary="#1Lib1Ref")
    botwiki.edit("Bob", "User:Bob", "Bob.\n{{bots|optout=lib1ref-leaderboard}}")
    botwiki.edit("Carol", "User talk:Carol", "{{Bots|optout=MassMessage, lib1ref-leaderboard}}")
    botwiki.edit("Dave", "User:Dave", "{{bots|optout=all}}")  # bot messages, not the listing
    botwiki.edit("Alice", "User talk:Alice", "<!-- {{bots|optout=lib1ref-leaderboard}} -->")
    config = write_config(tmp_path, botwiki.api_url,
                          campaign_extra=f'hub_wiki = "local"\nhub_page = "{HUB}"')  # fmt: skip
    assert lib1ref(config, "scan") == 0
    assert lib1ref(config, "leaderboard") == 0

    board, links = rendered(botwiki, BOARD)
    assert "Participants: 4" in board  # still counted
    assert board.count(HIDDEN) == 2 and "Bob" not in board and "Carol" not in board
    assert {"User:Alice", "User:Dave"} <= links and not {"User:Bob", "User:Carol"} & links
    hub, hub_links = rendered(botwiki, HUB)
    assert hub.count(HIDDEN) == 2 and "Bob" not in hub and "Carol" not in hub
    assert {"User:Alice", "User:Dave"} <= hub_links

    botwiki.edit("Bob", "User:Bob", "Bob.")  # changed his mind: named again on the next run
    assert lib1ref(config, "leaderboard") == 0
    board, links = rendered(botwiki, BOARD)
    assert board.count(HIDDEN) == 1 and "User:Bob" in links
