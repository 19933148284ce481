"""Wide tables on narrow screens: each table in a box of its own that scrolls sideways, so the
page itself never does (a phone at 400 px, a narrow window), and citation text that wraps
anywhere rather than widening its column past the screen. Plain wikitext and inline styles
only: a `<div>` line before the table's `{|` and one after its `|}`."""

from __future__ import annotations

OPEN = '<div class="lib1ref-bot-scroll" style="overflow-x:auto">'
CLOSE = "</div>"
# The cell attribute for long unbreakable text (a URL in a citation): it may break anywhere.
WRAP_CELL = 'style="overflow-wrap:anywhere" |'


def boxed(table: list[str]) -> list[str]:
    """`table` (its lines, `{|` to `|}`) inside the scrolling box."""
    return [OPEN, *table, CLOSE]
