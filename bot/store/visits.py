"""When a scan last finished each wiki: the order of the next cycle (oldest first)."""

from __future__ import annotations

from collections.abc import Iterable

import sqlite_utils


def save_visit(db: sqlite_utils.Database, wiki: str, visited_at: str) -> None:
    """`wiki` was finished (read to the window's end, or failed) by the scan of `visited_at`."""
    with db.atomic():
        db.execute(
            """INSERT INTO scan_visits (wiki, visited_at) VALUES (?, ?)
               ON CONFLICT (wiki) DO UPDATE SET visited_at = excluded.visited_at""",
            [wiki, visited_at],
        )


def load_visits(db: sqlite_utils.Database, wikis: Iterable[str]) -> dict[str, str]:
    """Wiki → when a scan last finished it (ISO 8601), for those of `wikis` ever finished."""
    wanted = set(wikis)
    rows = db.execute("SELECT wiki, visited_at FROM scan_visits")
    return {wiki: at for wiki, at in rows if wiki in wanted}
