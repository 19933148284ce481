"""Language bundles on the English corpus (50 real, almost clean articles, each analysed as a
page creation): citations with an error-level finding per profile source: the packaged `en`
profile against the generic checks a language with no bundle gets (`ka`), and the time per
article of each. Derived profiles (issue 13, point 3) are not built yet."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from bot.citations import analyze_edit
from scripts.bench_citations import CORPUS, TODAY


def _errors(files: list[Path], lang: str) -> tuple[int, int, float]:
    """(citations, citations with an error-level finding, seconds per article)."""
    citations = errors = 0
    started = time.perf_counter()
    for path in files:
        analysis = analyze_edit("", path.read_text(encoding="utf-8"), lang, TODAY)
        citations += len(analysis.added)
        errors += sum(any(p.severity == "error" for p in c.problems) for c in analysis.added)
    return citations, errors, (time.perf_counter() - started) / max(len(files), 1)


def rows() -> list[dict[str, Any]]:
    files = sorted(CORPUS.rglob("*.wiki"))
    if not files:
        raise FileNotFoundError(f"{CORPUS}: no corpus (../shared beside the checkout)")
    n, packaged, t_packaged = _errors(files, "en")
    _, generic, t_generic = _errors(files, "ka")
    share, base = 100 * generic / n, 100 * packaged / n
    return [
        {"name": "languages: error-level findings on the corpus, generic checks (no bundle)",
         "value": share, "baseline": base, "ratio": share / max(base, 1e-9),
         "unit": "% of citations",
         "note": f"{generic} vs {packaged} (packaged en) of {n} citations; baseline: packaged en"},
        {"name": "languages: time per corpus article, generic checks", "value": 1000 * t_generic,
         "baseline": 1000 * t_packaged, "ratio": t_generic / max(t_packaged, 1e-9), "unit": "ms",
         "note": "baseline: packaged en profile"},
    ]  # fmt: skip


if __name__ == "__main__":
    from scripts.bench import table

    print(table(rows()))
