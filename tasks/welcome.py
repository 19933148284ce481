"""`lib1ref welcome`: welcome new registered participants on their talk pages, once.

Never: temporary accounts, IP editors, bot-group accounts, blocked or globally locked
users, talk pages excluding the bot ({{nobots}}, {{bots|deny=…}}, {{bots|optout=…}}),
users on the opt-out page, users already welcomed (database, or the hidden marker a
welcome leaves on the talk page).
"""

from __future__ import annotations

import argparse
import logging
import re
from datetime import UTC, datetime, timedelta

import sqlite_utils

from bot import store
from bot.config import CampaignConfig, Config
from bot.errors import SaveRefused, UsageError, WikiError
from bot.exclusion import bots_allowed
from bot.records import WelcomeStatus
from bot.welcome import MESSAGE_TYPE, already_welcomed, append_section, render_welcome
from bot.wiki import UserInfo, Wiki, connect

log = logging.getLogger("lib1ref")


def add_arguments(p: argparse.ArgumentParser, name: str) -> None:
    p.add_argument("--campaign", metavar="ID", help="only this campaign")
    p.add_argument("--wiki", metavar="KEY", help="only this wiki")
    p.add_argument("--limit", metavar="N", type=int, help="at most N welcomes per wiki")
    p.add_argument("--dry-run", action="store_true", help="print the messages, edit nothing")


def run(args: argparse.Namespace, config: Config, password: str | None) -> int:
    if args.limit is not None and args.limit < 0:
        raise UsageError("--limit: must be 0 or more")
    campaigns = [config.campaign(args.campaign)] if args.campaign else list(config.campaigns)
    if args.wiki:
        config.wiki(args.wiki)
    db = store.open_db_readonly(config.database) if args.dry_run else store.open_db(config.database)
    now = datetime.now(UTC)
    code = 0
    for campaign in campaigns:
        if not campaign.welcome:
            continue
        if not campaign.start <= now <= campaign.end + timedelta(days=campaign.welcome_grace_days):
            log.info("welcome %s: outside the campaign window and grace period", campaign.id)
            continue
        for key in campaign.wikis:
            if args.wiki and key != args.wiki:
                continue
            limit = campaign.welcome_limit if args.limit is None else args.limit
            try:
                wiki = connect(config, key, password)
                try:
                    code = max(code, welcome_wiki(db, wiki, campaign, limit, now, args.dry_run))
                finally:
                    wiki.close()
            except WikiError as e:
                log.error("welcome %s %s: %s", campaign.id, key, e)
                code = 1
    return code


def welcome_wiki(
    db: sqlite_utils.Database,
    wiki: Wiki,
    campaign: CampaignConfig,
    limit: int,
    now: datetime,
    dry_run: bool,
) -> int:
    key, stamp = wiki.cfg.key, now.isoformat()
    candidates = store.load_welcome_candidates(db, campaign.id, key)
    if not candidates or limit == 0:
        log.info("welcome %s %s: nobody to welcome", campaign.id, key)
        return 0
    wiki.check_shutoff()
    info = wiki.users_info(candidates)
    optout = opted_out(wiki)
    posted, code = 0, 0

    def record(user: str, status: WelcomeStatus, reason: str, revid: int | None = None) -> None:
        if not dry_run:
            store.save_welcome(
                db, campaign.id, key, user, status=status, reason=reason, revid=revid, now=stamp
            )

    for user in candidates:
        if posted >= limit:
            log.info("welcome %s %s: limit of %d reached", campaign.id, key, limit)
            break
        reason = skip_reason(info.get(user), user, optout) or (
            "globally locked" if wiki.globally_locked(user) else ""
        )
        talk = f"User talk:{user}"
        text, _ = wiki.page_text(talk) if not reason else (None, 0)
        if not reason and text and already_welcomed(text, campaign.id):
            log.info(
                "welcome %s %s %s: already welcomed (marker on talk page)", campaign.id, key, user
            )
            record(user, "done", "marker found on the talk page")
            continue
        if not reason and text and not bots_allowed(text, wiki.cfg.bot_user, MESSAGE_TYPE):
            reason = "talk page excludes the bot ({{nobots}}/{{bots}})"
        if reason:
            log.warning("welcome %s %s %s: skipped: %s", campaign.id, key, user, reason)
            record(user, "skipped", reason)
            continue
        section = render_welcome(
            wiki.cfg.lang,
            user,
            campaign.id,
            wiki.cfg.leaderboard_page,
            store.load_user_problem_codes(db, campaign.id, key, user),
        )

        def build(current: str, section: str = section) -> str:
            return (
                current
                if already_welcomed(current, campaign.id)
                else append_section(current, section)
            )

        summary = _summary(wiki)
        try:
            result = wiki.save(talk, build, summary, dry_run=dry_run)
        except SaveRefused as e:
            log.error("welcome %s %s %s: %s", campaign.id, key, user, e.reason)
            record(user, "failed", e.reason)
            code = 1
            continue
        if result.action == "dry-run":
            print(f"would welcome {user} on [[{talk}]]:\n{section}\n")
            posted += 1
        elif result.action == "saved":
            log.info("welcome %s %s %s: welcomed (r%s)", campaign.id, key, user, result.revid)
            record(user, "done", "welcomed", result.revid)
            posted += 1
        else:
            record(user, "done", "marker found on the talk page")
    return code


def _summary(wiki: Wiki) -> str:
    from bot.welcome import load_welcome

    return load_welcome(wiki.cfg.lang).summary


def skip_reason(info: UserInfo | None, user: str, optout: set[str]) -> str:
    if info is None or not info.exists:
        return "no such user"
    if "bot" in info.groups:
        return "a bot account"
    if info.blocked:
        return "blocked"
    if user.casefold() in optout:
        return "listed on the opt-out page"
    return ""


def opted_out(wiki: Wiki) -> set[str]:
    """User names listed on the wiki's opt-out page (links to user pages, or list items)."""
    if not wiki.cfg.optout_page:
        return set()
    text, _ = wiki.page_text(wiki.cfg.optout_page)
    return parse_optout(text or "")


def parse_optout(text: str) -> set[str]:
    names = {
        m.strip()
        for m in re.findall(
            r"\[\[\s*(?:User|Usuario|Utilisateur)\s*:\s*([^|\]/#]+)", text, flags=re.IGNORECASE
        )
    }
    names |= {m.strip() for m in re.findall(r"^\*\s*([^\[\]{}|#<>\n]+)$", text, flags=re.M)}
    return {n.replace("_", " ").casefold() for n in names if n}
