"""Work per edit (issue 17): the worst edit over a set of pathological citations, with the
pre-screen and budget of bot/citations/budget.py against the rule before it (length only:
a citation up to 50,000 characters read whatever it holds, 2,000,000 characters per edit),
side by side in one run.

Each shape below is grown to the largest citation the screen still reads, then an edit adds
`COPIES` such citations (each a little different, so each is read): the budget must cut it
off in time. The single big citations (the issue's 40 KB ref of 8,000 unclosed `<b>` and
a few like it) are timed both ways too. `python -m scripts.bench_budget` prints every case.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from bot.citations import analyze_edit
from bot.citations.budget import DEFAULT, Limits, cost
from bot.citations.model import EditAnalysis

TODAY = date(2026, 11, 21)
BIG = 1 << 60
# The rule before: length only, 50,000 characters per citation, 2,000,000 per edit.
LENGTH_ONLY = Limits(50_000, BIG, BIG, 0, 0, 0, 0, 0, 0, BIG, 2_000_000)
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
    "closers first </b><b>": lambda n: "</b>x" * n + "<b>x" * n,
    "crossing <b>{{</b>}}": lambda n: "<b>{{a|</b>}}" * n,
    "crossing <b><i></b></i>": lambda n: "<b><i>x</b></i>" * n,
    "crossing {{[[}}]]": lambda n: "{{a|[[b}}]]" * n,
    "[[ and <b>": lambda n: "[[a|<b>x " * n,
    "{{ and [": lambda n: "{{a|[x " * n,
    "many templates": lambda n: "{{x}}" * n,
    "many | and =": lambda n: "{{cite web|title=" + "|=" * n + "}}",
    "many parameters": lambda n: "{{cite web|" + "|".join(f"p{i}=v" for i in range(n)) + "}}",
    "many URLs": lambda n: "http://a.example/c " * n,
    "many entities": lambda n: "&amp;x" * n,
    "cite, unclosed <b> in title": lambda n: (
        "{{cite web|title=" + "<b>x " * n + "|url=http://a.b}}"
    ),
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


def _timed(new: str, limits: Limits) -> tuple[float, EditAnalysis]:
    started = time.perf_counter()
    result = analyze_edit(PAGE, PAGE + new, "en", TODAY, limits=limits)
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
    return out


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
    after, before, cited, refused = corpus_page()
    return [
        {"name": "citations: worst-case edit, pathological set", "value": worst[1],
         "baseline": worst_before[2], "ratio": worst_before[2] / worst[1], "unit": "s",
         "note": f"{len(found)} edits, screen and budget vs length only (before); worst now: "
                 f"{worst[0]} ({worst[3]}), {worst[1] / after:.2f}x the largest corpus page "
                 f"created; worst before: {worst_before[0]}; goal < 1 s"},
        {"name": "citations: the issue's 40 KB ref of 8,000 <b>", "value": found[0][1],
         "baseline": found[0][2], "ratio": found[0][2] / found[0][1], "unit": "s",
         "note": f"{found[0][3]} as too complex"},
        {"name": "citations: largest corpus page created at once", "value": after,
         "baseline": before, "ratio": before / after, "unit": "s",
         "note": f"{cited} citations, {refused} refused; the budget is sized to read it"},
    ]  # fmt: skip


if __name__ == "__main__":
    if "--rows" in sys.argv:
        from scripts.bench import table

        print(table(rows()))
        raise SystemExit(0)
    for case, after, was, note in cases(before="--after" not in sys.argv):
        print(f"{case:52} {after * 1000:9.1f} ms  before {was * 1000:9.1f} ms  {note}")
