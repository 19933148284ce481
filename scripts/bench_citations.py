"""Citation-analysis benchmark on the 50 real articles of ../shared/testdata.

Generated edits per article (`corpus_edits`: a cited sentence inserted, a {{citation
needed}} replaced by a ref, a paragraph with refs moved, a ref reformatted or changed, a
ref copied, a reuse added, a ref deleted, a page created); per edit, `analyze_edit`
against the time to parse both revisions in full with mwparserfromhell, median over all
edits, side by side, and its result checked identical to the full-parse oracle
(bot/citations/oracle.py). Also peak memory (tracemalloc) and the corpus false-positive
rate, with the error findings per code.
"""

from __future__ import annotations

import random
import re
import statistics
import time
import tracemalloc
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import mwparserfromhell

from bot.citations import analyze_edit, load_profile
from bot.citations.oracle import oracle_analyze

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "testdata" / "wikitext-corpus"
TODAY = date(2026, 11, 21)
CITE = "<ref>{{cite book |last=Hale |title=A History |publisher=Press |year=1999}}</ref>"


# --- The generated edits the windowed method is checked and timed on -----------------
CN_RE = re.compile(r"\{\{\s*(?:[Cc]itation needed|[Cc]n|[Ff]act)\s*(?:\|[^{}]*)?\}\}")
ANY_REF_RE = re.compile(r"<ref(?:\s[^<>/]*)?>.*?</ref\s*>", re.S | re.I)
NAMED_RE = re.compile(r'<ref\s+name\s*=\s*"?([^"<>/]+?)"?\s*>', re.I)


def new_ref(i: int, name: str = "") -> str:
    attrs = f' name="{name}"' if name else ""
    return (
        f"<ref{attrs}>{{{{cite web |url=https://example.org/claim/{i} |title=A source for "
        f"claim {i} |publisher=Example Press |date=3 May 2019 |access-date=21 January 2026}}}}"
        "</ref>"
    )


def corpus_edits(text: str, seed: int = 0, per_kind: int = 2) -> list[tuple[str, str, str]]:
    """(kind, old, new) edits of one article, at seeded random places: a cited sentence
    inserted (with a new named ref too), a {{citation needed}} replaced by a ref, a
    paragraph with refs moved, a ref reformatted, a word changed inside a ref, an existing
    ref copied elsewhere, a reuse added, a ref deleted, and the page created."""
    rnd = random.Random(seed)
    ends = [m.start() + 1 for m in re.finditer(r"[a-z]\.\n\n", text)] or [len(text)]
    out: list[tuple[str, str, str]] = []

    def at(pos: int, piece: str) -> str:
        return text[:pos] + piece + text[pos:]

    for k in range(per_kind):
        out.append(
            ("insert cited sentence", text, at(rnd.choice(ends), f" Claim {k}." + new_ref(k)))
        )
        named = new_ref(50 + k, f"gen-{seed}-{k}")
        out.append(("insert named ref", text, at(rnd.choice(ends), f" Claim {k}." + named)))
    cns = list(CN_RE.finditer(text))
    for k in range(per_kind):
        if cns:
            m = rnd.choice(cns)
            out.append(
                ("cn replaced", text, text[: m.start()] + new_ref(100 + k) + text[m.end() :])
            )
        else:
            pos = rnd.choice(ends)
            old = at(pos, "{{citation needed|date=May 2016}}")
            out.append(("cn replaced", old, at(pos, new_ref(100 + k))))
    blocks = text.split("\n\n")
    with_refs = [i for i, b in enumerate(blocks) if "<ref" in b]
    refs = list(ANY_REF_RE.finditer(text))
    names = [m.group(1) for m in NAMED_RE.finditer(text)]
    for _ in range(per_kind):
        if len(blocks) > 3 and with_refs:
            moved = blocks[:]
            para = moved.pop(rnd.choice(with_refs))
            moved.insert(rnd.randrange(len(moved) + 1), para)
            out.append(("paragraph moved", text, "\n\n".join(moved)))
        if refs:
            m = rnd.choice(refs)
            spaced = re.sub(r"\s*\|\s*", lambda _: rnd.choice([" | ", "|", "\n|", " |"]), m.group())
            out.append(("ref reformatted", text, text[: m.start()] + spaced + text[m.end() :]))
            m = rnd.choice(refs)
            changed = m.group().replace("e", "é", 1)
            out.append(("ref text changed", text, text[: m.start()] + changed + text[m.end() :]))
            m = rnd.choice(refs)
            out.append(("ref copied", text, at(rnd.choice(ends), m.group())))
            m = rnd.choice(refs)
            out.append(("ref deleted", text, text[: m.start()] + text[m.end() :]))
        if names:
            reuse = f'<ref name="{rnd.choice(names)}" />'
            out.append(("reuse added", text, at(rnd.choice(ends), reuse)))
    out.append(("page created", "", text))
    return out


