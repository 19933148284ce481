"""Render benchmark: the leaderboard for 50,000 participants and a report of 500 rows.

The baseline is the time to build the same number of records from plain tuples (what any
caller pays before rendering); the lead may replace it with the SQLite read time. Each
figure is the best of a few runs. `render_seconds(n)` and `report_seconds(n)` are the timed
steps, for other benchmarks to reuse.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.citations.model import Problem
from bot.render.leaderboard import render_leaderboard
from bot.render.model import CampaignInfo, ReportRow, Standing, Totals
from bot.render.ranking import rank
from bot.render.report import render_report

STANDINGS = 50_000
REPORT_ROWS = 500
REPEAT = 3
NOW = "2027-02-01T12:00:00Z"
CAMPAIGN = CampaignInfo("2027-01", "2027-01-15T00:00:00Z", "2027-02-05T23:59:59Z", ("1Lib1Ref",))
NAMES = ("Librarian", "José Ñandú", "O'Brien", "Ärzte {{x}}", "图书馆员", "~2027-0000")
CODES = ("bad-date", "bad-isbn", "missing-title", "bare-url", "unknown-param", "bad-doi")
_START = datetime(2027, 1, 15, tzinfo=UTC)


def _stamp(minutes: int) -> str:
    return (_START + timedelta(minutes=minutes)).strftime("%Y-%m-%dT%H:%M:%SZ")


def standing_tuples(n: int) -> list[tuple[Any, ...]]:
    rng = random.Random(1)
    rows = []
    for i in range(n):
        kind = "registered" if i % 10 else ("temporary", "ip")[i % 20 // 10]
        citations = rng.randint(0, 40)
        first = rng.randint(0, 30_000)
        rows.append((
            f"{NAMES[i % len(NAMES)]} {i}", kind, rng.randint(0, citations), citations,
            rng.randint(0, 5), rng.randint(1, 60), ("enwiki", "eswiki")[: 1 + i % 2],
            _stamp(first), _stamp(first + rng.randint(0, 1000)),
        ))  # fmt: skip
    return rows


def report_tuples(n: int) -> list[tuple[Any, ...]]:
    return [
        ("enwiki", f"Article {i} ({NAMES[i % len(NAMES)]})", 1_000_000 + i,
         f"{NAMES[i % len(NAMES)]} {i}", CODES[i % len(CODES)], "error", "date",
         "Check date values in: |date=",
         f"<ref>{{{{cite web |url=https://example.org/{i} |title=Page {i} |date=May 01, 2010"
         " |access-date=2027-01-16}}</ref>")
        for i in range(n)
    ]  # fmt: skip


def report_row(t: tuple[Any, ...]) -> ReportRow:
    """A report row from a flat tuple (wiki, page, revid, user, code, severity, param,
    message, wikitext), the order of the store's report query."""
    return ReportRow(t[0], t[1], t[2], t[3], t[8], Problem(t[4], t[5], t[6], t[7]))


def _best(step: Callable[[], object]) -> float:
    times = []
    for _ in range(REPEAT):
        started = time.perf_counter()
        step()
        times.append(time.perf_counter() - started)
    return min(times)


def totals() -> Totals:
    daily = tuple(((_START + timedelta(days=d)).strftime("%Y-%m-%d"), 100 * d) for d in range(22))
    return Totals(STANDINGS, 800_000, 600_000, 450_000, ("enwiki", "eswiki"), daily)


def render_seconds(n: int = STANDINGS, standings: list[Standing] | None = None) -> float:
    """Seconds to rank and render a leaderboard of `n` participants (best of a few runs)."""
    people = standings if standings is not None else build_standings(n)
    sums = totals()
    return _best(
        lambda: render_leaderboard(
            CAMPAIGN, sums, rank(people), lang="en", now=NOW, global_page=True
        )
    )


def report_seconds(n: int = REPORT_ROWS) -> float:
    """Seconds to render a report of `n` rows (best of a few runs)."""
    rows = [report_row(t) for t in report_tuples(n)]
    return _best(lambda: render_report(CAMPAIGN, rows, lang="en", now=NOW, limit=n))


def build_standings(n: int) -> list[Standing]:
    return [Standing(*t) for t in standing_tuples(n)]


