"""What the scan writes: campaigns, edits with their citations and problems, the
checkpoint (in the same transaction as the edits), revert/deletion statuses, user renames,
the run log."""

from __future__ import annotations

import json
from collections.abc import Iterable

import sqlite_utils

from ..config import CampaignConfig
from ..records import Checkpoint, EditRecord, EditStatus
from ..timestamps import format_ts


def save_campaigns(db: sqlite_utils.Database, campaigns: Iterable[CampaignConfig]) -> None:
    rows = [
        {
            "id": c.id,
            "start": c.start.isoformat(),
            "end": c.end.isoformat(),
            "hashtags": json.dumps(list(c.hashtags)),
            "wikis": json.dumps(list(c.wikis)),
            "namespaces": json.dumps(list(c.namespaces)),
        }
        for c in campaigns
    ]
    with db.atomic():
        db.table("campaigns").upsert_all(rows, pk="id")


def save_batch(
    db: sqlite_utils.Database,
    campaign_id: str,
    wiki: str,
    edits: Iterable[EditRecord],
    checkpoint: Checkpoint | None,
) -> int:
    """Record edits and advance the checkpoint in one transaction. Returns new edits.

    An edit already recorded is left as it is, so re-reading a window changes nothing.
    """
    new = 0
    with db.atomic():
        for edit in edits:
            new += _insert_edit(db, edit)
        if checkpoint is not None:
            db.execute(
                """INSERT INTO checkpoints (campaign_id, wiki, rc_timestamp, rcid)
                   VALUES (?, ?, ?, ?) ON CONFLICT (campaign_id, wiki) DO UPDATE
                   SET rc_timestamp = excluded.rc_timestamp, rcid = excluded.rcid""",
                [campaign_id, wiki, format_ts(checkpoint.timestamp), checkpoint.rcid],
            )
    return new


def _insert_edit(db: sqlite_utils.Database, edit: EditRecord) -> int:
    ch = edit.change
    db.execute(
        """INSERT INTO participants (campaign_id, wiki, user, user_kind, first_edit)
           VALUES (?, ?, ?, ?, ?) ON CONFLICT DO UPDATE
           SET first_edit = min(first_edit, excluded.first_edit)""",
        [edit.campaign_id, edit.wiki, ch.user, ch.user_kind, format_ts(ch.timestamp)],
    )
    cursor = db.execute(
        """INSERT INTO edits (campaign_id, wiki, revid, parent_revid, page_id, page_title,
               namespace, user, user_kind, timestamp, comment, hashtags, citations_added,
               citations_well_formed, reused, cn_removed, is_creation, analysis_pending)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT DO NOTHING""",
        [
            edit.campaign_id, edit.wiki, ch.revid, ch.parent_revid, ch.page_id, ch.title,
            ch.namespace, ch.user, ch.user_kind, format_ts(ch.timestamp), ch.comment,
            json.dumps(list(edit.hashtags)), len(edit.citations), edit.citations_well_formed,
            edit.reused, edit.cn_removed, int(ch.is_creation), int(not edit.analyzed),
        ],
    )  # fmt: skip
    if cursor.rowcount == 0:
        return 0
    _insert_citations(db, edit)
    return 1


