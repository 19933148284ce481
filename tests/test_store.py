"""The store: a real SQLite file, migrations, exactly-once writes."""

from __future__ import annotations

import dataclasses
import re
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlite_utils

from bot import store
from bot.citations.model import Problem
from bot.errors import AlreadyRunning
from bot.records import (
    Change,
    Checkpoint,
    CitationRecord,
    EditRecord,
    EditStatus,
    RunOutcome,
    WelcomeStatus,
    WikiStatus,
)
from bot.render.model import ReportRow, Standing
from bot.timestamps import parse_ts
from scripts.scale_db import CAMPAIGN_ID, build_db

CP10_5 = Checkpoint(parse_ts("2027-01-16T10:00:00Z"), 5)
CP10_1 = Checkpoint(parse_ts("2027-01-16T10:00:00Z"), 1)


def change(revid: int, user: str = "Alice", ts: str = "2027-01-16T10:00:00Z") -> Change:
    return Change(rcid=revid + 1000, revid=revid, parent_revid=revid - 1, page_id=7,
                  title="Alkali metal", namespace=0, user=user, user_kind="registered",
                  timestamp=parse_ts(ts), comment="cite #1Lib1Ref")  # fmt: skip


def record(revid: int, user: str = "Alice", ts: str = "2027-01-16T10:00:00Z") -> EditRecord:
    bad = Problem("bad-isbn", "error", "isbn", "ISBN checksum")
    cites = (
        CitationRecord(0, "template", "cite book", "{{cite book|title=A|isbn=1}}", False, (bad,)),
        CitationRecord(1, "bare-url", "", "http://example.org", False, ()),
    )
    return EditRecord("2027-01", "enwiki", change(revid, user, ts), ("1Lib1Ref",), cites, 0, 1)


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


def _write_as_m001(db: sqlite_utils.Database) -> None:
    """An edit, its citation and the checkpoint, written as the first schema's code did."""
    db.execute("INSERT INTO participants VALUES ('2027-01', 'enwiki', 'Alice', 'registered', "
               "'2027-01-16T10:00:00Z')")  # fmt: skip
    db.execute(
        "INSERT INTO edits (campaign_id, wiki, revid, parent_revid, page_id, page_title,"
        " namespace, user, user_kind, timestamp, comment, hashtags, citations_added,"
        " citations_well_formed, reused, cn_removed, is_creation) VALUES ('2027-01', 'enwiki',"
        " 10, 9, 7, 'Alkali metal', 0, 'Alice', 'registered', '2027-01-16T10:00:00Z', 'cite',"
        " '[\"1Lib1Ref\"]', 1, 1, 0, 0, 0)"
    )
    db.execute(
        "INSERT INTO citations (campaign_id, wiki, revid, position, kind, template, wikitext,"
        " well_formed) VALUES ('2027-01', 'enwiki', 10, 0, 'template', 'cite web', '{{cite web}}',"
        " 1)"
    )
    db.execute("INSERT INTO checkpoints VALUES ('2027-01', 'enwiki', '2027-01-16T10:00:00Z', 5)")
    db.conn.commit()


