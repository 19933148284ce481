"""`lib1ref scan`: find campaign edits in recent changes and record them, exactly once.

The campaigns' wikis (families from the sitematrix included, `tasks.families`) are read in
one cycle, several at once within a time budget (`tasks.cycle`), each campaign on each wiki
as `tasks.scanwiki` says (only while `bot.campaign.scanning`: no request otherwise).
A wiki whose worker is still busy when the cycle ends is named in the result (`Scanned`), so
that `lib1ref run` sends its host nothing else in the same process; the run lock is then kept
until the process ends, so that no other scan reads beside that worker either.
"""

from __future__ import annotations

import argparse
import logging
from dataclasses import dataclass, replace
from datetime import UTC, datetime

import sqlite_utils

from bot import store
from bot.config import CampaignConfig, Config
from bot.errors import UsageError
from bot.timestamps import parse_moment
from bot.wiki import connect
from tasks.cycle import Cycle
from tasks.cycle_plan import plan, units
from tasks.families import with_family_wikis
from tasks.scanwiki import scan_wiki, summary

__all__ = ["Scanned", "add_arguments", "run", "scan_all", "scan_wiki"]

log = logging.getLogger("lib1ref")


@dataclass(frozen=True)
class Scanned:
    """What a scan did: its exit code (0 when every wiki was read or carried over, else 1),
    and the wikis a worker was still reading when it returned (left busy past the cycle's
    budget and `timeout`), with their hosts."""

    code: int
    busy_wikis: tuple[str, ...] = ()
    busy_hosts: frozenset[str] = frozenset()


def add_arguments(p: argparse.ArgumentParser, name: str) -> None:
    p.add_argument("--wiki", metavar="KEY", help="only this wiki")
    p.add_argument("--campaign", metavar="ID", help="only this campaign")
    p.add_argument("--since", metavar="TIMESTAMP", help="read from here (ISO 8601 UTC)")
    p.add_argument("--dry-run", action="store_true", help="read and analyse, write nothing")


def run(args: argparse.Namespace, config: Config, password: str | None) -> int:
    return scan_all(
        config, password, campaign_id=args.campaign, only_wiki=args.wiki,
        since=_since(args.since), dry_run=args.dry_run,
    ).code  # fmt: skip


def _since(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        return parse_moment(value)
    except ValueError:
        raise UsageError(f"--since: not an ISO date or date-time: {value!r}") from None


def scan_all(
    config: Config,
    password: str | None,
    *,
    campaign_id: str | None = None,
    only_wiki: str | None = None,
    since: datetime | None = None,
    dry_run: bool = False,
    now: datetime | None = None,
) -> Scanned:
    """Scan every configured campaign and wiki (the exit code: 0 when all were read, else 1)."""
    campaigns = [config.campaign(campaign_id)] if campaign_id else list(config.campaigns)
    if only_wiki:
        config.wiki(only_wiki)
    if not campaigns:
        log.warning("scan: no campaigns configured in %s", config.path)
    now = now or datetime.now(UTC)
    if dry_run:
        db = store.open_db_readonly(config.database, missing_ok=True)
        config, _ = with_family_wikis(db, config, now, dry_run=True)
        campaigns = _expanded(config, campaigns)
        return _scan(db, config, campaigns, only_wiki, since, password, now, dry_run=True)
    db = store.open_db(config.database)
    with store.exclusive_run(config.database, "scan") as lock:
        store.save_campaigns(db, config.campaigns)
        config, failure = with_family_wikis(db, config, now, dry_run=False)
        if failure is not None:
            store.save_run(db, "scan", "sitematrix", now.isoformat(), False, failure)
        scanned = _scan(db, config, _expanded(config, campaigns), only_wiki, since, password,
                        now, dry_run=False)  # fmt: skip
        if scanned.busy_hosts:
            lock.keep()  # no other scan beside the worker left busy, until this process ends
        return replace(scanned, code=max(scanned.code, int(failure is not None)))


def _expanded(config: Config, campaigns: list[CampaignConfig]) -> list[CampaignConfig]:
    """The same campaigns, with the family wikis `config` holds now."""
    return [config.campaign(c.id) for c in campaigns]


def _scan(
    db: sqlite_utils.Database,
    config: Config,
    campaigns: list[CampaignConfig],
    only_wiki: str | None,
    since: datetime | None,
    password: str | None,
    now: datetime,
    *,
    dry_run: bool,
) -> Scanned:
    jobs = plan(campaigns, only_wiki, since, now)
    todo = units(config, jobs, store.load_visits(db, [j.key for j in jobs]))

    def open_db() -> sqlite_utils.Database:  # one per worker thread
        if dry_run:
            return store.open_db_readonly(config.database, missing_ok=True)
        return store.open_db(config.database)

    cycle = Cycle(config, open_db, connect, password, now, since, dry_run=dry_run)
    total, _ = cycle.run(todo)
    busy = cycle.in_flight()
    print(("dry run: " if dry_run else "") + summary(total.stats))
    if total.failed:
        log.error("scan failed on %s", "; ".join(total.failed))
    return Scanned(int(bool(total.failed)), tuple(j.key for u in busy for j in u.jobs),
                   frozenset(u.host for u in busy))  # fmt: skip
