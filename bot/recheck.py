"""Which citations on the report still need fixing: each listed citation looked up in its
article's current text. Pure: the texts are fetched by the task and passed in.

A citation still in its article word for word is analysed again in the article as it is
now. One no longer there is looked for among the article's citations: the most similar one
(`SIMILAR` or more alike, by difflib's ratio) is taken as the same citation, edited. Either
way the citation leaves the report when it is now well-formed (`fixed`), and otherwise stays
with the problems (and wikitext) it has now. A citation with no such match, or whose article
is gone, leaves the report too (`gone`). One whose article was not fetched (or whose current
text is hidden: leave it out of `texts`) is kept as stored.

A citation the wiki's citation module judged (`judge = wiki`) is not judged again by our
rules while it stands word for word in its article: its stored problems are kept, and it
is `standing`. Only once it is edited or removed can it leave; an edited one is then judged
by our rules (the module is not asked again here).
Each citation that left is named in `settled` (for "fixed by": `bot.store.fixes`), and each
looked up and still in error in `standing`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from difflib import SequenceMatcher
from os.path import commonprefix

from .citations import analyze_edit
from .citations.budget import WHOLE_PAGE
from .citations.model import ERROR, Citation
from .citations.profiles import Profile
from .render.model import ReportRow

Key = tuple[str, str, int, str]  # wiki, page title, revision, citation wikitext
SIMILAR = 0.75
CANDIDATES = 3  # compared in full, of those sharing the most at both ends


FIXED, GONE = "fixed", "gone"


@dataclass(frozen=True)
class Recheck:
    rows: tuple[ReportRow, ...]  # the problems still standing, one row per problem
    gone: int  # citations no longer in their article
    fixed: int  # citations now well-formed
    settled: tuple[tuple[Key, str, str], ...] = ()  # each that left: key, FIXED/GONE, added by
    standing: tuple[Key, ...] = ()  # each citation looked up and still in error


def citation_key(row: ReportRow) -> Key:
    return (row.wiki, row.page_title, row.revid, row.wikitext)


def by_citation(rows: Sequence[ReportRow]) -> dict[Key, list[ReportRow]]:
    """Rows grouped per citation, in first-seen order."""
    out: dict[Key, list[ReportRow]] = {}
    for row in rows:
        out.setdefault(citation_key(row), []).append(row)
    return out


def _as_is(
    text: str, wikitext: str, lang: str, today: date | None, profile: Profile | None
) -> Citation | None:
    """The citation `wikitext`, still in `text`, as it reads there now."""
    analysis = analyze_edit(text.replace(wikitext, "", 1), text, lang, today, profile)
    return next((c for c in analysis.added if c.wikitext == wikitext), None)


def _by_module(row: ReportRow) -> bool:
    """Whether the wiki's citation module found the row's problem (`cs1:` codes are its own)."""
    return row.judge == "wiki" or row.problem.code.startswith("cs1:")


def _shared_ends(a: str, b: str) -> int:
    """Characters `a` and `b` share at the start and at the end (an edit inside a citation
    keeps both ends): a cheap first sort of the candidates."""
    start = len(commonprefix([a, b]))  # noqa: RUF071 - characters are what is wanted
    return start + len(commonprefix([a[start:][::-1], b[start:][::-1]]))  # noqa: RUF071


def _edited(wikitext: str, citations: Sequence[Citation]) -> Citation | None:
    """The citation of `citations` most like `wikitext`, if alike enough: the few sharing
    the most at both ends are compared in full (difflib's ratio)."""
    nearest = sorted(citations, key=lambda c: _shared_ends(wikitext, c.wikitext), reverse=True)
    best, score = None, SIMILAR
    for c in nearest[:CANDIDATES]:
        ratio = SequenceMatcher(None, wikitext, c.wikitext, autojunk=False).ratio()
        if ratio >= score:
            best, score = c, ratio
    return best


def recheck(
    rows: Sequence[ReportRow],
    texts: Mapping[str, str | None],
    lang: str,
    today: date | None,
    profile: Profile | None = None,
) -> Recheck:
    """The rows whose citation still shows an error in `texts` (title -> current text),
    judged by `profile` (the wiki's, as the scan judged them), else by `lang`'s."""
    kept: list[ReportRow] = []
    settled: list[tuple[Key, str, str]] = []
    standing: list[Key] = []
    everything: dict[str, tuple[Citation, ...]] = {}  # per article, read when needed
    for key, group in by_citation(rows).items():
        title, wikitext = key[1], key[3]
        if title not in texts:
            kept += group
            continue
        text = texts[title]
        if text is None:
            settled.append((key, GONE, group[0].user))
            continue
        if wikitext in text:
            if any(_by_module(r) for r in group):  # our rules did not find these problems
                standing.append(key)
                kept += group
                continue
            now = _as_is(text, wikitext, lang, today, profile)
            if now is None:  # not read back as one citation: keep what the scan found
                kept += group
                continue
        else:
            if title not in everything:
                page = analyze_edit("", text, lang, today, profile, limits=WHOLE_PAGE)
                everything[title] = page.added
            now = _edited(wikitext, everything[title])
            if now is None:
                settled.append((key, GONE, group[0].user))
                continue
        if now.well_formed:
            settled.append((key, FIXED, group[0].user))
        else:
            standing.append(key)
            first = group[0]
            kept += [
                ReportRow(first.wiki, first.page_title, first.revid, first.user, now.wikitext, p)
                for p in now.problems
                if p.severity == ERROR
            ]
    gone = sum(1 for _, outcome, _ in settled if outcome == GONE)
    return Recheck(tuple(kept), gone, len(settled) - gone, tuple(settled), tuple(standing))
