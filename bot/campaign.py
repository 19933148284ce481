"""Pure decisions about a campaign's calendar. No clock: `now` is always passed in.

Which campaigns a job works on at a given moment, which window of recent changes a
scan reads, how its checkpoint advances, and the per-day series and totals the
leaderboard shows. The tasks call these; the tests exercise them with plain values.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from .config import CampaignConfig
from .records import Change, Checkpoint
from .render.model import Standing, Totals

OVERLAP = timedelta(seconds=60)  # a scan re-reads this much before its checkpoint: late rows
RECHECK_GRACE = timedelta(days=7)  # reverts and deletions are re-checked this long after the end
PUBLISH_GRACE = timedelta(days=7)  # leaderboards are refreshed this long after the end


def publishing(campaign: CampaignConfig, now: datetime) -> bool:
    """Are the campaign's leaderboards and reports refreshed at `now`?"""
    return campaign.start <= now <= campaign.end + PUBLISH_GRACE


def welcoming(campaign: CampaignConfig, now: datetime) -> bool:
    """Are participants welcomed at `now`? (the campaign, then `welcome_grace_days`)"""
    if not campaign.welcome:
        return False
    return campaign.start <= now <= campaign.end + timedelta(days=campaign.welcome_grace_days)


def scanning(campaign: CampaignConfig, now: datetime) -> bool:
    """Is a wiki of the campaign scanned at `now`? From the start until the re-check grace
    after the end; outside that a scan has nothing to read or re-check, so it sends no
    request at all (not even a login)."""
    return campaign.start <= now <= campaign.end + RECHECK_GRACE


def rechecking(campaign: CampaignConfig, now: datetime) -> bool:
    """Are recorded edits re-checked for reverts and deletions at `now`?"""
    return now <= campaign.end + RECHECK_GRACE


@dataclass(frozen=True)
class Window:
    """The stretch of recent changes one scan reads, both ends included."""

    start: datetime
    end: datetime


def scan_window(
    campaign: CampaignConfig,
    checkpoint_at: datetime | None,
    since: datetime | None,
    now: datetime,
) -> Window | None:
    """From `--since`, else the checkpoint less `OVERLAP`, else the campaign start;
    never before the start nor after the end or `now`. None when there is nothing to read."""
    start = campaign.start
    if since is not None:
        start = max(since, campaign.start)
    elif checkpoint_at is not None:
        start = max(checkpoint_at - OVERLAP, campaign.start)
    end = min(campaign.end, now)
    return Window(start, end) if start <= end else None


def lag_seconds(
    campaign: CampaignConfig, checkpoint_at: datetime | None, now: datetime
) -> int | None:
    """How far a scan's checkpoint is behind what it could have read (None: never scanned)."""
    if checkpoint_at is None:
        return None
    return max(0, int((min(now, campaign.end) - checkpoint_at).total_seconds()))


def advance(checkpoint: Checkpoint | None, page: Sequence[Change]) -> Checkpoint | None:
    """The checkpoint after a page of changes: the last change read, never moving back."""
    if not page:
        return checkpoint
    last = Checkpoint(page[-1].timestamp, page[-1].rcid)
    if checkpoint is None or (last.timestamp, last.rcid) > (checkpoint.timestamp, checkpoint.rcid):
        return last
    return checkpoint


Daily = tuple[tuple[str, int], ...]


def daily_series(first: date, last: date, per_day: Mapping[str, int]) -> Daily:
    """("YYYY-MM-DD", edits) for every day from `first` to `last`, zero where none."""
    days = []
    day = first
    while day <= last:
        days.append((day.isoformat(), per_day.get(day.isoformat(), 0)))
        day += timedelta(days=1)
    return tuple(days)


def campaign_days(campaign: CampaignConfig, per_day: Mapping[str, int]) -> Daily:
    return daily_series(campaign.start.date(), campaign.end.date(), per_day)


def totals(standings: Iterable[Standing], daily: Daily) -> Totals:
    """Campaign totals from the participants' standings (unregistered editors included)."""
    rows = list(standings)
    return Totals(
        participants=len(rows),
        edits=sum(s.edits for s in rows),
        citations=sum(s.citations for s in rows),
        well_formed=sum(s.well_formed for s in rows),
        wikis=tuple(sorted({w for s in rows for w in s.wikis})),
        daily=daily,
    )
