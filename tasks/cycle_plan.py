"""The plan of a scan cycle (`tasks.cycle`): which wikis to read, for which campaigns, grouped
by host (one worker per host, so one request at a time per wiki), in the order the cycle
starts them; and what a host's visit did. Nothing here touches a thread, a wiki or the
database."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime

from bot.campaign import scanning
from bot.config import CampaignConfig, Config
from bot.records import ScanStats
from tasks.scanwiki import add_stats

log = logging.getLogger("lib1ref")


@dataclass(frozen=True)
class Job:
    """One wiki and the campaigns it is scanned for."""

    key: str
    campaigns: tuple[CampaignConfig, ...]


@dataclass(frozen=True)
class Unit:
    """The wikis on one host: one worker reads them, one request at a time."""

    host: str
    jobs: tuple[Job, ...]


@dataclass
class Outcome:
    """What one unit did."""

    stats: ScanStats = field(default_factory=ScanStats)
    failed: list[str] = field(default_factory=list)  # "campaign key (checkpoint note)"
    finished: list[str] = field(default_factory=list)  # keys read to the end, or failed
    stopped: list[str] = field(default_factory=list)  # keys the budget stopped
    held: list[str] = field(default_factory=list)  # keys another process was using


def plan(
    campaigns: list[CampaignConfig], only_wiki: str | None, since: datetime | None, now: datetime
) -> list[Job]:
    """The wikis to scan, each with its campaigns (a campaign outside its window and re-check
    grace costs its wikis no request at all, not even a login: `--since` reads anyway)."""
    by_key: dict[str, list[CampaignConfig]] = {}
    for campaign in campaigns:
        for key in campaign.wikis:
            if only_wiki and key != only_wiki:
                continue
            if since is None and not scanning(campaign, now):
                log.info("scan %s %s: skipped, outside the campaign and its re-check grace",
                         campaign.id, key)  # fmt: skip
                continue
            by_key.setdefault(key, []).append(campaign)
    return [Job(key, tuple(cs)) for key, cs in by_key.items()]


def units(config: Config, jobs: list[Job], visits: dict[str, str]) -> list[Unit]:
    """The jobs grouped by host, the hosts never finished first, then the ones finished
    longest ago (config order among equals)."""
    hosts: dict[str, list[Job]] = {}
    for job in jobs:
        hosts.setdefault(config.wiki(job.key).host, []).append(job)
    out = [Unit(host, tuple(js)) for host, js in hosts.items()]

    def oldest(unit: Unit) -> tuple[bool, str]:
        seen = [visits.get(j.key) for j in unit.jobs]
        if None in seen:
            return (False, "")
        return (True, min(s for s in seen if s is not None))

    return sorted(out, key=oldest)


def merge(a: Outcome, b: Outcome) -> Outcome:
    return Outcome(add_stats(a.stats, b.stats), a.failed + b.failed, a.finished + b.finished,
                   a.stopped + b.stopped, a.held + b.held)  # fmt: skip
