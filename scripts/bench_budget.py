"""Work per edit (issue 17): the worst edit over a set of pathological citations, with the
pre-screen and budget of bot/citations/budget.py against the rule before it (length only:
a citation up to 50,000 characters read whatever it holds, 2,000,000 characters per edit),
side by side in one run; and edits of very many small citations (100,000 refs…) with the
whole-edit pre-screen of bot/citations/screen.py against the per-citation rules alone.

Each shape below is grown to the largest citation the screen still reads, then an edit adds
`COPIES` such citations (each a little different, so each is read): the budget must cut it
off in time. The single big citations (the issue's 40 KB ref of 8,000 unclosed `<b>` and
a few like it) are timed both ways too. `python -m scripts.bench_budget` prints every case;
`--rates` the time per unit of estimate of each shape against ordinary refs (the budget's
calibration), `--rows` the rows `make bench` shows.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from bot.citations import analyze_edit
from bot.citations.budget import DEFAULT, Limits, cost
from bot.citations.model import EditAnalysis

TODAY = date(2026, 11, 21)
BIG = 1 << 60
# The rule before: length only, 50,000 characters per citation, 2,000,000 per edit.
LENGTH_ONLY = Limits(
    max_markup=BIG,
    max_depth=BIG,
    anomaly_weight=0,
    item_cost=0,
    cite_cost=0,
    node_cost=0,
    pipe_cost=0,
    template_cost=0,
    url_cost=0,
    max_cost=BIG,
    edit_budget=2_000_000,
    max_edit_marks=BIG,
)
# The rule before the whole-edit pre-screen (screen.py): each citation screened, the edit
# budgeted, but every `<ref` and `{{` of the changed part scanned.
NO_EDIT_SCREEN = replace(DEFAULT, max_edit_marks=BIG)
COPIES = 20
PAGE = "Intro.\n\n== History ==\nSome words about it.\n" * 20
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "testdata" / "wikitext-corpus"

Shape = Callable[[int], str]  # n -> the content of one citation (a ref body or a template)
SHAPES: dict[str, Shape] = {
    "unclosed <b>": lambda n: "<b>x " * n,
    "unclosed <b without >": lambda n: "<b x" * n,
    "unclosed {{": lambda n: "{{a|" * n,
    "unclosed {{{": lambda n: "{{{a|" * n,
    "unclosed [[": lambda n: "[[a|" * n,
    "unclosed [": lambda n: "[http://a.example " * n,
    "unclosed {| tables": lambda n: "{|\n|a||b\n|-\n" * n,
    "unclosed <!--": lambda n: "<!--x" * n,
    "unclosed <nowiki>": lambda n: "<nowiki>x" * n,
    "unclosed <ref> inside": lambda n: "<ref name=a>x" * n,
    "deep {{ }}": lambda n: "{{a|" * n + "x" + "}}" * n,
    "deep [[ ]]": lambda n: "[[a|" * n + "x" + "]]" * n,
    "deep <span>": lambda n: "<span>" * n + "x" + "</span>" * n,
    "nested <ref>": lambda n: "<ref>" * n + "x" + "</ref>" * n,
    "closers first </b><b>": lambda n: "</b>x" * n + "<b>x" * n,
    "crossing <b>{{</b>}}": lambda n: "<b>{{a|</b>}}" * n,
    "crossing <b><i></b></i>": lambda n: "<b><i>x</b></i>" * n,
    "crossing {{[[}}]]": lambda n: "{{a|[[b}}]]" * n,
    "[[ and <b>": lambda n: "[[a|<b>x " * n,
    "{{ and [": lambda n: "{{a|[x " * n,
    "many templates": lambda n: "{{x}}" * n,
    "many | and =": lambda n: "{{cite web|title=" + "|=" * n + "}}",
    "many parameters": lambda n: "{{cite web|" + "|".join(f"p{i}=v" for i in range(n)) + "}}",
    "many authors": lambda n: (
        "{{cite book|title=T|"
        + "|".join(f"last{i}=Smith et al.|first{i}=J." for i in range(n))
        + "}}"
    ),
    "many URLs": lambda n: "http://a.example/c " * n,
    "many entities": lambda n: "&amp;x" * n,
    "cite, unclosed <b> in title": lambda n: (
        "{{cite web|title=" + "<b>x " * n + "|url=http://a.b}}"
    ),
}
# Edits of very many small citations or marks, timed against NO_EDIT_SCREEN.
MANY = {
    "100,000 refs (1.7 MB)": "".join(f"<ref>r{i}</ref>" for i in range(100_000)),
    "100,000 {{cite web|url=x}} without refs": "".join(
        f"{{{{cite web|url=x{i}}}}}" for i in range(100_000)
    ),
    "50,000 <ref name=a/> reuses": "<ref name=a>x</ref>" + "<ref name=a/>" * 50_000,
    "100,000 [[links]]": "".join(f"[[l{i}]] " for i in range(100_000)),
}
# Single big citations also timed under the rule before (each takes seconds there).
BIG_ONES = {
    "40 KB ref, 8,000 unclosed <b> (the issue's)": "<ref>" + "<b>x " * 8000 + "</ref>",
    "20 KB ref, 5,000 unclosed [[": "<ref>" + "[[a|" * 5000 + "</ref>",
    "10 KB ref, 2,500 unclosed {{": "<ref>" + "{{a|" * 2500 + "</ref>",
    "12 KB ref, 1,000 unclosed {|": "<ref>" + "{|\n|a||b\n|-\n" * 1000 + "</ref>",
    "2 KB, 150 nested <ref>": "<ref>" * 150 + "x" + "</ref>" * 150,
}


def _largest(shape: Shape) -> int:
    """The largest n whose citation the screen still reads (0 if none)."""
    lo, hi = 0, 1
    while _reads(shape, hi) and hi < 1 << 16:
        lo, hi = hi, hi * 2
    while hi - lo > 1:
        mid = (lo + hi) // 2
        lo, hi = (mid, hi) if _reads(shape, mid) else (lo, mid)
    return lo


def _reads(shape: Shape, n: int) -> bool:
    citation = _citation(shape(n), COPIES)
    text = citation if citation.startswith("{{") else citation[len("<ref>") : -len("</ref>")]
    estimate = cost(text)
    return estimate is not None and estimate <= DEFAULT.max_cost


def _citation(text: str, i: int) -> str:
    if text.startswith("{{cite"):
        return text[:-2] + f"|id={i}}}}}"
    return f"<ref>{text} {i}</ref>"


def _timed(new: str, limits: Limits, old: str = PAGE) -> tuple[float, EditAnalysis]:
    started = time.perf_counter()
    result = analyze_edit(old, old + new, "en", TODAY, limits=limits)
    return time.perf_counter() - started, result


def _refused(result: EditAnalysis) -> int:
    return sum(any(p.code == "malformed" for p in c.problems) for c in result.added)


def cases(before: bool = True) -> list[tuple[str, float, float, str]]:
    """(case, seconds with the screen, seconds by the rule before or NaN, what was read)."""
    out = []
    for name, new in BIG_ONES.items():
        after, result = _timed(new, DEFAULT)
        was = _timed(new, LENGTH_ONLY)[0] if before else float("nan")
        out.append((name, after, was, f"{_refused(result)}/{len(result.added)} refused"))
    for name, shape in SHAPES.items():
        n = _largest(shape)
        new = "\n".join(_citation(shape(n), i) for i in range(COPIES))
        after, result = _timed(new, DEFAULT)
        was = _timed(new, LENGTH_ONLY)[0] if before else float("nan")
        note = f"{COPIES} x n={n}, {_refused(result)}/{len(result.added)} refused"
        out.append((f"{COPIES} citations: {name}", after, was, note))
    for name, new in MANY.items():
        after, result = _timed(new, DEFAULT)
        was = _timed(new, NO_EDIT_SCREEN)[0] if before else float("nan")
        note = f"{len(result.added)} added, {_refused(result)} refused, {result.reused} reused"
        out.append((f"one edit: {name}", after, was, note))
    return out


ORDINARY = (
    "<ref>{{cite web |url=https://example.org/page%d |title=Some page title %d "
    "|website=Example |date=5 May 2010 |access-date=6 May 2010}}</ref>"
)
UNBOUNDED = replace(DEFAULT, max_cost=BIG, edit_budget=BIG, max_edit_marks=BIG)


def _body(citation: str) -> str:
    """What the screen estimates: a ref's content, a template whole."""
    if citation.startswith("<ref") and citation.endswith("</ref>"):
        return citation[citation.index(">") + 1 : -len("</ref>")]
    return citation


