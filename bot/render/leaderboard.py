"""The leaderboard block: heading, totals, last-updated line, daily chart, ranked table.

The bot owns only what lies between `MARK_START` and `MARK_END` on the leaderboard page;
organizers may write anything before and after the markers and it survives every update
byte for byte (`replace_block`). The block uses plain wikitext and inline HTML only (no
templates, no extensions), so it renders the same on any wiki.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import datetime

from ..errors import PageLayoutError
from ..timestamps import parse_moment
from . import escape, fit, wide
from .direction import checks_line, set_direction
from .messages import Messages, load_messages
from .model import CampaignInfo, Standing, Totals

MARK_START = "<!-- lib1ref-bot: start (the bot replaces everything down to its end mark) -->"
MARK_END = "<!-- lib1ref-bot: end -->"

STAMP_CLASS = "lib1ref-bot-stamp"
STAMP_RE = re.compile(
    rf'^<small class="{STAMP_CLASS}">[^\n]*?'
    r"\d{4}-\d\d-\d\d \d\d:\d\d UTC[^\n]*</small>[ \t]*(?:\n|\Z)",
    re.MULTILINE,
)
BAR_CLASS = "lib1ref-bot-bar"
BAR_MAX_PCT = 100  # of the bar column, which takes what the date and the number leave


def _utc(iso: str) -> datetime:
    """An ISO 8601 timestamp (`2027-01-16T10:00:00Z`, or a date) as an aware UTC datetime."""
    return parse_moment(iso)


_UTC_TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")


def day(iso: str) -> str:
    """`2027-01-16` for an ISO timestamp."""
    if _UTC_TIMESTAMP.fullmatch(iso):  # fast path: already UTC
        return iso[:10]
    return _utc(iso).strftime("%Y-%m-%d")


def stamp_line(now: str, msgs: Messages) -> str:
    """The "last updated: YYYY-MM-DD HH:MM UTC" line, on its own line, matched by `STAMP_RE`."""
    stamp = _utc(now).strftime("%Y-%m-%d %H:%M UTC")
    return f'<small class="{STAMP_CLASS}">{msgs("stamp", stamp=stamp)}</small>'


def without_stamp(text: str) -> str:
    """`text` without its last-updated line(s): equal results mean nothing else changed."""
    return STAMP_RE.sub("", text)


def _hashtags(tags: tuple[str, ...]) -> str:
    return ", ".join("#" + escape.text(t.lstrip("#")) for t in tags)  # mid-line: # is text


def _totals(totals: Totals, msgs: Messages) -> str:
    wikis = ", ".join(escape.text(w) for w in totals.wikis) or "\u2013"
    return msgs(
        "leaderboard.totals",
        participants=msgs.number(totals.participants),
        edits=msgs.number(totals.edits),
        citations=msgs.number(totals.citations),
        share=msgs.percent(totals.well_formed, totals.citations),
        wiki_count=msgs.number(len(totals.wikis)),
        wiki_list=wikis,
    )


def chart(daily: tuple[tuple[str, int], ...], msgs: Messages, today: str = "") -> list[str]:
    """One row per day up to `today` (a `YYYY-MM-DD`; every day when ""): the date, a bar
    proportional to the day's edits, the number. The bars are shares of the table's width,
    which never exceeds the screen's, so the dates and numbers stay in view on a phone."""
    days = [(d, n) for d, n in daily if not today or d <= today]
    peak = max((n for _, n in days), default=0)
    lines = [
        '{| class="lib1ref-bot-chart" style="border-collapse:collapse;line-height:1.2;'
        'width:100%;max-width:40em"',
        f"|+ {msgs('leaderboard.chart_caption')}",
    ]
    for date, n in days:
        width = 0 if n <= 0 or peak <= 0 else max(1, round(BAR_MAX_PCT * n / peak))
        bar = f'<div class="{BAR_CLASS}" style="background:#36c;width:{width}%;height:1em"></div>'
        lines += [
            "|-",
            f'| style="padding:0 .5em 0 0;white-space:nowrap;width:1%" | {escape.text(date)}',
            f'| style="padding:0" | {bar}',
            f'| style="padding:0 0 0 .5em;text-align:right;width:1%" | {msgs.number(n)}',
        ]
    lines.append("|}")
    return lines


