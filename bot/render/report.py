"""The organizer report: citations with error-level problems, grouped by problem code.

Each section has the localized description of its code and a link to the help page that
explains the fix; each row links the article, the diff that added the citation and its
author, then shows the problem and the citation's wikitext as plain text. The last-updated
line follows the leaderboard's convention (`leaderboard.STAMP_RE`). Under `judge = "both"` a
last section lists the citations on which the wiki's citation module disagrees with our rules.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from ..citations.model import Problem
from ..language_table import bundle_language
from . import escape, fit, wide
from .direction import checks_line, set_direction
from .fixes import render_fixes
from .leaderboard import day, stamp_line
from .messages import PROBLEM_PREFIX, REFERENCE, Messages, load_messages
from .model import CampaignInfo, DisagreementRow, Fixed, ReportRow

COLUMNS = ("page", "edit", "user", "problem", "citation")
DISAGREEMENT_COLUMNS = ("page", "edit", "user", "ours", "module", "citation")
TABLE = '{| class="wikitable sortable lib1ref-bot-report"'


@dataclass(frozen=True)
class Listed:
    """One citation on the report, with every error it has."""

    row: ReportRow  # the edit that added it (its first problem)
    problems: tuple[Problem, ...]


def _citations(rows: Sequence[ReportRow], known: tuple[str, ...]) -> dict[str, list[Listed]]:
    """Citations by section: each under its first problem in message-file order (unknown
    codes last, by name), sections in that order, citations in the caller's order."""
    order = {code: i for i, code in enumerate(known)}

    def rank(code: str) -> tuple[int, str]:
        return (order.get(code, len(order)), code)

    grouped: dict[tuple[str, str, int, str], list[Problem]] = {}
    first: dict[tuple[str, str, int, str], ReportRow] = {}
    for row in rows:
        key = (row.wiki, row.page_title, row.revid, row.wikitext)
        first.setdefault(key, row)
        if row.problem not in grouped.setdefault(key, []):
            grouped[key].append(row.problem)
    sections: dict[str, list[Listed]] = {}
    for key, problems in grouped.items():
        ordered = tuple(sorted(problems, key=lambda p: rank(p.code)))
        sections.setdefault(ordered[0].code, []).append(Listed(first[key], ordered))
    return {code: sections[code] for code in sorted(sections, key=rank)}