def _per_unit(citations: list[str], repeat: int = 5) -> float:
    """Seconds per unit of estimate of an edit adding `citations`, all read (best of
    `repeat`), the units summed over the citations the analysis finds in them."""
    new = "\n".join(citations)
    seconds, result = min((_timed(new, UNBOUNDED) for _ in range(repeat)), key=lambda t: t[0])
    return seconds / sum(cost(_body(c.wikitext), UNBOUNDED) or 0 for c in result.added)


def rates() -> list[tuple[str, float]]:
    """Time per unit of estimate of each shape (at the largest size the screen reads), as a
    multiple of that of ordinary refs: above 1, the estimate undercharges the shape, and the
    worst edit the budget allows costs that much more than the ordinary edit it was sized
    for (budget.py says how the weights were calibrated)."""
    refs = [ORDINARY % (i, i) for i in range(1000)]
    _per_unit(refs, repeat=1)  # warm: caches, compiled patterns
    found = [("plain refs", _per_unit([f"<ref>Smith, J. (2010). ''A book {i}''. P.</ref>"
                                       for i in range(1000)]))]  # fmt: skip
    for name, shape in SHAPES.items():
        n = _largest(shape)
        found.append((name, _per_unit([_citation(shape(n), i) for i in range(2)])))
    ordinary = min(_per_unit(refs), _per_unit(refs))
    return [(name, seconds / ordinary) for name, seconds in found]


