"""Pure: the campaign's hub page (on Meta-Wiki, where the campaign lives): totals over every
wiki, a sortable table per wiki, the wikis past 10, 100 and 1,000 edits, the edits per day
(no future days), and the top participants across wikis, each linked on their own wiki by
interwiki prefix, so the links work from the hub.

The hub is one page in the campaign's coordinating language: its texts are English.
Edits on wikis without citation analysis (Wikidata) count as edits.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from . import escape, wide
from .leaderboard import chart, day, stamp_line
from .messages import load_messages
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


def _share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "\u2013"


def _n(value: int) -> str:
    return f"{value:,}"


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


def passed(totals: Sequence[WikiTotal]) -> list[str]:
    """One line per threshold: how many wikis reached it, and which."""
    lines = []
    for limit in THRESHOLDS:
        over = [t.wiki for t in totals if t.edits >= limit]
        names = ", ".join(escape.text(w) for w in over) or "\u2013"
        lines.append(f"* {_n(limit)} edits or more: '''{len(over)}''' wikis ({names})")
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
    hidden: frozenset[str] = frozenset(),
) -> str:
    """The bot's block of the hub page (without the markers). `daily` stops at today. A
    participant in `hidden` (who asked not to be listed) keeps the row but not the name."""
    edits = sum(t.edits for t in totals)
    cites = sum(t.citations for t in totals)
    good = sum(t.well_formed for t in totals)
    active = [t for t in totals if t.edits]
    lines = [
        f"== {escape.text(campaign.id)}: every wiki ==",
        f"From {escape.text(day(campaign.start))} to {escape.text(day(campaign.end))}, "
        f"hashtags {', '.join(escape.text('#' + h) for h in campaign.hashtags)}.",
        "",
        f"'''{_n(edits)}''' edits by '''{_n(len(top))}''' participants on "
        f"'''{_n(len(active))}''' wikis; '''{_n(cites)}''' citations added "
        f"({_share(good, cites)} well-formed), "
        f"'''{_n(sum(t.cn_resolved for t in totals))}''' citation-needed tags resolved, "
        f"'''{_n(sum(t.created for t in totals))}''' articles created and "
        f"'''{_n(sum(t.improved for t in totals))}''' improved.",
        "",
        stamp_line(now, load_messages("en")),
        "",
        "=== Wikis past 10, 100 and 1,000 edits ===",
        *passed(active),
        "",
        "=== Per wiki ===",
        wide.OPEN,
        '{| class="wikitable sortable lib1ref-bot-hub"',
        "! Wiki !! Edits !! Participants !! Citations added !! Well-formed !! "
        "Citation needed resolved !! Articles created !! Articles improved",
    ]
    for t in sorted(active, key=lambda t: (-t.edits, t.wiki)):
        lines += [
            "|-",
            f"| {wiki_link(t.wiki, links)} || {t.edits:d} || {t.participants:d} || "
            f"{t.citations:d} || {_share(t.well_formed, t.citations)} || {t.cn_resolved:d} || "
            f"{t.created:d} || {t.improved:d}",
        ]
    lines += ["|}", wide.CLOSE, "", "=== Edits per day ===", *chart(daily, load_messages("en")), ""]
    lines += ["=== Top participants across wikis ===", wide.OPEN,
              '{| class="wikitable sortable lib1ref-bot-hub-top"',
              "! # !! Participant !! Edits !! Citations added !! Wikis"]  # fmt: skip
    anonymous = load_messages("en")("leaderboard.hidden_name")
    for i, s in enumerate(top[:TOP], 1):
        lines += [
            "|-",
            f"| {i:d} || {anonymous if s.user in hidden else participant_link(s, links, hub)}"
            f" || {s.edits:d} || {s.citations:d} || "
            f"{', '.join(escape.text(w) for w in s.wikis)}",
        ]
    lines += ["|}", wide.CLOSE]
    return "\n".join(lines)
