"""Welcomes: who is still to be welcomed, and the outcome of each attempt.

A welcome's status (`WelcomeStatus`): `done` is final; `refused` is final too (a refusal
that cannot succeed later, such as a protected talk page); `failed` counts an attempt and
the user stays a candidate until `WELCOME_MAX_ATTEMPTS`; `skipped` is checked again later.
"""

from __future__ import annotations

import sqlite_utils

from ..records import ProblemSite, WelcomeStatus
from .schema import COUNTED

WELCOME_MAX_ATTEMPTS = 3


def load_welcome_candidates(db: sqlite_utils.Database, campaign_id: str, wiki: str) -> list[str]:
    """Registered participants with a counted edit, neither welcomed nor refused for good,
    failures under the cap; earliest first edit first."""
    rows = db.execute(
        f"""SELECT e.user FROM edits e
            LEFT JOIN welcomes w ON w.campaign_id = e.campaign_id AND w.wiki = e.wiki
                AND w.user = e.user
            WHERE e.campaign_id = ? AND e.wiki = ? AND e.user_kind = 'registered'
              AND {COUNTED}
              AND (w.user IS NULL
                   OR (w.status NOT IN ('done', 'refused') AND w.attempts < ?))
            GROUP BY e.user ORDER BY min(e.timestamp), e.user""",  # noqa: S608
        [campaign_id, wiki, WELCOME_MAX_ATTEMPTS],
    )
    return [r[0] for r in rows]


def load_counted_revids(
    db: sqlite_utils.Database, campaign_id: str, wiki: str, users: list[str]
) -> dict[str, list[int]]:
    """The revision ids of each user's counted edits (users with none are absent)."""
    out: dict[str, list[int]] = {}
    for i in range(0, len(users), 500):  # under SQLite's limit of bound parameters
        chunk = users[i : i + 500]
        marks = ", ".join("?" * len(chunk))
        rows = db.execute(
            f"""SELECT e.user, e.revid FROM edits e WHERE e.campaign_id = ? AND e.wiki = ?
                AND e.user IN ({marks}) AND {COUNTED} ORDER BY e.revid""",  # noqa: S608
            [campaign_id, wiki, *chunk],
        )
        for user, revid in rows:
            out.setdefault(user, []).append(revid)
    return out


def load_user_problem_codes(
    db: sqlite_utils.Database, campaign_id: str, wiki: str, user: str
) -> list[str]:
    """Error-level problem codes of the user's counted citations, in edit and text order."""
    # CROSS JOIN fixes the join order: from the user's edits (index edits_campaign_wiki_user)
    # to their citations and problems, never from every citation of the wiki.
    rows = db.execute(
        f"""SELECT p.code FROM edits e CROSS JOIN citations c CROSS JOIN problems p
            WHERE c.campaign_id = e.campaign_id AND c.wiki = e.wiki AND c.revid = e.revid
              AND p.citation_id = c.id
              AND e.campaign_id = ? AND e.wiki = ? AND e.user = ? AND p.severity = 'error'
              AND {COUNTED} ORDER BY c.revid, c.position, p.rowid""",  # noqa: S608
        [campaign_id, wiki, user],
    )
    return [r[0] for r in rows]


def load_user_problem_sites(
    db: sqlite_utils.Database, campaign_id: str, wiki: str, user: str
) -> list[ProblemSite]:
    """Error-level problems of the user's counted citations with the article and revision
    that added each, in edit and text order."""
    rows = db.execute(
        f"""SELECT p.code, e.page_title, c.revid FROM problems p
            JOIN citations c ON c.id = p.citation_id
            JOIN edits e USING (campaign_id, wiki, revid)
            WHERE e.campaign_id = ? AND e.wiki = ? AND e.user = ? AND p.severity = 'error'
              AND {COUNTED} ORDER BY c.revid, c.position""",  # noqa: S608
        [campaign_id, wiki, user],
    )
    return [ProblemSite(code, title, int(revid)) for code, title, revid in rows]


def save_welcome(
    db: sqlite_utils.Database,
    campaign_id: str,
    wiki: str,
    user: str,
    *,
    status: WelcomeStatus,
    reason: str,
    revid: int | None,
    now: str,
) -> None:
    """Record a welcome's outcome; `failed` and `refused` count an attempt."""
    attempt = int(status in ("failed", "refused"))
    with db.atomic():
        db.execute(
            """INSERT INTO welcomes (campaign_id, wiki, user, status, attempts, reason, revid,
                   updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT (campaign_id, wiki, user) DO UPDATE SET status = excluded.status,
                   attempts = attempts + excluded.attempts, reason = excluded.reason,
                   revid = coalesce(excluded.revid, revid), updated_at = excluded.updated_at""",
            [campaign_id, wiki, user, status, attempt, reason, revid, now],
        )


def load_welcome_counts(db: sqlite_utils.Database, campaign_id: str, wiki: str) -> dict[str, int]:
    """How many welcomes have each status on the wiki (statuses never recorded are absent)."""
    rows = db.execute(
        "SELECT status, count(*) FROM welcomes WHERE campaign_id = ? AND wiki = ? GROUP BY 1",
        [campaign_id, wiki],
    )
    return {status: n for status, n in rows}
