"""Our verdicts against the real Module:Citation/CS1, template by template.

Shared by tests/test_cs1_differential.py and `make bench` (scripts/bench_cs1.py).

- `corpus_templates` / `case_templates`: every citation template the analysis finds in the
  50 corpus articles and in the case files (../shared/testdata/citation-cases.json,
  tests/data/citations/*.json), each once.
- `ours`: our findings on one template (bot.citations.checks), as (code, severity) pairs
  restricted to the codes some CS1 anchor is (bot/data/cs1_anchors.json), and our verdict.
- `compare`: ours against the module's render (an error readers see = error, a hidden one
  = warning; an anchor we do not map appears as `cs1:<anchor>`).
- `run`: all of it through a renderer (`module_renderer`: a fresh clone of the CS1
  template with the render cache). The disagreements still expected: scripts/cs1_expected.py.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from bot.citations import analyze_edit, load_profile
from bot.citations.checks import check_citation
from bot.citations.cs1_html import Cs1Render, cs1_problems, mappable_codes
from bot.citations.model import ERROR
from bot.citations.template import read_call, template_name, templates
from scripts.cs1_render import Cs1Renderer, cache_file
from scripts.devwiki import DevWiki, build_cs1_template, ensure_packages, module_version
from scripts.devwiki.cs1 import manifest_pages

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "testdata"
CORPUS = SHARED / "wikitext-corpus"
SHARED_CASES = SHARED / "citation-cases.json"
CASE_FILES = tuple(sorted((REPO / "tests" / "data" / "citations").glob("*.json")))

Finding = tuple[str, str]  # (code, severity)


def _templates_in(wikitext: str) -> list[str]:
    """The citation templates (English profile) in `wikitext`, nested ones too."""
    profile = load_profile("en")
    return [
        str(node)
        for node in templates(wikitext)
        if profile.name(template_name(node)) in profile.citation_templates
    ]


def templates_added(old: str, new: str) -> list[str]:
    """The citation templates of the citations an edit adds (English profile)."""
    added = analyze_edit(old, new, "en", None).added
    return [t for c in added if c.kind == "template" for t in _templates_in(c.wikitext)]


def corpus_templates() -> list[str]:
    """Each citation template of the 50 articles (each analysed as a page creation), once."""
    found: list[str] = []
    for path in sorted(CORPUS.rglob("*.wiki")):
        found += templates_added("", path.read_text(encoding="utf-8"))
    return list(dict.fromkeys(found))


def case_templates() -> list[str]:
    """Each citation template of the English case files, once."""
    found: list[str] = []
    for case in json.loads(SHARED_CASES.read_text(encoding="utf-8")):
        found += _templates_in(case["wikitext"])
    for path in CASE_FILES:
        for case in json.loads(path.read_text(encoding="utf-8")):
            if isinstance(case, dict) and case.get("lang") == "en" and "new" in case:
                found += templates_added(case.get("old", ""), case["new"])
    return list(dict.fromkeys(found))


def renderable(template: str) -> bool:
    """Is the template's name a page of the module's wiki (redirects included)?"""
    nodes = templates(template, recursive=False)
    return bool(nodes) and load_profile("en").name(template_name(nodes[0])) in _wiki_templates()


# Names the parser itself expands (magic words, parser functions): not pages.
def _builtin(name: str) -> bool:
    return name.startswith("#") or ":" in name or name in ("!", "=") or name.isupper()


def comparable(template: str) -> bool:
    """False when a template nested in a parameter is not on the module's wiki: there it
    renders as a red link, which the module judges (as a URL, a title…), not what the
    template gives on a real wiki. Such citations are counted apart, not compared."""
    pages = _wiki_templates()
    return all(
        _builtin(name) or load_profile("en").name(name) in pages
        for name in (template_name(n) for n in templates(template)[1:])
    )


@cache
def _wiki_templates() -> frozenset[str]:
    profile = load_profile("en")
    return frozenset(
        profile.name(p.title.split(":", 1)[1])
        for p in manifest_pages()
        if p.title.startswith("Template:")
    )


@dataclass(frozen=True)
class Ours:
    findings: frozenset[Finding]  # CS1-mappable only
    error: bool  # any error-level finding at all: our verdict


def ours(template: str, today: date) -> Ours:
    profile = load_profile("en")
    node = templates(template, recursive=False)[0]
    cls = profile.citation_templates[profile.name(template_name(node))]
    problems = check_citation(read_call(node), cls, profile, today)
    mappable = mappable_codes()
    return Ours(
        frozenset((p.code, p.severity) for p in problems if p.code in mappable),
        any(p.severity == ERROR for p in problems),
    )


@dataclass(frozen=True)
class Comparison:
    template: str
    ours_only: tuple[str, ...]  # "code (severity)"
    cs1_only: tuple[str, ...]
    ours_error: bool
    cs1_error: bool

    @property
    def agrees(self) -> bool:
        return not self.ours_only and not self.cs1_only and self.ours_error == self.cs1_error


def _named(findings: Iterable[Finding]) -> tuple[str, ...]:
    return tuple(sorted(f"{code} ({severity})" for code, severity in findings))


def compare(template: str, render: Cs1Render, today: date) -> Comparison:
    mine = ours(template, today)
    theirs = cs1_problems(render)
    return Comparison(
        template,
        _named(mine.findings - theirs),
        _named(theirs - mine.findings),
        mine.error,
        render.has_error,
    )


# ---- a run over the corpus and the case files -----------------------------------------------


@dataclass(frozen=True)
class Run:
    comparisons: tuple[Comparison, ...]
    not_comparable: tuple[str, ...]  # a nested template the module's wiki lacks
    not_renderable: tuple[str, ...]  # the citation template itself is not on that wiki


def run(renderer: Cs1Renderer, texts: Sequence[str]) -> Run:
    """Render every comparable template (cached) and compare it with our verdict."""
    wanted = [t for t in texts if renderable(t) and comparable(t)]
    results = renderer.render(wanted)
    return Run(
        tuple(compare(t, r.render, r.day) for t, r in zip(wanted, results, strict=True)),
        tuple(t for t in texts if renderable(t) and not comparable(t)),
        tuple(t for t in texts if not renderable(t)),
    )


def all_templates() -> list[str]:
    return list(dict.fromkeys(corpus_templates() + case_templates()))


@contextmanager
def module_renderer() -> Iterator[Cs1Renderer]:
    """A renderer on a fresh clone of the CS1 template, with the render cache of this
    module version (saved on the way out)."""
    ensure_packages()
    with (
        tempfile.TemporaryDirectory() as tmp,
        DevWiki.create(Path(tmp) / "wiki", build_cs1_template()) as wiki,
    ):
        renderer = Cs1Renderer(wiki, cache_file(module_version()))
        try:
            yield renderer
        finally:
            renderer.save()