def _columns(msgs: Messages, *, global_page: bool) -> list[str]:
    names = ["rank", "user", "well_formed", "citations", "cn_resolved", "edits"]
    names += ["wikis", "last_edit"] if global_page else ["last_edit"]
    header = " !! ".join(msgs(f"column.{n}") for n in names)
    return [wide.OPEN, '{| class="wikitable sortable lib1ref-bot-leaderboard"', f"! {header}"]


def _rows(
    ranked: Iterable[tuple[int, Standing]],
    msgs: Messages,
    *,
    global_page: bool,
    hidden: frozenset[str] = frozenset(),
) -> Iterator[str]:
    """One table row per participant ("|-" and the cells, two lines), lazily; a name in
    `hidden` (an opted-out participant) shown as a phrase, without a link."""
    contribs = msgs("link.contribs")
    wiki_cells: dict[tuple[str, ...], str] = {}
    for position, s in ranked:
        wikis = ""
        if global_page:
            wikis = wiki_cells.get(s.wikis, "")
            if not wikis:
                wikis = wiki_cells[s.wikis] = f" || {', '.join(escape.text(w) for w in s.wikis)}"
        name = (
            msgs("leaderboard.hidden_name")
            if s.user in hidden
            else escape.user_link(s.user, contribs=contribs)
        )
        yield (
            f"|-\n| {position:d} || {name}"
            f" || {s.well_formed:d} || {s.citations:d} || {s.cn_resolved:d} || {s.edits:d}"
            f"{wikis} || {escape.text(day(s.last_edit)) if s.last_edit else ''}"
        )


def _more(hidden: int, msgs: Messages) -> str:
    """The "N more not shown" line, with where the full list is."""
    return f"{msgs('leaderboard.more', count=msgs.number(hidden))} {msgs('leaderboard.full_list')}"


def _layout(
    campaign: CampaignInfo,
    totals: Totals,
    ranked: list[tuple[int, Standing]],
    msgs: Messages,
    *,
    lang: str,
    now: str,
    global_page: bool,
    max_rows: int | None,
    max_bytes: int | None,
    report_page: str,
    hidden: frozenset[str],
    profile_source: str | None = None,
) -> tuple[list[str], list[str], list[str], int]:
    """The block's lines before the table, the table's header, the lines after the table,
    and how many rows of `ranked` the table lists (see `render_leaderboard`)."""
    heading = "leaderboard.heading_global" if global_page else "leaderboard.heading"
    lines = [
        f"== {msgs(heading, campaign=escape.text(campaign.id))} ==",
        msgs(
            "leaderboard.window",
            start=escape.text(day(campaign.start)),
            end=escape.text(day(campaign.end)),
            hashtags=_hashtags(campaign.hashtags),
        ),
        msgs("leaderboard.rules"),
    ]
    if report_page:
        lines.append(msgs("leaderboard.report_link", page=escape.page_link(report_page)))
    lines += ["", _totals(totals, msgs)]
    unlisted = totals.participants - len(ranked)
    if unlisted > 0:  # a paragraph of its own: not run on after the totals' last figure
        lines += ["", msgs("leaderboard.unlisted", count=msgs.number(unlisted))]
    lines += [checks_line(lang, msgs, profile_source), "", stamp_line(now, msgs), ""]
    tail = ["", *chart(totals.daily, msgs, day(now))]
    count = len(ranked) if max_rows is None else min(len(ranked), max(max_rows, 0))
    columns = _columns(msgs, global_page=global_page)
    if max_bytes is not None and count:
        # Room for the rows: what is left once the rest of the block (the chart after the
        # table too), the table frame and the longest possible "more" line are counted.
        frame = fit.size([*lines, *columns, "|}", wide.CLOSE, "", _more(len(ranked), msgs), *tail])
        rows = _rows(ranked[:count], msgs, global_page=global_page, hidden=hidden)
        count = fit.fitting(rows, max_bytes - frame)
    return lines, columns, tail, count


