"""Published pages: what the bot last saved to each leaderboard, report and global page."""

from __future__ import annotations

import sqlite_utils

from ..records import PageKind


def save_published(
    db: sqlite_utils.Database, wiki: str, title: str, campaign_id: str, kind: PageKind,
    revid: int | None, content_sha1: str, saved_at: str,
) -> None:  # fmt: skip
    with db.atomic():
        db.table("published_pages").upsert(
            {"wiki": wiki, "title": title, "campaign_id": campaign_id, "kind": kind,
             "revid": revid, "content_sha1": content_sha1, "saved_at": saved_at},
            pk=("wiki", "title"),
        )  # fmt: skip


def load_last_published(db: sqlite_utils.Database, wiki: str, kind: PageKind) -> str | None:
    """When a page of this kind was last saved on the wiki (ISO 8601), or None."""
    row = db.execute(
        "SELECT max(saved_at) FROM published_pages WHERE wiki = ? AND kind = ?", [wiki, kind]
    ).fetchone()
    return row[0] if row else None
