"""The one module that owns the SQLite schema and its queries.

Every function takes the database as its first parameter. Writes that belong
together (a batch of edits and the checkpoint that follows it) happen in one
transaction. The journal is the rollback journal: the Toolforge home is NFS,
where WAL is unsafe.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import sqlite_utils
from sqlite_utils.migrations import Migrations

from .config import CampaignConfig
from .errors import AlreadyRunning, StoreError
from .records import Checkpoint, EditRecord, EditStatus

migrations = Migrations("lib1ref")


@migrations()
def m001_initial(db: sqlite_utils.Database) -> None:
    db.execute(
        """CREATE TABLE campaigns (
            id TEXT PRIMARY KEY, start TEXT NOT NULL, "end" TEXT NOT NULL,
            hashtags TEXT NOT NULL, wikis TEXT NOT NULL, namespaces TEXT NOT NULL)"""
    )
    db.execute(
        """CREATE TABLE checkpoints (
            campaign_id TEXT NOT NULL REFERENCES campaigns(id), wiki TEXT NOT NULL,
            rc_timestamp TEXT NOT NULL, rcid INTEGER NOT NULL,
            PRIMARY KEY (campaign_id, wiki))"""
    )
    db.execute(
        """CREATE TABLE participants (
            campaign_id TEXT NOT NULL REFERENCES campaigns(id), wiki TEXT NOT NULL,
            user TEXT NOT NULL, user_kind TEXT NOT NULL, first_edit TEXT NOT NULL,
            PRIMARY KEY (campaign_id, wiki, user))"""
    )
    db.execute(
        """CREATE TABLE edits (
            campaign_id TEXT NOT NULL REFERENCES campaigns(id), wiki TEXT NOT NULL,
            revid INTEGER NOT NULL, parent_revid INTEGER NOT NULL, page_id INTEGER NOT NULL,
            page_title TEXT NOT NULL, namespace INTEGER NOT NULL, user TEXT NOT NULL,
            user_kind TEXT NOT NULL, timestamp TEXT NOT NULL, comment TEXT NOT NULL,
            hashtags TEXT NOT NULL, citations_added INTEGER NOT NULL,
            citations_well_formed INTEGER NOT NULL, reused INTEGER NOT NULL,
            cn_removed INTEGER NOT NULL, is_creation INTEGER NOT NULL,
            reverted INTEGER NOT NULL DEFAULT 0, deleted INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (campaign_id, wiki, revid),
            FOREIGN KEY (campaign_id, wiki, user)
                REFERENCES participants(campaign_id, wiki, user))"""
    )
    db.execute("CREATE INDEX edits_user ON edits(campaign_id, user)")
    db.execute(
        """CREATE TABLE citations (
            id INTEGER PRIMARY KEY, campaign_id TEXT NOT NULL, wiki TEXT NOT NULL,
            revid INTEGER NOT NULL, position INTEGER NOT NULL, kind TEXT NOT NULL,
            template TEXT NOT NULL, wikitext TEXT NOT NULL, well_formed INTEGER NOT NULL,
            UNIQUE (campaign_id, wiki, revid, position),
            FOREIGN KEY (campaign_id, wiki, revid)
                REFERENCES edits(campaign_id, wiki, revid) ON DELETE CASCADE)"""
    )
    db.execute(
        """CREATE TABLE problems (
            citation_id INTEGER NOT NULL REFERENCES citations(id) ON DELETE CASCADE,
            code TEXT NOT NULL, severity TEXT NOT NULL, param TEXT NOT NULL,
            message TEXT NOT NULL)"""
    )
    db.execute("CREATE INDEX problems_citation ON problems(citation_id)")
    db.execute(
        """CREATE TABLE welcomes (
            campaign_id TEXT NOT NULL REFERENCES campaigns(id), wiki TEXT NOT NULL,
            user TEXT NOT NULL, status TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
            reason TEXT NOT NULL DEFAULT '', revid INTEGER, updated_at TEXT NOT NULL,
            PRIMARY KEY (campaign_id, wiki, user))"""
    )
    db.execute(
        """CREATE TABLE published_pages (
            wiki TEXT NOT NULL, title TEXT NOT NULL, campaign_id TEXT NOT NULL,
            kind TEXT NOT NULL, revid INTEGER, content_sha1 TEXT NOT NULL,
            saved_at TEXT NOT NULL, PRIMARY KEY (wiki, title))"""
    )


@migrations()
def m002_run_log(db: sqlite_utils.Database) -> None:
    """Last outcome per job and wiki, for `lib1ref status`."""
    db.execute(
        """CREATE TABLE runs (
            job TEXT NOT NULL, wiki TEXT NOT NULL, finished_at TEXT NOT NULL,
            ok INTEGER NOT NULL, message TEXT NOT NULL, PRIMARY KEY (job, wiki))"""
    )


def open_db(path: Path) -> sqlite_utils.Database:
    """Open (creating if needed) and migrate the database."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(path), timeout=30)
        db = sqlite_utils.Database(conn)
        db.execute("PRAGMA journal_mode = DELETE")
        db.execute("PRAGMA foreign_keys = ON")
        migrations.apply(db)
    except sqlite3.DatabaseError as e:
        raise StoreError(f"{path}: cannot open database: {e}") from e
    except OSError as e:
        raise StoreError(f"{path}: cannot open database: {e.strerror}") from e
    return db


