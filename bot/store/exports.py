"""`lib1ref export`: every recorded edit, participant or citation as plain rows.

The exports are the serialisation boundary: each row is a dict whose keys (in order) are the
JSON keys and CSV columns of the export, so these stay dicts rather than records. The columns
the store cannot fill (each wiki's domain, the diff and article URLs, problems in words) are
there, empty, in their place: `tasks/export.py` fills them from the config.

Each export is a generator over the SQLite cursor: rows are read as the writer consumes them,
so memory stays flat at any campaign size (`make bench`: the export peak at 500,000 edits).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection, Iterator
from typing import Any

import sqlite_utils

Rows = Iterator[dict[str, Any]]


def _rows(cursor: sqlite3.Cursor) -> Rows:
    columns = [d[0] for d in cursor.description]
    for row in cursor:
        yield dict(zip(columns, row, strict=True))


def export_edits(db: sqlite_utils.Database, campaign_id: str | None) -> Rows:
    """Every recorded edit, ordered by wiki then revid (then campaign)."""
    where, params = ("WHERE campaign_id = ?", [campaign_id]) if campaign_id else ("", [])
    cursor = db.execute(
        f"""SELECT campaign_id AS campaign, wiki, '' AS domain, revid, parent_revid, page_title,
                '' AS diff_url, '' AS article_url, namespace, user, user_kind, timestamp,
                comment, hashtags, citations_added,
                citations_well_formed, reused, cn_removed, reverted, deleted,
                analysis_pending = 0 AS analysed
            FROM edits {where} ORDER BY wiki, revid, campaign_id""",  # noqa: S608
        params,
    )  # fmt: skip
    for row in _rows(cursor):
        row["hashtags"] = json.loads(row["hashtags"])
        row["reverted"] = bool(row["reverted"])
        row["deleted"] = bool(row["deleted"])
        row["analysed"] = bool(row["analysed"])
        yield row


def export_participants(
    db: sqlite_utils.Database, campaign_id: str | None, rank_unregistered: Collection[str] = ()
) -> Rows:
    """Per campaign and user (merged across wikis): counted edits and citations, and the rank
    on the campaign's all-wikis leaderboard (`bot.render.ranking.rank`: well-formed, then
    citations, then edits; ties share a rank; None for an unregistered participant unless the
    campaign is in `rank_unregistered`). SQLite ranks (a window), so rows still stream."""
    where, params = ("AND e.campaign_id = ?", [campaign_id]) if campaign_id else ("", [])
    ranked = ", ".join("?" * len(rank_unregistered))
    except_ranked = f"AND e.campaign_id NOT IN ({ranked})" if ranked else ""
    unranked = f"(min(e.user_kind) IN ('temporary', 'ip') {except_ranked})"
    cursor = db.execute(
        f"""SELECT e.campaign_id AS campaign,
                CASE WHEN {unranked} THEN NULL ELSE rank() OVER (
                    PARTITION BY e.campaign_id, {unranked}
                    ORDER BY sum(e.citations_well_formed) DESC, sum(e.citations_added) DESC,
                        count(*) DESC) END AS rank,
                e.user, min(e.user_kind) AS user_kind,
                group_concat(DISTINCT e.wiki) AS wikis, '' AS domains, count(*) AS edits,
                sum(e.citations_added) AS citations_added,
                sum(e.citations_well_formed) AS well_formed,
                sum(e.cn_removed) AS cn_resolved, min(e.timestamp) AS first_edit,
                max(e.timestamp) AS last_edit,
                (SELECT count(*) FROM welcomes w WHERE w.campaign_id = e.campaign_id
                   AND w.user = e.user AND w.status = 'done') AS welcomed
            FROM edits e WHERE e.reverted = 0 AND e.deleted = 0 {where}
            GROUP BY e.campaign_id, e.user ORDER BY e.campaign_id, e.user""",  # noqa: S608
        [*rank_unregistered, *rank_unregistered, *params],
    )  # fmt: skip
    for row in _rows(cursor):
        row["wikis"] = sorted(row["wikis"].split(","))
        row["welcomed"] = bool(row["welcomed"])
        yield row


def export_citations(db: sqlite_utils.Database, campaign_id: str | None) -> Rows:
    """Every recorded citation with its problem codes, in wiki, revid, position order; one
    that left the report says how (`fixed`, `gone`), and who made the article's latest
    revision then (`fixed_by`, `fixed_revid`; `bot.store.fixes`)."""
    where, params = ("WHERE c.campaign_id = ?", [campaign_id]) if campaign_id else ("", [])
    cursor = db.execute(
        f"""SELECT c.campaign_id AS campaign, c.wiki, '' AS domain, c.revid, e.page_title,
                '' AS diff_url, '' AS article_url, e.user,
                c.position, c.kind, c.template, c.well_formed, c.judge, c.fallback,
                c.profile_source,
                (SELECT group_concat(code, ' ') FROM (SELECT code FROM problems p
                   WHERE p.citation_id = c.id ORDER BY p.rowid)) AS problems,
                '' AS problem_names,
                c.wikitext, e.reverted, e.deleted, coalesce(f.outcome, '') AS left_report,
                coalesce(f.fixed_by, '') AS fixed_by, f.fixed_revid, f.fixed_at
            FROM citations c JOIN edits e USING (campaign_id, wiki, revid)
            LEFT JOIN fixes f ON f.campaign_id = c.campaign_id AND f.wiki = c.wiki
                AND f.revid = c.revid AND f.wikitext = c.wikitext {where}
            ORDER BY c.wiki, c.revid, c.campaign_id, c.position""",  # noqa: S608
        params,
    )  # fmt: skip
    for row in _rows(cursor):
        row["problems"] = row["problems"].split() if row["problems"] else []
        for key in ("well_formed", "reverted", "deleted"):
            row[key] = bool(row[key])
        yield row
