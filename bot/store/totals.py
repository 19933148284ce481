"""Campaign-wide exports: every tagged edit in the Hashtags tool's CSV layout, and totals
per wiki. Rows are plain dicts (the export's columns, in order), like `exports`."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import sqlite_utils

from ..render.hub import WikiTotal
from ..timestamps import parse_ts
from .schema import COUNTED

HASHTAGS_COLUMNS = ("Domain", "Timestamp", "Username", "Page title", "Edit summary", "Diff ID")
"""The columns of hashtags.wmcloud.org's CSV download, in its order (its `csv_download`)."""


def export_hashtags(
    db: sqlite_utils.Database, campaign_id: str | None, domains: Mapping[str, str]
) -> Iterator[dict[str, Any]]:
    """Every recorded tagged edit as the Hashtags tool lists it: newest first, its domain
    (`domains`: wiki key -> host; the key itself when unknown), the time as Django writes
    it (`2027-01-15 10:00:00+00:00`), and the revision id as `Diff ID`. Like the tool, edits
    reverted or deleted since are listed too."""
    where, params = ("WHERE campaign_id = ?", [campaign_id]) if campaign_id else ("", [])
    cursor = db.execute(
        f"""SELECT DISTINCT wiki, timestamp, user, page_title, comment, revid FROM edits {where}
            ORDER BY timestamp DESC, wiki, revid DESC""",  # noqa: S608
        params,
    )
    for wiki, ts, user, title, comment, revid in cursor:  # streamed, as `exports`
        values = (domains.get(wiki, wiki), str(parse_ts(ts)), user, title, comment, revid)
        yield dict(zip(HASHTAGS_COLUMNS, values, strict=True))


def export_wiki_totals(
    db: sqlite_utils.Database, campaign_id: str | None, domains: Mapping[str, str]
) -> Iterator[dict[str, Any]]:
    """Per campaign and wiki, what still counts: edits, participants, citations added and
    well-formed, citation-needed resolved, articles created and improved (pages edited that
    the campaign did not create), and edits reverted or deleted since; by campaign, wiki."""
    where, params = ("WHERE e.campaign_id = ?", [campaign_id]) if campaign_id else ("", [])
    cursor = db.execute(
        f"""SELECT e.campaign_id, e.wiki,
                sum({COUNTED}), count(DISTINCT CASE WHEN {COUNTED} THEN e.user END),
                sum(CASE WHEN {COUNTED} THEN e.citations_added ELSE 0 END),
                sum(CASE WHEN {COUNTED} THEN e.citations_well_formed ELSE 0 END),
                sum(CASE WHEN {COUNTED} THEN e.cn_removed ELSE 0 END),
                count(DISTINCT CASE WHEN {COUNTED} AND e.is_creation THEN e.page_id END),
                count(DISTINCT CASE WHEN {COUNTED} THEN e.page_id END),
                sum(NOT ({COUNTED}))
            FROM edits e {where} GROUP BY e.campaign_id, e.wiki
            ORDER BY e.campaign_id, e.wiki""",  # noqa: S608
        params,
    )
    for cid, wiki, edits, users, cites, good, cn, created, pages, dropped in cursor:
        yield {
            "campaign": cid, "wiki": wiki, "domain": domains.get(wiki, wiki), "edits": edits,
            "participants": users, "citations_added": cites, "well_formed": good,
            "well_formed_share": round(good / cites, 4) if cites else None,
            "cn_resolved": cn, "articles_created": created,
            "articles_improved": pages - created, "reverted_or_deleted": dropped,
        }  # fmt: skip


def load_wiki_totals(db: sqlite_utils.Database, campaign_id: str) -> list[WikiTotal]:
    """The campaign's per-wiki totals as records, for the hub page."""
    return [
        WikiTotal(
            r["wiki"],
            r["edits"],
            r["participants"],
            r["citations_added"],
            r["well_formed"],
            r["cn_resolved"],
            r["articles_created"],
            r["articles_improved"],
        )
        for r in export_wiki_totals(db, campaign_id, {})
    ]