def open_db_readonly(path: Path) -> sqlite_utils.Database:
    """The database for a dry run: opened read-only, or an empty in-memory one."""
    if not path.exists():
        db = sqlite_utils.Database(memory=True)
        migrations.apply(db)
        return db
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
        return sqlite_utils.Database(conn)
    except sqlite3.DatabaseError as e:
        raise StoreError(f"{path}: cannot open database: {e}") from e


@contextlib.contextmanager
def exclusive_run(db_path: Path, job: str) -> Iterator[None]:
    """Hold `<database>.<job>.lock` for the run; raise AlreadyRunning if another holds it."""
    lock_path = db_path.with_name(f"{db_path.name}.{job}.lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise AlreadyRunning(f"another {job} is running on {db_path}; nothing to do") from None
        yield
    finally:
        os.close(fd)


def save_campaigns(db: sqlite_utils.Database, campaigns: Iterable[CampaignConfig]) -> None:
    rows = [
        {
            "id": c.id,
            "start": c.start.isoformat(),
            "end": c.end.isoformat(),
            "hashtags": json.dumps(list(c.hashtags)),
            "wikis": json.dumps(list(c.wikis)),
            "namespaces": json.dumps(list(c.namespaces)),
        }
        for c in campaigns
    ]
    with db.atomic():
        db.table("campaigns").upsert_all(rows, pk="id")


def get_checkpoint(db: sqlite_utils.Database, campaign_id: str, wiki: str) -> Checkpoint | None:
    row = db.execute(
        "SELECT rc_timestamp, rcid FROM checkpoints WHERE campaign_id = ? AND wiki = ?",
        [campaign_id, wiki],
    ).fetchone()
    return Checkpoint(row[0], row[1]) if row else None


def known_revids(db: sqlite_utils.Database, campaign_id: str, wiki: str) -> set[int]:
    rows = db.execute(
        "SELECT revid FROM edits WHERE campaign_id = ? AND wiki = ?", [campaign_id, wiki]
    )
    return {r[0] for r in rows}


def save_batch(
    db: sqlite_utils.Database,
    campaign_id: str,
    wiki: str,
    edits: Iterable[EditRecord],
    checkpoint: Checkpoint | None,
) -> int:
    """Record edits and advance the checkpoint in one transaction. Returns new edits.

    An edit already recorded is left as it is, so re-reading a window changes nothing.
    """
    new = 0
    with db.atomic():
        for edit in edits:
            new += _insert_edit(db, edit)
        if checkpoint is not None:
            db.execute(
                """INSERT INTO checkpoints (campaign_id, wiki, rc_timestamp, rcid)
                   VALUES (?, ?, ?, ?) ON CONFLICT (campaign_id, wiki) DO UPDATE
                   SET rc_timestamp = excluded.rc_timestamp, rcid = excluded.rcid""",
                [campaign_id, wiki, checkpoint.timestamp, checkpoint.rcid],
            )
    return new


def _insert_edit(db: sqlite_utils.Database, edit: EditRecord) -> int:
    ch = edit.change
    db.execute(
        """INSERT INTO participants (campaign_id, wiki, user, user_kind, first_edit)
           VALUES (?, ?, ?, ?, ?) ON CONFLICT DO UPDATE
           SET first_edit = min(first_edit, excluded.first_edit)""",
        [edit.campaign_id, edit.wiki, ch.user, ch.user_kind, ch.timestamp],
    )
    cursor = db.execute(
        """INSERT INTO edits (campaign_id, wiki, revid, parent_revid, page_id, page_title,
               namespace, user, user_kind, timestamp, comment, hashtags, citations_added,
               citations_well_formed, reused, cn_removed, is_creation)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT DO NOTHING""",
        [
            edit.campaign_id, edit.wiki, ch.revid, ch.parent_revid, ch.page_id, ch.title,
            ch.namespace, ch.user, ch.user_kind, ch.timestamp, ch.comment,
            json.dumps(list(edit.hashtags)), len(edit.citations), edit.citations_well_formed,
            edit.reused, edit.cn_removed, int(ch.is_creation),
        ],
    )  # fmt: skip
    if cursor.rowcount == 0:
        return 0
    for c in edit.citations:
        cid = db.execute(
            """INSERT INTO citations (campaign_id, wiki, revid, position, kind, template,
                   wikitext, well_formed) VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
            [edit.campaign_id, edit.wiki, ch.revid, c.position, c.kind, c.template,
             c.wikitext, int(c.well_formed)],
        ).lastrowid  # fmt: skip
        for p in c.problems:
            db.execute(
                "INSERT INTO problems (citation_id, code, severity, param, message)"
                " VALUES (?, ?, ?, ?, ?)",
                [cid, p.code, p.severity, p.param, p.message],
            )
    return 1


def edits_to_recheck(
    db: sqlite_utils.Database, campaign_id: str, wiki: str, since: str
) -> list[int]:
    """Revision ids of the campaign's counted edits on a wiki made at or after `since`."""
    rows = db.execute(
        """SELECT revid FROM edits WHERE campaign_id = ? AND wiki = ? AND timestamp >= ?
           AND deleted = 0 ORDER BY revid""",
        [campaign_id, wiki, since],
    )
    return [r[0] for r in rows]


def mark_edits(
    db: sqlite_utils.Database, campaign_id: str, wiki: str, statuses: Iterable[EditStatus]
) -> int:
    """Record reverts and deletions. Returns how many edits changed."""
    changed = 0
    with db.atomic():
        for s in statuses:
            changed += db.execute(
                """UPDATE edits SET reverted = max(reverted, ?), deleted = max(deleted, ?)
                   WHERE campaign_id = ? AND wiki = ? AND revid = ?
                   AND (reverted < ? OR deleted < ?)""",
                [int(s.reverted), int(s.deleted), campaign_id, wiki, s.revid,
                 int(s.reverted), int(s.deleted)],
            ).rowcount  # fmt: skip
    return changed


def record_run(
    db: sqlite_utils.Database, job: str, wiki: str, finished_at: str, ok: bool, message: str
) -> None:
    with db.atomic():
        db.table("runs").upsert(
            {"job": job, "wiki": wiki, "finished_at": finished_at, "ok": int(ok),
             "message": message},
            pk=("job", "wiki"),
        )  # fmt: skip


def export_edits(db: sqlite_utils.Database, campaign_id: str | None) -> list[dict[str, Any]]:
    """Every recorded edit, ordered by wiki then revid (then campaign)."""
    where, params = ("WHERE campaign_id = ?", [campaign_id]) if campaign_id else ("", [])
    cursor = db.execute(
        f"""SELECT campaign_id AS campaign, wiki, revid, parent_revid, page_title, namespace,
                user, user_kind, timestamp, comment, hashtags, citations_added,
                citations_well_formed, reused, cn_removed, reverted, deleted
            FROM edits {where} ORDER BY wiki, revid, campaign_id""",  # noqa: S608
        params,
    )
    columns = [d[0] for d in cursor.description]
    out = []
    for row in cursor:
        item = dict(zip(columns, row, strict=True))
        item["hashtags"] = json.loads(item["hashtags"])
        item["reverted"] = bool(item["reverted"])
        item["deleted"] = bool(item["deleted"])
        out.append(item)
    return out


def campaign_summary(db: sqlite_utils.Database, campaign_id: str, wiki: str) -> dict[str, Any]:
    """Counts for `lib1ref status`: edits, participants, citations, well-formed."""
    row = db.execute(
        """SELECT count(*), count(DISTINCT user), coalesce(sum(citations_added), 0),
                  coalesce(sum(citations_well_formed), 0),
                  coalesce(sum(reverted OR deleted), 0)
           FROM edits WHERE campaign_id = ? AND wiki = ?""",
        [campaign_id, wiki],
    ).fetchone()
    last = db.execute(
        "SELECT finished_at, ok, message FROM runs WHERE job = 'scan' AND wiki = ?", [wiki]
    ).fetchone()
    welcomes = welcome_counts(db, campaign_id, wiki)
    pending = len(welcome_candidates(db, campaign_id, wiki))
    return {
        "last_leaderboard": last_published(db, wiki, "leaderboard"),
        "welcomed": welcomes.get("done", 0),
        "welcomes_pending": pending,
        "welcomes_failed": welcomes.get("failed", 0),
        "edits": row[0],
        "participants": row[1],
        "citations": row[2],
        "well_formed": row[3],
        "not_counted": row[4],
        "last_scan": None if last is None else {
            "finished_at": last[0], "ok": bool(last[1]), "message": last[2]},
    }  # fmt: skip


def _rows(cursor: sqlite3.Cursor) -> list[dict[str, Any]]:
    columns = [d[0] for d in cursor.description]
    return [dict(zip(columns, row, strict=True)) for row in cursor]


def export_participants(db: sqlite_utils.Database, campaign_id: str | None) -> list[dict[str, Any]]:
    """Per campaign and user (merged across wikis): counted edits and citations."""
    where, params = ("AND e.campaign_id = ?", [campaign_id]) if campaign_id else ("", [])
    rows = _rows(db.execute(
        f"""SELECT e.campaign_id AS campaign, e.user, min(e.user_kind) AS user_kind,
                group_concat(DISTINCT e.wiki) AS wikis, count(*) AS edits,
                sum(e.citations_added) AS citations_added,
                sum(e.citations_well_formed) AS well_formed,
                sum(e.cn_removed) AS cn_resolved, min(e.timestamp) AS first_edit,
                max(e.timestamp) AS last_edit,
                (SELECT count(*) FROM welcomes w WHERE w.campaign_id = e.campaign_id
                   AND w.user = e.user AND w.status = 'done') AS welcomed
            FROM edits e WHERE e.reverted = 0 AND e.deleted = 0 {where}
            GROUP BY e.campaign_id, e.user ORDER BY e.campaign_id, e.user""",  # noqa: S608
        params,
    ))  # fmt: skip
    for row in rows:
        row["wikis"] = sorted(row["wikis"].split(","))
        row["welcomed"] = bool(row["welcomed"])
    return rows


def export_citations(db: sqlite_utils.Database, campaign_id: str | None) -> list[dict[str, Any]]:
    """Every recorded citation with its problem codes, in wiki, revid, position order."""
    where, params = ("WHERE c.campaign_id = ?", [campaign_id]) if campaign_id else ("", [])
    rows = _rows(db.execute(
        f"""SELECT c.campaign_id AS campaign, c.wiki, c.revid, e.page_title, e.user,
                c.position, c.kind, c.template, c.well_formed,
                (SELECT group_concat(code, ' ') FROM (SELECT code FROM problems p
                   WHERE p.citation_id = c.id ORDER BY p.rowid)) AS problems,
                c.wikitext, e.reverted, e.deleted
            FROM citations c JOIN edits e USING (campaign_id, wiki, revid) {where}
            ORDER BY c.wiki, c.revid, c.campaign_id, c.position""",  # noqa: S608
        params,
    ))  # fmt: skip
    for row in rows:
        row["problems"] = row["problems"].split() if row["problems"] else []
        for key in ("well_formed", "reverted", "deleted"):
            row[key] = bool(row[key])
    return rows


COUNTED = "e.reverted = 0 AND e.deleted = 0"


def standings(
    db: sqlite_utils.Database, campaign_id: str, wiki: str | None
) -> list[dict[str, Any]]:
    """Per user (merged across wikis when `wiki` is None), counted edits only."""
    where, params = ("AND e.wiki = ?", [campaign_id, wiki]) if wiki else ("", [campaign_id])
    rows = _rows(db.execute(
        f"""SELECT e.user, min(e.user_kind) AS user_kind,
                sum(e.citations_well_formed) AS well_formed,
                sum(e.citations_added) AS citations, sum(e.cn_removed) AS cn_resolved,
                count(*) AS edits, group_concat(DISTINCT e.wiki) AS wikis,
                min(e.timestamp) AS first_edit, max(e.timestamp) AS last_edit
            FROM edits e WHERE e.campaign_id = ? {where} AND {COUNTED}
            GROUP BY e.user""",  # noqa: S608
        params,
    ))  # fmt: skip
    for row in rows:
        row["wikis"] = tuple(sorted(row["wikis"].split(",")))
    return rows


def daily_edits(db: sqlite_utils.Database, campaign_id: str, wiki: str | None) -> dict[str, int]:
    where, params = ("AND e.wiki = ?", [campaign_id, wiki]) if wiki else ("", [campaign_id])
    cursor = db.execute(
        f"""SELECT substr(e.timestamp, 1, 10), count(*) FROM edits e
            WHERE e.campaign_id = ? {where} AND {COUNTED} GROUP BY 1""",  # noqa: S608
        params,
    )
    return {day: n for day, n in cursor}


def report_rows(
    db: sqlite_utils.Database, campaign_id: str, wiki: str, limit: int
) -> tuple[list[dict[str, Any]], int]:
    """Error-level problems of counted edits' citations, by code then page; and their total."""
    base = f"""FROM problems p JOIN citations c ON c.id = p.citation_id
               JOIN edits e USING (campaign_id, wiki, revid)
               WHERE c.campaign_id = ? AND c.wiki = ? AND p.severity = 'error'
               AND {COUNTED}"""
    total = db.execute(f"SELECT count(*) {base}", [campaign_id, wiki]).fetchone()[0]
    rows = _rows(db.execute(
        f"""SELECT c.wiki, e.page_title, c.revid, e.user, p.code, p.severity, p.param,
                p.message, c.wikitext {base}
            ORDER BY p.code, e.page_title, c.revid, c.position LIMIT ?""",
        [campaign_id, wiki, limit],
    ))  # fmt: skip
    return rows, int(total)


def record_published(
    db: sqlite_utils.Database, wiki: str, title: str, campaign_id: str, kind: str,
    revid: int | None, content_sha1: str, saved_at: str,
) -> None:  # fmt: skip
    with db.atomic():
        db.table("published_pages").upsert(
            {"wiki": wiki, "title": title, "campaign_id": campaign_id, "kind": kind,
             "revid": revid, "content_sha1": content_sha1, "saved_at": saved_at},
            pk=("wiki", "title"),
        )  # fmt: skip


def last_published(db: sqlite_utils.Database, wiki: str, kind: str) -> str | None:
    row = db.execute(
        "SELECT max(saved_at) FROM published_pages WHERE wiki = ? AND kind = ?", [wiki, kind]
    ).fetchone()
    return row[0] if row else None


WELCOME_MAX_ATTEMPTS = 3


def welcome_candidates(db: sqlite_utils.Database, campaign_id: str, wiki: str) -> list[str]:
    """Registered participants with a counted edit, not yet welcomed, failures under the cap."""
    rows = db.execute(
        f"""SELECT e.user FROM edits e
            LEFT JOIN welcomes w ON w.campaign_id = e.campaign_id AND w.wiki = e.wiki
                AND w.user = e.user
            WHERE e.campaign_id = ? AND e.wiki = ? AND e.user_kind = 'registered'
              AND {COUNTED}
              AND (w.user IS NULL OR (w.status != 'done' AND w.attempts < ?))
            GROUP BY e.user ORDER BY min(e.timestamp), e.user""",  # noqa: S608
        [campaign_id, wiki, WELCOME_MAX_ATTEMPTS],
    )
    return [r[0] for r in rows]


def user_problem_codes(
    db: sqlite_utils.Database, campaign_id: str, wiki: str, user: str
) -> list[str]:
    rows = db.execute(
        f"""SELECT p.code FROM problems p JOIN citations c ON c.id = p.citation_id
            JOIN edits e USING (campaign_id, wiki, revid)
            WHERE e.campaign_id = ? AND e.wiki = ? AND e.user = ? AND p.severity = 'error'
              AND {COUNTED} ORDER BY c.revid, c.position""",  # noqa: S608
        [campaign_id, wiki, user],
    )
    return [r[0] for r in rows]


def record_welcome(
    db: sqlite_utils.Database,
    campaign_id: str,
    wiki: str,
    user: str,
    *,
    status: str,
    reason: str,
    revid: int | None,
    now: str,
) -> None:
    """status: `done` (final), `failed` (counts an attempt), `skipped` (checked again later)."""
    with db.atomic():
        db.execute(
            """INSERT INTO welcomes (campaign_id, wiki, user, status, attempts, reason, revid,
                   updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT (campaign_id, wiki, user) DO UPDATE SET status = excluded.status,
                   attempts = attempts + excluded.attempts, reason = excluded.reason,
                   revid = coalesce(excluded.revid, revid), updated_at = excluded.updated_at""",
            [campaign_id, wiki, user, status, int(status == "failed"), reason, revid, now],
        )


def welcome_counts(db: sqlite_utils.Database, campaign_id: str, wiki: str) -> dict[str, int]:
    rows = db.execute(
        "SELECT status, count(*) FROM welcomes WHERE campaign_id = ? AND wiki = ? GROUP BY 1",
        [campaign_id, wiki],
    )
    return {status: n for status, n in rows}
