"""Citations that left the organizer report, and who fixed them (`m009_fixes`).

A citation is recorded once, the first time the report sees it fixed or gone; recording it
again changes nothing, so a run that dies and is run again counts nothing twice. One that
stands in error again (the fix was reverted) loses its record.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlite_utils

from ..render.model import Fixed

Key = tuple[str, str, int, str]  # wiki, page title, revision, citation wikitext (bot.recheck)


def save_fixes(db: sqlite_utils.Database, campaign_id: str, fixes: Sequence[Fixed]) -> None:
    """Record citations that left the report; one already recorded keeps its first record."""
    with db.atomic():
        db.conn.executemany(
            """INSERT OR IGNORE INTO fixes (campaign_id, wiki, revid, wikitext, page_title,
                   added_by, outcome, fixed_by, fixed_revid, fixed_at, seen_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            [(campaign_id, f.wiki, f.revid, f.wikitext, f.page_title, f.added_by, f.outcome,
              f.fixed_by, f.fixed_revid, f.fixed_at, f.seen_at) for f in fixes],
        )  # fmt: skip


def clear_fixes(db: sqlite_utils.Database, campaign_id: str, standing: Sequence[Key]) -> None:
    """Citations seen in error again: no longer fixed."""
    with db.atomic():
        db.conn.executemany(
            """DELETE FROM fixes WHERE campaign_id = ? AND wiki = ? AND revid = ?
                   AND wikitext = ?""",
            [(campaign_id, wiki, revid, wikitext) for wiki, _, revid, wikitext in standing],
        )


def load_fixes(
    db: sqlite_utils.Database, campaign_id: str, wiki: str, limit: int
) -> tuple[list[Fixed], int]:
    """The `limit` latest fixes on `wiki` (by the fixing revision's time), and how many in all."""
    where = "WHERE campaign_id = ? AND wiki = ?"
    total = db.execute(f"SELECT count(*) FROM fixes {where}", [campaign_id, wiki]).fetchone()[0]  # noqa: S608
    cursor = db.execute(
        f"""SELECT wiki, page_title, revid, wikitext, added_by, outcome, fixed_by, fixed_revid,
                fixed_at, seen_at FROM fixes {where}
            ORDER BY fixed_at DESC, seen_at DESC, page_title, revid LIMIT ?""",  # noqa: S608
        [campaign_id, wiki, limit],
    )
    return [Fixed(*row) for row in cursor], int(total)
