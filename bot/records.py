"""Frozen records passed between the wiki boundary, the core and the store."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

from .citations.model import Problem

UserKind = Literal["registered", "temporary", "ip"]
WelcomeStatus = Literal["done", "failed", "skipped", "refused"]
"""`done` and `refused` are final; `failed` counts an attempt (retried up to a cap);
`skipped` is checked again on a later run."""
PageKind = Literal["leaderboard", "report", "global", "hub"]


def user_kind(name: str, *, anon: bool = False, temp: bool = False) -> UserKind:
    """`registered`, `temporary` or `ip`.

    Temporary only when the wiki says so (the `temp` flag of its rows): a name shaped like
    one (`~2026-12345-6`) may be a registered account on a wiki without temporary accounts.
    """
    if temp:
        return "temporary"
    if anon:
        return "ip"
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return "registered"
    return "ip"


@dataclass(frozen=True)
class Change:
    """One row of recent changes: an edit or a page creation."""

    rcid: int
    revid: int
    parent_revid: int
    page_id: int
    title: str
    namespace: int
    user: str
    user_kind: UserKind
    timestamp: datetime  # aware, UTC
    comment: str
    bot: bool = False
    comment_hidden: bool = False
    user_hidden: bool = False
    is_creation: bool = False


@dataclass(frozen=True)
class Revision:
    """A revision's text, as fetched in a batch. `text` is None when hidden."""

    revid: int
    parent_revid: int
    title: str
    text: str | None
    tags: tuple[str, ...] = ()
    hidden: bool = False
    timestamp: datetime | None = None  # aware, UTC; None when the API gave none

    @property
    def timestamp_date(self) -> date | None:
        return None if self.timestamp is None else self.timestamp.date()


@dataclass(frozen=True)
class Disagreement:
    """Where the wiki's citation module and our rules differ on one citation (judge `both`):
    the verdicts and the error-level problem codes of each (`cs1:<anchor>` for a module
    error no code of ours is)."""

    local_well_formed: bool
    wiki_well_formed: bool
    local_codes: tuple[str, ...]
    wiki_codes: tuple[str, ...]


@dataclass(frozen=True)
class ProblemSite:
    """An error-level problem of a participant's citation, and where it was added."""

    code: str
    page_title: str
    revid: int


@dataclass(frozen=True)
class CitationRecord:
    """A citation as the store keeps it. `judge` says whose verdict `well_formed` and
    `problems` are (`local`: our rules, `wiki`: the wiki's Module:Citation/CS1);
    `fallback` why the wiki was asked but our rules' verdict stands ("" otherwise)."""

    position: int
    kind: str
    template: str
    wikitext: str
    well_formed: bool
    problems: tuple[Problem, ...] = ()
    judge: Literal["local", "wiki"] = "local"
    fallback: str = ""
    disagreement: Disagreement | None = None


@dataclass(frozen=True)
class EditRecord:
    """A campaign edit as the store keeps it."""

    campaign_id: str
    wiki: str
    change: Change
    hashtags: tuple[str, ...]
    citations: tuple[CitationRecord, ...] = ()
    reused: int = 0
    cn_removed: int = 0
    analyzed: bool = True

    @property
    def citations_well_formed(self) -> int:
        return sum(1 for c in self.citations if c.well_formed)


@dataclass(frozen=True)
class Checkpoint:
    """How far a campaign's scan of one wiki got: the last change read."""

    timestamp: datetime  # aware, UTC: the last change read
    rcid: int


@dataclass(frozen=True)
class EditStatus:
    """What a re-check learned about a recorded edit."""

    revid: int
    reverted: bool
    deleted: bool


@dataclass(frozen=True)
class RunOutcome:
    """How a job's last run on a wiki ended."""

    finished_at: str
    ok: bool
    message: str


@dataclass(frozen=True)
class WikiStatus:
    """What `lib1ref status` shows for one campaign on one wiki.

    The field order is the key order of `lib1ref status --json` (after the campaign, wiki,
    checkpoint and lag the command adds in front).
    """

    last_leaderboard: str | None
    welcomed: int
    welcomes_pending: int
    welcomes_failed: int
    welcomes_refused: int
    edits: int
    participants: int
    citations: int
    well_formed: int
    not_counted: int
    not_analysed: int  # recorded edits whose texts could not be read yet (retried by scans)
    last_scan: RunOutcome | None


@dataclass(frozen=True)
class ScanStats:
    changes_read: int = 0
    matched: int = 0
    new_edits: int = 0
    citations: int = 0
    api_requests: int = 0
    rechecked: int = 0
    marked: int = 0
    analysed_late: int = 0  # edits recorded as not analysed yet, analysed by this scan
    wiki_verdicts: int = 0  # citations judged by the wiki's citation module
    fallbacks: int = 0  # citations the wiki was to judge that kept our rules' verdict
    disagreements: int = 0
    errors: tuple[str, ...] = field(default=())
    stopped: bool = False  # the cycle's budget ran out before the window was read to its end


@dataclass(frozen=True)
class SaveIntent:
    """A page save recorded before it was sent and not yet settled: if the run died between
    the wiki's save and its record, the page history tells whether the save happened."""

    wiki: str
    title: str
    campaign_id: str
    kind: PageKind
    content_sha1: str
    intended_at: str  # ISO 8601, UTC, before the save was sent
