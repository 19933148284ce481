"""A user renamed mid-campaign is one participant (the rename log, followed)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot import store
from bot.renames import Rename, current_names
from scripts.devwiki import ADMIN, DevWiki
from tests.helpers import lib1ref, write_config

CITED = "Claim.<ref>{{cite book |last=Hale |title=A History |year=1999}}</ref>"
T0 = datetime(2027, 1, 16, tzinfo=UTC)


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


@pytest.mark.parametrize(
    ("renames", "expected"),
    [
        ([Rename("A", "B", at(1))], {"A": "B"}),
        ([Rename("B", "C", at(2)), Rename("A", "B", at(1))], {"A": "C", "B": "C"}),
        ([Rename("A", "B", at(1)), Rename("B", "A", at(2))], {"B": "A"}),
        ([Rename("A", "A", at(1))], {}),
        ([], {}),
    ],
    ids=["one", "chain-in-log-order", "renamed-back", "same-name", "none"],
)
def test_every_former_name_maps_to_the_current_one(
    renames: list[Rename], expected: dict[str, str]
) -> None:
    assert current_names(renames) == expected


def test_store_merges_a_renamed_participant(tmp_path: Path) -> None:
    db = store.open_db(tmp_path / "x.sqlite")
    db.execute("INSERT INTO campaigns VALUES ('c', 's', 'e', '[]', '[]', '[]')")
    for user, first in (("Old", "2027-01-16T00:00:00Z"), ("New", "2027-01-17T00:00:00Z")):
        db.execute("INSERT INTO participants VALUES ('c', 'w', ?, 'registered', ?)", [user, first])
        db.execute(
            "INSERT INTO welcomes (campaign_id, wiki, user, status, attempts, updated_at)"
            " VALUES ('c', 'w', ?, ?, 0, 'now')",
            [user, "done" if user == "Old" else "skipped"],
        )
    assert store.save_renames(db, "c", "w", {"Old": "New", "Ghost": "Other"}) == 1
    assert db.execute("SELECT user, first_edit FROM participants").fetchall() == [
        ("New", "2027-01-16T00:00:00Z")
    ]
    assert db.execute("SELECT user, status FROM welcomes").fetchall() == [("New", "done")]


def load_renameuser(wiki: DevWiki) -> None:
    """This test wiki only: Debian's bundle has Renameuser (its maintenance script renames).

    Waits until the running server answers with it (DevWiki.add_settings)."""

    def loaded() -> bool:
        info = wiki.api_get(action="paraminfo", modules="query+logevents")
        params = info["paraminfo"]["modules"][0]["parameters"]
        return "renameuser" in next(p["type"] for p in params if p["name"] == "type")

    wiki.add_settings("wfLoadExtension( 'Renameuser' );", loaded, "Renameuser")


def rename(wiki: DevWiki, old: str, new: str) -> None:
    script = "../extensions/Renameuser/maintenance/renameUser"
    wiki.maintenance(script, "--oldname", old, "--newname", new, "--performer", ADMIN)


def edit_as(wiki: DevWiki, user: str, title: str) -> None:
    wiki.maintenance("edit", "--user", user, "--summary", "#1Lib1Ref", title, stdin=CITED)


@pytest.mark.usefixtures("password")
def test_a_user_renamed_mid_campaign_is_one_row(botwiki: DevWiki, tmp_path: Path) -> None:
    load_renameuser(botwiki)
    botwiki.edit("Carol", "Article 1", CITED, summary="#1Lib1Ref")
    botwiki.edit("Alice", "Article 2", CITED, summary="#1Lib1Ref")
    config = write_config(tmp_path, botwiki.api_url)
    assert lib1ref(config, "scan") == 0
    rename(botwiki, "Carol", "Caroline")
    edit_as(botwiki, "Caroline", "Article 3")
    assert lib1ref(config, "scan") == 0
    db = store.open_db(tmp_path / "lib1ref.sqlite")
    users = db.execute("SELECT user, count(*) FROM edits GROUP BY user ORDER BY user").fetchall()
    assert users == [("Alice", 1), ("Caroline", 2)]
    assert lib1ref(config, "leaderboard") == 0
    board = botwiki.page_text("Project:1Lib1Ref/Leaderboard") or ""
    assert board.count("[[User:Caroline|") == 1 and "[[User:Carol|" not in board
    assert lib1ref(config, "welcome") == 0
    assert "lib1ref-bot welcome" in (botwiki.page_text("User talk:Caroline") or "")
    assert botwiki.page_text("User talk:Carol") is None


@pytest.mark.usefixtures("password")
def test_a_rename_between_scan_and_welcome_welcomes_the_current_name(
    botwiki: DevWiki, tmp_path: Path
) -> None:
    load_renameuser(botwiki)
    botwiki.edit("Dave", "Article 1", CITED, summary="#1Lib1Ref")
    config = write_config(tmp_path, botwiki.api_url)
    assert lib1ref(config, "scan") == 0
    rename(botwiki, "Dave", "David")
    assert lib1ref(config, "welcome") == 0
    assert "lib1ref-bot welcome" in (botwiki.page_text("User talk:David") or "")
    assert botwiki.page_text("User talk:Dave") is None
