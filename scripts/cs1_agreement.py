"""Our verdicts against the real Module:Citation/CS1, template by template.

Shared by tests/test_cs1_differential.py and `make bench` (scripts/bench_cs1.py).

- `corpus_templates` / `case_templates`: every citation template the analysis finds in the
  50 corpus articles and in the case files (../shared/testdata/citation-cases.json,
  tests/data/citations/*.json), each once.
- `ours`: our findings on one template (bot.citations.checks), as (code, severity) pairs
  restricted to the codes some CS1 anchor is (bot/data/cs1_anchors.json), and our verdict.
- `compare`: ours against the module's render (an error readers see = error, a hidden one
  = warning; an anchor we do not map appears as `cs1:<anchor>`).
- The expected disagreements (tests/data/cs1/expected_disagreements.json): those still
  known, each with its reason; `python -m scripts.cs1_agreement --write-expected` rewrites
  the file from a fresh run, keeping the reasons already written.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

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
EXPECTED = REPO / "tests" / "data" / "cs1" / "expected_disagreements.json"

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


# ---- the expected disagreements -------------------------------------------------------------


def load_expected(path: Path = EXPECTED) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def expected_entries(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """template text -> its entry (ours_only, cs1_only, reason)."""
    return {e["template"]: e for e in data["citations"]}


def entry_of(c: Comparison, reason: str) -> dict[str, Any]:
    return {"template": c.template, "ours_only": list(c.ours_only),
            "cs1_only": list(c.cs1_only), "reason": reason}  # fmt: skip


def mismatches(comparisons: Sequence[Comparison], data: dict[str, Any]) -> list[str]:
    """Every disagreement not listed (or not as listed), and every listed one that no
    longer occurs: one line each."""
    listed = expected_entries(data)
    reasons = data["reasons"]
    problems: list[str] = []
    seen = set()
    for c in comparisons:
        entry = listed.get(c.template)
        if c.agrees:
            if entry is not None:
                problems.append(f"agrees now, remove it from the list: {c.template}")
            continue
        seen.add(c.template)
        if entry is None:
            problems.append(f"new disagreement: ours-only {list(c.ours_only)}, CS1-only "
                            f"{list(c.cs1_only)}: {c.template}")  # fmt: skip
        elif [entry["ours_only"], entry["cs1_only"]] != [list(c.ours_only), list(c.cs1_only)]:
            problems.append(f"disagrees otherwise than listed: ours-only {list(c.ours_only)}, "
                            f"CS1-only {list(c.cs1_only)}: {c.template}")  # fmt: skip
        elif not set(entry["reason"].split("+")) <= set(reasons):
            problems.append(f"listed without a known reason ({entry['reason']}): {c.template}")
    compared = {c.template for c in comparisons}
    problems += [f"listed but not compared: {t}" for t in listed if t not in compared]
    return problems


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


def item_names(c: Comparison) -> list[str]:
    return [f"ours-only {i}" for i in c.ours_only] + [f"cs1-only {i}" for i in c.cs1_only]


def explain(names: Sequence[str], items: dict[str, str]) -> set[str] | None:
    """The reasons of the listed items that cover every difference in `names`, or None when
    one is not covered. An item is one difference, or several joined by " + " that must all
    occur, where "ours-only *" covers any number of our findings (CS1's empty-citation
    drops every other finding)."""
    covered: dict[str, set[str]] = {}
    for key, reason in items.items():
        parts = key.split(" + ")
        exact = [p for p in parts if not p.endswith("*")]
        prefixes = [p[:-1] for p in parts if p.endswith("*")]
        if not all(p in names for p in exact):
            continue
        for name in names:
            if name in exact or any(name.startswith(p) for p in prefixes):
                covered.setdefault(name, set()).add(reason)
    if any(name not in covered for name in names):
        return None
    return {reason for reasons in covered.values() for reason in reasons}


def rewrite_expected(comparisons: Sequence[Comparison], path: Path = EXPECTED) -> int:
    """Rewrite the list from a run: each disagreement, its reason made of the reasons of
    its differences (`items`, kept from the file). Returns how many are listed."""
    data = load_expected(path)
    items: dict[str, str] = data["items"]
    entries = []
    for c in comparisons:
        if c.agrees:
            continue
        names = item_names(c) or ["verdict only"]
        reasons = explain(names, items)
        reason = "+".join(sorted(reasons)) if reasons else "UNEXPLAINED"
        entries.append(entry_of(c, reason))
    data["citations"] = sorted(entries, key=lambda e: (e["reason"], e["template"]))
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return len(entries)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write-expected", action="store_true",
                        help=f"rewrite {EXPECTED.relative_to(REPO)} from this run")  # fmt: skip
    args = parser.parse_args(argv)
    ensure_packages()
    with (
        tempfile.TemporaryDirectory() as tmp,
        DevWiki.create(Path(tmp) / "wiki", build_cs1_template()) as wiki,
    ):
        renderer = Cs1Renderer(wiki, cache_file(module_version()))
        result = run(renderer, all_templates())
        renderer.save()
    agree = sum(c.agrees for c in result.comparisons)
    print(f"{agree}/{len(result.comparisons)} citation templates agree "
          f"({len(result.not_comparable)} not comparable, {len(result.not_renderable)} not on "
          f"the module's wiki)")  # fmt: skip
    if args.write_expected:
        print(f"{rewrite_expected(result.comparisons)} disagreements listed in {EXPECTED}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
