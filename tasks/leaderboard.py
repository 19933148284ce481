"""`lib1ref leaderboard`: the leaderboard and the organizer report, per campaign and wiki.

fetch (the store's standings and report rows) → decide (`bot.publish`, pure) → save (the
one save path) → record. Each page stands alone: a page that cannot be published (broken
markers, a refusal, a wiki that is down) is reported with its title, and every other
page and wiki still goes out. A wiki whose shutoff page says stop, or where the bot cannot
log in, gets no more edits in this run; the other wikis go on. Each wiki is read anonymously
and logged in to only before its first save (a run that changes no page never logs in; a
dry run never does). Under `lib1ref run`, a wiki whose host a scan worker is still reading
(`busy`) gets no request at all, and its campaigns' global and hub pages wait.
"""

from __future__ import annotations

import argparse
import hashlib
import logging
from collections import Counter
from collections.abc import Mapping, Set
from datetime import UTC, datetime

import sqlite_utils

from bot import store
from bot.campaign import publishing
from bot.config import CampaignConfig, Config
from bot.errors import (
    DataFileError,
    HostBusy,
    LoginError,
    PageLayoutError,
    PageShrinks,
    ShutoffActive,
    WikiError,
)
from bot.publish import (
    Target,
    check_shrink,
    targets,
)
from bot.render.leaderboard import replace_block, without_stamp
from bot.render.messages import Messages
from bot.wiki import Wiki, connect
from tasks.families import stored_family_wikis
from tasks.pagecontent import page_for
from tasks.texts import fetch_texts

log = logging.getLogger("lib1ref")


def add_arguments(p: argparse.ArgumentParser, name: str) -> None:
    p.add_argument("--campaign", metavar="ID", help="only this campaign")
    p.add_argument("--wiki", metavar="KEY", help="only this wiki")
    p.add_argument("--dry-run", action="store_true", help="print the diff, edit nothing")
    p.add_argument(
        "--allow-shrink", action="store_true", help="save pages losing more rows than max_shrink"
    )


def run(args: argparse.Namespace, config: Config, password: str | None) -> int:
    return publish_all(
        config, password, campaign_id=args.campaign, only_wiki=args.wiki, dry_run=args.dry_run,
        allow_shrink=args.allow_shrink,
    )  # fmt: skip


def publish_all(
    config: Config,
    password: str | None,
    *,
    campaign_id: str | None = None,
    only_wiki: str | None = None,
    dry_run: bool = False,
    allow_shrink: bool = False,
    now: datetime | None = None,
    busy: Set[str] = frozenset(),
) -> int:
    """Publish every due page; 0 when all went out (or had nothing new), else 1.

    A page that would lose more rows than `max_shrink` allows is not saved (exit 1) unless
    `allow_shrink`. The pages of a wiki whose host is in `busy` (a scan worker of this
    process is still reading it) are left for the next run, without a request. A wiki another
    process (a scan job) keeps past `host_wait` is given up for this run (exit 1); each wiki
    is closed after its last page, so it is held no longer than needed.
    """
    now = now or datetime.now(UTC)
    due = _due(config, campaign_id, only_wiki, now)
    db = (
        store.open_db_readonly(config.database)
        if dry_run
        else store.open_db(config.database, create=False)
    )
    wikis: dict[str, Wiki] = {}
    links = {k: w.interwiki for k, w in stored_family_wikis(db, config).wikis.items()}
    texts: dict[str, Messages] = {}
    stopped: set[str] = set()
    seen_hidden: set[str] = set()  # participants who asked not to be listed, on any wiki
    optouts_read: set[str] = set()  # the wikis whose opt-outs were read in this run
    skipped: set[str] = set()  # campaigns whose global and hub pages are not published
    code = 0
    # pages left per wiki: a wiki is closed after its last one, so that it is not kept from
    # other jobs (`bot.wiki.hostlock`) while the other wikis' pages are published
    left = Counter(target.wiki for _, target in due)
    try:
        for campaign, target in due:
            try:
                where = f"leaderboard {campaign.id} {target.wiki} [[{target.title}]]"
                if target.wiki in stopped or config.wiki(target.wiki).host in busy:
                    continue  # busy: its scan is still running (`run` says so), no request
                # Fail closed: a name that a wiki not read in this run hides (its connection,
                # lookup or shutoff page stopped it; --wiki or `busy` left it out) is not shown.
                unread = [k for k in campaign.wikis if k not in optouts_read]
                if target.kind in ("global", "hub") and unread:
                    if campaign.id not in skipped:
                        log.error("leaderboard: global and hub pages of %s skipped: the opt-outs "
                                  "of %s could not be read%s", campaign.id, unread[0],
                                  " (its scan is still running)"
                                  if config.wiki(unread[0]).host in busy else "")  # fmt: skip
                    skipped.add(campaign.id)
                    code = 1
                    continue
                try:
                    if target.wiki not in wikis:
                        wikis[target.wiki], texts[target.wiki] = _open(
                            config, target.wiki, password, dry_run
                        )
                    publish(db, wikis[target.wiki], campaign, target, now, dry_run=dry_run,
                            max_shrink=None if allow_shrink else config.max_shrink,
                            texts=texts[target.wiki], links=links,
                            seen_hidden=seen_hidden, optouts_read=optouts_read)  # fmt: skip
                except ShutoffActive as e:  # that wiki only: the others go on
                    log.warning("leaderboard %s: stopped: %s", target.wiki, e)
                    stopped.add(target.wiki)
                except (LoginError, HostBusy) as e:  # one try per wiki and run, not per page
                    log.error("%s: %s; no more pages on %s in this run", where, e, target.wiki)
                    stopped.add(target.wiki)
                    code = 1
                except (WikiError, PageLayoutError, DataFileError, PageShrinks) as e:
                    log.error("%s: %s", where, e)
                    code = 1
            finally:
                left[target.wiki] -= 1
                if not left[target.wiki] and target.wiki in wikis:
                    wikis.pop(target.wiki).close()
    finally:
        for w in wikis.values():
            w.close()
    return code


