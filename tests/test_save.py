"""The one save path, against the real local wiki."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from bot.config import load_config
from bot.errors import (
    ExclusionRefused,
    PageLayoutError,
    RedirectRefused,
    SaveRefused,
    ShutoffActive,
)
from bot.pages import shutoff_says_run
from bot.render.leaderboard import MARK_END, MARK_START, replace_block
from bot.wiki import Wiki, connect
from scripts.devwiki import ADMIN, BOT_TOKEN, BOT_USER, DevWiki
from tests.helpers import write_config

SHUTOFF = "User:Lib1RefBot/shutoff"


@pytest.fixture
def bot(botwiki: DevWiki, tmp_path: Path) -> Iterator[Wiki]:
    wiki = connect(load_config(write_config(tmp_path, botwiki.api_url)), "local", BOT_TOKEN)
    yield wiki
    wiki.close()


def revisions(wiki: DevWiki, title: str) -> list[dict[str, object]]:
    pages = wiki.api_get(action="query", prop="revisions", titles=title, rvlimit=50,
                         rvprop="ids|user|comment")["query"]["pages"]  # fmt: skip
    page = pages[0] if isinstance(pages, list) else next(iter(pages.values()))
    return page.get("revisions", [])  # type: ignore[no-any-return]


@pytest.mark.parametrize(("text", "runs"), [(None, True), ("", True), ("run", True),
                         (" Run \n", True), ("stop", False), ("Please stop!", False)])  # fmt: skip
def test_shutoff_words(text: str | None, runs: bool) -> None:
    assert shutoff_says_run(text) is runs


def test_first_save_then_no_null_edit(botwiki: DevWiki, bot: Wiki) -> None:
    def build(_: str) -> str:
        return "Leaderboard\n"

    first = bot.save("Project:Board", build, "update")
    assert first.action == "saved" and first.revid
    again = bot.save("Project:Board", build, "update")
    assert again.action == "unchanged"
    revs = revisions(botwiki, "Project:Board")
    assert len(revs) == 1 and revs[0]["user"] == BOT_USER


def test_the_saved_summary_carries_no_hashtag(botwiki: DevWiki, bot: Wiki) -> None:
    bot.save("Project:Board", lambda _: "rows\n", "Bot: update the #1Lib1Ref leaderboard")
    (rev,) = revisions(botwiki, "Project:Board")
    assert rev["comment"] == "Bot: update the 1Lib1Ref leaderboard"


def test_ignored_lines_do_not_cause_an_edit(botwiki: DevWiki, bot: Wiki) -> None:
    def strip_stamp(text: str) -> str:
        return re.sub(r"Updated: .*", "", text)

    bot.save("Project:Board", lambda _: "Updated: 10:00\nrows\n", "update", ignore=strip_stamp)
    result = bot.save("Project:Board", lambda _: "Updated: 11:00\nrows\n", "update",
                      ignore=strip_stamp)  # fmt: skip
    assert result.action == "unchanged"
    result = bot.save("Project:Board", lambda _: "Updated: 12:00\nmore rows\n", "update",
                      ignore=strip_stamp)  # fmt: skip
    assert result.action == "saved"
    assert len(revisions(botwiki, "Project:Board")) == 2


def test_same_second_conflict_is_retried_on_fresh_text(botwiki: DevWiki, bot: Wiki) -> None:
    botwiki.edit(ADMIN, "Project:Board", "Intro\n<!--start-->old<!--end-->\nOutro\n")
    calls: list[str] = []

    def build(current: str) -> str:
        calls.append(current)
        if len(calls) == 1:  # someone edits the same spot between our read and our save
            botwiki.edit("Alice", "Project:Board", current.replace("old", "Alice's"))
        return re.sub(r"<!--start-->.*<!--end-->", "<!--start-->new<!--end-->", current)

    result = bot.save("Project:Board", build, "update")
    assert result.action == "saved"
    assert len(calls) == 2 and "Alice's" in calls[1]
    assert botwiki.page_text("Project:Board") == "Intro\n<!--start-->new<!--end-->\nOutro"
    assert [r["user"] for r in revisions(botwiki, "Project:Board")] == [BOT_USER, "Alice", ADMIN]


def test_protected_page_is_refused_with_the_reason(botwiki: DevWiki, bot: Wiki) -> None:
    botwiki.edit(ADMIN, "Project:Locked", "text")
    botwiki.protect("Project:Locked", edit="sysop")
    with pytest.raises(SaveRefused, match="protectedpage"):
        bot.save("Project:Locked", lambda t: t + " more", "update")
    assert botwiki.page_text("Project:Locked") == "text"


@pytest.mark.parametrize("word", ["", "run"])
def test_shutoff_page_allowing(botwiki: DevWiki, bot: Wiki, word: str) -> None:
    botwiki.edit(ADMIN, SHUTOFF, word)
    assert bot.save("Project:Board", lambda _: "x", "update").action == "saved"


def test_shutoff_page_stops_every_edit(botwiki: DevWiki, bot: Wiki) -> None:
    botwiki.edit(ADMIN, SHUTOFF, "stop: the bot misbehaves")
    with pytest.raises(ShutoffActive):
        bot.save("Project:Board", lambda _: "x", "update")
    assert botwiki.page_text("Project:Board") is None
    assert ShutoffActive.exit_code == 0


def test_dry_run_shows_a_diff_and_edits_nothing(botwiki: DevWiki, bot: Wiki) -> None:
    botwiki.edit(ADMIN, "Project:Board", "line one\nline two\n")
    result = bot.save("Project:Board", lambda t: t.replace("two", "2"), "update", dry_run=True)
    assert result.action == "dry-run"
    assert "-line two" in result.diff and "+line 2" in result.diff
    assert botwiki.page_text("Project:Board") == "line one\nline two"


def test_exclusion_is_checked_on_the_fresh_user_talk_text(botwiki: DevWiki, bot: Wiki) -> None:
    botwiki.edit(ADMIN, "User talk:Bob", "Hello")
    calls: list[str] = []

    def build(current: str) -> str:
        calls.append(current)
        if len(calls) == 1:  # Bob opts out between the bot's read and its save
            botwiki.edit("Bob", "User talk:Bob", current + "{{bots|optout=lib1ref-welcome}}")
        return current + "== Welcome ==\n"

    with pytest.raises(ExclusionRefused, match=r"^save of \[\[User talk:Bob\]\] refused") as e:
        bot.save("User talk:Bob", build, "welcome", message_type="lib1ref-welcome")
    assert len(calls) == 1 and not e.value.retryable and e.value.kind == "excluded"
    assert "\n" not in str(e.value)
    assert botwiki.page_text("User talk:Bob") == "Hello{{bots|optout=lib1ref-welcome}}"


@pytest.mark.parametrize(
    ("text", "message_type", "allowed"),
    [
        ("{{nobots}}", "", False),
        ("{{bots|deny=Lib1RefBot}}", "", False),
        ("{{bots|optout=lib1ref-welcome}}", "lib1ref-welcome", False),
        ("{{bots|optout=lib1ref-welcome}}", "other", True),
        ("{{bots|deny=OtherBot}}", "lib1ref-welcome", True),
    ],
)
def test_exclusion_on_user_talk_pages_only(
    botwiki: DevWiki, bot: Wiki, text: str, message_type: str, allowed: bool
) -> None:
    for title in ("User talk:Carol", "Project:Talkish"):
        botwiki.edit(ADMIN, title, text)
        if allowed or not title.startswith("User talk:"):
            result = bot.save(title, lambda t: t + "\nhi", "s", message_type=message_type)
            assert result.action == "saved"
        else:
            with pytest.raises(ExclusionRefused):
                bot.save(title, lambda t: t + "\nhi", "s", message_type=message_type)
            assert botwiki.page_text(title) == text


def test_a_redirecting_user_talk_page_is_never_edited(botwiki: DevWiki, bot: Wiki) -> None:
    botwiki.edit(ADMIN, "User talk:Bob", "#REDIRECT [[User talk:Alice]]")
    with pytest.raises(RedirectRefused, match="redirect"):
        bot.save("User talk:Bob", lambda t: t + "\n== Hi ==\nHello", "hello",
                 message_type="lib1ref-welcome")  # fmt: skip
    assert botwiki.page_text("User talk:Bob") == "#REDIRECT [[User talk:Alice]]"


def test_broken_markers_are_reported_with_the_page(botwiki: DevWiki, bot: Wiki) -> None:
    botwiki.edit(ADMIN, "Project:Board", f"{MARK_END}\nreversed\n{MARK_START}\n")
    with pytest.raises(PageLayoutError, match=r"^\[\[Project:Board\]\]: broken leaderboard") as e:
        bot.save("Project:Board", lambda t: replace_block(t, "rows"), "update")
    assert e.value.title == "Project:Board" and "\n" not in str(e.value)


def test_every_request_carries_maxlag(botwiki: DevWiki, bot: Wiki) -> None:
    from pywikibot.comms import http

    botwiki.edit("Alice", "Alpha", "text #1Lib1Ref", summary="#1Lib1Ref")
    seen: list[dict[str, list[str]]] = []

    def capture(response: Any, *args: Any, **kwargs: Any) -> None:
        request = response.request
        params = parse_qs(urlsplit(request.url).query)
        body = request.body or ""
        if isinstance(body, bytes):
            body = body.decode("utf-8", "replace")
        params.update(parse_qs(body))
        seen.append(params)

    http.session.hooks["response"].append(capture)
    try:
        revid = botwiki.latest_revid("Alpha")
        list(bot.recent_changes("2000-01-01T00:00:00Z", "2100-01-01T00:00:00Z", [0]))
        bot.revisions([revid])
        bot.revision_statuses([revid])
        bot.users_info(["Alice"])
        bot.globally_locked("Alice")
        bot.revision_pair(revid)
        assert bot.save("Project:Board", lambda _: "x", "update").action == "saved"
    finally:
        http.session.hooks["response"].remove(capture)
    actions = [p.get("action", ["?"])[0] for p in seen]
    assert "edit" in actions and actions.count("query") >= 8, actions
    without = [p["action"] + p.get("meta", []) for p in seen if "maxlag" not in p]
    assert not without and all(p["maxlag"] == ["5"] for p in seen), without
