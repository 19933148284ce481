"""Judge benchmark: what asking the wiki's citation module costs, against our local rules.

Seeds a fresh local wiki running Module:Citation/CS1 (scripts/devwiki/cs1.py) with tagged
edits that add real citation templates from `../shared/testdata/wikitext-corpus` (generated
ones when that folder is absent), then scans it three times into empty databases, side by
side in one run: `judge = "local"`, `judge = "wiki"` (50 citations per request, the default)
and `judge = "wiki"` with one request per citation (what batching saves).
"""

from __future__ import annotations

import sqlite3
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from scripts.bench_scan import CORPUS
from scripts.botconfig import write_config
from scripts.devwiki import ADMIN, BOT_TOKEN, EDITORS, DevWiki, build_cs1_template

CITATIONS = 300
PER_EDIT = 5
STUB = "Lead sentence.\n\n== References ==\n{{reflist}}\n"


def corpus_templates(limit: int = CITATIONS) -> list[str]:
    """Distinct citation templates of the corpus articles, in file order."""
    from bot.citations import analyze_edit, load_profile
    from bot.judging import question_text

    profile = load_profile("en")
    found: dict[str, None] = {}
    files = sorted(CORPUS.rglob("*.wiki")) if CORPUS.is_dir() else []
    for path in files:
        added = analyze_edit("", path.read_text(encoding="utf-8"), lang="en").added
        for c in added:
            text = question_text(c.wikitext, profile) if c.kind == "template" else None
            if text and "\n" not in text and len(text) < 1500:
                found.setdefault(text, None)
            if len(found) >= limit:
                return list(found)
    n = len(found)
    generated = [f"{{{{cite web |url=https://example.org/{i} |title=Page {i}}}}}" for i in range(n)]
    return (list(found) + generated)[:limit]


def seed(wiki: DevWiki, templates: list[str]) -> int:
    edits = 0
    for start in range(0, len(templates), PER_EDIT):
        refs = "".join(f"Claim.<ref>{t}</ref>\n" for t in templates[start : start + PER_EDIT])
        title = f"Judged article {edits}"
        wiki.edit(ADMIN, title, STUB, summary="stub")
        wiki.edit(EDITORS[edits % len(EDITORS)], title, refs + STUB, summary="#1Lib1Ref source")
        edits += 1
    return edits


def measure(config_path: Path) -> tuple[float, int, int]:
    """(seconds, API requests, citations) of one scan into an empty database."""
    import bot.wiki
    from bot import store
    from bot.config import load_config
    from tasks.scan import scan_wiki

    config = load_config(config_path)
    wiki = bot.wiki.connect(config, "local", BOT_TOKEN)
    db = store.open_db(config.database)
    store.save_campaigns(db, config.campaigns)
    before = wiki.requests
    started = time.perf_counter()
    stats = scan_wiki(db, wiki, config.campaigns[0], None, datetime.now(UTC))
    elapsed = time.perf_counter() - started
    requests = wiki.requests - before
    wiki.close()
    return elapsed, requests, stats.citations


def _verdicts(path: Path) -> dict[tuple[int, int], tuple[int, str]]:
    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT revid, position, well_formed, judge FROM citations")
        return {(r[0], r[1]): (r[2], r[3]) for r in rows}


def rows() -> list[dict[str, Any]]:
    templates = corpus_templates()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        wiki = DevWiki.create(root / "wiki", build_cs1_template())
        wiki.start()
        try:
            seed(wiki, templates)
            start = datetime.now(UTC) - timedelta(hours=1)
            runs = {}
            for name, extra in (("local", ""), ("wiki", 'judge = "wiki"'),
                                ("naive", 'judge = "wiki"\njudge_batch = 1')):  # fmt: skip
                config = write_config(root, wiki.api_url, start=start, name=f"{name}.toml",
                                      database=f"{name}.db", wiki_extra=extra)  # fmt: skip
                runs[name] = measure(config)
        finally:
            wiki.stop()
        local, judged = _verdicts(root / "local.db"), _verdicts(root / "wiki.db")
    (t_local, r_local, n), (t_wiki, r_wiki, _), (t_naive, r_naive, _) = (
        runs["local"], runs["wiki"], runs["naive"],
    )  # fmt: skip
    by_wiki = [k for k, (_, judge) in judged.items() if judge == "wiki"]
    same = sum(local[k][0] == judged[k][0] for k in by_wiki)
    note = f"{n} real citation templates, {PER_EDIT} per edit, scan of a local wiki running CS1"
    agree = f"module judged {len(by_wiki)}; our verdict equal on {same / max(len(by_wiki), 1):.1%}"
    ask, ask_naive = r_wiki - r_local, r_naive - r_local
    return [
        {"name": "judge: scan API requests per 100 citations, wiki judge", "unit": "req/100",
         "value": 100 * r_wiki / n, "baseline": 100 * r_local / n, "ratio": r_local / r_wiki,
         "note": "baseline: local rules; " + note},
        {"name": "judge: scan time per citation, wiki judge", "unit": "ms",
         "value": 1000 * t_wiki / n, "baseline": 1000 * t_local / n, "ratio": t_local / t_wiki,
         "note": "baseline: local rules; " + agree},
        {"name": "judge: requests to ask the module per 100 citations", "unit": "req/100",
         "value": 100 * ask / n, "baseline": 100 * ask_naive / n,
         "ratio": ask_naive / max(ask, 1),
         "note": f"baseline: one request per citation ({1000 * t_naive / n:.0f} ms/citation)"},
    ]  # fmt: skip


if __name__ == "__main__":
    from scripts.bench import table

    print(table(rows()))
