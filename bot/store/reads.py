"""Reads for the scan, the leaderboard, the report and `lib1ref status`, as frozen records.

Each record is built here with an explicit column-to-field mapping, so a query and the
record it fills change together.
"""

from __future__ import annotations

import json
from typing import cast

import sqlite_utils

from ..citations.model import Problem
from ..records import Change, Checkpoint, EditRecord, RunOutcome, UserKind, WikiStatus
from ..render.model import DisagreementRow, ReportRow, Standing
from ..timestamps import parse_ts
from .pages import load_last_published
from .schema import COUNTED
from .welcomes import load_welcome_candidates, load_welcome_counts


def load_checkpoint(db: sqlite_utils.Database, campaign_id: str, wiki: str) -> Checkpoint | None:
    row = db.execute(
        "SELECT rc_timestamp, rcid FROM checkpoints WHERE campaign_id = ? AND wiki = ?",
        [campaign_id, wiki],
    ).fetchone()
    return Checkpoint(parse_ts(row[0]), row[1]) if row else None


def load_known_revids(db: sqlite_utils.Database, campaign_id: str, wiki: str) -> set[int]:
    rows = db.execute(
        "SELECT revid FROM edits WHERE campaign_id = ? AND wiki = ?", [campaign_id, wiki]
    )
    return {r[0] for r in rows}


def load_revids_to_recheck(
    db: sqlite_utils.Database, campaign_id: str, wiki: str, since: str
) -> list[int]:
    """Revision ids of the campaign's edits on a wiki made at or after `since`, the deleted
    ones included (a page restored since makes its edits count again)."""
    rows = db.execute(
        """SELECT revid FROM edits WHERE campaign_id = ? AND wiki = ? AND timestamp >= ?
           ORDER BY revid""",
        [campaign_id, wiki, since],
    )
    return [r[0] for r in rows]


def load_standings(db: sqlite_utils.Database, campaign_id: str, wiki: str | None) -> list[Standing]:
    """Per user (merged across wikis when `wiki` is None), counted edits only; unordered."""
    where, params = ("AND e.wiki = ?", [campaign_id, wiki]) if wiki else ("", [campaign_id])
    cursor = db.execute(
        f"""SELECT e.user, min(e.user_kind), sum(e.citations_well_formed),
                sum(e.citations_added), sum(e.cn_removed), count(*),
                group_concat(DISTINCT e.wiki), min(e.timestamp), max(e.timestamp)
            FROM edits e WHERE e.campaign_id = ? {where} AND {COUNTED}
            GROUP BY e.user""",  # noqa: S608
        params,
    )
    return [
        Standing(
            user=user,
            user_kind=cast(UserKind, kind),
            well_formed=well_formed,
            citations=citations,
            cn_resolved=cn_resolved,
            edits=edits,
            wikis=tuple(sorted(wikis.split(","))),
            first_edit=first_edit,
            last_edit=last_edit,
        )
        for user, kind, well_formed, citations, cn_resolved, edits, wikis, first_edit, last_edit
        in cursor
    ]  # fmt: skip


def load_daily_edits(
    db: sqlite_utils.Database, campaign_id: str, wiki: str | None
) -> dict[str, int]:
    """Counted edits per UTC day ("2027-01-15"); days without edits are absent."""
    where, params = ("AND e.wiki = ?", [campaign_id, wiki]) if wiki else ("", [campaign_id])
    cursor = db.execute(
        f"""SELECT substr(e.timestamp, 1, 10), count(*) FROM edits e
            WHERE e.campaign_id = ? {where} AND {COUNTED} GROUP BY 1""",  # noqa: S608
        params,
    )
    return {day: n for day, n in cursor}


def load_report_rows(
    db: sqlite_utils.Database, campaign_id: str, wiki: str, limit: int | None
) -> tuple[list[ReportRow], int]:
    """Error-level problems of counted edits' citations, by code then page (at most `limit`,
    all with None); and their total."""
    base = f"""FROM problems p JOIN citations c ON c.id = p.citation_id
               JOIN edits e USING (campaign_id, wiki, revid)
               WHERE c.campaign_id = ? AND c.wiki = ? AND p.severity = 'error'
               AND {COUNTED}"""
    total = db.execute(f"SELECT count(*) {base}", [campaign_id, wiki]).fetchone()[0]
    cursor = db.execute(
        f"""SELECT c.wiki, e.page_title, c.revid, e.user, p.code, p.severity, p.param,
                p.message, c.wikitext, c.judge {base}
            ORDER BY p.code, e.page_title, c.revid, c.position LIMIT ?""",
        [campaign_id, wiki, -1 if limit is None else limit],
    )
    rows = [
        ReportRow(
            wiki=w,
            page_title=page_title,
            revid=revid,
            user=user,
            wikitext=wikitext,
            # '' in the column is a problem about no parameter in particular: None.
            problem=Problem(code=code, severity=severity, param=param or None, message=message),
            judge=judge,
        )
        for w, page_title, revid, user, code, severity, param, message, wikitext, judge in cursor
    ]
    return rows, int(total)


