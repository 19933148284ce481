"""Frozen records the renderers read. The store fills them; nothing here does I/O."""

from __future__ import annotations

from dataclasses import dataclass

from ..citations.model import Problem
from ..records import UserKind


@dataclass(frozen=True)
class Standing:
    """One participant's counts in one campaign (on one wiki, or on all of them)."""

    user: str
    user_kind: UserKind
    well_formed: int
    citations: int
    cn_resolved: int
    edits: int
    wikis: tuple[str, ...]
    first_edit: str  # ISO 8601 UTC, "2027-01-16T10:00:00Z"
    last_edit: str


@dataclass(frozen=True)
class Totals:
    """Campaign totals; unregistered editors are always counted here."""

    participants: int
    edits: int
    citations: int
    well_formed: int
    wikis: tuple[str, ...]
    daily: tuple[tuple[str, int], ...]  # ("2027-01-15", edits that day), every day of the window


@dataclass(frozen=True)
class CampaignInfo:
    id: str
    start: str  # ISO 8601 datetimes, UTC
    end: str
    hashtags: tuple[str, ...]


@dataclass(frozen=True)
class ReportRow:
    """One problem of one citation, for the organizer report: the edit that added the
    citation (wiki, page, revision, author), the citation's wikitext, and the problem;
    `judge` whose verdict it is (`local`: our rules, `wiki`: the wiki's citation module)."""

    wiki: str
    page_title: str
    revid: int
    user: str
    wikitext: str
    problem: Problem
    judge: str = "local"


@dataclass(frozen=True)
class DisagreementRow:
    """A citation on which our rules and the wiki's citation module differ (judge `both`):
    the edit that added it, its wikitext, and each side's verdict and error codes."""

    wiki: str
    page_title: str
    revid: int
    user: str
    wikitext: str
    local_well_formed: bool
    wiki_well_formed: bool
    local_codes: tuple[str, ...]
    wiki_codes: tuple[str, ...]


@dataclass(frozen=True)
class Fixed:
    """A citation that left the report: the edit that added it, and the article's latest
    revision when the report saw it fixed (`outcome` "fixed") or gone ("gone"): its id,
    user ("" when unknown or hidden, or the article is deleted) and ISO 8601 time."""

    wiki: str
    page_title: str
    revid: int
    wikitext: str
    added_by: str
    outcome: str
    fixed_by: str
    fixed_revid: int
    fixed_at: str
    seen_at: str
