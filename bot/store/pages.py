"""Published pages: what the bot last saved to each leaderboard, report and global page."""

from __future__ import annotations

import sqlite_utils

from ..records import PageKind, SaveIntent


def save_published(
    db: sqlite_utils.Database, wiki: str, title: str, campaign_id: str, kind: PageKind,
    revid: int | None, content_sha1: str, saved_at: str,
) -> None:  # fmt: skip
    """What the bot saved to a page; the page's save intent, if any, is settled with it."""
    with db.atomic():
        db.table("published_pages").upsert(
            {"wiki": wiki, "title": title, "campaign_id": campaign_id, "kind": kind,
             "revid": revid, "content_sha1": content_sha1, "saved_at": saved_at},
            pk=("wiki", "title"),
        )  # fmt: skip
        db.execute("DELETE FROM save_intents WHERE wiki = ? AND title = ?", [wiki, title])


def save_intent(
    db: sqlite_utils.Database, wiki: str, title: str, campaign_id: str, kind: PageKind,
    content_sha1: str, intended_at: str,
) -> None:  # fmt: skip
    """Record, before sending it, that the bot is about to save `title` (see `SaveIntent`)."""
    with db.atomic():
        db.table("save_intents").upsert(
            {"wiki": wiki, "title": title, "campaign_id": campaign_id, "kind": kind,
             "content_sha1": content_sha1, "intended_at": intended_at},
            pk=("wiki", "title"),
        )  # fmt: skip


def clear_intent(db: sqlite_utils.Database, wiki: str, title: str) -> None:
    """The intended save was settled otherwise (not saved, refused, nothing to change)."""
    with db.atomic():
        db.execute("DELETE FROM save_intents WHERE wiki = ? AND title = ?", [wiki, title])


def load_intent(db: sqlite_utils.Database, wiki: str, title: str) -> SaveIntent | None:
    """A save of `title` a previous run intended and never settled (it died), or None."""
    row = db.execute(
        """SELECT campaign_id, kind, content_sha1, intended_at FROM save_intents
           WHERE wiki = ? AND title = ?""",
        [wiki, title],
    ).fetchone()
    if row is None:
        return None
    return SaveIntent(wiki, title, row[0], row[1], row[2], row[3])


def load_last_published(db: sqlite_utils.Database, wiki: str, kind: PageKind) -> str | None:
    """When a page of this kind was last saved on the wiki (ISO 8601), or None."""
    row = db.execute(
        "SELECT max(saved_at) FROM published_pages WHERE wiki = ? AND kind = ?", [wiki, kind]
    ).fetchone()
    return row[0] if row else None