def test_older_schema_upgrades_in_place(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    old = sqlite_utils.Database(path)
    old.execute("PRAGMA foreign_keys = ON")
    store.migrations.apply(old, stop_before="m002_run_log")
    assert "runs" not in old.table_names()
    campaign_row(old)
    _write_as_m001(old)
    old.execute(  # an edit the old version found nothing in: perhaps its texts were missing
        "INSERT INTO edits (campaign_id, wiki, revid, parent_revid, page_id, page_title, "
        "namespace, user, user_kind, timestamp, comment, hashtags, citations_added, "
        "citations_well_formed, reused, cn_removed, is_creation) VALUES ('2027-01', 'enwiki', "
        "11, 10, 7, 'A', 0, 'Alice', 'registered', '2027-01-16T10:00:00Z', 'c', '[]', 0, 0, 0, "
        "0, 0)"
    )
    old.conn.commit()
    old.close()

    db = store.open_db(path)
    assert {"runs", "disagreements"} <= set(db.table_names())
    edit, empty = store.export_edits(db, None)
    assert edit["revid"] == 10 and edit["citations_added"] == 1 and edit["analysed"] is True
    assert empty["revid"] == 11 and empty["analysed"] is False  # analysed again by a scan
    assert [r.change.revid for r in store.load_pending_analysis(db, "2027-01", "enwiki")] == [11]
    citations = store.export_citations(db, None)
    assert [(c["revid"], c["judge"], c["fallback"]) for c in citations] == [(10, "local", "")]
    assert store.load_checkpoint(db, "2027-01", "enwiki") == Checkpoint(
        parse_ts("2027-01-16T10:00:00Z"), 5
    )
    names = [m.name for m in store.migrations.applied(db)]
    assert names == ["m001_initial", "m002_run_log", "m003_judge", "m004_analysis_pending",
                     "m005_scale_indexes", "m006_save_intents", "m007_family_wikis",
                     "m009_fixes", "m010_scan_visits"]  # fmt: skip


def test_save_batch_is_idempotent(tmp_path: Path) -> None:
    db = store.open_db(tmp_path / "a.sqlite")
    campaign_row(db)
    cp = Checkpoint(parse_ts("2027-01-16T10:00:00Z"), 1011)
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
    store.save_batch(db, "2027-01", "enwiki", [record(10)], CP10_1)
    broken = EditRecord("no-such-campaign", "enwiki", change(12), ("1Lib1Ref",))
    with pytest.raises(sqlite3.IntegrityError):
        store.save_batch(db, "2027-01", "enwiki", [record(11), broken],
                         Checkpoint(parse_ts("2027-01-17T00:00:00Z"), 2))  # fmt: skip
    assert [e["revid"] for e in store.export_edits(db, None)] == [10]
    assert store.load_checkpoint(db, "2027-01", "enwiki") == Checkpoint(
        parse_ts("2027-01-16T10:00:00Z"), 1
    )


def test_marks_stop_counting(tmp_path: Path) -> None:
    db = store.open_db(tmp_path / "a.sqlite")
    campaign_row(db)
    store.save_batch(db, "2027-01", "enwiki", [record(10), record(11)], None)
    statuses = [EditStatus(10, reverted=True, deleted=False), EditStatus(11, False, False)]
    assert store.save_edit_statuses(db, "2027-01", "enwiki", statuses) == 1
    assert store.save_edit_statuses(db, "2027-01", "enwiki", statuses) == 0
    participants = store.export_participants(db, "2027-01")
    assert [(p["user"], p["edits"], p["citations_added"]) for p in participants] == [
        ("Alice", 1, 2)]  # fmt: skip


def test_deletions_are_rechecked_both_ways_and_reverts_stay(tmp_path: Path) -> None:
    db = store.open_db(tmp_path / "a.sqlite")
    campaign_row(db)
    store.save_batch(db, "2027-01", "enwiki", [record(10), record(11)], None)
    gone = [EditStatus(10, reverted=False, deleted=True), EditStatus(11, True, False)]
    assert store.save_edit_statuses(db, "2027-01", "enwiki", gone) == 2
    assert store.load_revids_to_recheck(db, "2027-01", "enwiki", "2027-01-15") == [10, 11]
    back = [EditStatus(10, reverted=False, deleted=False), EditStatus(11, False, False)]
    assert store.save_edit_statuses(db, "2027-01", "enwiki", back) == 1  # restored; still reverted
    rows = {e["revid"]: (e["reverted"], e["deleted"]) for e in store.export_edits(db, None)}
    assert rows == {10: (False, False), 11: (True, False)}


def test_an_edit_not_analysed_yet_is_analysed_once(tmp_path: Path) -> None:
    db = store.open_db(tmp_path / "a.sqlite")
    campaign_row(db)
    pending = dataclasses.replace(record(10), citations=(), analyzed=False)
    store.save_batch(db, "2027-01", "enwiki", [pending], None)
    (again,) = store.load_pending_analysis(db, "2027-01", "enwiki")
    assert again.change.revid == 10 and again.hashtags == ("1Lib1Ref",)
    assert again.change.title == "Alkali metal" and again.change.timestamp == CP10_5.timestamp
    assert store.save_analysis(db, [again]) == 0  # still not analysed: nothing written
    assert store.save_analysis(db, [record(10)]) == 1
    assert store.save_analysis(db, [record(10)]) == 0  # only once
    assert store.load_pending_analysis(db, "2027-01", "enwiki") == []
    (edit,) = store.export_edits(db, None)
    assert edit["analysed"] is True and edit["citations_added"] == 2
    assert db.execute("SELECT count(*) FROM citations").fetchone()[0] == 2


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


def welcome(db: sqlite_utils.Database, user: str, status: WelcomeStatus, reason: str = "") -> None:
    store.save_welcome(db, "2027-01", "enwiki", user, status=status, reason=reason, revid=None,
                       now="2027-01-17T00:00:00Z")  # fmt: skip


def test_welcome_statuses_decide_who_is_a_candidate_again(tmp_path: Path) -> None:
    db = store.open_db(tmp_path / "a.sqlite")
    campaign_row(db)
    users = ["Alice", "Bob", "Carol", "Dave", "Erin"]
    store.save_batch(
        db, "2027-01", "enwiki", [record(10 + i, u) for i, u in enumerate(users)], None
    )

    def candidates() -> list[str]:
        return store.load_welcome_candidates(db, "2027-01", "enwiki")

    assert candidates() == users
    welcome(db, "Alice", "done", "welcomed")
    welcome(db, "Bob", "refused", "protected")
    welcome(db, "Carol", "skipped", "blocked")
    welcome(db, "Dave", "failed", "edit conflict")
    assert candidates() == ["Carol", "Dave", "Erin"]  # skipped and failed come back
    welcome(db, "Dave", "failed", "edit conflict")
    assert "Dave" in candidates()
    welcome(db, "Dave", "failed", "edit conflict")
    assert candidates() == ["Carol", "Erin"]  # a third failure is the last
    welcome(db, "Carol", "skipped", "blocked")
    welcome(db, "Carol", "skipped", "blocked")
    welcome(db, "Carol", "skipped", "blocked")
    assert "Carol" in candidates()  # skips never use up the attempts
    welcome(db, "Erin", "refused", "protected")
    assert candidates() == ["Carol"]  # refused is final from the first time
    assert store.load_welcome_counts(db, "2027-01", "enwiki") == {
        "done": 1, "refused": 2, "skipped": 1, "failed": 1}  # fmt: skip


def test_status_counts_welcomes_by_status(tmp_path: Path) -> None:
    db = store.open_db(tmp_path / "a.sqlite")
    campaign_row(db)
    store.save_batch(db, "2027-01", "enwiki", [record(10), record(11, "Bob"), record(12, "Carol"),
                                               record(13, "Dave")], None)  # fmt: skip
    store.save_edit_statuses(db, "2027-01", "enwiki", [EditStatus(13, True, False)])
    welcome(db, "Alice", "done", "welcomed")
    welcome(db, "Bob", "refused", "protected")
    welcome(db, "Carol", "failed", "edit conflict")
    store.save_run(db, "scan", "enwiki", "2027-01-17T01:00:00+00:00", False, "boom")
    store.save_published(db, "enwiki", "P", "2027-01", "leaderboard", 5, "x",
                         "2027-01-17T02:00:00+00:00")  # fmt: skip
    status = store.load_status(db, "2027-01", "enwiki")
    assert status == WikiStatus(
        last_leaderboard="2027-01-17T02:00:00+00:00", welcomed=1, welcomes_pending=1,
        welcomes_failed=1, welcomes_refused=1, edits=4, participants=4, citations=8,
        well_formed=0, not_counted=1, not_analysed=0,
        last_scan=RunOutcome("2027-01-17T01:00:00+00:00", ok=False, message="boom"),
    )  # fmt: skip
    # `lib1ref status --json` keys, in order (after campaign, wiki, checkpoint and lag).
    assert list(dataclasses.asdict(status)) == [
        "last_leaderboard", "welcomed", "welcomes_pending", "welcomes_failed", "welcomes_refused",
        "edits", "participants", "citations", "well_formed", "not_counted", "not_analysed",
        "last_scan",
    ]  # fmt: skip
    assert dataclasses.asdict(status)["last_scan"] == {
        "finished_at": "2027-01-17T01:00:00+00:00", "ok": False, "message": "boom"}  # fmt: skip
    empty = store.load_status(db, "2027-01", "eswiki")
    assert (empty.edits, empty.citations, empty.last_scan, empty.last_leaderboard) == (
        0, 0, None, None)  # fmt: skip


def test_standings_are_records_of_counted_edits(tmp_path: Path) -> None:
    db = store.open_db(tmp_path / "a.sqlite")
    campaign_row(db)
    edits = [record(10, ts="2027-01-16T10:00:00Z"), record(11, ts="2027-01-18T09:00:00Z"),
             record(12, "Bob"), record(13, "Bob")]  # fmt: skip
    store.save_batch(db, "2027-01", "enwiki", edits, None)
    store.save_edit_statuses(db, "2027-01", "enwiki", [EditStatus(13, False, True)])
    standings = sorted(store.load_standings(db, "2027-01", None), key=lambda s: s.user)
    assert standings == [
        Standing(user="Alice", user_kind="registered", well_formed=0, citations=4,
                 cn_resolved=2, edits=2, wikis=("enwiki",), first_edit="2027-01-16T10:00:00Z",
                 last_edit="2027-01-18T09:00:00Z"),
        Standing(user="Bob", user_kind="registered", well_formed=0, citations=2,
                 cn_resolved=1, edits=1, wikis=("enwiki",), first_edit="2027-01-16T10:00:00Z",
                 last_edit="2027-01-16T10:00:00Z"),
    ]  # fmt: skip
    assert store.load_standings(db, "2027-01", "eswiki") == []
    assert store.load_daily_edits(db, "2027-01", "enwiki") == {"2027-01-16": 2, "2027-01-18": 1}


def test_report_rows_carry_the_edit_and_the_problem(tmp_path: Path) -> None:
    db = store.open_db(tmp_path / "a.sqlite")
    campaign_row(db)
    no_param = Problem("bare-url", "error", None, "Bare URL")
    warning = Problem("old-date", "warning", "date", "Old")
    cites = (CitationRecord(0, "bare-url", "", "http://example.org", False, (no_param, warning)),)
    store.save_batch(db, "2027-01", "enwiki", [record(10), EditRecord(
        "2027-01", "enwiki", change(11, "Bob"), ("1Lib1Ref",), cites)], None)  # fmt: skip
    rows, total = store.load_report_rows(db, "2027-01", "enwiki", 500)
    assert total == 2  # error-level problems only
    assert rows == [
        ReportRow("enwiki", "Alkali metal", 10, "Alice", "{{cite book|title=A|isbn=1}}",
                  Problem("bad-isbn", "error", "isbn", "ISBN checksum")),
        ReportRow("enwiki", "Alkali metal", 11, "Bob", "http://example.org", no_param),
    ]  # fmt: skip
    assert db.execute("SELECT param FROM problems WHERE code = 'bare-url'").fetchone() == ("",)
    assert store.load_report_rows(db, "2027-01", "enwiki", 1) == (rows[:1], 2)
    assert store.load_user_problem_codes(db, "2027-01", "enwiki", "Bob") == ["bare-url"]


def test_judges_and_disagreements_are_recorded_and_read_back(tmp_path: Path) -> None:
    from bot.records import Disagreement

    db = store.open_db(tmp_path / "a.sqlite")
    campaign_row(db)
    base = record(10)
    differ = Disagreement(True, False, (), ("invalid-param-value",))
    cites = (
        dataclasses.replace(base.citations[0], judge="wiki"),
        dataclasses.replace(base.citations[1], fallback="the wiki failed: timeout",
                            disagreement=differ),
    )  # fmt: skip
    store.save_batch(db, "2027-01", "enwiki", [dataclasses.replace(base, citations=cites)], None)
    exported = store.export_citations(db, "2027-01")
    assert [(c["judge"], c["fallback"]) for c in exported] == [
        ("wiki", ""), ("local", "the wiki failed: timeout")]  # fmt: skip
    rows, total = store.load_disagreement_rows(db, "2027-01", "enwiki", 10)
    assert total == 1
    got = [(r.revid, r.wikitext, r.local_well_formed, r.wiki_well_formed, r.wiki_codes)
           for r in rows]  # fmt: skip
    assert got == [(10, "http://example.org", True, False, ("invalid-param-value",))]
    store.save_edit_statuses(db, "2027-01", "enwiki", [EditStatus(10, True, False)])
    assert store.load_disagreement_rows(db, "2027-01", "enwiki", 10) == ([], 0)  # reverted


def _plans(db: sqlite_utils.Database, read: Callable[[], object]) -> list[str]:
    """How SQLite reads the edits table in every statement `read` runs."""
    statements: list[str] = []
    db.conn.set_trace_callback(statements.append)
    try:
        read()
    finally:
        db.conn.set_trace_callback(None)
    plans = []
    for sql in statements:
        if sql.lstrip().upper().startswith("SELECT"):
            for row in db.execute(f"EXPLAIN QUERY PLAN {sql}").fetchall():
                if re.match(r"(SCAN|SEARCH) (e|edits)\b", row[3]):
                    plans.append(row[3])
    return plans


@pytest.mark.parametrize(
    "read",
    [
        lambda db: store.load_status(db, CAMPAIGN_ID, "eswiki"),
        lambda db: store.load_daily_edits(db, CAMPAIGN_ID, "eswiki"),
        lambda db: store.load_daily_edits(db, CAMPAIGN_ID, None),
        lambda db: store.load_standings(db, CAMPAIGN_ID, "eswiki"),
        lambda db: store.load_welcome_candidates(db, CAMPAIGN_ID, "eswiki"),
        lambda db: store.load_user_problem_codes(db, CAMPAIGN_ID, "eswiki", "Librarian 3"),
    ],
    ids=["status", "daily-wiki", "daily-all", "standings", "welcome-candidates", "user-codes"],
)
def test_per_wiki_reads_use_the_covering_index_not_the_table(
    tmp_path: Path, read: Callable[[sqlite_utils.Database], object]
) -> None:
    # With 500,000 edits a read of the table takes seconds per wiki (make bench); the
    # covering index answers each of these without touching a table row of `edits`.
    db = build_db(tmp_path / "scale.sqlite", 200)
    plans = _plans(db, lambda: read(db))
    assert plans
    assert all("COVERING INDEX edits_campaign_wiki_user" in p for p in plans), plans
