"""A campaign-sized database built with the store's own write path (`store.save_batch`).

`build_db(path, edits)` records `edits` tagged edits of one campaign on `WIKIS` wikis (the
first one takes half of them), by about one participant per ten edits (a few very active),
with `CITATIONS_PER_EDIT` citations each, a third of them with an error. Deterministic: the
same arguments give the same database. The size is a parameter so the benchmark can run at
500,000 edits and a test at a few hundred.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlite_utils

from bot import store
from bot.citations.model import Problem
from bot.config import CampaignConfig
from bot.records import Change, Checkpoint, CitationRecord, EditRecord

CAMPAIGN_ID = "2027-01"
START = datetime(2027, 1, 15, tzinfo=UTC)
END = datetime(2027, 2, 5, 23, 59, 59, tzinfo=UTC)
WIKIS = ("enwiki", "eswiki", "frwiki", "dewiki", "itwiki", "ptwiki", "arwiki", "idwiki",
         "jawiki", "ukwiki")  # fmt: skip
CITATIONS_PER_EDIT = 3
BATCH = 2_000
BAD_DATE = Problem("bad-date", "error", "access-date", "Check date values in: |access-date=")


def campaign(wikis: tuple[str, ...] = WIKIS) -> CampaignConfig:
    return CampaignConfig(CAMPAIGN_ID, START, END, wikis)


def _citation(rng: random.Random, revid: int, position: int) -> CitationRecord:
    bad = rng.random() < 0.33
    date = "31 February 2027" if bad else "16 January 2027"
    text = (
        f"<ref>{{{{cite web |url=https://example.org/{revid}/{position} "
        f"|title=A source about topic {revid} |website=Example |access-date={date}}}}}</ref>"
    )
    return CitationRecord(position, "template", "cite web", text, not bad,
                          (BAD_DATE,) if bad else ())  # fmt: skip


def _edit(rng: random.Random, revid: int, participants: int, wikis: tuple[str, ...]) -> EditRecord:
    # Half the edits on the first wiki, the rest spread; users skewed towards the first ones.
    wiki = wikis[0] if rng.random() < 0.5 else rng.choice(wikis)
    user_no = min(int(rng.paretovariate(1.2)) - 1, participants - 1) if rng.random() < 0.3 else (
        rng.randrange(participants))  # fmt: skip
    kind = "ip" if user_no % 50 == 49 else "registered"
    user = f"203.0.113.{user_no % 250}" if kind == "ip" else f"Librarian {user_no}"
    when = START + timedelta(seconds=rng.randrange(int((END - START).total_seconds())))
    change = Change(rcid=revid + 7, revid=revid, parent_revid=revid - 1, page_id=revid % 90_000,
                    title=f"Article {revid % 90_000}", namespace=0, user=user,
                    user_kind=kind, timestamp=when, comment="added a source #1Lib1Ref")  # fmt: skip
    cites = tuple(_citation(rng, revid, p) for p in range(CITATIONS_PER_EDIT))
    return EditRecord(CAMPAIGN_ID, wiki, change, ("1Lib1Ref",), cites, 0, rng.random() < 0.1)


def build_db(path: Path, edits: int, *, wikis: tuple[str, ...] = WIKIS) -> sqlite_utils.Database:
    """A migrated database at `path` holding `edits` campaign edits (see the module doc)."""
    rng = random.Random(edits)
    participants = max(1, edits // 10)
    db = store.open_db(path)
    store.save_campaigns(db, [campaign(wikis)])
    for first in range(1, edits + 1, BATCH):
        records = [
            _edit(rng, r, participants, wikis) for r in range(first, min(first + BATCH, edits + 1))
        ]
        for wiki in wikis:
            mine = [e for e in records if e.wiki == wiki]
            if mine:
                last = mine[-1].change
                store.save_batch(db, CAMPAIGN_ID, wiki, mine, Checkpoint(last.timestamp, last.rcid))
    return db
