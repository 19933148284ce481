"""A lost database never wipes a public page (issue 19, point 2), against the real local wiki.

Only `scan` (and `run`, which scans first) creates the database; every other command refuses
a missing one with one line naming the path (exit 2). A page that would lose most of its rows
is not saved without `--allow-shrink` (exit 1).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.errors import PageShrinks
from bot.publish import check_shrink, table_rows
from bot.render.leaderboard import MARK_END, MARK_START
from scripts.devwiki import DevWiki
from tests.helpers import lib1ref, write_config

BOARD = "Project:1Lib1Ref/Leaderboard"
GOOD = "A.<ref>{{cite book |title=A History |publisher=P |isbn=978-0-306-40615-7}}</ref>"
USERS = ("Alice", "Bob", "Carol", "Dave")


def board(rows: int, chart_days: int = 3) -> str:
    chart = ['{| class="lib1ref-bot-chart"'] + ["|-\n| day || 1"] * chart_days + ["|}"]
    table = ['{| class="wikitable"', "! a !! b"] + ["|-\n| 1 || x"] * rows + ["|}"]
    return f"{MARK_START}\n" + "\n".join(chart + table) + f"\n{MARK_END}"


def test_rows_are_counted_without_the_daily_chart() -> None:
    assert table_rows(board(5, chart_days=9)) == 5
    assert table_rows(board(0, chart_days=9)) == 0


@pytest.mark.parametrize(
    ("before", "after", "refused"),
    [(21, 0, True), (1, 0, True), (10, 4, True), (10, 5, False), (10, 11, False), (0, 0, False)],
)
def test_a_page_losing_too_many_rows_is_refused(before: int, after: int, refused: bool) -> None:
    new_block = board(after).removeprefix(MARK_START).removesuffix(MARK_END)
    if refused:
        with pytest.raises(PageShrinks, match=rf"shrink from {before} rows to {after} "):
            check_shrink(BOARD, "intro\n" + board(before), new_block, 0.5)
    else:
        check_shrink(BOARD, "intro\n" + board(before), new_block, 0.5)


def test_a_page_without_the_bots_block_yet_is_never_refused() -> None:
    check_shrink(BOARD, "Organizer text only.", board(0), 0.0)


@pytest.mark.parametrize(
    "command",
    [
        ("leaderboard",),
        ("leaderboard", "--dry-run"),
        ("welcome",),
        ("welcome", "--dry-run"),
        ("status",),
        ("export", "edits"),
        ("export", "participants", "--format", "csv"),
    ],
)
def test_commands_other_than_scan_refuse_a_missing_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: tuple[str, ...]
) -> None:
    # No wiki is needed: the refusal comes before any request.
    config = write_config(tmp_path, "http://127.0.0.1:9/api.php")
    database = tmp_path / "lib1ref.sqlite"
    assert lib1ref(config, *command) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1, err
    assert str(database) in err[0] and "only 'lib1ref scan' creates it" in err[0]
    assert not database.exists()


def test_an_empty_database_file_is_refused_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write_config(tmp_path, "http://127.0.0.1:9/api.php")
    (tmp_path / "lib1ref.sqlite").write_bytes(b"")
    assert lib1ref(config, "export", "edits") == 2
    assert "no database" in capsys.readouterr().err


def test_a_lost_database_does_not_wipe_the_leaderboard(
    botwiki: DevWiki,
    tmp_path: Path,
    password: str,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    for user in USERS:
        botwiki.edit(user, f"Page of {user}", GOOD, summary="#1Lib1Ref")
    config = write_config(tmp_path, botwiki.api_url)
    assert lib1ref(config, "scan") == 0
    assert lib1ref(config, "leaderboard") == 0
    published = botwiki.page_text(BOARD) or ""
    assert all(user in published for user in USERS)

    # The database is lost: the leaderboard refuses to start, and the page stays as it was.
    (tmp_path / "lib1ref.sqlite").unlink()
    capsys.readouterr()
    assert lib1ref(config, "leaderboard") == 2
    assert "no database" in capsys.readouterr().err
    assert botwiki.page_text(BOARD) == published

    # A scan recreates it, but one that misses the old edits (here: the campaign's start was
    # moved past them). The leaderboard that would go from 4 rows to none is refused.
    start = datetime.now(UTC) + timedelta(hours=1)
    later = write_config(tmp_path, botwiki.api_url, name="later.toml", start=start)
    assert lib1ref(later, "scan") == 0
    caplog.clear()
    assert lib1ref(later, "leaderboard", "--campaign", "test") == 1
    (line,) = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    assert f"[[{BOARD}]]: not saved: the page would shrink from {len(USERS)} rows to 0" in line
    assert "--allow-shrink" in line
    assert botwiki.page_text(BOARD) == published

    # The organizer confirms: the page is saved.
    assert lib1ref(later, "leaderboard", "--campaign", "test", "--allow-shrink") == 0
    assert all(user not in (botwiki.page_text(BOARD) or "") for user in USERS)


def test_run_creates_the_database_it_scans_into(
    botwiki: DevWiki, tmp_path: Path, password: str
) -> None:
    botwiki.edit("Alice", "Alpha", GOOD, summary="#1Lib1Ref")
    config = write_config(tmp_path, botwiki.api_url)
    assert lib1ref(config, "run") == 0
    assert (tmp_path / "lib1ref.sqlite").exists()
    assert "Alice" in (botwiki.page_text(BOARD) or "")
