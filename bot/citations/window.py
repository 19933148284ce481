"""The fast method: look only at the part of the page an edit changed.

1. The texts share a prefix `[0, P)` and a suffix; only what lies between changed.
2. The new text is walked (walk.py: scanned once, no items recorded) up to
   P' = P - TOKEN_MARGIN to find the last point `a <= P'` where the scanner is at top
   level and nothing it decided so far looked past P': the scan of both texts up to `a`
   is then the same (the margin keeps a token of the old text that straddles P, like
   `<ref` edited into `<réf`, out of it).
3. From `a`, both texts are scanned with fresh scanners until both are at top level at
   the same distance from their ends, inside the common suffix: from there on, both
   scans are the same again.
4. Items found between those cuts, old and new, are compared as the oracle compares
   whole texts: everything outside cancels out. Page-wide lookups (other occurrences of
   an added citation, definitions of a name) stay inside the windows when the citation's
   text and name occur nowhere else in the page (a `str.find`); otherwise they read the
   places a `str.find` points at, from top-level points the same walk carried on to
   (lookup.py). Nothing is ever parsed in full with mwparserfromhell.

Results are identical to `oracle.oracle_analyze` on realistic edits (tests/test_citations_oracle.py,
make bench, make fuzz); on broken markup the two can recover differently (README, Known gaps).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from .budget import DEFAULT, Limits
from .items import EMPTY, REUSE, UNCLOSED, Item, key_needle
from .lookup import PageIndex
from .model import EditAnalysis
from .profiles import Profile, load_profile
from .resolve import Index, ItemIndex, key_deltas, resolve
from .scanner import Scanner
from .screen import bounded, changed_parts
from .spans import Span, span_items
from .walk import Walk

_CHUNK = 4096
_MAX_CHUNK = 1 << 18
MIN_NEEDLE = 8
# Longer than any token (`</syntaxhighlight` and its lookahead): a token of the old text
# that starts before `prefix - TOKEN_MARGIN` lies in the common prefix, so the new text
# has it too.
TOKEN_MARGIN = 32


def analyze_edit(
    old: str,
    new: str,
    lang: str = "en",
    today: date | None = None,
    profile: Profile | None = None,
    limits: Limits = DEFAULT,
) -> EditAnalysis:
    """The citations `new` added to `old` (an empty `old` is a page creation).

    `today` is the date dates are checked against (years at most next year, access-dates
    not after tomorrow); with None those two future checks are skipped, nothing reads
    the clock. Raises UnknownLanguageError for a language without a profile; any text
    gives a result. `profile`: one derived from the wiki (bot/citations/derive.py) instead of
    the packaged one of `lang`. `limits`: the work allowed per citation and per edit
    (budget.py; an edit with too many citation marks is not read: screen.py).
    """
    profile = profile or load_profile(lang)
    if old == new:
        return EditAnalysis()
    prefix = common_prefix(old, new)
    suffix = common_suffix(old, new, prefix)
    verdict = bounded(*changed_parts(old, new, prefix, suffix), profile, limits)
    if verdict is not None:
        return verdict
    walk = Walk(new, profile)
    w = changed_windows(old, new, profile, walk, (prefix, suffix))
    old_items = span_items(old, w.old_spans, profile)
    new_items = span_items(new, w.new_spans, profile)
    index: Index = ItemIndex(new_items)
    if not _lookups_stay_inside(new, w, new_items, old_items):
        index = PageIndex(walk, profile)
    return resolve(new_items, old_items, index, profile, today, limits)


@dataclass(frozen=True)
class Windows:
    """The changed parts: old[start:old_end] and new[start:new_end], with their spans."""

    start: int
    old_end: int
    new_end: int
    old_spans: list[Span]
    new_spans: list[Span]


def changed_windows(
    old: str,
    new: str,
    profile: Profile,
    walk: Walk | None = None,
    common: tuple[int, int] | None = None,
) -> Windows:
    """The changed parts of both texts; `walk` is a walk of `new` to reuse, `common` the
    lengths of their common prefix and suffix if known (each is a read of both texts)."""
    if common is None:
        prefix = common_prefix(old, new)
        common = prefix, common_suffix(old, new, prefix)
    prefix, suffix = common
    walk = walk or Walk(new, profile)
    start = walk.left_cut(max(0, prefix - TOKEN_MARGIN))
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
    """Length of the common prefix: chunks that double in size (up to _MAX_CHUNK: fewer
    slices over a long prefix, none longer than needed near the start), then a binary
    search in the first differing chunk. Each comparison copies a slice of `b` only
    (`startswith` reads `a` in place)."""
    limit = min(len(a), len(b))
    pos, step = 0, _CHUNK
    while pos < limit and a.startswith(b[pos : pos + step], pos):
        pos += step
        step = min(2 * step, _MAX_CHUNK)
    if pos >= limit:
        return limit
    lo, hi = pos, min(pos + step, limit)  # a[:lo] == b[:lo]; they differ before hi
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if a.startswith(b[lo:mid], lo):
            lo = mid
        else:
            hi = mid
    return lo + (a[lo] == b[lo])


def common_suffix(a: str, b: str, prefix: int) -> int:
    """Length of the common suffix that does not overlap the common prefix (chunks as in
    common_prefix, from the ends)."""
    limit = min(len(a), len(b)) - prefix
    la, lb = len(a), len(b)
    n, step = 0, _CHUNK
    while n < limit:
        size = min(step, limit - n)
        if not a.startswith(b[lb - n - size : lb - n], la - n - size):
            break
        n += size
        step = min(2 * step, _MAX_CHUNK)
    if n >= limit:
        return limit
    lo, hi = n, min(n + step, limit)  # the last lo characters agree
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if a.startswith(b[lb - mid : lb - lo], la - mid):
            lo = mid
        else:
            hi = mid
    return lo + (a[la - lo - 1] == b[lb - lo - 1])


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
            if "\ufffd" in needle:  # it may stand for a NUL of the text (text.readable)
                return False
            if new.find(needle, 0, w.start) >= 0 or new.find(needle, w.new_end) >= 0:
                return False
    return True
