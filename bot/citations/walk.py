"""One forward walk of a text, shared by everything that needs a top-level point in it.

The scanner's state at a point depends on everything before it, so a point where it is
at top level (no template or ref open) can only be known by scanning from the start. The
windowed method needs one just before the change (its left cut), and the page lookups one
before each place they read. A `Walk` scans the new text once, forward only, no further
than asked, recording the stretches where the scan was at top level: each question is then
a binary search, never a rescan from the start.

Most of a page is text whose tokens leave the scanner's stack as it was (plain text, simple
refs and templates, comments): such runs are crossed by one regex match each
(tokens.neutral_end), and only the rest is stepped token by token. Where the C module
`_cwalk` is built (pyproject.toml; optional), the top level is stepped there instead: the
same steps and records at compiled speed, handing back to this stepping wherever it stops.
"""

from __future__ import annotations

from bisect import bisect_right

from .profiles import Profile
from .scanner import Scanner
from .tokens import MAX_DEPTH, REACH, SIMPLE_REF_RE, SIMPLE_TEMPLATE_RE, neutral_end

try:
    from . import _cwalk
except ImportError:  # not built: no C compiler where the bot was installed
    _cwalk = None  # type: ignore[assignment]
COMPILED = _cwalk is not None

CHUNK = 4096  # the longest run crossed in one search: a top-level point at least this often
FIRST = 256  # the first search after a token is this long, and doubles while nothing stops it
GAIN = 64  # a search after a token that crosses less makes the walk step tokens for a while


class Walk:
    """The top-level stretches of `text`, found by a scan made as far as asked.

    A stretch `[lo, hi]` is where the scan was at top level between two tokens: a fresh
    scanner started anywhere in it finds what the scan from the start finds after it.
    `horizons[i]` is how far into the text the scan had looked when it reached stretch i.
    """

    def __init__(self, text: str, profile: Profile, compiled: bool | None = None) -> None:
        """`compiled`: whether to step the top level in C (default: where it is built)."""
        self.text = text
        self._compiled = COMPILED if compiled is None else compiled and COMPILED
        self._stop = -1  # where the compiled walk last stopped: stepped here past it
        self._memo = _cwalk.memo(text) if self._compiled else None  # its searches
        self._scanner = Scanner(text, profile, collect=False)
        self._los: list[int] = []
        self._his: list[int] = []
        self._horizons: list[int] = []
        self._done = False
        self._span = FIRST
        self._wait = self._backoff = 0  # tokens to step before the next search; its growth
        self._ran = False  # whether the last search crossed anything

    def _advance(self, until: int) -> None:
        """Scan every token that ends (with its one-character lookahead) by `until`, crossing
        neutral runs that end REACH before it (the rest is stepped: its lookahead is then
        exact); at top level a simple ref or template is passed here, as `Scanner.step`
        would pass it."""
        scanner, text = self._scanner, self.text
        while not self._done:
            if self._compiled and not scanner.stack and scanner.pos > self._stop:
                self._step_compiled(until)
                continue
            if self._wait:
                self._wait -= 1
            elif len(scanner.stack) < MAX_DEPTH - 1 and self._cross(until - REACH):
                continue
            m = scanner.next_token()
            token = m.start() if m is not None else len(text)
            free = not scanner.stack
            if free:
                self._record(scanner.pos, token)
            if m is None:
                self._done = True
                return
            if m.end() + 1 > until:
                return
            if free:
                tok = m.group(0)
                if tok == "{{":
                    simple = SIMPLE_TEMPLATE_RE.match(text, token)
                    if simple is not None:
                        scanner.pos = simple.end()
                        scanner.horizon = max(scanner.horizon, m.end() + 1)
                        continue
                elif len(tok) == 4 and tok[1] in "rR":  # `<ref`
                    simple = SIMPLE_REF_RE.match(text, token)
                    if simple is not None:
                        scanner.pos = simple.end()
                        scanner.horizon = max(scanner.horizon, simple.end() + 1)
                        continue
            scanner.step(m)

    def _step_compiled(self, until: int) -> None:
        """Step the top level in C (_cwalk.c) as far as it goes, recording as `_advance`
        does; on from the last top-level point it passed, where this stepping takes over."""
        scanner = self._scanner
        pos, horizon, self._stop, self._done = _cwalk.walk(
            self.text,
            scanner.pos,
            until,
            scanner.horizon,
            self._los,
            self._his,
            self._horizons,
            self._memo,
        )
        scanner.pos, scanner.horizon = pos, horizon

    def _cross(self, limit: int) -> bool:
        """Move the scanner over the neutral run ahead, if it crosses anything before
        `limit`. After a run stopped short, the next search is about as long as that run
        was (text read past the stop is not read again many times over); where tokens are
        dense (an infobox, unclosed braces) and searches after a token cross little, the
        walk steps more tokens between them, the more so the longer that lasts."""
        scanner = self._scanner
        start = scanner.pos
        if start >= limit:
            return False
        end = min(limit, start + self._span)
        x, reach = neutral_end(self.text, start, end)
        if x - start >= GAIN:
            self._backoff = 0
        elif not self._ran:
            self._wait = self._backoff
            self._backoff = min(2 * self._backoff + 1, 7)
        self._ran = x > start
        if x == start:
            self._span = FIRST
            return False
        scanner.pos = x
        scanner.horizon = max(scanner.horizon, reach)
        if not scanner.stack:
            self._record(x, x)
        self._span = min(max(FIRST, 2 * (self._span if x == end else x - start)), CHUNK)
        return True

    def _record(self, lo: int, hi: int) -> None:
        """A top-level stretch [lo, hi], or a longer end for the last one."""
        if self._los and self._los[-1] == lo:
            self._his[-1] = max(self._his[-1], hi)
        else:
            self._los.append(lo)
            self._his.append(hi)
            self._horizons.append(self._scanner.horizon)

    def left_cut(self, prefix: int) -> int:
        """The last top-level point <= `prefix` whose scan state depends on text[:prefix]
        only (0 if there is none)."""
        self._advance(prefix)
        last = min(bisect_right(self._los, prefix), bisect_right(self._horizons, prefix)) - 1
        return min(self._his[last], prefix) if last >= 0 else 0

    def point_before(self, at: int) -> int:
        """A top-level point <= `at`: the last one the scan passed, moved on over the neutral
        units that follow it (at most CHUNK characters of them)."""
        self._advance(at)
        last = bisect_right(self._los, at) - 1
        point = min(self._his[last], at) if last >= 0 else 0
        return neutral_end(self.text, point, min(at, point + CHUNK))[0]
