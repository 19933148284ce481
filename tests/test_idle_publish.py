"""`leaderboard` and `welcome` log in only to save (issue 17), counted on the real local wiki.

Most runs change nothing: the pages are as the last run left them, nobody new is due a
welcome. Such a run reads anonymously and sends no login (6 requests), site info or edit
token. A run that saves logs in first, once, and every edit asserts the bot's user name; a
login that fails refuses the save and stops that wiki's pages for the run. A dry run never
logs in. Each command runs in a fresh process, as the scheduled jobs do.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scripts.devwiki import BOT_TOKEN, BOT_USER, DevWiki
from tests.helpers import Counted, counted_run, kinds, write_config

BOARD = "Project:1Lib1Ref/Leaderboard"
REPORT = "Project:1Lib1Ref/Citations to check"
GOOD = "A.<ref>{{cite book |title=A History |publisher=P |isbn=978-0-306-40615-7}}</ref>"
BAD = "B.<ref>{{cite book |title=B History |publisher=P |date=May 01, 2010}}</ref>"
# What pywikibot's login sends: who is logged in, two paraminfo, the login token, the login,
# who is logged in now (the same six as `bot.wiki.client.LOGIN_REQUESTS`).
LOGIN = ["userinfo", "paraminfo", "paraminfo", "tokens", "login", "userinfo"]
WRONG_TOKEN = "0" * 32


def run(
    config: Path, wiki: DevWiki, *args: str, password: str = BOT_TOKEN, code: int = 0
) -> Counted:
    """One counted command in a fresh process, which must exit with `code`."""
    done = counted_run(config, wiki.api_url, *args, password=password)
    assert done.code == code, done.stderr
    return done


def edits(done: Counted) -> list[dict[str, list[str]]]:
    return [r for r in done.requests if r.get("action") == ["edit"]]


def logins(done: Counted) -> int:
    return kinds(done.requests).count("login")


def authors(wiki: DevWiki, title: str) -> list[str]:
    """The users of a page's revisions, oldest first ([] for a missing page)."""
    rows = wiki.api_get(action="query", prop="revisions", titles=title, rvprop="user",
                        rvlimit="max", rvdir="newer", format="json",
                        formatversion="2")["query"]["pages"][0]  # fmt: skip
    return [r["user"] for r in rows.get("revisions", [])]


def assert_saved_as_the_bot(done: Counted, titles: list[str]) -> None:
    """One login, before the first edit; each edit of `titles` asserts the bot's name."""
    sent = kinds(done.requests)
    assert logins(done) == 1 and sent.index("login") < sent.index("edit")
    at = sent.index("login") - LOGIN.index("login")
    assert sent[at : at + len(LOGIN)] == LOGIN
    assert [e["title"] for e in edits(done)] == [[t] for t in titles]
    for edit in edits(done):
        assert edit["assert"] == ["user"] and edit["assertuser"] == [BOT_USER]


@pytest.fixture
def config(botwiki: DevWiki, tmp_path: Path) -> Path:
    """A campaign with two participants, scanned: Alice's citation is well formed, Bob's
    has an error (so the report lists it)."""
    botwiki.edit("Alice", "Alpha", GOOD, summary="#1Lib1Ref")
    botwiki.edit("Bob", "Beta", BAD, summary="#1Lib1Ref")
    path = write_config(tmp_path, botwiki.api_url)
    run(path, botwiki, "scan")
    return path


def test_an_unchanged_leaderboard_run_never_logs_in(botwiki: DevWiki, config: Path) -> None:
    first = run(config, botwiki, "leaderboard")
    assert_saved_as_the_bot(first, [BOARD, REPORT])

    unchanged = run(config, botwiki, "leaderboard")
    # Exactly the reads the pages need, anonymously: the opt-out lookup of the listed
    # participants' user pages, the leaderboard's fresh text, the report's articles (the
    # recheck), the report's fresh text. No login, site info (kept since the scan) or token.
    assert kinds(unchanged.requests) == [
        "templates|userinfo", "revisions|info|userinfo", "revisions|userinfo",
        "revisions|info|userinfo"]  # fmt: skip
    assert "unchanged" in unchanged.stderr and "logging in" not in unchanged.stderr
    # Nothing to save: a wrong password goes unnoticed, as nothing needs it.
    assert logins(run(config, botwiki, "leaderboard", password=WRONG_TOKEN)) == 0

    # A new participant changes the leaderboard, not the report: a login, one edit.
    botwiki.edit("Carol", "Gamma", GOOD, summary="#1Lib1Ref")
    run(config, botwiki, "scan")
    changed = run(config, botwiki, "leaderboard")
    assert_saved_as_the_bot(changed, [BOARD])
    assert kinds(changed.requests).count("tokens") == 2  # the login's, then the edit token
    assert authors(botwiki, BOARD) == [BOT_USER, BOT_USER]
    assert authors(botwiki, REPORT) == [BOT_USER]


def test_a_welcome_run_with_no_one_to_welcome_never_logs_in(botwiki: DevWiki, config: Path) -> None:
    first = run(config, botwiki, "welcome")
    assert_saved_as_the_bot(first, ["User talk:Alice", "User talk:Bob"])
    assert authors(botwiki, "User talk:Alice") == [BOT_USER]

    # Both welcomed: the rename log (one request), then nothing to do.
    idle = run(config, botwiki, "welcome")
    assert kinds(idle.requests) == ["logevents|userinfo"]
    assert "nobody to welcome" in idle.stderr


def test_a_dry_run_never_logs_in(botwiki: DevWiki, config: Path) -> None:
    """`run --dry-run` (scan, leaderboard, welcome), with pages to create and people to
    welcome: everything is read and shown, nothing logs in or is saved."""
    done = run(config, botwiki, "run", "--dry-run")
    sent = kinds(done.requests)
    assert not {"login", "tokens", "edit", "paraminfo"} & set(sent), sent
    assert f"+++ {BOARD} (new)" in done.stdout and f"+++ {REPORT} (new)" in done.stdout
    assert "would welcome Alice" in done.stdout and "would welcome Bob" in done.stdout
    # Without the BotPassword at all: the same, as nothing needs it.
    for command, shown in (("leaderboard", f"+++ {BOARD} (new)"),
                           ("welcome", "would welcome Alice")):  # fmt: skip
        alone = run(config, botwiki, command, "--dry-run", password="")
        assert "login" not in kinds(alone.requests) and edits(alone) == []
        assert shown in alone.stdout
    assert authors(botwiki, BOARD) == [] and authors(botwiki, "User talk:Alice") == []


@pytest.mark.parametrize(
    ("command", "titles"),
    [("leaderboard", [BOARD, REPORT]), ("welcome", ["User talk:Alice", "User talk:Bob"])],
)
def test_a_failed_login_refuses_the_save_and_stops_the_wiki(
    botwiki: DevWiki, config: Path, command: str, titles: list[str]
) -> None:
    """Two pages to save: one login attempt, refused, then no edit request at all (not as
    an IP either), one error line, exit 1; the next run with the right password saves."""
    done = run(config, botwiki, command, password=WRONG_TOKEN, code=1)
    assert logins(done) == 1 and edits(done) == []
    errors = [line for line in done.stderr.splitlines() if "ERROR" in line]
    assert len(errors) == 1 and "wrong BotPassword" in errors[0], done.stderr
    assert all(authors(botwiki, title) == [] for title in titles)
    assert_saved_as_the_bot(run(config, botwiki, command), titles)
    assert all(authors(botwiki, title) == [BOT_USER] for title in titles)