def load_disagreement_rows(
    db: sqlite_utils.Database, campaign_id: str, wiki: str, limit: int
) -> tuple[list[DisagreementRow], int]:
    """Citations of counted edits on which our rules and the wiki's citation module differ,
    by page and revision; and their total."""
    base = f"""FROM disagreements d JOIN citations c ON c.id = d.citation_id
               JOIN edits e USING (campaign_id, wiki, revid)
               WHERE c.campaign_id = ? AND c.wiki = ? AND {COUNTED}"""
    total = db.execute(f"SELECT count(*) {base}", [campaign_id, wiki]).fetchone()[0]
    cursor = db.execute(
        f"""SELECT c.wiki, e.page_title, c.revid, e.user, c.wikitext, d.local_well_formed,
                d.wiki_well_formed, d.local_codes, d.wiki_codes {base}
            ORDER BY e.page_title, c.revid, c.position LIMIT ?""",
        [campaign_id, wiki, limit],
    )
    rows = [
        DisagreementRow(
            wiki=wiki_key,
            page_title=page_title,
            revid=revid,
            user=user,
            wikitext=wikitext,
            local_well_formed=bool(local_ok),
            wiki_well_formed=bool(wiki_ok),
            local_codes=tuple(json.loads(local_codes)),
            wiki_codes=tuple(json.loads(wiki_codes)),
        )
        for wiki_key, page_title, revid, user, wikitext, local_ok, wiki_ok, local_codes, wiki_codes
        in cursor
    ]  # fmt: skip
    return rows, int(total)


def load_status(db: sqlite_utils.Database, campaign_id: str, wiki: str) -> WikiStatus:
    """Counts for `lib1ref status`: edits, participants, citations, welcomes, last runs."""
    row = db.execute(
        """SELECT count(*), count(DISTINCT user), coalesce(sum(citations_added), 0),
                  coalesce(sum(citations_well_formed), 0),
                  coalesce(sum(reverted OR deleted), 0), coalesce(sum(analysis_pending), 0)
           FROM edits WHERE campaign_id = ? AND wiki = ?""",
        [campaign_id, wiki],
    ).fetchone()
    last = db.execute(
        "SELECT finished_at, ok, message FROM runs WHERE job = 'scan' AND wiki = ?", [wiki]
    ).fetchone()
    welcomes = load_welcome_counts(db, campaign_id, wiki)
    return WikiStatus(
        last_leaderboard=load_last_published(db, wiki, "leaderboard"),
        welcomed=welcomes.get("done", 0),
        welcomes_pending=len(load_welcome_candidates(db, campaign_id, wiki)),
        welcomes_failed=welcomes.get("failed", 0),
        welcomes_refused=welcomes.get("refused", 0),
        edits=row[0],
        participants=row[1],
        citations=row[2],
        well_formed=row[3],
        not_counted=row[4],
        not_analysed=row[5],
        last_scan=None if last is None else RunOutcome(last[0], bool(last[1]), last[2]),
    )


def load_pending_analysis(
    db: sqlite_utils.Database, campaign_id: str, wiki: str
) -> list[EditRecord]:
    """Edits recorded as not analysed yet, as records to analyse again (oldest first)."""
    cursor = db.execute(
        """SELECT revid, parent_revid, page_id, page_title, namespace, user, user_kind,
               timestamp, comment, hashtags, is_creation
           FROM edits WHERE campaign_id = ? AND wiki = ? AND analysis_pending = 1
           ORDER BY revid""",
        [campaign_id, wiki],
    )
    records = []
    for row in cursor:
        revid, parent, page_id, title, namespace, user, kind, ts, comment, tags, creation = row
        change = Change(
            rcid=0,
            revid=revid,
            parent_revid=parent,
            page_id=page_id,
            title=title,
            namespace=namespace,
            user=user,
            user_kind=cast(UserKind, kind),
            timestamp=parse_ts(ts),
            comment=comment,
            is_creation=bool(creation),
        )
        records.append(
            EditRecord(campaign_id, wiki, change, tuple(json.loads(tags)), analyzed=False)
        )
    return records
