"""Each kind of save refusal, through `Wiki.save` as the bot, against the real local wiki.

Every refusal is a typed `SaveRefused`: its `retryable` says whether trying the same save
later can succeed, its `kind` names it, and its message is one line naming the page.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.config import load_config
from bot.errors import (
    AbuseFilterRefused,
    BotBlocked,
    EditConflict,
    ExclusionRefused,
    MissingGrant,
    OtherRefusal,
    PageProtected,
    SaveRefused,
    SpamBlacklisted,
    TitleBlacklisted,
)
from bot.wiki import Wiki, connect
from bot.wiki.submit import refusal
from scripts.devwiki import (
    ABUSE_PHRASE,
    ADMIN,
    BLACKLISTED_TITLE,
    BOT_TOKEN,
    BOT_USER,
    SPAM_DOMAIN,
    DevWiki,
)
from tests.helpers import write_config

wiki = pytest.mark.wiki

CODES = [
    ("protectedpage", PageProtected, False),
    ("cascadeprotected", PageProtected, False),
    ("protectedtitle", PageProtected, False),
    ("protectednamespace", PageProtected, False),
    ("abusefilter-disallowed", AbuseFilterRefused, False),
    ("abusefilter-warning", AbuseFilterRefused, False),
    ("spamblacklist", SpamBlacklisted, False),
    ("titleblacklist-forbidden", TitleBlacklisted, False),
    ("blocked", BotBlocked, False),
    ("autoblocked", BotBlocked, False),
    ("globalblocking-blockedtext-user", BotBlocked, False),
    ("editconflict", EditConflict, True),
    ("readonly", OtherRefusal, True),
    ("ratelimited", OtherRefusal, True),
    ("something-new", OtherRefusal, True),
]


@pytest.mark.parametrize(("code", "cls", "retryable"), CODES, ids=[c[0] for c in CODES])
def test_api_codes_map_to_typed_refusals(code: str, cls: type, retryable: bool) -> None:
    error = refusal(code, "User talk:Bob", "The wiki says\nno.")
    assert type(error) is cls and error.retryable is retryable and error.code == code
    assert str(error) == f"save of [[User talk:Bob]] refused: {code}: The wiki says no."


@pytest.fixture
def bot(botwiki: DevWiki, tmp_path: Path) -> Iterator[Wiki]:
    wiki = connect(load_config(write_config(tmp_path, botwiki.api_url)), "local", BOT_TOKEN)
    yield wiki
    wiki.close()


def refused(bot: Wiki, title: str, text: str, **save: str) -> SaveRefused:
    """The refusal of saving `text` to `title`, checked to be one line naming the page."""
    with pytest.raises(SaveRefused) as info:
        bot.save(title, lambda _: text, "test", **save)  # type: ignore[arg-type]
    error = info.value
    assert str(error).startswith(f"save of [[{title}]] refused: ") and "\n" not in str(error)
    assert error.title == title
    return error


@wiki
def test_protected_page(botwiki: DevWiki, bot: Wiki) -> None:
    botwiki.edit(ADMIN, "Project:Locked", "text")
    botwiki.protect("Project:Locked", edit="sysop")
    error = refused(bot, "Project:Locked", "changed")
    assert isinstance(error, PageProtected) and error.code == "protectedpage"
    assert not error.retryable and error.kind == "protected"
    assert botwiki.page_text("Project:Locked") == "text"


@wiki
def test_abuse_filter(botwiki: DevWiki, bot: Wiki) -> None:
    botwiki.edit(ADMIN, "Project:Board", "clean text")
    error = refused(bot, "Project:Board", f"clean text, then {ABUSE_PHRASE}.")
    assert isinstance(error, AbuseFilterRefused) and error.code == "abusefilter-disallowed"
    assert not error.retryable and error.kind == "abuse-filter"
    assert botwiki.page_text("Project:Board") == "clean text"


@wiki
def test_spam_blacklisted_link(botwiki: DevWiki, bot: Wiki) -> None:
    botwiki.edit(ADMIN, "Project:Board", "clean text")
    error = refused(bot, "Project:Board", f"See [http://{SPAM_DOMAIN}/offer cheap].")
    assert isinstance(error, SpamBlacklisted) and error.code == "spamblacklist"
    assert not error.retryable and error.kind == "spam-blacklist" and SPAM_DOMAIN in str(error)
    assert botwiki.page_text("Project:Board") == "clean text"


@pytest.mark.parametrize("title", [BLACKLISTED_TITLE, f"User talk:{BLACKLISTED_TITLE}"])
@wiki
def test_title_blacklist(botwiki: DevWiki, bot: Wiki, title: str) -> None:
    error = refused(bot, title, "new page")
    assert isinstance(error, TitleBlacklisted) and error.code == "titleblacklist-forbidden"
    assert not error.retryable and error.kind == "title-blacklist"
    assert botwiki.page_text(title) is None


@wiki
def test_create_protected_title(botwiki: DevWiki, bot: Wiki) -> None:
    botwiki.protect("User talk:Salted", edit=None, create="sysop")
    error = refused(bot, "User talk:Salted", "welcome")
    assert isinstance(error, PageProtected)  # MediaWiki 1.39 answers "protectedpage" here too
    assert not error.retryable
    assert botwiki.page_text("User talk:Salted") is None


@wiki
def test_blocked_bot(botwiki: DevWiki, bot: Wiki) -> None:
    botwiki.edit(ADMIN, "Project:Board", "text")
    botwiki.block(BOT_USER, reason="testing")
    error = refused(bot, "Project:Board", "changed")
    assert isinstance(error, BotBlocked) and error.code == "blocked"
    assert not error.retryable and error.kind == "blocked"
    assert botwiki.page_text("Project:Board") == "text"


@wiki
def test_conflict_twice_in_a_row(botwiki: DevWiki, bot: Wiki) -> None:
    botwiki.edit(ADMIN, "Project:Board", "Intro\n<!--start-->old<!--end-->\nOutro\n")
    calls: list[str] = []

    def build(current: str) -> str:
        calls.append(current)  # someone edits the same spot after each of the bot's reads
        botwiki.edit("Alice", "Project:Board", re.sub(r"-->.*<!--", f"-->Alice {len(calls)}<!--",
                                                     current, count=1))  # fmt: skip
        return re.sub(r"<!--start-->.*<!--end-->", "<!--start-->bot<!--end-->", current)

    with pytest.raises(EditConflict) as info:
        bot.save("Project:Board", build, "update")
    error = info.value
    assert len(calls) == 2 and error.retryable and error.kind == "conflict"
    assert error.code == "editconflict" and "twice in a row" in str(error)
    assert str(error).startswith("save of [[Project:Board]] refused: ") and "\n" not in str(error)
    assert botwiki.page_text("Project:Board") == "Intro\n<!--start-->Alice 2<!--end-->\nOutro"


@wiki
def test_exclusion(botwiki: DevWiki, bot: Wiki) -> None:
    botwiki.edit("Bob", "User talk:Bob", "Please no bots here. {{nobots}}")
    error = refused(bot, "User talk:Bob", "welcome", message_type="lib1ref-welcome")
    assert isinstance(error, ExclusionRefused) and not error.retryable
    assert error.kind == "excluded" and f"excludes {BOT_USER} (lib1ref-welcome)" in str(error)
    assert botwiki.page_text("User talk:Bob") == "Please no bots here. {{nobots}}"


@pytest.mark.parametrize("code", ["permissiondenied", "writeapidenied", "noedit", "cantcreate"])
def test_a_refusal_for_want_of_rights_names_the_grant(code: str) -> None:
    error = refusal(code, "User talk:Bob", "You do not have permission.")
    assert isinstance(error, MissingGrant) and not error.retryable and error.kind == "grant"
    assert "the bot password lacks a grant: add '" in str(error)
    assert "Special:BotPasswords" in str(error) and "\n" not in str(error)


@wiki
def test_a_bot_password_with_only_basic_rights_is_told_which_grant_to_add(
    botwiki: DevWiki, tmp_path: Path
) -> None:
    token = "0123456789abcdefghijklmnopqrstuvw"  # ^[0-9a-w]{32,}$
    botwiki.maintenance("createBotPassword", "--appid", "basiconly", "--grants", "basic",
                        BOT_USER, token)  # fmt: skip
    path = write_config(tmp_path, botwiki.api_url)
    path.write_text(
        path.read_text().replace(f'"{BOT_USER}@lib1ref"', f'"{BOT_USER}@basiconly"'),
        encoding="utf-8",
    )
    basic = connect(load_config(path), "local", token)
    try:
        error = refused(basic, "Project:Board", "text")
    finally:
        basic.close()
    assert isinstance(error, MissingGrant)
    assert "'Edit existing pages' (editpage)" in str(error)
