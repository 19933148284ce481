"""`resolve`'s lookups over a whole text, at the cost of the places they concern.

Every other occurrence of a citation, and every definition of a name, contains a known
string verbatim (`items.key_needle`, the name): a `str.find` lists the candidate places,
and each is read by a short scan started at a top-level point just before it. Those
points come from the window's walk of the text (walk.py), carried on only as far as the
furthest candidate. Lookups with too many candidates, or without a string to look for,
read the whole text once instead.
"""

from __future__ import annotations

from bisect import bisect_right, insort
from collections.abc import Iterable, Iterator

from .items import EMPTY, REF, REUSE, UNCLOSED, Item, key_needle
from .profiles import Profile
from .resolve import ItemIndex
from .scanner import Scanner
from .spans import span_item
from .walk import Walk

MAX_CANDIDATES = 64  # places per lookup; past that, the whole text is read once
MAX_LOCAL = 65_536  # a local scan that runs longer than this reads the whole text instead


class _Fallback(Exception):
    """A lookup that is cheaper over the whole text."""


class PageIndex:
    """Occurrences of a key and definitions of a name in `text`, found from candidates."""

    def __init__(self, walk: Walk, profile: Profile) -> None:
        self._text = walk.text
        self._profile = profile
        self._walk = walk
        self._read: dict[int, tuple[int, list[Item]]] = {}  # start: (end, items) of local scans
        self._starts: list[int] = []  # the keys of _read, sorted
        self._full: ItemIndex | None = None

    # --- the two lookups ------------------------------------------------------------
    def occurrences(self, key: tuple[str, ...]) -> list[Item]:
        needle: str | None = None
        if key[0] == REUSE:
            needle = key[2]
        elif len(key) > 1 and key[0] not in (EMPTY, UNCLOSED):
            needle = key_needle(key[1]) or None
        try:
            items = self._around(needle, whole=key[0] == REUSE)
        except _Fallback:
            return self._everything().occurrences(key)
        return [i for i in items if i.key == key]

    def definitions(self, group: str, name: str) -> list[Item]:
        try:
            items = self._around(name, whole=True)
        except _Fallback:
            return self._everything().definitions(group, name)
        return [i for i in items if _defines(i, group, name)]

    def defined(self, group: str, name: str) -> bool:
        """Whether `name` has a definition: the places are read in text order, up to the
        first one (the walk goes no further than that)."""
        try:
            return any(_defines(i, group, name) for i in self._around(name, whole=True, lazy=True))
        except _Fallback:
            return self._everything().defined(group, name)

    # --- reading the places a needle points at --------------------------------------
    def _around(
        self, needle: str | None, whole: bool = False, lazy: bool = False
    ) -> Iterable[Item]:
        """The items whose text holds `needle` (with `whole`, as a whole ref name: between
        the characters that can surround one), in text order; `lazy`: read place by place,
        as the items are asked for."""
        if self._full is not None or not needle or "\ufffd" in needle:
            raise _Fallback  # U+FFFD may stand for a NUL in the text (text.readable)
        places = self._places(needle, whole)
        items = (self._covering(at, len(needle)) for at in places)
        if lazy:
            return (item for found in items for item in found)
        found: dict[int, Item] = {item.pos: item for group in items for item in group}
        return [found[pos] for pos in sorted(found)]

    def _covering(self, at: int, length: int) -> list[Item]:
        """The items that hold text[at:at + length]."""
        return [i for i in self._items_read(at, length) if i.pos <= at < i.pos + len(i.wikitext)]

    def _places(self, needle: str, whole: bool) -> Iterator[int]:
        """Where `needle` stands in the text, found as they are asked for."""
        text = self._text
        found = 0
        at = text.find(needle)
        while at >= 0:
            if not whole or _bounds_name(text, at, at + len(needle)):
                found += 1
                if found > MAX_CANDIDATES:
                    raise _Fallback
                yield at
            at = text.find(needle, at + 1)

    def _items_read(self, at: int, length: int) -> list[Item]:
        """The items of a local scan that covered `at`, made if there is none yet."""
        i = bisect_right(self._starts, at) - 1
        if i >= 0 and at + length <= self._read[self._starts[i]][0]:
            return self._read[self._starts[i]][1]
        return self._read_around(at, length)

    def _read_around(self, at: int, length: int) -> list[Item]:
        """Scan from a top-level point before `at` to one past `at + length`; its items."""
        start = self._walk.point_before(at)
        scanner = Scanner(self._text, self._profile, pos=start)
        while (m := scanner.next_token()) is not None:
            if scanner.free and m.start() >= at + length:
                break
            if m.start() - start > MAX_LOCAL + length:
                raise _Fallback
            scanner.step(m)
        end = len(self._text) if m is None else m.start()
        if m is None:
            scanner.finish()
        items = [span_item(self._text, span, self._profile) for span in scanner.spans]
        found = [i for i in items if i is not None]
        if start not in self._read:
            insort(self._starts, start)
        self._read[start] = (end, found)
        return found

    def _everything(self) -> ItemIndex:
        if self._full is None:
            scanner = Scanner(self._text, self._profile)
            scanner.run()
            items = (span_item(self._text, s, self._profile) for s in scanner.spans)
            self._full = ItemIndex(sorted((i for i in items if i is not None), key=lambda i: i.pos))
        return self._full


def _bounds_name(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] can be a whole ref name: what stands before and after it can
    surround one in `<ref name="x">`, `<ref name=x/>` or `{{#tag:ref|…|name = 'x' }}`
    (items.ref_attrs, items.tag_ref_item: values are stripped of whitespace and quotes)."""
    before, after = text[start - 1 : start], text[end : end + 1]
    return (before in ("=", '"', "'") or before.isspace()) and (
        after in ("", '"', "'", ">", "/", "|", "}") or after.isspace()
    )


def _defines(item: Item, group: str, name: str) -> bool:
    return item.category == REF and (item.group, item.name) == (group, name)
