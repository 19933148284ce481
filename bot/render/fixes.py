"""Pure: the report's "recently fixed" section: citations that left the list, with who made
the article's latest revision when the bot saw the change (`bot.store.fixes`).

Names and titles go through `escape` like every other cell of the report, and the list is a
bulleted list, not a table, so the shrink check (`bot.publish.table_rows`) counts none of it.
"""

from __future__ import annotations

from collections.abc import Sequence

from . import escape
from .leaderboard import day
from .messages import Messages
from .model import Fixed


def _item(fix: Fixed, msgs: Messages) -> str:
    page = escape.page_link(fix.page_title)
    if not fix.fixed_revid:  # the article itself is gone (deleted)
        return "* " + msgs("report.fixed_deleted", page=page)
    user = escape.user_link(fix.fixed_by, contribs=msgs("link.contribs")) if fix.fixed_by else "?"
    key = "report.fixed_item" if fix.outcome == "fixed" else "report.removed_item"
    when = escape.text(day(fix.fixed_at)) if fix.fixed_at else ""
    diff = escape.diff_link(fix.fixed_revid, label=msgs("link.diff"))
    return "* " + msgs(key, page=page, user=user, diff=diff, date=when)


def render_fixes(fixes: Sequence[Fixed], total: int, msgs: Messages) -> list[str]:
    """The section's lines (none when nothing was fixed): a heading with the true count, what
    the names mean, and the latest `fixes` (the store gives them newest first)."""
    if total <= 0:
        return []
    return [
        f"=== {msgs('report.fixed_heading', count=msgs.number(total))} ===",
        msgs("report.fixed_intro", shown=msgs.number(len(fixes))),
        *(_item(f, msgs) for f in fixes),
        "",
    ]
