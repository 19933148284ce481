"""The fast method: look only at the part of the page an edit changed.

1. The texts share a prefix `[0, P)` and a suffix; only what lies between changed.
2. The new text is scanned (no items recorded) up to P' = P - TOKEN_MARGIN to find the
   last point `a <= P'` where the scanner is at top level and nothing it decided so far
   looked past P': the scan of both texts up to `a` is then the same (the margin keeps a
   token of the old text that straddles P, like `<ref` edited into `<réf`, out of it).
3. From `a`, both texts are scanned with fresh scanners until both are at top level at
   the same distance from their ends, inside the common suffix: from there on, both
   scans are the same again.
4. Items found between those cuts, old and new, are compared as the oracle compares
   whole texts: everything outside cancels out. Page-wide lookups (other occurrences of
   an added citation, definitions of a name) stay inside the windows when the citation's
   text and name occur nowhere else in the page (a `str.find`), and otherwise use a scan
   of the whole new text. Nothing is ever parsed in full with mwparserfromhell.

Results are identical to `oracle.oracle_analyze` on realistic edits (tests/test_citations_oracle.py,
make bench, make fuzz); on broken markup the two can recover differently (README, Known gaps).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from .items import EMPTY, REF, REUSE, UNCLOSED, Item, key_needle
from .model import EditAnalysis
from .profiles import Profile, load_profile
from .resolve import Index, ItemIndex, key_deltas, resolve
from .scanner import Scanner
from .spans import REF_SPAN, SELF_SPAN, TEMPLATE_SPAN, Span, span_item, span_items
from .text import readable

_CHUNK = 4096
MIN_NEEDLE = 8
# Longer than any token (`</syntaxhighlight` and its lookahead): a token of the old text
# that starts before `prefix - TOKEN_MARGIN` lies in the common prefix, so the new text
# has it too.
TOKEN_MARGIN = 32


def analyze_edit(
    old: str, new: str, lang: str = "en", today: date | None = None, profile: Profile | None = None
) -> EditAnalysis:
    """The citations `new` added to `old` (an empty `old` is a page creation).

    `today` is the date dates are checked against (years at most next year, access-dates
    not after tomorrow); with None those two future checks are skipped, nothing reads
    the clock. Raises UnknownLanguageError for a language without a profile; any text
    gives a result. `profile`: one derived from the wiki (bot/citations/derive.py) instead of
    the packaged one of `lang`.
    """
    profile = profile or load_profile(lang)
    old, new = readable(old), readable(new)
    if old == new:
        return EditAnalysis()
    w = changed_windows(old, new, profile)
    old_items = span_items(old, w.old_spans, profile)
    new_items = span_items(new, w.new_spans, profile)
    index: Index = ItemIndex(new_items)
    if not _lookups_stay_inside(new, w, new_items, old_items):
        scanner = Scanner(new, profile)
        scanner.run()
        index = SpanIndex(new, scanner.spans, profile)
    return resolve(new_items, old_items, index, profile, today)


@dataclass(frozen=True)
class Windows:
    """The changed parts: old[start:old_end] and new[start:new_end], with their spans."""

    start: int
    old_end: int
    new_end: int
    old_spans: list[Span]
    new_spans: list[Span]


def changed_windows(old: str, new: str, profile: Profile) -> Windows:
    prefix = common_prefix(old, new)
    suffix = common_suffix(old, new, prefix)
    start = left_cut(new, max(0, prefix - TOKEN_MARGIN), profile)
    old_scan = Scanner(old, profile, pos=start)
    new_scan = Scanner(new, profile, pos=start)
    tail = right_cut(old_scan, new_scan, len(old) - suffix, len(new) - suffix)
    old_end, new_end = len(old) - tail, len(new) - tail
    return Windows(
        start,
        old_end,
        new_end,
        [s for s in old_scan.spans if s.start < old_end],
        [s for s in new_scan.spans if s.start < new_end],
    )


def common_prefix(a: str, b: str) -> int:
    """Length of the common prefix: whole chunks first, then a binary search in the
    first differing chunk (slices stay small: no copy of the texts)."""
    limit = min(len(a), len(b))
    pos = 0
    while pos < limit and a[pos : pos + _CHUNK] == b[pos : pos + _CHUNK]:
        pos += _CHUNK
    if pos >= limit:
        return limit
    lo, hi = pos, min(pos + _CHUNK, limit)  # a[:lo] == b[:lo]; they differ before hi
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if a[lo:mid] == b[lo:mid]:
            lo = mid
        else:
            hi = mid
    return lo + (a[lo] == b[lo])


def common_suffix(a: str, b: str, prefix: int) -> int:
    """Length of the common suffix that does not overlap the common prefix."""
    limit = min(len(a), len(b)) - prefix
    la, lb = len(a), len(b)
    n = 0
    while (
        n < limit
        and a[la - n - min(_CHUNK, limit - n) : la - n]
        == b[lb - n - min(_CHUNK, limit - n) : lb - n]
    ):
        n += min(_CHUNK, limit - n)
    if n >= limit:
        return limit
    lo, hi = n, min(n + _CHUNK, limit)  # the last lo characters agree
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if a[la - mid : la - lo] == b[lb - mid : lb - lo]:
            lo = mid
        else:
            hi = mid
    return lo + (a[la - lo - 1] == b[lb - lo - 1])


def left_cut(text: str, prefix: int, profile: Profile) -> int:
    """The last top-level point <= prefix whose scan state depends on text[:prefix] only."""
    scanner = Scanner(text, profile, collect=False)
    best = 0
    while True:
        m = scanner.next_token()
        token = m.start() if m is not None else len(text)
        if scanner.free and scanner.pos <= prefix and scanner.horizon <= prefix:
            best = min(token, prefix)
        if m is None or m.end() + 1 > prefix:
            return best
        scanner.step(m)


def _free_points(scanner: Scanner, low: int) -> Iterator[tuple[int, int]]:
    """Intervals [lo, hi] (lo >= low) where the scanner is at top level, in text order;
    the last one ends at the end of the text."""
    text_end = len(scanner.text)
    while True:
        m = scanner.next_token()
        token = m.start() if m is not None else text_end
        if scanner.free and token >= low:
            yield max(scanner.pos, low), token
        if m is None:
            if not scanner.free:
                scanner.finish()
                yield text_end, text_end
            return
        scanner.step(m)


def right_cut(old_scan: Scanner, new_scan: Scanner, old_low: int, new_low: int) -> int:
    """Advance both scanners past the changed part to a common top-level point; return
    its distance from the end of the texts (0 when only the ends will do)."""
    old_len, new_len = len(old_scan.text), len(new_scan.text)
    olds, news = _free_points(old_scan, old_low), _free_points(new_scan, new_low)
    o, n = next(olds, None), next(news, None)
    while o is not None and n is not None:
        o_lo, o_hi = old_len - o[1], old_len - o[0]
        n_lo, n_hi = new_len - n[1], new_len - n[0]
        if max(o_lo, n_lo) <= min(o_hi, n_hi):
            return min(o_hi, n_hi)
        if o_lo > n_hi:
            o = next(olds, None)
        else:
            n = next(news, None)
    for scanner in (old_scan, new_scan):  # drain: both reach their ends
        scanner.run()
    return 0


def _needles(item: Item) -> list[str] | None:
    """Strings every other occurrence of `item` (or definition of its name) contains;
    None when there is no good one."""
    found: list[str] = []
    if item.category in (EMPTY, UNCLOSED):
        return None
    if item.category != REUSE:
        longest = key_needle(item.key[1])
        if len(longest) < MIN_NEEDLE:
            return None
        found.append(longest)
    if item.name is not None:
        found.append(item.name)
    return found


def _lookups_stay_inside(
    new: str, w: Windows, new_items: Sequence[Item], old_items: Sequence[Item]
) -> bool:
    """True when every lookup `resolve` will make can be answered from the windows."""
    deltas, _ = key_deltas(new_items, old_items)
    for item in new_items:
        if item.key not in deltas:
            continue
        needles = _needles(item)
        if needles is None:
            return False
        for needle in needles:
            if new.find(needle, 0, w.start) >= 0 or new.find(needle, w.new_end) >= 0:
                return False
    return True


class SpanIndex:
    """`resolve`'s lookups over the spans of a whole text, building only the items a
    lookup may need (a `str.find` first); past a few lookups, it indexes everything."""

    MAX_LOOKUPS = 16

    def __init__(self, text: str, spans: Sequence[Span], profile: Profile) -> None:
        self._text = text
        self._spans = spans
        self._profile = profile
        self._cache: dict[tuple[str, ...], list[Item]] = {}
        self._items: dict[int, Item | None] = {}
        self._lookups = 0
        self._full: ItemIndex | None = None

    def _everything(self) -> ItemIndex | None:
        self._lookups += 1
        if self._full is None and self._lookups > self.MAX_LOOKUPS:
            items = (self._item(i) for i in range(len(self._spans)))
            self._full = ItemIndex(sorted((i for i in items if i is not None), key=lambda i: i.pos))
        return self._full

    def _item(self, i: int) -> Item | None:
        if i not in self._items:
            self._items[i] = span_item(self._text, self._spans[i], self._profile)
        return self._items[i]

    def occurrences(self, key: tuple[str, ...]) -> list[Item]:
        if (full := self._everything()) is not None:
            return full.occurrences(key)
        if key not in self._cache:
            self._cache[key] = self._find(key)
        return self._cache[key]

    def definitions(self, group: str, name: str) -> list[Item]:
        if (full := self._everything()) is not None:
            return full.definitions(group, name)
        found = []
        for i, span in enumerate(self._spans):
            head = span.inner_start if span.kind == REF_SPAN else span.end
            if (
                span.kind in (REF_SPAN, TEMPLATE_SPAN)
                and self._text.find(name, span.start, head) >= 0
            ):
                item = self._item(i)
                if (
                    item is not None
                    and item.category == REF
                    and (item.group, item.name) == (group, name)
                ):
                    found.append(item)
        return sorted(found, key=lambda i: i.pos)

    def _find(self, key: tuple[str, ...]) -> list[Item]:
        needle = None
        if key[0] == REUSE:
            needle = key[2]
        elif key[0] not in (EMPTY, UNCLOSED):
            needle = key_needle(key[1]) or None
        found = []
        for i, span in enumerate(self._spans):
            if needle is not None and self._text.find(needle, span.start, span.end) < 0:
                continue
            if key[0] in (EMPTY, REUSE) and span.kind not in (REF_SPAN, SELF_SPAN):
                continue
            item = self._item(i)
            if item is not None and item.key == key:
                found.append(item)
        return sorted(found, key=lambda i: i.pos)
