"""The SQLite schema: migrations in code (by name, applied once), and opening the database.

The journal is the rollback journal: the Toolforge home is NFS, where WAL is unsafe.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlite_utils
from sqlite_utils.migrations import Migrations

from ..errors import DatabaseMissing
from . import opening

migrations = Migrations("lib1ref")

COUNTED = "e.reverted = 0 AND e.deleted = 0"
"""SQL condition on `edits e`: the edit still counts (neither reverted nor deleted)."""


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


@migrations()
def m003_judge(db: sqlite_utils.Database) -> None:
    """Per citation, whose verdict it is (`local` rules or the `wiki`'s citation module) and
    why the wiki's was wanted but not used (`fallback`); where the two disagree (judge
    `both`), for the organizer report."""
    db.execute("ALTER TABLE citations ADD COLUMN judge TEXT NOT NULL DEFAULT 'local'")
    db.execute("ALTER TABLE citations ADD COLUMN fallback TEXT NOT NULL DEFAULT ''")
    db.execute(
        """CREATE TABLE disagreements (
            citation_id INTEGER PRIMARY KEY REFERENCES citations(id) ON DELETE CASCADE,
            local_well_formed INTEGER NOT NULL, wiki_well_formed INTEGER NOT NULL,
            local_codes TEXT NOT NULL, wiki_codes TEXT NOT NULL)"""
    )


@migrations()
def m004_analysis_pending(db: sqlite_utils.Database) -> None:
    """Edits whose texts could not be read yet (a revision missing from a text batch, a
    hidden text): recorded with no citations and analysed again by later scans.

    Older versions stored such edits as analysed with nothing found, indistinguishable from
    an edit that added nothing: those (no citation, reuse or citation-needed removal) are
    marked pending once, so a later scan analyses them again (an empty result stays empty).
    """
    db.execute("ALTER TABLE edits ADD COLUMN analysis_pending INTEGER NOT NULL DEFAULT 0")
    db.execute(
        """UPDATE edits SET analysis_pending = 1
           WHERE citations_added = 0 AND reused = 0 AND cn_removed = 0"""
    )


EDITS_BY_USER_COLUMNS = (
    "campaign_id, wiki, user, revid, timestamp, user_kind, reverted, deleted, citations_added,"
    " citations_well_formed, cn_removed, analysis_pending"
)


@migrations()
def m005_scale_indexes(db: sqlite_utils.Database) -> None:
    """Edits by campaign, wiki and user, covering every column the per-wiki reads use
    (status, standings, daily edits, welcome candidates, a user's problem codes), so each
    reads the index alone instead of the whole table (`make bench`: store queries)."""
    db.execute(f"CREATE INDEX edits_campaign_wiki_user ON edits({EDITS_BY_USER_COLUMNS})")


@migrations()
def m006_save_intents(db: sqlite_utils.Database) -> None:
    """A page save the bot is about to make, recorded before it is sent: a run that dies
    between the wiki's save and its record leaves the intent, and the next run finds the
    save in the page history and records it (`tasks.leaderboard`)."""
    db.execute(
        """CREATE TABLE save_intents (
            wiki TEXT NOT NULL, title TEXT NOT NULL, campaign_id TEXT NOT NULL,
            kind TEXT NOT NULL, content_sha1 TEXT NOT NULL, intended_at TEXT NOT NULL,
            PRIMARY KEY (wiki, title))"""
    )


@migrations()
def m007_family_wikis(db: sqlite_utils.Database) -> None:
    """The wikis a campaign's families hold, as the hub's sitematrix last listed them
    (`listed` 0: closed or gone since; kept, their edits still count), and when each
    family was last asked."""
    db.execute(
        """CREATE TABLE family_wikis (
            family TEXT NOT NULL, dbname TEXT NOT NULL, lang TEXT NOT NULL, url TEXT NOT NULL,
            interwiki TEXT NOT NULL, first_seen TEXT NOT NULL, last_seen TEXT NOT NULL,
            listed INTEGER NOT NULL, PRIMARY KEY (family, dbname))"""
    )
    db.execute(
        """CREATE TABLE family_refreshes (
            family TEXT PRIMARY KEY, refreshed_at TEXT NOT NULL)"""
    )


@migrations()
def m009_fixes(db: sqlite_utils.Database) -> None:
    """Citations that left the organizer report: fixed (now well-formed) or gone from the
    article, with the article's latest revision when the report saw it (who, which, when),
    for "fixed by" on the report and in `export citations`."""
    db.execute(
        """CREATE TABLE fixes (
            campaign_id TEXT NOT NULL, wiki TEXT NOT NULL, revid INTEGER NOT NULL,
            wikitext TEXT NOT NULL, page_title TEXT NOT NULL, added_by TEXT NOT NULL,
            outcome TEXT NOT NULL, fixed_by TEXT NOT NULL, fixed_revid INTEGER NOT NULL,
            fixed_at TEXT NOT NULL, seen_at TEXT NOT NULL,
            PRIMARY KEY (campaign_id, wiki, revid, wikitext))"""
    )
    db.execute("CREATE INDEX fixes_recent ON fixes(campaign_id, wiki, fixed_at)")


@migrations()
def m010_scan_visits(db: sqlite_utils.Database) -> None:
    """When a scan last finished each wiki (read, or failed), so a cycle whose time budget
    ran out visits the wikis it did not reach first next time."""
    db.execute(
        """CREATE TABLE scan_visits (
            wiki TEXT PRIMARY KEY, visited_at TEXT NOT NULL)"""
    )


def open_db(path: Path, *, create: bool = True) -> sqlite_utils.Database:
    """Open and migrate the database; create it only when `create` (the scan's right).

    With `create=False` a missing (or empty, zero-byte) file is a `DatabaseMissing`
    naming the path: a lost database must never become an empty one that is published.
    The schema is created and migrated in one write transaction (`opening.migrate`); a
    database of a newer schema version is refused unchanged.
    """
    if not create:
        _require(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        db = opening.connect(path, readonly=False)
        db.execute("PRAGMA journal_mode = DELETE")
        db.execute("PRAGMA foreign_keys = ON")
        opening.migrate(db, path, migrations)
    except (sqlite3.DatabaseError, OSError) as e:
        raise opening.store_error(path, e) from e
    return db


def open_db_readonly(path: Path, *, missing_ok: bool = False) -> sqlite_utils.Database:
    """The database opened read-only (status, export, dry runs).

    A missing file is a `DatabaseMissing`, unless `missing_ok` (the scan's dry run, which
    may run before any scan): then an empty in-memory database stands in. A database of an
    older or newer schema is refused with one line saying which and what to do.
    """
    if missing_ok and not path.exists():
        db = sqlite_utils.Database(memory=True)
        migrations.apply(db)
        return db
    _require(path)
    try:
        ro = opening.connect(path, readonly=True)
        opening.check_not_newer(ro, path, migrations)
        opening.check_not_older(ro, path, migrations)
    except (sqlite3.DatabaseError, OSError) as e:
        raise opening.store_error(path, e) from e
    return ro


def _require(path: Path) -> None:
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise DatabaseMissing(path) from None
    except OSError as e:
        raise opening.store_error(path, e) from e
    if size == 0:
        raise DatabaseMissing(path)
