"""Scan benchmark: API requests per tagged edit and edits per second, batched vs naive.

Seeds a fresh local wiki with real articles from `../shared/testdata/wikitext-corpus`
(generated text when that folder is absent) and a few hundred tagged edits that insert
a cited sentence, then scans it twice into empty databases, side by side in one run:
the bot as it is (500 revisions per `prop=revisions` request, the bot account having
`apihighlimits`), the same with the 50 of an account without it, and a naive loop that
fetches each revision's text with its own request (the same code with a batch of 1).
"""

from __future__ import annotations

import random
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from scripts.botconfig import write_config
from scripts.devwiki import ADMIN, BOT_TOKEN, EDITORS, DevWiki, build_template

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "testdata" / "wikitext-corpus"
ARTICLES = 20
EDITS_PER_ARTICLE = 12


def articles() -> list[tuple[str, str]]:
    files = (
        sorted(CORPUS.rglob("*.wiki"), key=lambda p: p.stat().st_size) if CORPUS.is_dir() else []
    )
    if files:
        return [(p.stem.replace("_", " "), p.read_text(encoding="utf-8")) for p in files[:ARTICLES]]
    para = (
        "A sentence about the topic.<ref>{{cite web |url=https://example.org |title=T}}</ref>\n\n"
    )
    return [(f"Generated article {i}", para * 40) for i in range(ARTICLES)]


def cited_sentence(n: int) -> str:
    return (f" A new claim number {n}.<ref>{{{{cite book |last=Author{n} |title=Book {n}"
            f" |publisher=Press |year=2001 |isbn=978-0-306-40615-7}}}}</ref>")  # fmt: skip


def seed(wiki: DevWiki) -> int:
    rng = random.Random(1)
    tagged = 0
    for title, original in articles():
        text = original
        wiki.edit(ADMIN, title, text, summary="import")
        for k in range(EDITS_PER_ARTICLE):
            breaks = [i for i, ch in enumerate(text) if ch == "\n"] or [len(text)]
            at = rng.choice(breaks)
            text = text[:at] + cited_sentence(tagged) + text[at:]
            user = EDITORS[(tagged + k) % len(EDITORS)]
            wiki.edit(user, title, text, summary=f"added a source #1Lib1Ref {tagged}")
            tagged += 1
    return tagged


def measure(config_path: Path, batch: int | None) -> tuple[float, int, int]:
    import bot.wiki
    from bot import store
    from bot.config import load_config
    from tasks.scan import scan_wiki

    config = load_config(config_path)
    saved = bot.wiki.TEXT_BATCH
    bot.wiki.TEXT_BATCH = batch
    try:
        wiki = bot.wiki.connect(config, "local", BOT_TOKEN)
        db = store.open_db(config.database)
        store.save_campaigns(db, config.campaigns)
        campaign = config.campaigns[0]
        before = wiki.requests
        started = time.perf_counter()
        stats = scan_wiki(db, wiki, campaign, None, datetime.now(UTC))
        elapsed = time.perf_counter() - started
        requests = wiki.requests - before
        wiki.close()
    finally:
        bot.wiki.TEXT_BATCH = saved
    return elapsed, requests, stats.new_edits


def rows() -> list[dict[str, Any]]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        wiki = DevWiki.create(root / "wiki", build_template())
        wiki.start()
        try:
            started = time.perf_counter()
            tagged = seed(wiki)
            seeding = time.perf_counter() - started
            start = datetime.now(UTC) - timedelta(hours=1)
            ours_cfg = write_config(root, wiki.api_url, start=start, name="a.toml", database="a.db")
            naive_cfg = write_config(root, wiki.api_url, start=start, name="b.toml",
                                     database="b.db")  # fmt: skip
            t_ours, r_ours, n_ours = measure(ours_cfg, None)  # 500 with apihighlimits
            t_naive, r_naive, n_naive = measure(naive_cfg, 1)
            fifty_cfg = write_config(root, wiki.api_url, start=start, name="c.toml",
                                     database="c.db")  # fmt: skip
            _t_fifty, r_fifty, n_fifty = measure(fifty_cfg, 50)
        finally:
            wiki.stop()
    if n_ours != tagged or n_naive != tagged or n_fifty != tagged:
        raise RuntimeError(f"expected {tagged} edits, batched found {n_ours}, naive {n_naive}")
    note = f"{tagged} tagged edits on {ARTICLES} real articles (seeded in {seeding:.0f} s)"
    return [
        {"name": "scan: API requests per tagged edit", "value": r_ours / tagged,
         "baseline": r_naive / tagged, "ratio": r_naive / r_ours, "unit": "req/edit",
         "note": "naive: one request per revision text; " + note},
        {"name": "scan: tagged edits per second", "value": tagged / t_ours,
         "baseline": tagged / t_naive, "ratio": t_naive / t_ours, "unit": "edits/s",
         "note": "citation analysis included"},
        {"name": "scan: API requests per tagged edit, 500 vs 50 texts a request",
         "value": r_ours / tagged, "baseline": r_fifty / tagged, "ratio": r_fifty / r_ours,
         "unit": "req/edit", "note": "baseline: 50 revisions a request (no apihighlimits)"},
    ]  # fmt: skip


if __name__ == "__main__":
    from scripts.bench import table

    print(table(rows()))
