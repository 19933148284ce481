"""One forward walk of a text, shared by everything that needs a top-level point in it.

The scanner's state at a point depends on everything before it, so a point where it is
at top level (no template or ref open) can only be known by scanning from the start. The
windowed method needs one just before the change (its left cut), and the page lookups one
before each place they read. A `Walk` scans the new text once, forward only, no further
than asked, recording the stretches where the scan was at top level: each question is then
a binary search, never a rescan from the start.
"""

from __future__ import annotations

from bisect import bisect_right

from .profiles import Profile
from .scanner import Scanner
from .tokens import MAX_DEPTH, REACH, SIMPLE_REF_RE, SIMPLE_TEMPLATE_RE, neutral_end

CHUNK = 4096  # the longest run crossed in one search: a top-level point at least this often


class Walk:
    """The top-level stretches of `text`, found by a scan made as far as asked.

    A stretch `[lo, hi]` is where the scan was at top level between two tokens: a fresh
    scanner started anywhere in it finds what the scan from the start finds after it.
    `horizons[i]` is how far into the text the scan had looked when it reached stretch i.
    """

    def __init__(self, text: str, profile: Profile) -> None:
        self.text = text
        self._scanner = Scanner(text, profile, collect=False)
        self._los: list[int] = []
        self._his: list[int] = []
        self._horizons: list[int] = []
        self._done = False

    def _advance(self, until: int) -> None:
        """Scan every token that ends (with its one-character lookahead) by `until`. Runs of
        neutral units (tokens.neutral_end) are crossed by one search, at most CHUNK long; at
        top level a simple ref or template is passed here, as `Scanner.step` would pass it."""
        scanner, text = self._scanner, self.text
        los, his, horizons = self._los, self._his, self._horizons
        while not self._done:
            limit = until - REACH  # the last stretch is stepped: its lookahead is exact
            if len(scanner.stack) < MAX_DEPTH - 1 and scanner.pos < limit:
                end = min(limit, scanner.pos + CHUNK)
                x, reach = neutral_end(text, scanner.pos, end)
                if x > scanner.pos:
                    scanner.pos = x
                    scanner.horizon = max(scanner.horizon, reach)
                    if x == end < limit:  # more may follow: no token search yet
                        if not scanner.stack:
                            los.append(x)
                            his.append(x)
                            horizons.append(scanner.horizon)
                        continue
            m = scanner.next_token()
            token = m.start() if m is not None else len(text)
            free = not scanner.stack
            if free and (not los or los[-1] < scanner.pos):
                los.append(scanner.pos)
                his.append(token)
                horizons.append(scanner.horizon)
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
