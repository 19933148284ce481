"""The wikis of each family, as the hub's sitematrix last listed them, kept between runs so
a day without an answer still scans them; and when each family was last asked."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import sqlite_utils

from ..families import SiteEntry
from ..timestamps import format_ts, parse_ts


def save_family_wikis(
    db: sqlite_utils.Database, family: str, entries: Sequence[SiteEntry], now: datetime
) -> list[str]:
    """Record the family's open wikis as listed at `now`; a wiki no longer listed stays, as
    not listed. Returns the dbnames listed for the first time."""
    at = format_ts(now)
    with db.atomic():
        known = {r[0] for r in db.execute(
            "SELECT dbname FROM family_wikis WHERE family = ?", [family])}  # fmt: skip
        db.execute("UPDATE family_wikis SET listed = 0 WHERE family = ?", [family])
        for e in entries:
            db.execute(
                """INSERT INTO family_wikis VALUES (?, ?, ?, ?, ?, ?, ?, 1)
                   ON CONFLICT (family, dbname) DO UPDATE SET lang = excluded.lang,
                     url = excluded.url, interwiki = excluded.interwiki,
                     last_seen = excluded.last_seen, listed = 1""",
                [family, e.dbname, e.lang, e.url, e.interwiki, at, at],
            )
        db.execute(
            """INSERT INTO family_refreshes VALUES (?, ?)
               ON CONFLICT (family) DO UPDATE SET refreshed_at = excluded.refreshed_at""",
            [family, at],
        )
    return sorted({e.dbname for e in entries} - known)


def load_family_wikis(db: sqlite_utils.Database, families: Sequence[str]) -> list[SiteEntry]:
    """The wikis the families' last lists held (closed ones left out), by family, dbname."""
    if not families:
        return []
    marks = ", ".join("?" for _ in families)
    rows = db.execute(
        f"""SELECT family, dbname, lang, url, interwiki FROM family_wikis
            WHERE listed = 1 AND family IN ({marks}) ORDER BY family, dbname""",  # noqa: S608
        list(families),
    )
    return [SiteEntry(*row) for row in rows]


def load_family_refreshed(db: sqlite_utils.Database, family: str) -> datetime | None:
    """When the family's list was last read (None: never)."""
    row = db.execute(
        "SELECT refreshed_at FROM family_refreshes WHERE family = ?", [family]
    ).fetchone()
    return parse_ts(row[0]) if row else None


def load_has_edits(db: sqlite_utils.Database, campaign_id: str, wiki: str) -> bool:
    """Has anything been recorded on this wiki for the campaign? (A wiki with no edits has
    no participant a rename could move.)"""
    row = db.execute("SELECT 1 FROM edits WHERE campaign_id = ? AND wiki = ? LIMIT 1",
                     [campaign_id, wiki]).fetchone()  # fmt: skip
    return row is not None