def ordinary_page(count: int = 1_500) -> tuple[float, int, int]:
    """A page created with `count` ordinary refs: (seconds, citations, citations refused)."""
    page = "".join(f"Claim {i}. " + ORDINARY % (i, i) + "\n" for i in range(count))
    seconds, result = _timed(page, DEFAULT, old="")
    return seconds, len(result.added), _refused(result)


def corpus_page() -> tuple[float, float, int, int]:
    """The largest page creation of the corpus, both ways: (after, before, citations,
    citations refused)."""
    path = max(CORPUS.rglob("*.wiki"), key=lambda p: p.stat().st_size)
    text = path.read_text(encoding="utf-8")
    timings = []
    for limits in (DEFAULT, LENGTH_ONLY):
        started = time.perf_counter()
        result = analyze_edit("", text, "en", TODAY, limits=limits)
        timings.append(time.perf_counter() - started)
    return timings[0], timings[1], len(result.added), _refused(result)


def rows() -> list[dict[str, Any]]:
    found = cases()
    worst = max(found, key=lambda c: c[1])
    worst_before = max(found, key=lambda c: c[2])
    many = max(found[-len(MANY) :], key=lambda c: c[1])
    many_before = max(c[2] for c in found[-len(MANY) :])
    after, before, cited, refused = corpus_page()
    big = ordinary_page()
    per_unit = rates()
    spread = max(per_unit, key=lambda r: r[1])
    return [
        {"name": "citations: worst-case edit, pathological set", "value": worst[1],
         "baseline": worst_before[2], "ratio": worst_before[2] / worst[1], "unit": "s",
         "note": f"{len(found)} edits, screen and budget vs length only (before; for the "
                 f"{len(MANY)} edits of many citations: without the whole-edit screen); worst now: "
                 f"{worst[0]} ({worst[3]}), {worst[1] / after:.2f}x the largest corpus page "
                 f"created; worst before: {worst_before[0]}; goal < 1 s"},
        {"name": "citations: worst edit of very many citations (100,000 refs…)",
         "value": many[1], "baseline": many_before, "ratio": many_before / many[1], "unit": "s",
         "note": f"{len(MANY)} edits, whole-edit pre-screen vs per-citation screen and budget "
                 f"only (before); worst now: {many[0]} ({many[3]}); goal < 1 s"},
        {"name": "citations: the issue's 40 KB ref of 8,000 <b>", "value": found[0][1],
         "baseline": found[0][2], "ratio": found[0][2] / found[0][1], "unit": "s",
         "note": f"{found[0][3]} as too complex"},
        {"name": "citations: largest corpus page created at once", "value": after,
         "baseline": before, "ratio": before / after, "unit": "s",
         "note": f"{cited} citations, {refused} refused; the budget is sized to read it"},
        {"name": "citations: page created with 1,500 ordinary refs", "value": big[0],
         "baseline": worst[1], "ratio": worst[1] / big[0], "unit": "s",
         "note": f"{big[1]} citations, {big[2]} refused (none may be); baseline: the worst "
                 f"pathological edit now, which the budget makes cost about as much"},
        {"name": "citations: budget calibration, time per unit", "value": spread[1],
         "baseline": 1.0, "ratio": spread[1], "unit": "x ordinary",
         "note": f"the costliest of {len(per_unit)} shapes per unit of estimate against "
                 f"ordinary refs: {spread[0]}; above 1 the estimate undercharges it"},
    ]  # fmt: skip


if __name__ == "__main__":
    if "--rates" in sys.argv:
        for shape, ratio in rates():
            print(f"{shape:40} {ratio:5.2f}x the time per unit of ordinary refs")
        raise SystemExit(0)
    if "--rows" in sys.argv:
        from scripts.bench import table

        print(table(rows()))
        raise SystemExit(0)
    for case, after, was, note in cases(before="--after" not in sys.argv):
        print(f"{case:52} {after * 1000:9.1f} ms  before {was * 1000:9.1f} ms  {note}")