def _time(fn: Any, *args: Any) -> tuple[float, Any]:
    """(seconds, result) of one call."""
    started = time.perf_counter()
    result = fn(*args)
    return time.perf_counter() - started, result


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


def _oracle(old: str, new: str) -> Any:
    return oracle_analyze(old, new, "en", TODAY)


def rows() -> list[dict[str, Any]]:
    """Speed and memory against parsing both revisions in full, results checked identical
    to the full-parse oracle on every edit, and the corpus false-positive rate."""
    files = sorted(CORPUS.rglob("*.wiki"))
    if not files:
        raise RuntimeError(f"{CORPUS} is absent: the citation benchmark needs ../shared")
    ours, full, mem_ours, mem_full = [], [], [], []
    identical = total = 0
    for n, path in enumerate(files):
        text = path.read_text(encoding="utf-8")
        for _kind, old, new in corpus_edits(text, seed=n):
            seconds, result = _time(analyze_edit, old, new, "en", TODAY)
            ours.append(seconds)
            full.append(_time(_full_parse, old, new)[0])
            identical += result == _oracle(old, new)
            total += 1
        edit = text[: len(text) // 2] + CITE + text[len(text) // 2 :]
        mem_ours.append(_peak(analyze_edit, text, edit, "en", TODAY))
        mem_full.append(_peak(_full_parse, text, edit))
    citations, errors, outdated, codes = false_positives(files)
    wrong = errors - outdated
    t_ours, t_full = statistics.median(ours), statistics.median(full)
    m_ours, m_full = statistics.median(mem_ours), statistics.median(mem_full)
    top = ", ".join(f"{c} {n}" for c, n in codes.most_common(5))
    return [
        {"name": "citations: median time per edit", "value": t_ours * 1000,
         "baseline": t_full * 1000, "ratio": t_full / t_ours, "unit": "ms",
         "note": f"{total} generated edits on {len(files)} articles, identical to the "
                 f"full-parse oracle on {identical}/{total}; baseline: mwparserfromhell "
                 "parse of both revisions; target >= 50x"},
        {"name": "citations: peak memory per edit", "value": m_ours / 2**20,
         "baseline": m_full / 2**20, "ratio": m_full / m_ours, "unit": "MiB",
         "note": f"tracemalloc peak beyond the two texts, median of {len(files)} articles"},
        {"name": "citations: corpus false-positive rate", "value": 100 * wrong / citations,
         "baseline": 0.0, "ratio": citations / max(wrong, 1), "unit": "% errors",
         "note": f"{wrong} of {citations} citations with an error-level finding (each article "
                 f"as a page creation; ratio: citations per flag), not counting {outdated} whose "
                 f"only errors are parameters current CS1 removed after the corpus was written "
                 f"(true errors today: {100 * errors / citations:.1f}% in all); top codes: {top}"},
    ]  # fmt: skip


def false_positives(files: list[Path]) -> tuple[int, int, int, Counter[str]]:
    """(citations, citations with an error, citations whose only errors are parameters
    current CS1 removed after the corpus was written, error findings per code but those)
    over the corpus, each article analysed as a page creation."""
    removed = load_profile("en").cs1.legacy_params
    citations = errors = outdated = 0
    codes: Counter[str] = Counter()
    for path in files:
        analysis = analyze_edit("", path.read_text(encoding="utf-8"), "en", TODAY)
        citations += len(analysis.added)
        for c in analysis.added:
            found = [p for p in c.problems if p.severity == "error"]
            errors += bool(found)
            outdated += bool(found) and all(
                p.code == "unknown-param" and p.param in removed for p in found
            )
            codes.update(
                p.code for p in found if not (p.code == "unknown-param" and p.param in removed)
            )
    return citations, errors, outdated, codes


if __name__ == "__main__":
    from scripts.bench import table

    print(table(rows()))
    _, _, _, per_code = false_positives(sorted(CORPUS.rglob("*.wiki")))
    print("\nerror findings per code on the corpus (page creations; removed parameters aside):")
    for code, count in per_code.most_common():
        print(f"  {code:24} {count}")