def listed_count(
    campaign: CampaignInfo,
    totals: Totals,
    ranked: list[tuple[int, Standing]],
    *,
    lang: str,
    now: str,
    global_page: bool = False,
    max_rows: int | None = None,
    max_bytes: int | None = None,
    texts: Messages | None = None,
    report_page: str = "",
    hidden: frozenset[str] = frozenset(),
    profile_source: str | None = None,
) -> int:
    """How many rows of `ranked` (its first) the table of `render_leaderboard` with the same
    arguments lists. Which rows fit depends on `hidden`: a hidden name's phrase is shorter
    or longer than the link it replaces."""
    msgs = texts or load_messages(lang)
    return _layout(campaign, totals, ranked, msgs, lang=lang, now=now, global_page=global_page,
                   max_rows=max_rows, max_bytes=max_bytes, report_page=report_page,
                   hidden=hidden, profile_source=profile_source)[3]  # fmt: skip


def render_leaderboard(
    campaign: CampaignInfo,
    totals: Totals,
    ranked: list[tuple[int, Standing]],
    *,
    lang: str,
    now: str,
    global_page: bool = False,
    max_rows: int | None = None,
    max_bytes: int | None = None,
    texts: Messages | None = None,
    report_page: str = "",
    hidden: frozenset[str] = frozenset(),
    profile_source: str | None = None,
) -> str:
    """The bot's block of the leaderboard page (without the markers).

    `ranked` comes from `ranking.rank`; `now` is an ISO timestamp. The table shows at most
    `max_rows` participants and, with `max_bytes`, only as many as keep the block within that
    many UTF-8 bytes (`bot.render.fit`); a cut table ends with a "N more not shown" line that
    says where the full list is. `global_page` adds the wikis column. The block says what
    it ranks by and what "well-formed" means, links `report_page` (when given), says how
    many participants are counted but not listed (unregistered ones), shows the names in
    `hidden` (participants who opted out) as a phrase, then the table, then the daily chart
    up to today.
    """
    msgs = texts or load_messages(lang)
    lines, columns, tail, count = _layout(
        campaign, totals, ranked, msgs, lang=lang, now=now, global_page=global_page,
        max_rows=max_rows, max_bytes=max_bytes, report_page=report_page, hidden=hidden,
        profile_source=profile_source,
    )  # fmt: skip
    if count:
        lines += columns
        lines += _rows(ranked[:count], msgs, global_page=global_page, hidden=hidden)
        lines += ["|}", wide.CLOSE]
    elif not ranked:
        lines.append(msgs("leaderboard.empty"))
    if len(ranked) > count:
        lines += ["", _more(len(ranked) - count, msgs)]
    lines += tail
    return set_direction("\n".join(lines), lang)


def replace_block(page_text: str, block: str) -> str:
    """`page_text` with the bot's block between the markers replaced by `block`.

    Without markers, the block (with its markers) is appended after a blank line. Text
    outside the markers is kept byte for byte. Broken markers (one without the other, twice,
    or in the wrong order) raise `PageLayoutError` rather than risk destroying organizer text.
    """
    block = block.strip("\n")
    if MARK_START in block or MARK_END in block:
        raise PageLayoutError("the rendered block contains the bot's own markers")
    starts, ends = page_text.count(MARK_START), page_text.count(MARK_END)
    wrapped = f"{MARK_START}\n{block}\n{MARK_END}"
    if starts == 0 and ends == 0:
        if not page_text:
            return wrapped
        gap = "" if page_text.endswith("\n\n") else "\n" if page_text.endswith("\n") else "\n\n"
        return f"{page_text}{gap}{wrapped}"
    if starts != 1 or ends != 1:
        raise PageLayoutError(
            f"broken leaderboard markers: {MARK_START!r} found {starts} time(s) and "
            f"{MARK_END!r} {ends} time(s); each must appear exactly once. Fix the page by hand."
        )
    begin, end = page_text.index(MARK_START), page_text.index(MARK_END)
    if end < begin:
        raise PageLayoutError(
            f"broken leaderboard markers: {MARK_END!r} comes before {MARK_START!r}. "
            "Fix the page by hand."
        )
    return page_text[:begin] + wrapped + page_text[end + len(MARK_END) :]
