"""API rows into records, with rows shaped like the local MediaWiki's real answers.

Pure: plain dicts in, frozen records out; pywikibot is never imported here. The rows
are JSON format version 1 (what pywikibot asks for): a flag is a key with value "".
"""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from datetime import UTC, datetime
from typing import Any

import pytest

from bot.records import Change
from bot.timestamps import parse_ts
from bot.wiki.parse import (
    PageState,
    UserInfo,
    globally_locked,
    parse_change,
    parse_page,
    parse_redirect_targets,
    parse_revision,
    parse_revisions,
    parse_user,
)

CREATION = {"type": "new", "ns": 0, "title": "Alpha", "pageid": 2, "revid": 2, "old_revid": 0,
            "rcid": 2, "user": "Alice", "userid": 5, "new": "",
            "timestamp": "2026-12-01T11:25:51Z", "comment": "new #1Lib1Ref"}  # fmt: skip
HIDDEN_EDIT = {"type": "edit", "ns": 0, "title": "Alpha", "pageid": 2, "revid": 3, "old_revid": 2,
               "rcid": 3, "userhidden": "", "timestamp": "2026-12-01T11:25:52Z",
               "commenthidden": ""}  # fmt: skip
SUPPRESSED_EDIT = {**HIDDEN_EDIT, "suppressed": ""}
ANON_EDIT = {"type": "edit", "ns": 0, "title": "Alpha", "pageid": 2, "revid": 4, "old_revid": 3,
             "rcid": 4, "user": "192.0.2.7", "userid": 0, "anon": "",
             "timestamp": "2026-12-01T11:26:00Z", "comment": "fix"}  # fmt: skip
TEMP_EDIT = {
    **{k: v for k, v in ANON_EDIT.items() if k != "anon"},
    "user": "~2026-12345-6",
    "temp": "",
}
BOT_EDIT = {"type": "edit", "ns": 3, "title": "User talk:Bob", "pageid": 3, "revid": 6,
            "old_revid": 5, "rcid": 7, "user": "Lib1RefBot", "userid": 4, "bot": "",
            "minor": "", "timestamp": "2026-12-01T11:27:00Z", "comment": "welcome"}  # fmt: skip


def change(**fields: Any) -> Change:
    base = {"rcid": 0, "revid": 0, "parent_revid": 0, "page_id": 2, "title": "Alpha",
            "namespace": 0, "user": "", "user_kind": "registered", "timestamp": "",
            "comment": ""}  # fmt: skip
    if fields.get("timestamp"):
        fields["timestamp"] = parse_ts(fields["timestamp"])
    return Change(**{**base, **fields})


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (CREATION, change(rcid=2, revid=2, user="Alice", timestamp="2026-12-01T11:25:51Z",
                          comment="new #1Lib1Ref", is_creation=True)),
        (HIDDEN_EDIT, change(rcid=3, revid=3, parent_revid=2, timestamp="2026-12-01T11:25:52Z",
                             user_hidden=True, comment_hidden=True)),
        (SUPPRESSED_EDIT, change(rcid=3, revid=3, parent_revid=2, user_hidden=True,
                                 timestamp="2026-12-01T11:25:52Z", comment_hidden=True)),
        (ANON_EDIT, change(rcid=4, revid=4, parent_revid=3, user="192.0.2.7", user_kind="ip",
                           timestamp="2026-12-01T11:26:00Z", comment="fix")),
        (BOT_EDIT, change(rcid=7, revid=6, parent_revid=5, page_id=3, title="User talk:Bob",
                          namespace=3, user="Lib1RefBot", timestamp="2026-12-01T11:27:00Z",
                          comment="welcome", bot=True)),
    ],
    ids=["creation", "hidden", "suppressed", "anon", "bot"],
)  # fmt: skip
def test_recent_changes_rows(row: dict[str, Any], expected: Change) -> None:
    assert parse_change(row) == expected


def test_temporary_account_by_the_wikis_flag_never_by_name() -> None:
    assert parse_change(TEMP_EDIT).user_kind == "temporary"
    assert parse_change({**TEMP_EDIT, "temp": True}).user_kind == "temporary"  # format 2
    no_flag = {k: v for k, v in TEMP_EDIT.items() if k != "temp"}
    assert parse_change(no_flag).user_kind == "registered"


def test_a_user_is_temporary_when_the_wiki_says_so() -> None:
    temp = {"userid": 9, "name": "~2026-1", "groups": ["*", "temp"]}
    named = {"userid": 10, "name": "~2026-12345-6", "groups": ["*", "user"]}
    assert parse_user(temp).temporary
    assert parse_user({"userid": 9, "name": "~2026-1", "temp": True}).temporary
    assert not parse_user(named).temporary


def test_format_2_false_flags_are_not_set() -> None:
    row = {**ANON_EDIT, "anon": False, "bot": False, "userhidden": False, "user": "Alice"}
    parsed = parse_change(row)
    assert parsed.user_kind == "registered" and not parsed.bot and not parsed.user_hidden


