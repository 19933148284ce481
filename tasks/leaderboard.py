"""`lib1ref leaderboard`: the leaderboard and the organizer report, per campaign and wiki.

Reads the counts from the database, renders (pure), and saves through the one save
path: shutoff page, assertuser, baserevid, only when something other than the
"last updated" line changed. The bot replaces only what lies between its markers.
"""

from __future__ import annotations

import argparse
import hashlib
import logging
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import sqlite_utils

from bot import store
from bot.config import CampaignConfig, Config
from bot.errors import SaveRefused, WikiError
from bot.records import PageKind
from bot.render.leaderboard import render_leaderboard, replace_block, without_stamp
from bot.render.model import CampaignInfo, Standing, Totals
from bot.render.ranking import rank
from bot.render.report import render_report
from bot.wiki import Wiki, connect

log = logging.getLogger("lib1ref")
GRACE = timedelta(days=7)


def add_arguments(p: argparse.ArgumentParser, name: str) -> None:
    p.add_argument("--campaign", metavar="ID", help="only this campaign")
    p.add_argument("--wiki", metavar="KEY", help="only this wiki")
    p.add_argument("--dry-run", action="store_true", help="print the diff, edit nothing")


def run(args: argparse.Namespace, config: Config, password: str | None) -> int:
    now = datetime.now(UTC)
    if args.campaign:
        campaigns = [config.campaign(args.campaign)]
    else:
        campaigns = [c for c in config.campaigns if c.start <= now <= c.end + GRACE]
        if not campaigns:
            log.info("leaderboard: no campaign running (use --campaign to publish another)")
    if args.wiki:
        config.wiki(args.wiki)
    db = store.open_db_readonly(config.database) if args.dry_run else store.open_db(config.database)
    wikis: dict[str, Wiki] = {}
    code = 0
    try:
        for campaign in campaigns:
            for target in _targets(campaign, args.wiki):
                key, title, kind = target
                try:
                    if key not in wikis:
                        wikis[key] = connect(config, key, password)
                    publish(db, wikis[key], campaign, title, kind, now, args.dry_run)
                except SaveRefused as e:
                    log.error("leaderboard %s %s: %s", campaign.id, key, e)
                    code = 1
                except WikiError as e:
                    log.error("leaderboard %s %s: %s", campaign.id, key, e)
                    code = 1
    finally:
        for w in wikis.values():
            w.close()
    return code


def _targets(campaign: CampaignConfig, only: str | None) -> list[tuple[str, str, PageKind]]:
    """(wiki, page, kind) for every page to publish; the page title comes later."""
    out: list[tuple[str, str, PageKind]] = []
    for key in campaign.wikis:
        if not only or key == only:
            out += [(key, "", "leaderboard"), (key, "", "report")]
    if campaign.global_wiki and (not only or campaign.global_wiki == only):
        out.append((campaign.global_wiki, campaign.global_page, "global"))
    return out


def publish(
    db: sqlite_utils.Database,
    wiki: Wiki,
    campaign: CampaignConfig,
    title: str,
    kind: PageKind,
    now: datetime,
    dry_run: bool,
) -> None:
    key, lang = wiki.cfg.key, wiki.cfg.lang
    stamp = now.strftime("%Y-%m-%dT%H:%M:%SZ")
    info = CampaignInfo(
        campaign.id, campaign.start.isoformat(), campaign.end.isoformat(), campaign.hashtags
    )
    if kind == "report":
        title = wiki.cfg.report_page
        rows, total = store.load_report_rows(db, campaign.id, key, campaign.report_limit)
        block = render_report(info, rows, total, lang=lang, now=stamp, limit=campaign.report_limit)
        summary = f"Bot: update the #1Lib1Ref list of citations to check ({total})"
    else:
        scope = None if kind == "global" else key
        title = title or wiki.cfg.leaderboard_page
        standings = store.load_standings(db, campaign.id, scope)
        totals = _totals(db, campaign, scope, standings)
        ranked = rank(standings, rank_unregistered=campaign.rank_unregistered)
        block = render_leaderboard(
            info, totals, ranked, lang=lang, now=stamp, global_page=kind == "global"
        )
        summary = (
            f"Bot: update the #1Lib1Ref leaderboard ({totals.participants} participants, "
            f"{totals.citations} citations)"
        )
    build: Callable[[str], str] = lambda current: replace_block(current, block)  # noqa: E731
    result = wiki.save(title, build, summary, ignore=without_stamp, dry_run=dry_run)
    if result.action == "dry-run":
        print(result.diff or f"(no change to [[{title}]])")
        return
    log.info("leaderboard %s %s [[%s]]: %s", campaign.id, key, title, result.action)
    if result.action == "saved":
        sha1 = hashlib.sha1(block.encode(), usedforsecurity=False).hexdigest()
        store.save_published(db, key, title, campaign.id, kind, result.revid, sha1, now.isoformat())


def _totals(
    db: sqlite_utils.Database,
    campaign: CampaignConfig,
    scope: str | None,
    standings: list[Standing],
) -> Totals:
    per_day = store.load_daily_edits(db, campaign.id, scope)
    days = []
    day: date = campaign.start.date()
    while day <= campaign.end.date():
        days.append((day.isoformat(), per_day.get(day.isoformat(), 0)))
        day += timedelta(days=1)
    wikis = sorted({w for s in standings for w in s.wikis})
    return Totals(
        participants=len(standings),
        edits=sum(s.edits for s in standings),
        citations=sum(s.citations for s in standings),
        well_formed=sum(s.well_formed for s in standings),
        wikis=tuple(wikis),
        daily=tuple(days),
    )