def _insert_citations(db: sqlite_utils.Database, edit: EditRecord) -> None:
    ch = edit.change
    for c in edit.citations:
        cid = db.execute(
            """INSERT INTO citations (campaign_id, wiki, revid, position, kind, template,
                   wikitext, well_formed, judge, fallback, profile_source)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            [edit.campaign_id, edit.wiki, ch.revid, c.position, c.kind, c.template,
             c.wikitext, int(c.well_formed), c.judge, c.fallback, c.profile_source],
        ).lastrowid  # fmt: skip
        if c.disagreement is not None:
            d = c.disagreement
            db.execute(
                """INSERT INTO disagreements (citation_id, local_well_formed, wiki_well_formed,
                       local_codes, wiki_codes) VALUES (?, ?, ?, ?, ?)""",
                [cid, int(d.local_well_formed), int(d.wiki_well_formed),
                 json.dumps(list(d.local_codes)), json.dumps(list(d.wiki_codes))],
            )  # fmt: skip
        for p in c.problems:
            # A problem about no parameter in particular is stored as '' (the column is NOT NULL).
            db.execute(
                "INSERT INTO problems (citation_id, code, severity, param, message)"
                " VALUES (?, ?, ?, ?, ?)",
                [cid, p.code, p.severity, p.param or "", p.message],
            )


def save_analysis(db: sqlite_utils.Database, edits: Iterable[EditRecord]) -> int:
    """Record the late analysis of edits stored as not analysed yet. Returns how many.

    Only analysed records of edits still pending are written, so a rerun changes nothing.
    """
    done = 0
    with db.atomic():
        for edit in edits:
            if not edit.analyzed:
                continue
            ch = edit.change
            updated = db.execute(
                """UPDATE edits SET citations_added = ?, citations_well_formed = ?, reused = ?,
                       cn_removed = ?, analysis_pending = 0
                   WHERE campaign_id = ? AND wiki = ? AND revid = ? AND analysis_pending = 1""",
                [len(edit.citations), edit.citations_well_formed, edit.reused, edit.cn_removed,
                 edit.campaign_id, edit.wiki, ch.revid],
            ).rowcount  # fmt: skip
            if updated:
                _insert_citations(db, edit)
                done += 1
    return done


def save_edit_statuses(
    db: sqlite_utils.Database, campaign_id: str, wiki: str, statuses: Iterable[EditStatus]
) -> int:
    """Record reverts, and deletions both ways: a deleted (or hidden) edit whose revision is
    back (the page was restored) counts again. A revert stays. Returns how many changed."""
    changed = 0
    with db.atomic():
        for s in statuses:
            changed += db.execute(
                """UPDATE edits SET reverted = max(reverted, ?), deleted = ?
                   WHERE campaign_id = ? AND wiki = ? AND revid = ?
                   AND (reverted < ? OR deleted != ?)""",
                [int(s.reverted), int(s.deleted), campaign_id, wiki, s.revid,
                 int(s.reverted), int(s.deleted)],
            ).rowcount  # fmt: skip
    return changed


def save_run(
    db: sqlite_utils.Database, job: str, wiki: str, finished_at: str, ok: bool, message: str
) -> None:
    """The last outcome of `job` on `wiki` (one row per job and wiki), for `lib1ref status`."""
    with db.atomic():
        db.table("runs").upsert(
            {"job": job, "wiki": wiki, "finished_at": finished_at, "ok": int(ok),
             "message": message},
            pk=("job", "wiki"),
        )  # fmt: skip


def save_renames(
    db: sqlite_utils.Database, campaign_id: str, wiki: str, names: dict[str, str]
) -> int:
    """Move the participants renamed since (`names`: former → current name) onto their
    current name: their edits and welcome join that name's, one row per person. A final
    welcome outcome (`done`, `refused`) under either name wins. Returns users moved."""
    moved = 0
    key = [campaign_id, wiki]
    with db.atomic():
        for old, new in names.items():
            if not db.execute(
                "SELECT 1 FROM participants WHERE campaign_id = ? AND wiki = ? AND user = ?",
                [*key, old],
            ).fetchone():
                continue
            db.execute(
                """INSERT INTO participants (campaign_id, wiki, user, user_kind, first_edit)
                   SELECT campaign_id, wiki, ?, user_kind, first_edit FROM participants
                   WHERE campaign_id = ? AND wiki = ? AND user = ?
                   ON CONFLICT DO UPDATE SET first_edit = min(first_edit, excluded.first_edit)""",
                [new, *key, old],
            )
            db.execute(
                "UPDATE edits SET user = ? WHERE campaign_id = ? AND wiki = ? AND user = ?",
                [new, *key, old],
            )
            db.execute(
                """INSERT INTO welcomes (campaign_id, wiki, user, status, attempts, reason,
                       revid, updated_at)
                   SELECT campaign_id, wiki, ?, status, attempts, reason, revid, updated_at
                   FROM welcomes WHERE campaign_id = ? AND wiki = ? AND user = ? AND true
                   ON CONFLICT DO UPDATE SET status = excluded.status,
                       reason = excluded.reason, revid = excluded.revid
                   WHERE excluded.status IN ('done', 'refused')
                     AND status NOT IN ('done', 'refused')""",
                [new, *key, old],
            )
            for table in ("welcomes", "participants"):
                db.execute(
                    f"DELETE FROM {table} WHERE campaign_id = ? AND wiki = ? AND user = ?",  # noqa: S608
                    [*key, old],
                )
            moved += 1
    return moved