REVISIONS = {"batchcomplete": "", "query": {"pages": {"2": {"pageid": 2, "ns": 0, "title": "Alpha",
    "revisions": [
        {"revid": 2, "parentid": 0, "user": "Alice", "timestamp": "2026-12-01T11:25:51Z",
         "sha1": "4f84", "slots": {"main": {"contentmodel": "wikitext",
         "contentformat": "text/x-wiki", "*": "first #1Lib1Ref"}},
         "comment": "new #1Lib1Ref", "tags": []},
        {"revid": 3, "parentid": 2, "userhidden": "", "timestamp": "2026-12-01T11:25:52Z",
         "sha1hidden": "", "slots": {"main": {"texthidden": ""}}, "commenthidden": "",
         "tags": ["mw-reverted"]},
    ]}}}}  # fmt: skip


def test_revisions_of_a_batch() -> None:
    first, hidden = parse_revisions(REVISIONS)
    assert (first.revid, first.parent_revid, first.title) == (2, 0, "Alpha")
    assert first.text == "first #1Lib1Ref" and not first.hidden and first.tags == ()
    assert first.timestamp == datetime(2026, 12, 1, 11, 25, 51, tzinfo=UTC)
    assert first.timestamp_date.isoformat() == "2026-12-01"
    assert hidden.text is None and hidden.hidden and hidden.tags == ("mw-reverted",)


def test_revision_text_in_format_2_and_without_slots() -> None:
    assert parse_revision("T", {"revid": 1, "slots": {"main": {"content": "x"}}}).text == "x"
    assert parse_revision("T", {"revid": 1, "*": "old"}).text == "old"
    assert parse_revision("T", {"revid": 1, "suppressed": "", "*": "x"}).hidden


def test_revisions_as_a_list_of_pages() -> None:
    pages = list(REVISIONS["query"]["pages"].values())  # type: ignore[index]
    assert [r.revid for r in parse_revisions({"query": {"pages": pages}})] == [2, 3]
    assert parse_revisions({"batchcomplete": ""}) == []


PAGES = {"batchcomplete": "", "query": {"pages": {
    "-1": {"ns": 0, "title": "Nope", "missing": ""},
    "3": {"pageid": 3, "ns": 3, "title": "User talk:Bob", "revisions": [{"revid": 5,
          "parentid": 0, "slots": {"main": {"contentmodel": "wikitext",
          "contentformat": "text/x-wiki", "*": "hi {{nobots}}"}}}]}}}}  # fmt: skip


def test_page_states() -> None:
    talk = {"query": {"pages": {"3": PAGES["query"]["pages"]["3"]}}}  # type: ignore[index]
    assert parse_page(talk, "User_talk:Bob") == PageState("User talk:Bob", "hi {{nobots}}", 5, 3)
    missing = {"query": {"pages": {"-1": PAGES["query"]["pages"]["-1"]}}}  # type: ignore[index]
    assert parse_page(missing, "Nope") == PageState("Nope", None, 0, 0)
    assert parse_page({}, "X") == PageState("X", None, 0, 0)


def test_users() -> None:
    rows = [{"name": "Bad<name", "invalid": ""},
            {"userid": 5, "name": "Alice", "groups": ["*", "user", "autoconfirmed"]},
            {"name": "Nobody", "missing": ""},
            {"userid": 7, "name": "Vandal", "groups": ["*", "user"], "blockid": 3,
             "blockedby": "Admin", "blockreason": "", "blockexpiry": "infinite"}]  # fmt: skip
    invalid, alice, nobody, vandal = (parse_user(r) for r in rows)
    assert alice == UserInfo("Alice", True, ("*", "user", "autoconfirmed"), False, False)
    assert not invalid.exists and not nobody.exists
    assert vandal.blocked and vandal.exists


def test_global_lock() -> None:
    assert globally_locked({"query": {"globaluserinfo": {"home": "enwiki", "locked": ""}}})
    assert not globally_locked({"query": {"globaluserinfo": {"home": "enwiki"}}})
    assert not globally_locked({"batchcomplete": ""})  # no CentralAuth: nothing to lock


def test_records_are_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        parse_user({"name": "A"}).blocked = True  # type: ignore[misc]


def test_parsing_imports_no_pywikibot() -> None:
    code = "import bot.wiki.parse, sys; print('pywikibot' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_redirect_targets_follow_chains_and_give_the_namespace() -> None:
    result = {"query": {
        "redirects": [{"from": "User talk:A", "to": "User talk:B"},
                      {"from": "User talk:B", "to": "User talk:C"},
                      {"from": "User talk:D", "to": "Project:X"}],
        "pages": [{"ns": 3, "title": "User talk:C"}, {"ns": 4, "title": "Project:X"},
                  {"ns": 3, "title": "User talk:E", "missing": True}]}}  # fmt: skip
    assert parse_redirect_targets(result) == {
        "User talk:A": ("User talk:C", 3), "User talk:B": ("User talk:C", 3),
        "User talk:D": ("Project:X", 4),
    }  # fmt: skip
