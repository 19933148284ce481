"""The organizer report: citations with error-level problems, grouped by problem code.

Each section has the localized description of its code and a link to the help page that
explains the fix; each row links the article, the diff that added the citation and its
author, then shows the problem and the citation's wikitext as plain text. The last-updated
line follows the leaderboard's convention (`leaderboard.STAMP_RE`). Under `judge = "both"` a
last section lists the citations on which the wiki's citation module disagrees with our rules.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..citations.model import Problem
from . import escape, fit
from .direction import checks_line, set_direction
from .leaderboard import day, stamp_line
from .messages import Messages, load_messages
from .model import CampaignInfo, DisagreementRow, ReportRow

COLUMNS = ("page", "edit", "user", "problem", "citation")
DISAGREEMENT_COLUMNS = ("page", "edit", "user", "ours", "module", "citation")


def _groups(rows: list[ReportRow], known: tuple[str, ...]) -> list[tuple[str, list[ReportRow]]]:
    """Rows by problem code: known codes in message-file order, then unknown ones by name."""
    by_code: dict[str, list[ReportRow]] = {}
    for row in rows:
        by_code.setdefault(row.problem.code, []).append(row)
    order = {code: i for i, code in enumerate(known)}
    codes = sorted(by_code, key=lambda c: (order.get(c, len(order)), c))
    return [(code, by_code[code]) for code in codes]


def _problem(problem: Problem) -> str:
    message = escape.text(problem.message)
    return f"{escape.code(f'|{problem.param}=')} {message}" if problem.param else message


def _section_head(code: str, count: int, msgs: Messages) -> list[str]:
    known = code in msgs.problem_codes
    problem = msgs.problem(code) if known else escape.text(code)
    heading = msgs("report.section_heading", problem=problem, count=msgs.number(count))
    lines = [f"=== {heading} ==="]
    help_page = msgs.help_page(code)
    if help_page:
        lines.append(escape.help_link(help_page, msgs("link.help")))
    header = " !! ".join(msgs(f"column.{c}") for c in COLUMNS)
    return [*lines, '{| class="wikitable lib1ref-bot-report"', f"! {header}"]


def _row(row: ReportRow, msgs: Messages) -> str:
    """One table row ("|-" and the cells, two lines)."""
    return (
        f"|-\n| {escape.page_link(row.page_title)}"
        f" || {escape.diff_link(row.revid, label=msgs('link.diff'))}"
        f" || {escape.user_link(row.user, contribs=msgs('link.contribs'))}"
        f" || {_problem(row.problem)}"
        f" || {escape.code(row.wikitext)}"
    )


def _more(hidden: int, msgs: Messages) -> str:
    return f"{msgs('report.more', count=msgs.number(hidden))} {msgs('report.full_list')}"


def _fitting(lines: list[str], rows: list[ReportRow], total: int, msgs: Messages,
             max_bytes: int) -> int:  # fmt: skip
    """How many of `rows` fit in `max_bytes` after `lines`, every section frame and the
    longest possible "more" line."""
    codes = {row.problem.code for row in rows}
    frames = [line for code in codes for line in [*_section_head(code, total, msgs), "|}", ""]]
    frame = fit.size([*lines, *frames, _more(max(total, len(rows)), msgs)])
    return fit.fitting((_row(row, msgs) for row in rows), max_bytes - frame)


def _verdict(well_formed: bool, codes: Sequence[str], msgs: Messages) -> str:
    verdict = msgs("verdict.ok") if well_formed else msgs("verdict.error")
    return f"{verdict}: {escape.text(', '.join(codes))}" if codes else verdict


def _disagreements(rows: Sequence[DisagreementRow], total: int, msgs: Messages) -> list[str]:
    heading = msgs("report.disagree_heading", count=msgs.number(max(total, len(rows))))
    header = " !! ".join(msgs(f"column.{c}") for c in DISAGREEMENT_COLUMNS)
    lines = [f"=== {heading} ===", msgs("report.disagree_intro"), ""]
    lines += ['{| class="wikitable lib1ref-bot-disagreements"', f"! {header}"]
    contribs, diff = msgs("link.contribs"), msgs("link.diff")
    for row in rows:
        lines.append("|-")
        lines.append(
            f"| {escape.page_link(row.page_title)}"
            f" || {escape.diff_link(row.revid, label=diff)}"
            f" || {escape.user_link(row.user, contribs=contribs)}"
            f" || {_verdict(row.local_well_formed, row.local_codes, msgs)}"
            f" || {_verdict(row.wiki_well_formed, row.wiki_codes, msgs)}"
            f" || {escape.code(row.wikitext)}"
        )
    lines += ["|}", ""]
    if total > len(rows):
        lines.append(msgs("report.more", count=msgs.number(total - len(rows))))
    return lines


def render_report(
    campaign: CampaignInfo,
    rows: list[ReportRow],
    total: int,
    *,
    lang: str,
    now: str,
    limit: int = 500,
    disagreements: Sequence[DisagreementRow] = (),
    disagreements_total: int = 0,
    max_bytes: int | None = None,
    texts: Messages | None = None,
) -> str:
    """The bot's block of the report page (without the markers).

    `rows` are error-level problems in the order to show them (the caller filters and sorts);
    `total` is how many there are in all. At most `limit` rows are shown and, with
    `max_bytes`, only as many as keep the block within that many UTF-8 bytes
    (`bot.render.fit`, the disagreements section counted first); then a localized "and N
    more not shown" line says where the full list is. `disagreements` (at most `limit`
    shown, of `disagreements_total`) add a section when there are any.
    """
    msgs = texts or load_messages(lang)  # the wiki's overrides applied, else the bundle's
    shown = rows[: max(limit, 0)]
    lines = [
        f"== {msgs('report.heading', campaign=escape.text(campaign.id))} ==",
        msgs(
            "report.intro",
            start=escape.text(day(campaign.start)),
            end=escape.text(day(campaign.end)),
        ),
        checks_line(lang, msgs),
        "",
        stamp_line(now, msgs),
        "",
    ]
    tail: list[str] = []
    if disagreements or disagreements_total:
        tail = ["", *_disagreements(disagreements[: max(limit, 0)], disagreements_total, msgs)]
    if max_bytes is not None and shown:
        shown = shown[: _fitting(lines, shown, total, msgs, max_bytes - fit.size(tail))]
    more = max(total, len(rows)) - len(shown)
    if not shown and more <= 0:
        lines += [msgs("report.empty"), ""]
    for code, group in _groups(shown, msgs.problem_codes):
        lines += _section_head(code, len(group), msgs)
        lines += [_row(row, msgs) for row in group]
        lines += ["|}", ""]
    if more > 0:
        lines.append(_more(more, msgs))
    lines += tail
    return set_direction("\n".join(lines).strip("\n"), lang)
