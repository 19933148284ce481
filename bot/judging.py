"""Whose verdict a citation gets: our rules, or the wiki's own Module:Citation/CS1. Pure.

Per wiki, `judge` (bot.config) is `local` (our rules), `wiki` or `both`. For the last two the
scan asks the wiki about the citation templates of each template citation an edit added
(`questions`); the wiki boundary renders a batch of them as one page (`batch_text`) and
`read_answers` reads each one's answer from the HTML (bot/citations/cs1_html.py). `apply`
then gives each citation its verdict:

- `wiki`: the module's verdict and problems (its help anchors, mapped to our codes by
  bot/data/cs1_anchors.json; an error it hides by default is a warning);
- `both`: ours, with a `Disagreement` where the module's verdict or error codes differ;
- a citation the wiki was to judge but could not (an error, a timeout, the cap per scan, the
  module did not render it) keeps ours, and `fallback` says why.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from .citations.cs1_html import (
    Cs1Render,
    anchor_codes,
    batch_wikitext,
    mappable_codes,
    read_findings,
    split_parts,
)
from .citations.model import ERROR, WARNING, Problem
from .citations.profiles import Profile
from .citations.template import template_name, templates
from .config.model import Judge
from .records import CitationRecord, Disagreement, EditRecord

MAX_TEXT = 20_000  # longer citation templates are left to our rules
_CITE_RE = re.compile(r"<cite\b[^>]*\bclass=\"(?:[^\"]*\s)?citation[\s\"]")

Key = tuple[int, int]  # (revid, position) of a citation


@dataclass(frozen=True)
class Question:
    """A citation to ask the wiki about: the edit, its position, the templates to render."""

    revid: int
    position: int
    text: str

    @property
    def key(self) -> Key:
        return (self.revid, self.position)


@dataclass(frozen=True)
class Answer:
    """The module's findings on one citation, or why there are none (`fallback`)."""

    render: Cs1Render | None = None
    fallback: str = ""


def question_text(wikitext: str, profile: Profile) -> str | None:
    """The citation templates in a citation's wikitext (a ref's body may hold several), as
    one text to render; None when there is none to ask about."""
    found: list[str] = []
    for node in templates(wikitext):
        text = str(node)
        if profile.name(template_name(node)) not in profile.citation_templates:
            continue
        if not any(text in outer for outer in found):  # nested in one already taken
            found.append(text)
    joined = " ".join(found)
    return joined if found and len(joined) <= MAX_TEXT else None


def questions(records: Iterable[EditRecord], profile: Profile) -> list[Question]:
    """What to ask the wiki about these edits: each template citation's templates."""
    out: list[Question] = []
    for record in records:
        for c in record.citations:
            if c.kind != "template":
                continue
            text = question_text(c.wikitext, profile)
            if text is not None:
                out.append(Question(record.change.revid, c.position, text))
    return out


def batch_text(texts: Sequence[str]) -> str:
    """One page text rendering every citation (bot/citations/cs1_html.py)."""
    return batch_wikitext(texts)


def read_answers(html: str, texts: Sequence[str]) -> list[Answer]:
    """Each citation's answer from the HTML of `batch_text(texts)`."""
    out: list[Answer] = []
    for part in split_parts(html, texts):
        if part is None:
            out.append(Answer(fallback="lost in the rendered page (markup breaking out)"))
            continue
        render = read_findings(part)
        if _CITE_RE.search(part) is None:
            why = "the module failed (script error)" if render.script_error else "not rendered"
            out.append(Answer(fallback=f"{why} by the wiki's citation module"))
        else:
            out.append(Answer(render))
    return out


def unanswered(asked: Iterable[Question], why: str) -> dict[Key, Answer]:
    return {q.key: Answer(fallback=why) for q in asked}


def module_problems(render: Cs1Render, local: Sequence[Problem]) -> tuple[Problem, ...]:
    """The module's findings as problems: our code for its anchor (`cs1:<anchor>` when none),
    `error` when readers see it, `warning` when hidden; our parameter and message where our
    rules found the same code."""
    table = anchor_codes()
    ours = {p.code: p for p in local}
    out: dict[tuple[str, str], Problem] = {}
    for f in render.findings:
        code = table.get(f.anchor) or f"cs1:{f.anchor}"
        severity = WARNING if f.hidden else ERROR
        mine = ours.get(code)
        found = (
            Problem(code, severity, mine.param, mine.message)
            if mine
            else Problem(code, severity, None, f"Citation module error: Help:CS1 errors#{f.anchor}")
        )
        out.setdefault((code, severity), found)
    if render.script_error:
        failed = Problem("cs1:script-error", ERROR, None, "The citation module failed on it.")
        out.setdefault((failed.code, ERROR), failed)
    return tuple(out.values())


def disagreement(c: CitationRecord, render: Cs1Render) -> Disagreement | None:
    """The difference between our verdict on `c` and the module's, or None when they agree
    (same verdict, same error codes among those the module can report)."""
    comparable = mappable_codes()
    local_codes = tuple(sorted({p.code for p in c.problems if p.severity == ERROR}))
    wiki = module_problems(render, ())
    wiki_codes = tuple(sorted({p.code for p in wiki if p.severity == ERROR}))
    wiki_ok = not render.has_error
    if c.well_formed == wiki_ok and set(wiki_codes) == set(local_codes) & comparable:
        return None
    return Disagreement(c.well_formed, wiki_ok, local_codes, wiki_codes)


def _judged(c: CitationRecord, mode: Judge, answer: Answer) -> CitationRecord:
    if answer.render is None:
        return replace(c, fallback=answer.fallback or "no answer from the wiki")
    if mode == "both":
        return replace(c, disagreement=disagreement(c, answer.render))
    problems = module_problems(answer.render, c.problems)
    return replace(c, judge="wiki", well_formed=not answer.render.has_error, problems=problems)


def apply(record: EditRecord, mode: Judge, answers: Mapping[Key, Answer]) -> EditRecord:
    """The record with each asked citation's verdict (see the module docstring)."""
    if mode == "local":
        return record
    revid = record.change.revid
    cites = tuple(
        _judged(c, mode, answers[(revid, c.position)]) if (revid, c.position) in answers else c
        for c in record.citations
    )
    return replace(record, citations=cites)
