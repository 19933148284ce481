"""Which pages a leaderboard run publishes, and what each says. Pure.

`targets` lists the pages of a campaign (per wiki a leaderboard and a report, plus the
global leaderboard); `leaderboard` and `report_page` turn the store's records into
the bot's block of wikitext and the edit summary. The task only fetches, saves and records.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .campaign import Daily, totals
from .config import CampaignConfig, Config
from .errors import PageShrinks
from .exclusion import normalize
from .records import PageKind
from .render.fit import block_budget
from .render.hub import TOP as HUB_TOP
from .render.hub import WikiTotal, render_hub
from .render.leaderboard import MARK_END, MARK_START, listed_count, render_leaderboard
from .render.messages import Messages, load_messages
from .render.model import CampaignInfo, DisagreementRow, Fixed, ReportRow, Standing, Totals
from .render.ranking import rank
from .render.report import render_report
from .timestamps import format_ts


@dataclass(frozen=True)
class Target:
    """One page to publish: on which wiki, what kind, its title."""

    wiki: str
    kind: PageKind
    title: str
    companion: str = ""  # the page it links to: the report from a leaderboard, and back

    @property
    def scope(self) -> str | None:
        """The wiki whose counts the page shows; None for every wiki (the global page)."""
        return None if self.kind in ("global", "hub") else self.wiki


@dataclass(frozen=True)
class Page:
    """What to write: the bot's block (between its markers) and the edit summary."""

    block: str
    summary: str
    removed: int = 0  # rows taken off because the articles changed (not a loss to guard)


def targets(config: Config, campaign: CampaignConfig, only_wiki: str | None) -> list[Target]:
    """Every page of the campaign, wiki by wiki in config order, the global page last."""
    out: list[Target] = []
    for key in campaign.wikis:
        if only_wiki and key != only_wiki:
            continue
        wiki = config.wiki(key)
        out.append(Target(key, "leaderboard", wiki.leaderboard_page, wiki.report_page))
        out.append(Target(key, "report", wiki.report_page, wiki.leaderboard_page))
    if campaign.global_wiki and (not only_wiki or campaign.global_wiki == only_wiki):
        out.append(Target(campaign.global_wiki, "global", campaign.global_page))
    if campaign.hub_wiki and (not only_wiki or campaign.hub_wiki == only_wiki):
        out.append(Target(campaign.hub_wiki, "hub", campaign.hub_page))
    return out


def campaign_info(campaign: CampaignConfig) -> CampaignInfo:
    return CampaignInfo(
        campaign.id, campaign.start.isoformat(), campaign.end.isoformat(), campaign.hashtags
    )


@dataclass(frozen=True)
class Leaderboard:
    """A leaderboard page's participants, ranked once (`leaderboard`): who its table names
    (`listed`) and the page itself (`page`), each for a set of opted-out names (normalized as
    `bot.exclusion.normalize` does). Hiding a name changes its row's length, so the rows that
    fit depend on who is hidden; hidden participants keep their place but not their name."""

    info: CampaignInfo
    sums: Totals
    ranked: list[tuple[int, Standing]]
    named: Mapping[str, tuple[str, ...]]  # normalized name -> the participants it names
    layout: Mapping[str, Any]  # the render arguments but `hidden`

    def _hidden(self, optout: frozenset[str]) -> frozenset[str]:
        return frozenset(user for name in optout for user in self.named.get(name, ()))

    def listed(self, optout: frozenset[str]) -> list[str]:
        """Who the table names, in rank order: the first rows, as many as fit."""
        hidden = self._hidden(optout)
        count = listed_count(self.info, self.sums, self.ranked, hidden=hidden, **self.layout)
        return [s.user for _, s in self.ranked[:count]]

    def page(self, optout: frozenset[str] = frozenset()) -> Page:
        """The leaderboard block and the edit summary."""
        hidden = self._hidden(optout)
        block = render_leaderboard(self.info, self.sums, self.ranked, hidden=hidden, **self.layout)
        summary = (
            f"Bot: update the campaign leaderboard ({self.sums.participants} participants, "
            f"{self.sums.citations} citations)"
        )
        return Page(block, summary)


def leaderboard(
    campaign: CampaignConfig,
    standings: Sequence[Standing],
    daily: Daily,
    *,
    lang: str,
    now: datetime,
    global_page: bool,
    page_limit: int | None = None,
    texts: Messages | None = None,
    report_page: str = "",
    profile_source: str | None = None,
) -> Leaderboard:
    """The leaderboard of `standings`, its block cut to fit a page of `page_limit` bytes
    (None: MediaWiki's default) with the organizer's text around it
    (`bot.render.fit.block_budget`)."""
    named: dict[str, list[str]] = {}
    for s in standings:
        named.setdefault(normalize(s.user), []).append(s.user)
    layout = {"lang": lang, "now": format_ts(now), "global_page": global_page,
              "max_bytes": block_budget(page_limit), "texts": texts, "report_page": report_page,
              "profile_source": profile_source}  # fmt: skip
    return Leaderboard(campaign_info(campaign), totals(standings, daily),
                       rank(standings, rank_unregistered=campaign.rank_unregistered),
                       {name: tuple(users) for name, users in named.items()}, layout)  # fmt: skip


