"""Opening the database safely when jobs overlap, and naming what is wrong with a bad one.

Scheduled jobs overlap on one file (scan every 10 minutes, leaderboard hourly, welcome twice
an hour), so every connection waits for a lock (`BUSY_TIMEOUT`) instead of failing, and every
write transaction starts with `BEGIN IMMEDIATE`: a transaction that read first and then wants
to write while another connection writes is a deadlock SQLite answers at once with "database
is locked", whatever the busy timeout; taking the write lock first means it only ever waits.

The schema is created and migrated in one transaction, under that write lock: a reader sees
either no database (a zero-byte file) or a complete schema, never half of one. A database
whose schema is newer than this bot's (a migration this version does not know) is refused
before anything is written.
"""

from __future__ import annotations

import contextlib
import re
import sqlite3
from collections.abc import Generator
from pathlib import Path
from urllib.parse import quote

import sqlite_utils
from sqlite_utils.migrations import Migrations

from ..errors import StoreError

BUSY_TIMEOUT = 120.0
"""Seconds a connection waits for another job's lock before giving up."""


class Database(sqlite_utils.Database):
    """sqlite-utils' database whose outermost transaction takes the write lock first.

    A write that SQLite rolled back under the transaction (a full disk may do so) raises
    instead of letting the transaction end as if committed.
    """

    @property
    def supports_on_conflict(self) -> bool:
        # sqlite-utils finds out by creating a scratch table and swallowing any error: on a
        # full disk that error rolls back the caller's whole transaction, silently. Every
        # SQLite this bot runs on (>= 3.24) supports upsert.
        return sqlite3.sqlite_version_info >= (3, 24, 0)

    @contextlib.contextmanager
    def atomic(self) -> Generator[sqlite_utils.Database, None, None]:
        if self.conn.in_transaction:
            with super().atomic():
                yield self
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self
        except BaseException:
            if self.conn.in_transaction:
                self.conn.rollback()
            raise
        if not self.conn.in_transaction:
            raise sqlite3.OperationalError("SQLite rolled the transaction back under the bot")
        self.conn.commit()


def connect(path: Path, *, readonly: bool) -> Database:
    uri = f"file:{quote(str(path))}" + ("?mode=ro" if readonly else "")
    conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT)
    return Database(conn)


def version_of(name: str) -> int:
    """A migration's number: `m006_fault_intents` is 6 (0 for a name without one)."""
    match = re.match(r"m(\d+)_", name)
    return int(match.group(1)) if match else 0


def _newest(names: list[str]) -> str:
    return max(names, key=version_of) if names else "none"


def check_not_newer(db: sqlite_utils.Database, path: Path, migrations: Migrations) -> None:
    """Refuse a database that a newer version of the bot migrated (names both versions)."""
    if not db["_sqlite_migrations"].exists():
        return
    applied = [m.name for m in migrations.applied(db)]
    known = {m.name for m in migrations._migrations}  # no public list
    unknown = [name for name in applied if name not in known]
    if unknown:
        theirs, ours = _newest(applied), _newest(list(known))
        raise StoreError(
            f"{path}: the database has schema version {version_of(theirs)} ({theirs}), newer "
            f"than this bot's {version_of(ours)} ({ours}): upgrade the bot; nothing was changed"
        )


def check_not_older(db: sqlite_utils.Database, path: Path, migrations: Migrations) -> None:
    """Refuse, for a read-only use, a database this bot has not migrated yet (after an
    upgrade, before the next scan): a query would fail on a missing column."""
    pending = [m.name for m in migrations.pending(db)]
    if pending:
        theirs = _newest([m.name for m in migrations.applied(db)])
        ours = _newest([m.name for m in migrations._migrations])  # no public list
        raise StoreError(
            f"{path}: the database has schema version {version_of(theirs)}, older than this "
            f"bot's {version_of(ours)} ({ours}): run `lib1ref scan` once to upgrade it; "
            "nothing was changed"
        )


def migrate(db: Database, path: Path, migrations: Migrations) -> None:
    """Check the version and apply pending migrations, all in one write transaction."""
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        check_not_newer(db, path, migrations)
        migrations.apply(db)  # each migration nests as a savepoint
    except BaseException:
        if db.conn.in_transaction:
            db.conn.rollback()
        raise
    db.conn.commit()


_PLAIN = (
    ("file is not a database", "is not a SQLite database (damaged, or another kind of file)"),
    ("malformed", "is damaged (the database disk image is malformed); restore a backup"),
    ("readonly", "is read-only (check the file's and its folder's permissions)"),
    ("read-only", "is read-only (check the file's and its folder's permissions)"),
    ("disk is full", "cannot be written: the disk is full"),
    ("disk i/o error", "cannot be written or read (disk I/O error)"),
    ("unable to open", "cannot be opened (missing folder, or no permission)"),
    ("database is locked", "is locked by another job for longer than the busy timeout"),
)


def plain_words(error: BaseException) -> str:
    """What is wrong with a database, from the SQLite or OS error, in plain words."""
    if isinstance(error, OSError) and not isinstance(error, sqlite3.Error):
        import errno

        if error.errno == errno.ENOSPC:
            return "cannot be written: the disk is full"
        if error.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            return "is read-only (check the file's and its folder's permissions)"
        return f"cannot be used: {error.strerror or error}"
    text = str(error).lower()
    for needle, words in _PLAIN:
        if needle in text:
            return words
    return f"cannot be used: {' '.join(str(error).split())[:200]}"


def store_error(path: Path, error: BaseException) -> StoreError:
    """The one-line error naming the database file and what is wrong with it."""
    return StoreError(f"database {path} {plain_words(error)}")