def _due(
    config: Config, campaign_id: str | None, only_wiki: str | None, now: datetime
) -> list[tuple[CampaignConfig, Target]]:
    """The pages to publish, campaign by campaign (every campaign publishing now, or the one
    asked for), each with its campaign."""
    if campaign_id:
        campaigns = [config.campaign(campaign_id)]
    else:
        campaigns = [c for c in config.campaigns if publishing(c, now)]
        if not campaigns:
            log.info("leaderboard: no campaign running (use --campaign to publish another)")
    if only_wiki:
        config.wiki(only_wiki)
    return [(c, target) for c in campaigns for target in targets(config, c, only_wiki)]


def _open(config: Config, key: str, password: str | None, dry_run: bool) -> tuple[Wiki, Messages]:
    """A wiki connected lazily (never logged in on a dry run) with its page texts; closed
    again (its host let go) when the texts cannot be read."""
    wiki = connect(config, key, password, login=not dry_run, lazy=True)
    try:
        return wiki, fetch_texts(wiki).messages
    except BaseException:
        wiki.close()
        raise


def publish(
    db: sqlite_utils.Database,
    wiki: Wiki,
    campaign: CampaignConfig,
    target: Target,
    now: datetime,
    *,
    dry_run: bool,
    max_shrink: float | None = None,
    texts: Messages | None = None,
    links: Mapping[str, str] | None = None,
    seen_hidden: set[str] | None = None,
    optouts_read: set[str] | None = None,
) -> None:
    """Save one page; with `max_shrink` (a fraction), refuse one that loses too many rows.

    The save is recorded as intended before it is sent, and settled after: a run that dies in
    between leaves the intent, and the next run reads the page history (`settle_intent`).
    """
    if not dry_run:
        settle_intent(db, wiki, target)
    page = page_for(db, wiki.cfg.lang, campaign, target, now, wiki.page_limit, texts, wiki, links,
                    record=not dry_run, seen_hidden=seen_hidden,
                    optouts_read=optouts_read)  # fmt: skip
    sha1 = hashlib.sha1(page.block.encode(), usedforsecurity=False).hexdigest()

    def build(current: str) -> str:
        if max_shrink is not None:
            check_shrink(target.title, current, page.block, max_shrink, page.removed)
        return replace_block(current, page.block)

    if not dry_run:
        store.save_intent(db, target.wiki, target.title, campaign.id, target.kind, sha1,
                          now.isoformat())  # fmt: skip
    # Refused or failed, the intent stays: the next run asks the page history.
    result = wiki.save(target.title, build, page.summary, ignore=without_stamp, dry_run=dry_run)
    if result.action == "dry-run":
        print(result.diff or f"(no change to [[{target.title}]])")
        return
    # The one line per page (the save path logs its own at debug level only).
    revision = f" r{result.revid}" if result.action == "saved" else ""
    log.info("leaderboard %s %s [[%s]]: %s%s", campaign.id, target.wiki, target.title,
             result.action, revision)  # fmt: skip
    if result.action == "saved":
        store.save_published(
            db, target.wiki, target.title, campaign.id, target.kind, result.revid, sha1,
            now.isoformat(),
        )  # fmt: skip
    else:
        store.clear_intent(db, target.wiki, target.title)


def settle_intent(db: sqlite_utils.Database, wiki: Wiki, target: Target) -> None:
    """A save of this page that an earlier run intended and never recorded (it died between
    the save and its record): recorded as published if the page history shows the bot's
    revision since, else dropped."""
    intent = store.load_intent(db, target.wiki, target.title)
    if intent is None:
        return
    rev = wiki.bot_save_since(target.title, intent.intended_at)
    if rev is None:
        store.clear_intent(db, target.wiki, target.title)
        return
    saved_at = rev.timestamp.isoformat() if rev.timestamp else intent.intended_at
    log.warning("leaderboard %s [[%s]]: r%d, saved by a run that stopped before recording "
                "it, is recorded now", target.wiki, target.title, rev.revid)  # fmt: skip
    store.save_published(db, target.wiki, target.title, intent.campaign_id, intent.kind,
                         rev.revid, intent.content_sha1, saved_at)  # fmt: skip