def report_page(
    campaign: CampaignConfig,
    rows: Sequence[ReportRow],
    *,
    lang: str,
    now: datetime,
    rechecked: tuple[int, int] | None = None,
    disagreements: Sequence[DisagreementRow] = (),
    disagreements_total: int = 0,
    leaderboard_page: str = "",
    page_limit: int | None = None,
    texts: Messages | None = None,
    fixes: Sequence[Fixed] = (),
    fixes_total: int = 0,
    profile_source: str | None = None,
) -> Page:
    """The report block, cut like the leaderboard's to fit a page of `page_limit` bytes;
    `fixes` (the latest, of `fixes_total`) are listed as recently fixed.
    `profile_source`: the wiki's citation profile (tasks.profiles), for the checks line."""
    block = render_report(
        campaign_info(campaign),
        rows,
        lang=lang,
        now=format_ts(now),
        limit=campaign.report_limit,
        rechecked=rechecked,
        leaderboard_page=leaderboard_page,
        disagreements=disagreements,
        disagreements_total=disagreements_total,
        max_bytes=block_budget(page_limit),
        texts=texts,
        fixes=fixes,
        fixes_total=fixes_total,
        profile_source=profile_source,
    )
    listed = len({(r.wiki, r.page_title, r.revid, r.wikitext) for r in rows})
    removed = sum(rechecked) if rechecked else 0
    return Page(block, f"Bot: update the campaign list of citations to check ({listed})", removed)


def bot_block(page_text: str) -> str:
    """The text between the bot's markers on a page ("" when there are none)."""
    begin, end = page_text.find(MARK_START), page_text.find(MARK_END)
    if begin < 0 or end < begin:
        return ""
    return page_text[begin + len(MARK_START) : end]


def table_rows(block: str) -> int:
    """The data rows of a block's tables (`|-` lines), the daily chart's rows left out."""
    rows, in_chart = 0, False
    for line in block.splitlines():
        stripped = line.strip()
        if stripped.startswith("{|"):
            in_chart = "lib1ref-bot-chart" in stripped
        elif stripped.startswith("|}"):
            in_chart = False
        elif stripped.startswith("|-") and not in_chart:
            rows += 1
    return rows


def check_shrink(
    title: str, current_page: str, new_block: str, max_shrink: float, removed: int = 0
) -> None:
    """Raise `PageShrinks` when the new block keeps too few of the page's current rows.

    Refused: any page going from some rows to none, or losing more than `max_shrink` (a
    fraction) of them. A page without the bot's block yet, or without rows, never is. The
    `removed` rows (citations fixed or gone from their articles, seen on the wiki) are no
    loss: they leave the count before the comparison.
    """
    before, after = table_rows(bot_block(current_page)), table_rows(new_block)
    before = max(before - removed, after)
    if before and (after == 0 or (before - after) / before > max_shrink):
        raise PageShrinks(title, before, after, max_shrink)


def hub_order(standings: Sequence[Standing]) -> list[Standing]:
    """Participants in the hub's order: by edits, then citations, then name (the first
    `HUB_TOP` are listed)."""
    return sorted(standings, key=lambda s: (-s.edits, -s.citations, s.user))


def hub_page(
    campaign: CampaignConfig,
    per_wiki: Sequence[WikiTotal],
    standings: Sequence[Standing],
    daily: Daily,
    *,
    links: Mapping[str, str],
    hub: str,
    now: datetime,
    optout: frozenset[str] = frozenset(),
    texts: Messages | None = None,
) -> Page:
    """The hub page: every wiki's totals; the days up to `now` only; participants by edits.
    Participants in `optout` (normalized names) keep their row but not their name. `texts`:
    the hub wiki's wording (its language's bundle, or its texts page); English without."""
    today = now.date().isoformat()
    past = tuple((d, n) for d, n in daily if d <= today)
    top = hub_order(standings)
    hidden = frozenset(s.user for s in top[:HUB_TOP] if normalize(s.user) in optout)
    block = render_hub(campaign_info(campaign), per_wiki, top, past, links=links, hub=hub,
                       now=format_ts(now), hidden=hidden,
                       msgs=texts or load_messages("en"))  # fmt: skip
    wikis = sum(1 for t in per_wiki if t.edits)
    edits = sum(t.edits for t in per_wiki)
    return Page(block, f"Bot: update the campaign hub ({edits} edits on {wikis} wikis)")
