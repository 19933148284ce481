"""From the items of the two texts to the analysis: shared by both methods, so that they
differ only in which items they look at."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date
from typing import Protocol

from .budget import DEFAULT, Budget, Limits
from .classify import classify, unread
from .items import CN, REF, REUSE, SFN, TPL, UNCLOSED, Item
from .model import Citation, EditAnalysis
from .profiles import Profile


class Index(Protocol):
    def occurrences(self, key: tuple[str, ...]) -> list[Item]: ...

    def definitions(self, group: str, name: str) -> list[Item]: ...

    def defined(self, group: str, name: str) -> bool: ...


class ItemIndex:
    """Lookups over the items of the new text: occurrences of a key, definitions of a name.

    Built from every item of the text (oracle), or from the items of the changed windows
    when the windowed method has shown that the keys and names it asks for occur nowhere
    else.
    """

    def __init__(self, items: Sequence[Item]) -> None:
        self._by_key: dict[tuple[str, ...], list[Item]] = {}
        self._defs: dict[tuple[str, str], list[Item]] = {}
        for item in items:
            self._by_key.setdefault(item.key, []).append(item)
            if item.category == REF and item.name is not None:
                self._defs.setdefault((item.group, item.name), []).append(item)

    def occurrences(self, key: tuple[str, ...]) -> list[Item]:
        return self._by_key.get(key, [])

    def definitions(self, group: str, name: str) -> list[Item]:
        return self._defs.get((group, name), [])

    def defined(self, group: str, name: str) -> bool:
        return (group, name) in self._defs


def key_deltas(
    new_items: Sequence[Item], old_items: Sequence[Item]
) -> tuple[Counter[tuple[str, ...]], int]:
    """Keys that occur more often in the new items (with how many more), and how many
    citation-needed templates fewer there are."""
    new_counts = Counter(i.key for i in new_items)
    old_counts = Counter(i.key for i in old_items)
    cn_removed = max(0, old_counts.pop((CN,), 0) - new_counts.pop((CN,), 0))
    deltas = Counter({k: n - old_counts[k] for k, n in new_counts.items() if n > old_counts[k]})
    return deltas, cn_removed


def resolve(
    new_items: Sequence[Item],
    old_items: Sequence[Item],
    index: Index,
    profile: Profile,
    today: date | None,
    limits: Limits = DEFAULT,
) -> EditAnalysis:
    """The analysis of an edit whose texts hold `old_items` and `new_items` (or whose
    changed parts do: items outside them are the same on both sides and cancel out).

    When a key occurs more often in the new text, its last occurrences count as added.
    Reuses (`<ref name="x" />`) of a name defined in the new text are counted in `reused`;
    one whose name is defined nowhere reuses nothing: it is listed as added, with its
    problem. A citation too long or too complex to read, or past the edit's budget
    (budget.py, `limits`), is listed as added and `malformed`, unread.
    """
    deltas, cn_removed = key_deltas(new_items, old_items)
    chosen: list[Item] = []
    reused = 0
    for key, extra in deltas.items():
        if key[0] == REUSE and index.defined(key[1], key[2]):
            reused += extra
            continue  # a reuse of a defined name is not a new citation
        chosen.extend(index.occurrences(key)[-extra:])
    chosen.sort(key=lambda i: i.pos)
    chosen = _without_swallowed(chosen)
    added: list[Citation] = []
    budget = Budget(limits)
    for item in chosen:
        refused = budget.verdict(item.wikitext, _parsed(item))
        if refused is None:
            added.append(classify(item, index.definitions, profile, today))
        else:
            added.append(unread(item, profile, refused))
    return EditAnalysis(added=tuple(added), reused=reused, cn_removed=cn_removed)


def _parsed(item: Item) -> str:
    """What reading `item` parses (classify.py): a ref's content, a template's text; nothing
    for the other kinds, judged on their tags alone."""
    if item.category == REF:
        return item.body
    return item.wikitext if item.category in (TPL, SFN) else ""


def _without_swallowed(chosen: list[Item]) -> list[Item]:
    """A citation template added right after an added `<ref>` that is never closed (the
    next added item in text order) was meant to be inside it: the broken ref is reported
    `malformed`, and its template earns no citation of its own."""
    kept: list[Item] = []
    for item in chosen:
        if item.category in (TPL, SFN) and kept and kept[-1].category == UNCLOSED:
            continue
        kept.append(item)
    return kept