def sqlite_read_seconds(participants: int = 50_000, edits: int = 500_000) -> tuple[float, int]:
    """Time for the store to read the standings of `participants` users with `edits` edits."""
    import tempfile
    from pathlib import Path

    from bot import store

    with tempfile.TemporaryDirectory() as tmp:
        db = store.open_db(Path(tmp) / "bench.sqlite")
        db.execute(
            "INSERT INTO campaigns VALUES ('c', '2027-01-15', '2027-02-05', '[]', '[]', '[0]')"
        )
        users = [
            ("c", "w", f"User {i}", "registered", "2027-01-15T00:00:00Z")
            for i in range(participants)
        ]
        db.conn.executemany("INSERT INTO participants VALUES (?, ?, ?, ?, ?)", users)
        db.conn.executemany(
            "INSERT INTO edits (campaign_id, wiki, revid, parent_revid, page_id, page_title,"
            " namespace, user, user_kind, timestamp, comment, hashtags, citations_added,"
            " citations_well_formed, reused, cn_removed, is_creation) VALUES"
            " ('c', 'w', ?, 0, 1, 'P', 0, ?, 'registered', ?, '#1Lib1Ref', '[]', 2, 1, 0, 1, 0)",
            (
                (r, f"User {r % participants}", f"2027-01-{15 + r % 20:02d}T10:00:00Z")
                for r in range(1, edits + 1)
            ),
        )
        db.conn.commit()
        seconds = _best(lambda: store.load_standings(db, "c", None))
        count = len(store.load_standings(db, "c", None))
        db.close()
    return seconds, count


def recheck_case(pages: int = 50, refs: int = 100, listed: int = 10) -> tuple[Any, Any]:
    """`pages` articles of `refs` citations, `listed` of each on the report; the first half
    of the articles have had the listed citations' dates fixed in place."""
    texts, rows = {}, []
    for p in range(pages):
        cites = [
            f"<ref>{{{{cite web |url=https://example.org/{p}/{i} |title=Title {p} {i} "
            f"|date=May 01, 2010 |access-date=2026-01-02}}}}</ref>"
            for i in range(refs)
        ]
        text = "\n\n".join("Lorem ipsum dolor sit amet. " * 10 + c for c in cites)
        texts[f"Page {p}"] = text.replace("May 01, 2010", "1 May 2010") if p < pages // 2 else text
        problem = Problem("bad-date", "error", "date", "Check date values")
        rows += [ReportRow("enwiki", f"Page {p}", 1, "U", c, problem) for c in cites[:listed]]
    return rows, texts


def recheck_seconds() -> tuple[float, float, int]:
    """The report's re-check of its citations against the articles' current text, and a
    full analysis of every article once (what a re-check reading whole pages would pay)."""
    from datetime import date

    from bot.citations import analyze_edit
    from bot.recheck import recheck

    listed, texts = recheck_case()
    today = date(2027, 1, 20)
    seconds = _best(lambda: recheck(listed, texts, "en", today))
    full = _best(lambda: [analyze_edit("", t, lang="en", today=today) for t in texts.values()])
    return seconds, full, len(listed)


def rows() -> list[dict[str, Any]]:
    read, read_count = sqlite_read_seconds()
    data = standing_tuples(STANDINGS)
    build = _best(lambda: [Standing(*t) for t in data])
    render = render_seconds(STANDINGS, [Standing(*t) for t in data])
    report_data = report_tuples(REPORT_ROWS)
    report_build = _best(lambda: [report_row(t) for t in report_data])
    report = report_seconds(REPORT_ROWS)
    recheck, full, listed = recheck_seconds()
    return [
        {
            "name": f"report re-check, {listed} citations on 50 articles of 40 KB",
            "value": recheck,
            "baseline": full,
            "ratio": recheck / full,
            "unit": "s",
            "note": "half edited in place; baseline: analyse every article in full once",
        },
        {
            "name": f"leaderboard render vs SQLite read, {STANDINGS:,} users, 500,000 edits",
            "value": render,
            "baseline": read,
            "ratio": render / read,
            "unit": "s",
            "note": f"rank + render vs store.load_standings() reading {read_count:,} standings",
        },
        {
            "name": f"leaderboard render, {STANDINGS:,} participants",
            "value": render,
            "baseline": build,
            "ratio": render / build,
            "unit": "s",
            "note": "rank + render (global page); baseline: build the Standing records",
        },
        {
            "name": f"report render, {REPORT_ROWS} rows",
            "value": report,
            "baseline": report_build,
            "ratio": report / report_build,
            "unit": "s",
            "note": "baseline: build the ReportRow records",
        },
    ]


if __name__ == "__main__":
    for r in rows():
        print(
            f"{r['name']}: {r['value']:.3f} s (baseline {r['baseline']:.3f} s, {r['ratio']:.1f}x)"
        )
