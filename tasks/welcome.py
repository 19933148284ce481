"""`lib1ref welcome`: welcome new registered participants on their talk pages, once.

fetch (renames followed, candidates from the store, their counted edits re-checked on the
wiki, accounts, the opt-out page, talk-page redirects and each talk page from the wiki) →
decide (`bot.eligibility`, pure) → save (the one save path, which also checks
{{bots}}/{{nobots}} on the fresh text and never edits a redirect) → record. Never:
temporary accounts, IP editors, bot-group accounts, blocked or globally locked users,
users whose counted edits were all reverted or deleted since the scan, talk pages
excluding the bot or redirecting elsewhere than the user's own, users on the opt-out page,
users already welcomed (database, or the hidden marker a welcome leaves on the talk page).
A refusal that cannot succeed later (a protected page, an abuse filter) is final; a
conflict or other transient refusal is tried again later. Each wiki is read anonymously and
logged in to only before its first welcome is saved (a run with nobody to welcome never logs
in; a dry run never does).
"""

from __future__ import annotations

import argparse
import logging
from collections.abc import Set
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlite_utils

from bot import store
from bot.campaign import welcoming
from bot.config import CampaignConfig, Config
from bot.eligibility import (
    NO_COUNTED_EDIT,
    Account,
    account_reason,
    refusal_status,
    talk_decision,
    talk_page,
    without_counted_edit,
)
from bot.errors import (
    BotBlocked,
    DataFileError,
    HostBusy,
    SaveRefused,
    ShutoffActive,
    UsageError,
    WikiError,
)
from bot.records import WelcomeStatus
from bot.welcome import (
    MESSAGE_TYPE,
    WelcomeText,
    already_welcomed,
    append_section,
    render_welcome,
)
from bot.wiki import Wiki, connect
from tasks.optout import optout_names
from tasks.renames import follow_renames
from tasks.texts import fetch_texts

log = logging.getLogger("lib1ref")


def add_arguments(p: argparse.ArgumentParser, name: str) -> None:
    p.add_argument("--campaign", metavar="ID", help="only this campaign")
    p.add_argument("--wiki", metavar="KEY", help="only this wiki")
    p.add_argument("--limit", metavar="N", type=int, help="at most N welcomes per wiki")
    p.add_argument("--dry-run", action="store_true", help="print the messages, edit nothing")


def run(args: argparse.Namespace, config: Config, password: str | None) -> int:
    if args.limit is not None and args.limit < 0:
        raise UsageError("--limit: must be 0 or more")
    return welcome_all(
        config, password, campaign_id=args.campaign, only_wiki=args.wiki, limit=args.limit,
        dry_run=args.dry_run,
    )  # fmt: skip


def welcome_all(
    config: Config,
    password: str | None,
    *,
    campaign_id: str | None = None,
    only_wiki: str | None = None,
    limit: int | None = None,
    dry_run: bool = False,
    now: datetime | None = None,
    busy: Set[str] = frozenset(),
) -> int:
    """Welcome the due participants of every running campaign; 1 if any wiki or save failed.
    A wiki whose host is in `busy` (a scan worker of this process is still reading it) is left
    for the next run, without a request; one another process (a scan job) keeps past
    `host_wait` is given up for this run with one error line (exit 1)."""
    campaigns = [config.campaign(campaign_id)] if campaign_id else list(config.campaigns)
    if only_wiki:
        config.wiki(only_wiki)
    db = (
        store.open_db_readonly(config.database)
        if dry_run
        else store.open_db(config.database, create=False)
    )
    now = now or datetime.now(UTC)
    code = 0
    given_up: set[str] = set()  # hosts another job kept past `host_wait`: not waited for again
    for campaign in campaigns:
        if not welcoming(campaign, now):
            log.info("welcome %s: not welcoming now (outside the campaign and its grace "
                     "period, or welcomes are off)", campaign.id)  # fmt: skip
            continue
        for key in campaign.wikis:
            host = config.wiki(key).host
            if (only_wiki and key != only_wiki) or host in busy or host in given_up:
                continue
            run_limit = campaign.welcome_limit if limit is None else limit
            try:
                wiki = connect(config, key, password, login=not dry_run, lazy=True)
                try:
                    ctx = _Run(db, wiki, campaign, now, dry_run, fetch_texts(wiki).welcome)
                    code = max(code, welcome_wiki(ctx, run_limit))
                finally:
                    wiki.close()
            except ShutoffActive as e:  # that wiki only: the others go on
                log.warning("welcome %s %s: stopped: %s", campaign.id, key, e)
            except HostBusy as e:
                log.error("welcome %s %s: %s", campaign.id, key, e)
                given_up.add(host)
                code = 1
            except (WikiError, DataFileError) as e:
                log.error("welcome %s %s: %s", campaign.id, key, e)
                code = 1
    return code


