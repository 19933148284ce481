"""The store: a real SQLite file, migrations, exactly-once writes."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import sqlite_utils

from bot import store
from bot.errors import AlreadyRunning
from bot.records import Change, Checkpoint, CitationRecord, EditRecord, EditStatus, ProblemRecord


def change(revid: int, user: str = "Alice", ts: str = "2027-01-16T10:00:00Z") -> Change:
    return Change(rcid=revid + 1000, revid=revid, parent_revid=revid - 1, page_id=7,
                  title="Alkali metal", namespace=0, user=user, user_kind="registered",
                  timestamp=ts, comment="cite #1Lib1Ref")  # fmt: skip


def record(revid: int, user: str = "Alice") -> EditRecord:
    bad = ProblemRecord("bad-isbn", "error", "isbn", "ISBN checksum")
    cites = (
        CitationRecord(0, "template", "cite book", "{{cite book|title=A|isbn=1}}", False, (bad,)),
        CitationRecord(1, "bare-url", "", "http://example.org", False, ()),
    )
    return EditRecord("2027-01", "enwiki", change(revid, user), ("1Lib1Ref",), cites, 0, 1)


def campaign_row(db: sqlite_utils.Database) -> None:
    db.execute(
        "INSERT INTO campaigns VALUES ('2027-01', '2027-01-15', '2027-02-05', '[]', '[]', '[0]')"
    )
    db.conn.commit()


def test_open_creates_schema_with_rollback_journal_and_foreign_keys(tmp_path: Path) -> None:
    db = store.open_db(tmp_path / "a.sqlite")
    assert {"campaigns", "checkpoints", "edits", "citations", "problems", "participants",
            "welcomes", "published_pages", "runs"} <= set(db.table_names())  # fmt: skip
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_older_schema_upgrades_in_place(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    old = sqlite_utils.Database(path)
    old.execute("PRAGMA foreign_keys = ON")
    store.migrations.apply(old, stop_before="m002_run_log")
    assert "runs" not in old.table_names()
    campaign_row(old)
    store.save_batch(old, "2027-01", "enwiki", [record(10)], Checkpoint("2027-01-16T10:00:00Z", 5))
    old.close()

    db = store.open_db(path)
    assert "runs" in db.table_names()
    assert [e["revid"] for e in store.export_edits(db, None)] == [10]
    assert store.get_checkpoint(db, "2027-01", "enwiki") == Checkpoint("2027-01-16T10:00:00Z", 5)
    names = [m.name for m in store.migrations.applied(db)]
    assert names == ["m001_initial", "m002_run_log"]


def test_save_batch_is_idempotent(tmp_path: Path) -> None:
    db = store.open_db(tmp_path / "a.sqlite")
    campaign_row(db)
    cp = Checkpoint("2027-01-16T10:00:00Z", 1011)
    assert store.save_batch(db, "2027-01", "enwiki", [record(10), record(11, "Bob")], cp) == 2
    assert store.save_batch(db, "2027-01", "enwiki", [record(10), record(11, "Bob")], cp) == 0
    assert db.execute("SELECT count(*) FROM citations").fetchone()[0] == 4
    assert db.execute("SELECT count(*) FROM problems").fetchone()[0] == 2
    assert db.execute("SELECT count(*) FROM participants").fetchone()[0] == 2
    edits = store.export_edits(db, "2027-01")
    assert [(e["revid"], e["citations_added"], e["citations_well_formed"]) for e in edits] == [
        (10, 2, 0), (11, 2, 0)]  # fmt: skip


def test_a_failed_batch_leaves_nothing_and_keeps_the_checkpoint(tmp_path: Path) -> None:
    db = store.open_db(tmp_path / "a.sqlite")
    campaign_row(db)
    store.save_batch(db, "2027-01", "enwiki", [record(10)], Checkpoint("2027-01-16T10:00:00Z", 1))
    broken = EditRecord("no-such-campaign", "enwiki", change(12), ("1Lib1Ref",))
    with pytest.raises(sqlite3.IntegrityError):
        store.save_batch(db, "2027-01", "enwiki", [record(11), broken],
                         Checkpoint("2027-01-17T00:00:00Z", 2))  # fmt: skip
    assert [e["revid"] for e in store.export_edits(db, None)] == [10]
    assert store.get_checkpoint(db, "2027-01", "enwiki") == Checkpoint("2027-01-16T10:00:00Z", 1)


def test_marks_stop_counting(tmp_path: Path) -> None:
    db = store.open_db(tmp_path / "a.sqlite")
    campaign_row(db)
    store.save_batch(db, "2027-01", "enwiki", [record(10), record(11)], None)
    statuses = [EditStatus(10, reverted=True, deleted=False), EditStatus(11, False, False)]
    assert store.mark_edits(db, "2027-01", "enwiki", statuses) == 1
    assert store.mark_edits(db, "2027-01", "enwiki", statuses) == 0
    participants = store.export_participants(db, "2027-01")
    assert [(p["user"], p["edits"], p["citations_added"]) for p in participants] == [
        ("Alice", 1, 2)]  # fmt: skip


def test_exclusive_run(tmp_path: Path) -> None:
    path = tmp_path / "a.sqlite"
    with store.exclusive_run(path, "scan"):
        # fcntl locks are per process; a second process must be refused.
        import subprocess
        import sys

        code = (
            "import sys; from pathlib import Path; from bot import store\n"
            "from bot.errors import AlreadyRunning\n"
            "try:\n    with store.exclusive_run(Path(sys.argv[1]), 'scan'): sys.exit(0)\n"
            "except AlreadyRunning: sys.exit(3)\n"
        )
        assert subprocess.run([sys.executable, "-c", code, str(path)], check=False).returncode == 3
    with store.exclusive_run(path, "scan"):
        pass
    assert AlreadyRunning.exit_code == 0