def fair_shares(sizes: Sequence[int], limit: int) -> list[int]:
    """How many rows each section shows: `limit` shared out evenly, a section needing less
    than its share giving the rest to the others (max-min fair); never more than a size."""
    shares = [0] * len(sizes)
    left = max(limit, 0)
    open_ = [i for i, n in enumerate(sizes) if n > 0]
    while left > 0 and open_:
        each = max(left // len(open_), 1)
        for i in list(open_):
            give = min(each, sizes[i] - shares[i], left)
            shares[i] += give
            left -= give
            if shares[i] == sizes[i]:
                open_.remove(i)
            if left == 0:
                break
    return shares


def _problem(problem: Problem, msgs: Messages) -> str:
    """The problem in the page's language: the check's own detail in English, the problem's
    name from the message file in any other language that has it."""
    localized = bundle_language(msgs.lang) != REFERENCE and problem.code in msgs.problem_codes
    if localized and PROBLEM_PREFIX + problem.code not in msgs.fallback:
        message = msgs.problem(problem.code)
    else:
        message = escape.text(problem.message)
    return f"{escape.code(f'|{problem.param}=')} {message}" if problem.param else message


def _row(citation: Listed, msgs: Messages) -> str:
    """One table row ("|-" and the cells, two lines)."""
    row = citation.row
    problems = "<br />".join(_problem(p, msgs) for p in citation.problems)
    return (
        f"|-\n| {escape.page_link(row.page_title)}"
        f" || {escape.diff_link(row.revid, label=msgs('link.diff'))}"
        f" || {escape.user_link(row.user, contribs=msgs('link.contribs'))}"
        f" || {problems}"
        f" || {wide.WRAP_CELL} {escape.code(row.wikitext)}"
    )


def _round_robin(sections: Sequence[list[Listed]]) -> Iterator[Listed]:
    """Citations one section at a time in turn: the order fair shares fill them in."""
    for i in range(max((len(v) for v in sections), default=0)):
        yield from (listed[i] for listed in sections if i < len(listed))


def _section(code: str, listed: list[Listed], shown: int, msgs: Messages) -> list[str]:
    known = code in msgs.problem_codes
    problem = msgs.problem(code) if known else escape.text(code)
    heading = msgs("report.section_heading", problem=problem, count=msgs.number(len(listed)))
    lines = [f"=== {heading} ==="]
    help_page = msgs.help_page(code)
    if help_page:
        lines.append(escape.help_link(help_page, msgs("link.help")))
    header = " !! ".join(msgs(f"column.{c}") for c in COLUMNS)
    lines += [wide.OPEN, TABLE, f"! {header}"]
    lines += [_row(citation, msgs) for citation in listed[:shown]]
    lines += ["|}", wide.CLOSE]
    if shown < len(listed):
        lines.append(msgs("report.section_more", count=msgs.number(len(listed) - shown)))
    lines.append("")
    return lines


def _verdict(well_formed: bool, codes: Sequence[str], msgs: Messages) -> str:
    verdict = msgs("verdict.ok") if well_formed else msgs("verdict.error")
    return f"{verdict}: {escape.text(', '.join(codes))}" if codes else verdict


def _disagreements(rows: Sequence[DisagreementRow], total: int, msgs: Messages) -> list[str]:
    heading = msgs("report.disagree_heading", count=msgs.number(max(total, len(rows))))
    header = " !! ".join(msgs(f"column.{c}") for c in DISAGREEMENT_COLUMNS)
    lines = [f"=== {heading} ===", msgs("report.disagree_intro"), ""]
    lines += [wide.OPEN, '{| class="wikitable sortable lib1ref-bot-disagreements"', f"! {header}"]
    contribs, diff = msgs("link.contribs"), msgs("link.diff")
    for row in rows:
        lines.append("|-")
        lines.append(
            f"| {escape.page_link(row.page_title)}"
            f" || {escape.diff_link(row.revid, label=diff)}"
            f" || {escape.user_link(row.user, contribs=contribs)}"
            f" || {_verdict(row.local_well_formed, row.local_codes, msgs)}"
            f" || {_verdict(row.wiki_well_formed, row.wiki_codes, msgs)}"
            f" || {wide.WRAP_CELL} {escape.code(row.wikitext)}"
        )
    lines += ["|}", wide.CLOSE, ""]
    if total > len(rows):
        lines.append(msgs("report.more", count=msgs.number(total - len(rows))))
    return lines


def render_report(
    campaign: CampaignInfo,
    rows: Sequence[ReportRow],
    *,
    lang: str,
    now: str,
    limit: int = 500,
    rechecked: tuple[int, int] | None = None,
    disagreements: Sequence[DisagreementRow] = (),
    disagreements_total: int = 0,
    leaderboard_page: str = "",
    max_bytes: int | None = None,
    texts: Messages | None = None,
    fixes: Sequence[Fixed] = (),
    fixes_total: int = 0,
    profile_source: str | None = None,
) -> str:
    """The bot's block of the report page (without the markers).

    `rows` are every error-level problem still standing, one per problem; a citation with
    several shows once with all of them, in the section of its first. At most `limit`
    citations are shown, shared fairly across sections (`fair_shares`), and with `max_bytes`
    only as many as keep the block within that many UTF-8 bytes (`bot.render.fit`: the
    largest fair share that fits); each heading gives its section's true count, a section cut
    short says how many it does not show, and a last line how many in all and where the full
    list is. `rechecked` (fixed, gone), when not both 0, says what the check against the
    articles' current text took off. `disagreements` (at most `limit` shown, of
    `disagreements_total`) add a section. `leaderboard_page` is linked back to. `texts` are
    the messages with the wiki's overrides applied (else the bundle's). `fixes` (the latest,
    of `fixes_total`) add a "recently fixed" section (`bot.render.fixes`).
    """
    msgs = texts or load_messages(lang)
    sections = _citations(rows, msgs.problem_codes)
    sizes = [len(v) for v in sections.values()]
    head = [
        f"== {msgs('report.heading', campaign=escape.text(campaign.id))} ==",
        msgs(
            "report.intro",
            start=escape.text(day(campaign.start)),
            end=escape.text(day(campaign.end)),
        ),
        checks_line(lang, msgs, profile_source),
    ]
    if leaderboard_page:
        head.append(msgs("report.leaderboard_link", page=escape.page_link(leaderboard_page)))
    if rechecked is not None and sum(rechecked) > 0:
        fixed, gone = rechecked
        head.append(msgs("report.rechecked", fixed=msgs.number(fixed), gone=msgs.number(gone)))
    head += ["", stamp_line(now, msgs), ""]
    tail: list[str] = ["", *render_fixes(fixes, fixes_total, msgs)] if fixes_total else []
    if disagreements or disagreements_total:
        tail += ["", *_disagreements(disagreements[: max(limit, 0)], disagreements_total, msgs)]

    def block(cap: int) -> list[str]:
        shares = fair_shares(sizes, cap)
        lines = list(head)
        if not sections:
            lines += [msgs("report.empty"), ""]
        for (code, listed), shown in zip(sections.items(), shares, strict=True):
            lines += _section(code, listed, shown, msgs)
        more = sum(sizes) - sum(shares)
        if more > 0:
            lines.append(_more(more, msgs))
        return lines + tail

    cap = max(limit, 0)
    if max_bytes is not None:  # an upper bound first, counted lazily: rows may be huge
        frame = fit.size(block(0))
        rows_in_turn = (_row(c, msgs) for c in _round_robin(list(sections.values())))
        cap = min(cap, fit.fitting(rows_in_turn, max_bytes - frame) + len(sections))
    lines = block(cap)
    if max_bytes is not None and fit.size(lines) > max_bytes:
        low, high = 0, cap  # the largest cap whose block fits (0 always leaves the frame)
        while low < high:
            middle = (low + high + 1) // 2
            if fit.size(block(middle)) <= max_bytes:
                low = middle
            else:
                high = middle - 1
        lines = block(low)
    return set_direction("\n".join(lines).strip("\n"), lang)


def _more(hidden: int, msgs: Messages) -> str:
    return f"{msgs('report.more', count=msgs.number(hidden))} {msgs('report.full_list')}"