@dataclass(frozen=True)
class _Run:
    db: sqlite_utils.Database
    wiki: Wiki
    campaign: CampaignConfig
    now: datetime
    dry_run: bool
    texts: WelcomeText

    def where(self, user: str) -> str:
        return f"welcome {self.campaign.id} {self.wiki.cfg.key} {user}"

    def record(
        self, user: str, status: WelcomeStatus, reason: str, revid: int | None = None
    ) -> None:
        if not self.dry_run:
            store.save_welcome(self.db, self.campaign.id, self.wiki.cfg.key, user,
                               status=status, reason=reason, revid=revid,
                               now=self.now.isoformat())  # fmt: skip


def welcome_wiki(ctx: _Run, limit: int) -> int:
    wiki, campaign = ctx.wiki, ctx.campaign
    renamed = follow_renames(ctx.db, wiki, campaign, dry_run=ctx.dry_run)
    candidates = store.load_welcome_candidates(ctx.db, campaign.id, wiki.cfg.key)
    if not candidates or limit == 0:
        log.info("welcome %s %s: nobody to welcome", campaign.id, wiki.cfg.key)
        return 0
    wiki.check_shutoff()
    candidates = _still_counted(ctx, candidates)
    accounts = _accounts(wiki, candidates)
    optout = optout_names(wiki)
    redirects = wiki.redirect_targets([f"User talk:{u}" for u in candidates])
    posted, code = 0, 0
    for user in candidates:
        if posted >= limit:
            log.info("welcome %s %s: limit of %d reached", campaign.id, wiki.cfg.key, limit)
            break
        reason = account_reason(accounts.get(user), user, optout)
        if not reason and wiki.globally_locked(user):
            reason = "globally locked"
        talk = ""
        if not reason:
            redirect = redirects.get(f"User talk:{user}")
            talk, reason = talk_page(user, redirect, renamed.get(user))
        text = None if reason else wiki.page_text(talk)[0]
        decision = talk_decision(text, campaign.id, wiki.cfg.bot_user, wiki.exclusion_templates())
        if not reason and decision.verdict == "already":
            log.info("%s: already welcomed (marker on talk page)", ctx.where(user))
            ctx.record(user, "done", decision.reason)
            continue
        reason = reason or decision.reason
        if reason:
            log.warning("%s: skipped: %s", ctx.where(user), reason)
            ctx.record(user, "skipped", reason)
            continue
        try:
            posted += _welcome(ctx, user, talk)
        except BotBlocked:
            raise
        except SaveRefused as e:
            status = refusal_status(e)
            if status == "skipped":
                log.warning("%s: skipped: %s", ctx.where(user), e.reason)
            else:
                again = " (will retry)" if status == "failed" else ""
                log.error("%s: %s%s", ctx.where(user), e.reason, again)
                code = 1
            ctx.record(user, status, e.reason)
    return code


def _welcome(ctx: _Run, user: str, talk: str) -> int:
    """Post one welcome on `talk`; 1 when it went out (or would, in a dry run)."""
    wiki, campaign = ctx.wiki, ctx.campaign
    sites = store.load_user_problem_sites(ctx.db, campaign.id, wiki.cfg.key, user)
    section = render_welcome(wiki.cfg.lang, user, campaign.id, wiki.cfg.leaderboard_page, sites,
                             text=ctx.texts, contact=wiki.cfg.welcome_contact)  # fmt: skip

    def build(current: str) -> str:
        if already_welcomed(current, campaign.id):
            return current
        return append_section(current, section)

    summary = ctx.texts.summary
    result = wiki.save(talk, build, summary, dry_run=ctx.dry_run, message_type=MESSAGE_TYPE)
    if result.action == "dry-run":
        print(f"would welcome {user} on [[{talk}]]:\n{section}\n")
        return 1
    if result.action == "saved":
        log.info("%s: welcomed (r%s)", ctx.where(user), result.revid)
        ctx.record(user, "done", "welcomed", result.revid)
        return 1
    ctx.record(user, "done", "marker found on the talk page")
    return 0


def _still_counted(ctx: _Run, candidates: list[str]) -> list[str]:
    """The candidates with a counted edit still standing: their edits re-checked on the wiki
    right now (batched), so an edit reverted or deleted since the last scan earns no thanks."""
    key, campaign_id = ctx.wiki.cfg.key, ctx.campaign.id
    revids = store.load_counted_revids(ctx.db, campaign_id, key, candidates)
    statuses = ctx.wiki.revision_statuses(sorted(r for ids in revids.values() for r in ids))
    if not ctx.dry_run:
        store.save_edit_statuses(ctx.db, campaign_id, key, statuses)
    gone = without_counted_edit(candidates, revids, statuses)
    for user in candidates:
        if user in gone:
            log.warning("%s: skipped: %s", ctx.where(user), NO_COUNTED_EDIT)
            ctx.record(user, "skipped", NO_COUNTED_EDIT)
    return [u for u in candidates if u not in gone]


def _accounts(wiki: Wiki, users: list[str]) -> dict[str, Account]:
    return {
        name: Account(
            exists=i.exists,
            groups=i.groups,
            blocked=i.blocked,
            locked=i.locked,
            temporary=i.temporary,
        )
        for name, i in wiki.users_info(users).items()
    }
