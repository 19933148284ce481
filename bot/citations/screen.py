"""The pre-screen of a whole edit (issue 17): an edit whose changed part holds more
citation marks than `Limits.max_edit_marks` is not scanned.

The scanner and the lookups do Python work per `<ref` and per `{{`: 100,000 refs added at
once took many seconds, although the budget (budget.py) already stops reading after 25,000.
Before either method reads anything, `str.count` counts `<ref` and `{{` in both texts
between their common prefix and suffix; when the new part holds more than the limit beyond
the old part's count (what the edit adds), `bounded` gives the verdict from
one regex pass over the changed parts instead: every `<ref …>` with content, every citation
or short-footnote template outside a ref, listed `malformed`, "the edit adds too many
citations to check" (the last ones of the new part, as many more as it holds than the old
part), self-closing `<ref … />` counted as reuses, citation-needed templates compared. Both
methods (window.py, oracle.py) call it first with the same texts, so they still agree.
"""

from __future__ import annotations

import re

from .budget import DEFAULT, Limits
from .checks import problem
from .items import CN, SFN, TPL, template_category
from .model import Citation, EditAnalysis
from .profiles import Profile

TOO_MANY = "the edit adds too many citations to check"

# An opening or closing ref tag, or a template's name.
_MARK_RE = re.compile(
    r"<ref\b[^<>]*?(/?)>|</ref\s*>|\{\{\s*([^{}|<>\n]{1,200}?)\s*(?=\||\}\}|\n)", re.I
)


def changed_parts(old: str, new: str, prefix: int, suffix: int) -> tuple[str, str]:
    """What lies between the common prefix and suffix of the two texts."""
    return old[prefix : len(old) - suffix], new[prefix : len(new) - suffix]


def marks(text: str) -> int:
    """Citation marks by `str.count`: `<ref` (any case) and `{{`."""
    return text.lower().count("<ref") + text.count("{{")


def bounded(
    old_part: str, new_part: str, profile: Profile, limits: Limits = DEFAULT
) -> EditAnalysis | None:
    """None when the changed parts may be read; else the edit's bounded verdict."""
    if marks(new_part) - marks(old_part) <= limits.max_edit_marks:
        return None  # what the edit adds, not what it spans: a typo fixed at the end of a
        # long page and a ref added in its lead span every ref between them, and add one
    old_cites, old_reuses, old_cn = _counted(old_part, profile)
    new_cites, new_reuses, new_cn = _counted(new_part, profile)
    found = problem(profile, "malformed", None, TOO_MANY)
    extra = len(new_cites) - len(old_cites)
    added = new_cites[len(new_cites) - extra :] if extra > 0 else []
    return EditAnalysis(
        added=tuple(Citation(kind, name, text, (found,)) for kind, name, text in added),
        reused=max(0, new_reuses - old_reuses),
        cn_removed=max(0, old_cn - new_cn),
    )


def _counted(text: str, profile: Profile) -> tuple[list[tuple[str, str | None, str]], int, int]:
    """(citations as (kind, template, opening), self-closing refs, citation-needed
    templates) of `text`, by one regex pass."""
    cites: list[tuple[str, str | None, str]] = []
    reuses = cn = 0
    in_ref = False
    known: dict[str, tuple[str | None, str]] = {}
    for m in _MARK_RE.finditer(text):
        mark = m.group(0)
        if mark[0] == "<":
            if mark[1] == "/":
                in_ref = False
            elif m.group(1):
                reuses += 1
            else:
                cites.append(("plain", None, mark))
                in_ref = True
            continue
        raw = m.group(2)
        if raw not in known:
            known[raw] = template_category(profile, raw)
        category, name = known[raw]
        if category == CN:
            cn += 1
        elif category in (TPL, SFN) and not in_ref:
            cites.append(("template" if category == TPL else "sfn", name, mark))
    return cites, reuses, cn
