"""Citation-analysis benchmark on the 50 real articles of ../shared/testdata.

Generated edits per article (a cited sentence inserted, a {{citation needed}} replaced
by a ref, a paragraph with refs moved, a ref reformatted, a reuse added, a ref
deleted, a page created); per edit, `analyze_edit` against the time to parse both
revisions in full with mwparserfromhell, median over all edits, side by side. Also
peak memory (tracemalloc) and the corpus false-positive rate.
"""

from __future__ import annotations

import re
import statistics
import time
import tracemalloc
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import mwparserfromhell

from bot.citations import analyze_edit

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "testdata" / "wikitext-corpus"
TODAY = date(2026, 11, 21)
CITE = "<ref>{{cite book |last=Hale |title=A History |publisher=Press |year=1999}}</ref>"
REF_RE = re.compile(r"<ref[^/>]*>.*?</ref>", re.S)


def edits(text: str) -> Iterator[tuple[str, str, str]]:
    """(kind, old, new) edits of one article."""
    mid = text.find("\n\n", len(text) // 2)
    mid = mid if mid != -1 else len(text) // 2
    yield "insert cited sentence", text, text[:mid] + " A new claim." + CITE + text[mid:]
    cn = text.replace("{{citation needed}}", CITE, 1)
    if cn == text:
        cn = text[:mid] + CITE + text[mid:]
    yield "cn replaced", text.replace(CITE, "{{citation needed}}", 1) if cn == text else text, cn
    paras = text.split("\n\n")
    if len(paras) > 4:
        moved = paras[:1] + paras[2:3] + paras[1:2] + paras[3:]
        yield "paragraph moved", text, "\n\n".join(moved)
    ref = REF_RE.search(text)
    if ref:
        body = ref.group()
        yield "ref reformatted", text, text.replace(body, body.replace("|", "\n| "), 1)
        yield "ref deleted", text, text.replace(body, "", 1)
    name = re.search(r'<ref name="?([^">/]+)"?\s*>', text)
    if name:
        yield "reuse added", text, text[:mid] + f'<ref name="{name.group(1)}" />' + text[mid:]
    yield "page created", "", text


def _time(fn: Any, *args: Any) -> float:
    started = time.perf_counter()
    fn(*args)
    return time.perf_counter() - started


def _full_parse(old: str, new: str) -> None:
    for text in (old, new):
        code = mwparserfromhell.parse(text)
        code.filter_tags(recursive=True)
        code.filter_templates(recursive=True)


def _peak(fn: Any, *args: Any) -> int:
    tracemalloc.start()
    fn(*args)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def rows() -> list[dict[str, Any]]:
    files = sorted(CORPUS.rglob("*.wiki"))
    if not files:
        raise RuntimeError(f"{CORPUS} is absent: the citation benchmark needs ../shared")
    ours, full, mem_ours, mem_full, sizes = [], [], [], [], []
    for path in files:
        text = path.read_text(encoding="utf-8")
        for _kind, old, new in edits(text):
            ours.append(_time(analyze_edit, old, new, "en", TODAY))
            full.append(_time(_full_parse, old, new))
            sizes.append(len(old) + len(new))
        if len(mem_ours) < 10:
            mem_ours.append(_peak(analyze_edit, text, text + CITE, "en", TODAY))
            mem_full.append(_peak(_full_parse, text, text + CITE))
    citations = errors = 0
    codes: Counter[str] = Counter()
    for path in files:
        analysis = analyze_edit("", path.read_text(encoding="utf-8"), "en", TODAY)
        citations += len(analysis.added)
        for c in analysis.added:
            errors += not c.well_formed
            codes.update(p.code for p in c.problems if p.severity == "error")
    t_ours, t_full = statistics.median(ours), statistics.median(full)
    m_ours, m_full = statistics.median(mem_ours), statistics.median(mem_full)
    top = ", ".join(f"{c} {n}" for c, n in codes.most_common(4))
    return [
        {"name": "citations: median time per edit", "value": t_ours * 1000,
         "baseline": t_full * 1000, "ratio": t_full / t_ours, "unit": "ms",
         "note": f"{len(ours)} generated edits on {len(files)} articles; baseline: "
                 "mwparserfromhell full parse of both revisions; target >= 50x"},
        {"name": "citations: peak memory per edit", "value": m_ours / 2**20,
         "baseline": m_full / 2**20, "ratio": m_full / m_ours, "unit": "MiB",
         "note": "tracemalloc peak beyond the two texts, median of 10 articles"},
        {"name": "citations: corpus false-positive rate", "value": 100 * errors / citations,
         "baseline": 0.0, "ratio": citations / max(errors, 1), "unit": "% errors",
         "note": f"{errors} of {citations} citations flagged (ratio: citations per flag); "
                 f"top codes: {top}"},
    ]  # fmt: skip


if __name__ == "__main__":
    from scripts.bench import table

    print(table(rows()))
