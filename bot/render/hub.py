"""Pure: the campaign's hub page (on Meta-Wiki, where the campaign lives): totals over every
wiki, a sortable table per wiki, the wikis past 10, 100 and 1,000 edits, the edits per day
(no future days), and the top participants across wikis, each linked on their own wiki by
interwiki prefix, so the links work from the hub.

Its texts are in the hub wiki's language (`hub.*` and `column.*` in `bot/data/messages`,
English where a bundle has none). Edits on wikis without citation analysis (Wikidata) count
as edits.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from . import escape, wide
from .leaderboard import chart, day, stamp_line
from .messages import Messages
from .model import CampaignInfo, Standing

THRESHOLDS = (10, 100, 1000)
TOP = 50  # participants listed


@dataclass(frozen=True)
class WikiTotal:
    """What counts on one wiki (`bot.store.export_wiki_totals`)."""

    wiki: str
    edits: int
    participants: int
    citations: int
    well_formed: int
    cn_resolved: int
    created: int
    improved: int


def wiki_link(wiki: str, links: Mapping[str, str]) -> str:
    """The wiki's key, linking its main page through its interwiki prefix when known."""
    prefix = links.get(wiki, "")
    return f"[[:{prefix}:|{escape.text(wiki)}]]" if prefix else escape.text(wiki)


def participant_link(s: Standing, links: Mapping[str, str], hub: str) -> str:
    """The user page on the first of their wikis the hub can link to (interwiki prefix, or
    the hub wiki itself); the bare name when none can be."""
    label = escape.name_text(s.user)
    where = escape.target(s.user)
    for wiki in s.wikis:
        if not where:
            break
        if links.get(wiki):
            return f"[[:{links[wiki]}:User:{where}|{label}]]"
        if wiki == hub:
            return f"[[User:{where}|{label}]]"
    return label


def passed(totals: Sequence[WikiTotal], msgs: Messages) -> list[str]:
    """One line per threshold: how many wikis reached it, and which."""
    lines = []
    for limit in THRESHOLDS:
        over = [t.wiki for t in totals if t.edits >= limit]
        names = ", ".join(escape.text(w) for w in over) or "\u2013"
        count = msgs.number(len(over))
        lines.append("* " + msgs("hub.passed", limit=msgs.number(limit), count=count, names=names))
    return lines


def render_hub(
    campaign: CampaignInfo,
    totals: Sequence[WikiTotal],
    top: Sequence[Standing],
    daily: tuple[tuple[str, int], ...],
    *,
    links: Mapping[str, str],
    hub: str,
    now: str,
    msgs: Messages,
    hidden: frozenset[str] = frozenset(),
) -> str:
    """The bot's block of the hub page (without the markers), in `msgs`' language. `daily`
    stops at today. A participant in `hidden` (who asked not to be listed) keeps the row but
    not the name."""
    cites = sum(t.citations for t in totals)
    active = [t for t in totals if t.edits]
    n = msgs.number
    lines = [
        f"== {msgs('hub.heading', campaign=escape.text(campaign.id))} ==",
        msgs("hub.window", start=escape.text(day(campaign.start)),
             end=escape.text(day(campaign.end)),
             hashtags=", ".join(escape.text("#" + h) for h in campaign.hashtags)),
        "",
        msgs("hub.totals", edits=n(sum(t.edits for t in totals)), participants=n(len(top)),
             wikis=n(len(active)), citations=n(cites),
             share=msgs.percent(sum(t.well_formed for t in totals), cites),
             cn_resolved=n(sum(t.cn_resolved for t in totals)),
             created=n(sum(t.created for t in totals)),
             improved=n(sum(t.improved for t in totals))),
        "",
        stamp_line(now, msgs),
        "",
        f"=== {msgs('hub.passed_heading')} ===",
        *passed(active, msgs),
        "",
        f"=== {msgs('hub.per_wiki')} ===",
        wide.OPEN,
        '{| class="wikitable sortable lib1ref-bot-hub"',
        _header(msgs, PER_WIKI),
    ]  # fmt: skip
    for t in sorted(active, key=lambda t: (-t.edits, t.wiki)):
        lines += [
            "|-",
            f"| {wiki_link(t.wiki, links)} || {t.edits:d} || {t.participants:d} || "
            f"{t.citations:d} || {msgs.percent(t.well_formed, t.citations)} || "
            f"{t.cn_resolved:d} || {t.created:d} || {t.improved:d}",
        ]
    lines += ["|}", wide.CLOSE, "", f"=== {msgs('hub.daily')} ===", *chart(daily, msgs), ""]
    lines += [f"=== {msgs('hub.top')} ===", wide.OPEN,
              '{| class="wikitable sortable lib1ref-bot-hub-top"',
              _header(msgs, TOP_COLUMNS)]  # fmt: skip
    anonymous = msgs("leaderboard.hidden_name")
    for i, s in enumerate(top[:TOP], 1):
        lines += [
            "|-",
            f"| {i:d} || {anonymous if s.user in hidden else participant_link(s, links, hub)}"
            f" || {s.edits:d} || {s.citations:d} || "
            f"{', '.join(escape.text(w) for w in s.wikis)}",
        ]
    lines += ["|}", wide.CLOSE]
    return "\n".join(lines)


PER_WIKI = ("wiki", "edits", "participants", "citations", "share", "cn_resolved", "created",
            "improved")  # fmt: skip
TOP_COLUMNS = ("rank", "user", "edits", "citations", "wikis")


def _header(msgs: Messages, columns: Sequence[str]) -> str:
    return "! " + " !! ".join(msgs(f"column.{c}") for c in columns)
