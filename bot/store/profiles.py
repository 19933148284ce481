"""What each wiki publishes about its citations, as last read (`wiki_profiles`): kept between
runs with when it was read, so a profile is read again once a day at most, and a failed read
leaves the previous publication in place (with the failure beside it, for `lib1ref status`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlite_utils

from ..citations.derive import Publication
from ..timestamps import format_ts, parse_ts


@dataclass(frozen=True)
class StoredProfile:
    """A wiki's publication as last read, and the last failed read since ('' when none)."""

    wiki: str
    lang: str
    publication: Publication | None  # None: never read successfully
    fetched_at: datetime | None
    requests: int
    failed_at: datetime | None
    failure: str


def load_wiki_profile(db: sqlite_utils.Database, wiki: str) -> StoredProfile | None:
    """The stored publication of `wiki` (None when never read). A stored text that is no
    publication (written by another version) reads as none, to be read again."""
    if not db["wiki_profiles"].exists():  # a read-only database of an older schema
        return None
    row = db.execute(
        """SELECT lang, publication, fetched_at, requests, failed_at, failure
           FROM wiki_profiles WHERE wiki = ?""",
        [wiki],
    ).fetchone()
    if row is None:
        return None
    lang, text, fetched_at, requests, failed_at, failure = row
    try:
        publication = Publication.from_json(text) if text else None
    except ValueError:
        publication = None
    return StoredProfile(
        wiki, lang, publication, parse_ts(fetched_at) if fetched_at else None, requests,
        parse_ts(failed_at) if failed_at else None, failure,
    )  # fmt: skip


def save_wiki_profile(
    db: sqlite_utils.Database,
    wiki: str,
    lang: str,
    publication: Publication,
    now: datetime,
    requests: int,
) -> None:
    """Record a successful read of `wiki` at `now` (clearing any earlier failure)."""
    with db.atomic():
        db.execute(
            """INSERT INTO wiki_profiles VALUES (?, ?, ?, ?, ?, '', '')
               ON CONFLICT (wiki) DO UPDATE SET lang = excluded.lang,
                 publication = excluded.publication, fetched_at = excluded.fetched_at,
                 requests = excluded.requests, failed_at = '', failure = ''""",
            [wiki, lang, publication.to_json(), format_ts(now), requests],
        )


def save_wiki_profile_failure(
    db: sqlite_utils.Database, wiki: str, lang: str, now: datetime, failure: str
) -> None:
    """Record a failed read; the publication read before (if any) stays."""
    with db.atomic():
        db.execute(
            """INSERT INTO wiki_profiles VALUES (?, ?, '', '', 0, ?, ?)
               ON CONFLICT (wiki) DO UPDATE SET failed_at = excluded.failed_at,
                 failure = excluded.failure""",
            [wiki, lang, format_ts(now), failure],
        )


def load_wiki_profiles(db: sqlite_utils.Database) -> list[StoredProfile]:
    """Every wiki's stored profile, by wiki key (for `lib1ref status`)."""
    if not db["wiki_profiles"].exists():
        return []
    keys = [r[0] for r in db.execute("SELECT wiki FROM wiki_profiles ORDER BY wiki")]
    return [p for k in keys if (p := load_wiki_profile(db, k)) is not None]
