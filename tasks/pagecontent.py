"""What a leaderboard, report or hub page shows: read from the store (and, given the wiki,
the articles' current text and the participants' opt-outs), rendered by `bot.publish` to fit
the wiki's page size. `tasks.leaderboard` saves it."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime

import sqlite_utils

from bot import store
from bot.campaign import campaign_days
from bot.config import CampaignConfig
from bot.publish import (
    Page,
    Target,
    hub_order,
    hub_page,
    leaderboard,
    report_page,
)
from bot.recheck import Recheck, recheck
from bot.render.hub import TOP as HUB_TOP
from bot.render.messages import Messages, load_messages
from bot.render.model import Fixed
from bot.wiki import Wiki
from bot.wiki.parse import CurrentPage
from tasks.optout import hidden_names
from tasks.profiles import stored_profile

log = logging.getLogger("lib1ref")
RECENTLY_FIXED = 10  # fixes listed on the report (the heading counts them all)


def page_for(
    db: sqlite_utils.Database,
    lang: str,
    campaign: CampaignConfig,
    target: Target,
    now: datetime,
    page_limit: int | None = None,
    texts: Messages | None = None,
    wiki: Wiki | None = None,
    links: Mapping[str, str] | None = None,
    record: bool = False,
    seen_hidden: set[str] | None = None,
    optouts_read: set[str] | None = None,
) -> Page:
    """Read what the page shows from the store and render it to fit a page of `page_limit`
    bytes (the wiki's `maxarticlesize`; None: MediaWiki's default). `texts`: the wiki's
    overrides (a global page always has the bundle's wording). With `wiki`, the report's
    citations are first checked against their articles' current text (`bot.recheck`), and
    the leaderboard and hub hide the names of participants who asked not to be listed (the
    wiki's opt-out page, `{{bots|optout=…}}` on their user pages: `tasks.optout`;
    `seen_hidden` carries those found on earlier pages of the run to the global and hub
    pages; `optouts_read` collects the wikis whose opt-outs were read). `links`: each wiki's
    interwiki prefix, for the hub page (in the hub wiki's language). With `record`, the
    citations the check found fixed or gone are recorded with the article's latest revision
    ("fixed by")."""
    seen = set() if seen_hidden is None else seen_hidden
    if target.kind == "hub":
        daily = campaign_days(campaign, store.load_daily_edits(db, campaign.id, None))
        people = store.load_standings(db, campaign.id, None)
        top = [s.user for s in hub_order(people)[:HUB_TOP]]  # hiding a name keeps its row
        optout = frozenset[str]()
        if wiki is not None:
            optout = hidden_names(wiki, lambda _: top, seen, across_wikis=True, read=optouts_read)
        return hub_page(campaign, store.load_wiki_totals(db, campaign.id), people, daily,
                        links=links or {}, hub=target.wiki, now=now, optout=optout,
                        texts=texts or load_messages(lang))  # fmt: skip
    texts = None if target.kind == "global" else texts
    # the wiki's citation profile, as the scan last read it (a global page: the language's)
    profile = None if target.kind == "global" else stored_profile(db, target.wiki, lang)
    source = None if profile is None else profile.source
    if target.kind == "report":
        rows, _ = store.load_report_rows(db, campaign.id, target.wiki, None)
        rechecked = None
        if wiki is not None:
            current = wiki.current_pages(sorted({r.page_title for r in rows}))
            readable = {t: p.text for t, p in current.items() if not p.text_hidden}
            result = recheck(rows, readable, lang, now.date(), profile)
            rows, rechecked = list(result.rows), (result.fixed, result.gone)
            log.info("report %s %s: %d fixed, %d gone from the articles", campaign.id,
                     target.wiki, result.fixed, result.gone)  # fmt: skip
            if record:
                store.save_fixes(db, campaign.id, fixes_of(result, current, now))
                store.clear_fixes(db, campaign.id, result.standing)
        differ, differ_total = store.load_disagreement_rows(
            db, campaign.id, target.wiki, campaign.report_limit
        )
        fixes, fixes_total = store.load_fixes(db, campaign.id, target.wiki, RECENTLY_FIXED)
        return report_page(campaign, rows, lang=lang, now=now, texts=texts, rechecked=rechecked,
                           disagreements=differ, disagreements_total=differ_total,
                           leaderboard_page=target.companion, page_limit=page_limit,
                           fixes=fixes, fixes_total=fixes_total,
                           profile_source=source)  # fmt: skip
    standings = store.load_standings(db, campaign.id, target.scope)
    daily = campaign_days(campaign, store.load_daily_edits(db, campaign.id, target.scope))
    glob = target.kind == "global"
    board = leaderboard(campaign, standings, daily, lang=lang, now=now, global_page=glob,
                        page_limit=page_limit, texts=texts, report_page=target.companion,
                        profile_source=source)  # fmt: skip
    optout = frozenset[str]()
    if wiki is not None:  # only the participants the page will list are asked about
        optout = hidden_names(wiki, board.listed, seen, across_wikis=glob, read=optouts_read)
    return board.page(optout)


def fixes_of(result: Recheck, current: Mapping[str, CurrentPage], now: datetime) -> list[Fixed]:
    """Each citation the check took off, with its article's latest revision: who fixed (or
    removed) it, as exactly as one read of the article can say (see the README). Revision 0:
    the article is gone (a page whose text is hidden is not rechecked, so never settled)."""
    out = []
    for (wiki, title, revid, wikitext), outcome, added_by in result.settled:
        page = current.get(title, CurrentPage(None))
        gone = page.text is None and not page.text_hidden
        by, fixed_revid = ("", 0) if gone else (page.user, page.revid)
        out.append(Fixed(wiki, title, revid, wikitext, added_by, outcome, by, fixed_revid,
                         page.timestamp if fixed_revid else "", now.isoformat()))  # fmt: skip
    return out
