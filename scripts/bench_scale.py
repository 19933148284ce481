"""Scale benchmark (issue 17): a campaign ten times January 2021's, on one machine.

Builds a database of `BENCH_SCALE_EDITS` edits (500,000 by default; about 50,000
participants, 1,500,000 citations) with the store's own write path (`scripts.scale_db`),
then measures, side by side in one run:

- each export's peak memory (the real `lib1ref export` in a child process, its maximum
  resident set from `wait4`), against the 64 MiB goal;
- the largest leaderboard block (the global page of every participant) cut to the page
  size budget, against the same block uncut;
- each store read the index changed, before (index dropped, the former SQL) and after;
- API requests of a scan on the real local wiki: an idle poll (nothing new) of a posting
  and of a read-only wiki, against the connection as before (a login and site info every
  run), and a campaign that has not started, against the same scan forced to connect
  (`--since`, as before);
- API requests of a leaderboard run whose pages are all unchanged and of a welcome run with
  nobody to welcome, on the real local wiki: connecting lazily (a login only to save),
  against logging in at once;
- API requests of the global leaderboard's opt-out lookup (`{{bots|optout=…}}` on user
  pages) on the real local wiki: the participants the page lists, against every participant.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlite_utils

from bot import store
from bot.campaign import Daily, campaign_days, totals
from bot.publish import campaign_info, leaderboard
from bot.render.leaderboard import render_leaderboard
from bot.render.model import Standing
from bot.render.ranking import rank
from bot.store.schema import EDITS_BY_USER_COLUMNS
from bot.timestamps import format_ts
from scripts.botconfig import write_config
from scripts.devwiki import BOT_LOGIN
from scripts.scale_db import CAMPAIGN_ID, WIKIS, build_db, campaign

EDITS = int(os.environ.get("BENCH_SCALE_EDITS", "500000"))
GOAL_MIB = 64.0
OLD_USER_CODES = """SELECT p.code FROM problems p JOIN citations c ON c.id = p.citation_id
    JOIN edits e USING (campaign_id, wiki, revid)
    WHERE e.campaign_id = ? AND e.wiki = ? AND e.user = ? AND p.severity = 'error'
      AND e.reverted = 0 AND e.deleted = 0 ORDER BY c.revid, c.position"""


def _row(name: str, value: float, baseline: float, unit: str, note: str, *,
         lower_is_better: bool = True) -> dict[str, Any]:  # fmt: skip
    if not value:
        ratio = float("inf") if baseline else 1.0
    else:
        ratio = baseline / value if lower_is_better else value / baseline
    return {"name": name, "value": value, "baseline": baseline, "ratio": ratio, "unit": unit,
            "note": note}  # fmt: skip


def _seconds(step: Callable[[], object], repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        step()
        best = min(best, time.perf_counter() - started)
    return best


# -- exports ------------------------------------------------------------------------------


_EXPORT = """
import re, sys
from bot.cli import main
code = main(sys.argv[1:])
status = open("/proc/self/status", encoding="ascii").read()
print(int(re.search(r"VmHWM:\\s+(\\d+) kB", status).group(1)), file=sys.stderr)
sys.exit(code)
"""


def _peak_rss_mib(args: list[str]) -> tuple[float, float]:
    """Peak resident memory (MiB) and seconds of `lib1ref ARGS` in a child process.

    The child reports its own `VmHWM` (the high-water mark of its address space since exec):
    `wait4`'s `ru_maxrss` would include the parent's size copied at fork.
    """
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _EXPORT, *args], stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True, check=False)  # fmt: skip
    if done.returncode != 0:
        raise RuntimeError(f"lib1ref {' '.join(args)} failed: {done.stderr.strip()[-300:]}")
    return int(done.stderr.strip().splitlines()[-1]) / 1024, time.perf_counter() - started


def scale_config(root: Path, database: Path) -> Path:
    """A config naming every wiki of the scale database, so the exports give each row's
    domain and diff and article URLs as they would on a real campaign."""
    config = write_config(root, "http://127.0.0.1:9/api.php", database=str(database))
    with config.open("a", encoding="utf-8") as f:
        for key in WIKIS:
            f.write(f'\n[wikis.{key}]\napi = "https://{key[:2]}.wikipedia.org/w/api.php"\n'
                    f'lang = "{key[:2]}"\nusername = "{BOT_LOGIN}"\n'
                    'leaderboard_page = "Project:1Lib1Ref/Leaderboard"\n'
                    'report_page = "Project:1Lib1Ref/Citations to check"\n'
                    'shutoff_page = "User:Lib1RefBot/shutoff"\n')  # fmt: skip
    return config


def export_rows(config: Path) -> list[dict[str, Any]]:
    rows = []
    for what in ("edits", "participants", "citations"):
        for fmt in ("csv", "json"):
            args = ["--config", str(config), "export", what, "--format", fmt,
                    "--output", os.devnull]  # fmt: skip
            mib, seconds = _peak_rss_mib(args)
            rows.append(_row(f"export {what} --format {fmt}: peak memory", mib, GOAL_MIB, "MiB",
                             f"{EDITS:,} edits; whole process (VmHWM); baseline: the goal; "
                             f"{seconds:.0f} s"))  # fmt: skip
    return rows


# -- pages that fit -----------------------------------------------------------------------


def page_rows(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    standings = store.load_standings(db, CAMPAIGN_ID, None)
    daily = campaign_days(campaign(), store.load_daily_edits(db, CAMPAIGN_ID, None))
    now = datetime(2027, 2, 1, tzinfo=UTC)
    # Ours: the page the leaderboard task saves. Baseline: the same block, uncut.
    page = leaderboard(campaign(), standings, daily, lang="en", now=now, global_page=True).page()
    whole = render_leaderboard(campaign_info(campaign()), totals(standings, daily),
                               rank(standings), lang="en", now=format_ts(now),
                               global_page=True)  # fmt: skip
    fit, uncut = len(page.block.encode()), len(whole.encode())
    note = "global leaderboard cut to its budget (2 MiB limit less 10%); baseline: uncut"
    name = f"largest page block, {len(standings):,} participants"
    return [_row(name, fit / 2**20, uncut / 2**20, "MiB", note)]


# -- store reads --------------------------------------------------------------------------


def query_rows(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    users = [r[0] for r in db.execute(
        "SELECT user FROM edits WHERE wiki = 'enwiki' GROUP BY user ORDER BY user LIMIT 20"
    )]  # fmt: skip

    def status_per_wiki() -> None:
        for wiki in WIKIS:
            store.load_checkpoint(db, CAMPAIGN_ID, wiki)
            store.load_status(db, CAMPAIGN_ID, wiki)

    def codes(sql: str | None) -> Callable[[], object]:
        def run() -> None:
            for user in users:
                if sql is None:
                    store.load_user_problem_codes(db, CAMPAIGN_ID, "enwiki", user)
                else:
                    db.execute(sql, [CAMPAIGN_ID, "enwiki", user]).fetchall()

        return run

    reads: list[tuple[str, Callable[[], object], Callable[[], object], int]] = [
        ("status, time per wiki row", status_per_wiki, status_per_wiki, len(WIKIS)),
        ("daily edits, largest wiki", lambda: store.load_daily_edits(db, CAMPAIGN_ID, "enwiki"),
         lambda: store.load_daily_edits(db, CAMPAIGN_ID, "enwiki"), 1),
        ("daily edits, all wikis", lambda: store.load_daily_edits(db, CAMPAIGN_ID, None),
         lambda: store.load_daily_edits(db, CAMPAIGN_ID, None), 1),
        ("a user's problem codes", codes(OLD_USER_CODES), codes(None), len(users)),
        ("welcome candidates, largest wiki",
         lambda: store.load_welcome_candidates(db, CAMPAIGN_ID, "enwiki"),
         lambda: store.load_welcome_candidates(db, CAMPAIGN_ID, "enwiki"), 1),
        ("standings, largest wiki", lambda: store.load_standings(db, CAMPAIGN_ID, "enwiki"),
         lambda: store.load_standings(db, CAMPAIGN_ID, "enwiki"), 1),
    ]  # fmt: skip
    db.execute("DROP INDEX edits_campaign_wiki_user")
    before = [_seconds(old) / n for _name, old, _new, n in reads]
    db.execute(f"CREATE INDEX edits_campaign_wiki_user ON edits({EDITS_BY_USER_COLUMNS})")
    after = [_seconds(new) / n for _name, _old, new, n in reads]
    return [
        _row(f"store: {name}", a * 1000, b * 1000, "ms",
             f"{EDITS:,} edits; baseline: without m005_scale_indexes (former SQL)")
        for (name, *_), b, a in zip(reads, before, after, strict=True)
    ]  # fmt: skip


# -- requests ----------------------------------------------------------------------------

_COUNT = """
import os
import sys
from datetime import datetime
from urllib.parse import urlsplit
from bot.config import load_config
from bot.wiki import prepare
from tasks.scan import scan_all
from pathlib import Path
config = load_config(Path(sys.argv[1]))
prepare(config, None)
from pywikibot.comms import http
host = urlsplit(config.wiki("local").api).netloc
seen = []
http.session.hooks.setdefault("response", []).append(
    lambda r, *a, **k: seen.append(1) if urlsplit(r.url).netloc == host else None)
since = datetime.fromisoformat(sys.argv[2]) if sys.argv[2] else None
mode, task = sys.argv[3], sys.argv[4]
import tasks.leaderboard, tasks.scan, tasks.welcome
from bot.wiki import connect
if mode == "at-once":  # leaderboard and welcome as before they connected lazily
    module = getattr(tasks, task)
    module.connect = lambda *a, **k: connect(*a, **{**k, "lazy": False})
if mode.endswith("before"):
    # The connection as before this change: pywikibot's own site class (its initializer asks
    # who is logged in), a login at once on a posting wiki, pywikibot's two site info
    # requests in every run.
    import bot.wiki.setup as setup
    from pywikibot.site import APISite
    def pywikibot_site_info(site, config, key, *, fresh):
        site.namespaces
        site.has_extension("ProofreadPage")
    setup._site_class = lambda: APISite
    setup._load_site_info = pywikibot_site_info
    tasks.scan.connect = lambda *a, **k: connect(*a, **{**k, "lazy": False})
if mode.startswith("anon"):  # read without an account, as a family's wiki is
    scan_connect = tasks.scan.connect
    tasks.scan.connect = lambda *a, **k: scan_connect(*a, **{**k, "login": False})
password = os.environ["LIB1REF_BOT_PASSWORD"]
if task == "scan":
    code = scan_all(config, password, since=since).code
elif task == "leaderboard":
    code = tasks.leaderboard.publish_all(config, password)
else:
    code = tasks.welcome.welcome_all(config, password)
print(len(seen), file=sys.stderr)
sys.exit(code)
"""


def _requests(config: Path, password: str, since: str | None = None, *, mode: str = "",
              task: str = "scan") -> int:  # fmt: skip
    """API requests one `task` (a fresh process, as on Toolforge) sends to the local wiki;
    `mode` "before": connecting as the scan did before it read anonymously and kept site
    info; "anon": a wiki read without an account; "anon-before": both; "at-once": the
    leaderboard or welcome logging in when it connects (as before it logged in to save)."""
    argv = [sys.executable, "-c", _COUNT, str(config), since or "", mode, task]
    env = {**os.environ, "LIB1REF_BOT_PASSWORD": password}
    done = subprocess.run(argv, capture_output=True, text=True, check=False, env=env,
                          cwd=config.parent)  # fmt: skip
    if done.returncode:
        raise RuntimeError(f"{task} failed: {done.stderr.strip()[-500:]}")
    return int(done.stderr.strip().splitlines()[-1])


OPTED_OUT = (0, 1, 2)  # "Librarian N" with {{bots|optout=lib1ref-leaderboard}} on their user page


def optout_rows(root: Path, api_url: str, standings: list[Standing], daily: Daily,
                password: str) -> list[dict[str, Any]]:  # fmt: skip
    """Requests of the global page's user-page lookup: only the rows it lists (asking again
    for rows that come into view as names are hidden), against every ranked participant (as
    before). A few of the top participants have opted out, as on a real campaign."""
    from bot.config import load_config
    from bot.wiki import Wiki, connect
    from tasks.optout import hidden_names, user_page_optouts

    config = load_config(write_config(root, api_url, name="optout.toml", database="optout.db"))
    ranked = [s.user for _, s in rank(standings)]

    def counted(lookup: Callable[[Wiki], frozenset[str] | set[str]]) -> tuple[int, set[str]]:
        wiki = connect(config, "local", password)  # each its own session: nothing cached
        try:
            start = wiki.requests
            found = set(lookup(wiki))
            return wiki.requests - start, found
        finally:
            wiki.close()

    asked_all, before = counted(lambda wiki: user_page_optouts(wiki, ranked))
    listed = leaderboard(
        campaign(),
        standings,
        daily,
        lang="en",
        now=datetime(2027, 2, 1, tzinfo=UTC),
        global_page=True,
    ).listed
    asked_listed, after = counted(lambda wiki: hidden_names(wiki, listed, set(),
                                                            across_wikis=True))  # fmt: skip
    shown = len(listed(frozenset(after)))
    assert before == after, (before, after)  # the opted-out are all listed: both find them
    note = (f"{len(ranked):,} ranked, {shown:,} listed, {len(after)} opted out; "
            "apihighlimits (500 titles a request); baseline: every ranked participant")  # fmt: skip
    return [_row("leaderboard: opt-out lookup requests, global page", asked_listed, asked_all,
                 "requests", note)]  # fmt: skip


def publish_requests(root: Path, wiki: Any) -> dict[str, int]:
    """Requests of a leaderboard run whose pages are all unchanged and of a welcome run with
    nobody left to welcome (both after a first run that saved), each connecting lazily and
    logging in at once ("at-once")."""
    from scripts.devwiki import BOT_TOKEN

    wiki.edit("Alice", "Beta", "Text.<ref>{{cite web |title=T |url=https://example.org}}</ref>",
              summary="#1Lib1Ref")  # fmt: skip
    config = write_config(root, wiki.api_url, name="pages.toml", database="pages.db")
    for task in ("scan", "leaderboard", "welcome"):  # pages created, Alice welcomed
        _requests(config, BOT_TOKEN, task=task)
    return {f"{task} {mode}".strip(): _requests(config, BOT_TOKEN, mode=mode, task=task)
            for task in ("leaderboard", "welcome") for mode in ("", "at-once")}  # fmt: skip


def request_rows(
    root: Path, standings: list[Standing] | None = None, daily: Daily = ()
) -> list[dict[str, Any]]:
    from scripts.devwiki import ADMIN, BOT_TOKEN, DevWiki, build_template

    wiki = DevWiki.create(root / "wiki", build_template())
    wiki.start()
    try:
        out = []
        if standings:
            for n in OPTED_OUT:
                wiki.edit(ADMIN, f"User:Librarian {n}", "{{bots|optout=lib1ref-leaderboard}}")
            out = optout_rows(root, wiki.api_url, standings, daily, BOT_TOKEN)
        wiki.edit(ADMIN, "Alpha", "Text.<ref>{{cite web |title=T}}</ref>", summary="seed")
        now = datetime.now(UTC)
        idle = write_config(root, wiki.api_url, name="idle.toml", database="idle.db")
        _requests(idle, BOT_TOKEN)  # the first scan reads from the start; the next are idle
        polls = {mode: _requests(idle, BOT_TOKEN, mode=mode)
                 for mode in ("", "before", "anon", "anon-before")}  # fmt: skip
        start = now + timedelta(days=1)
        early = write_config(root, wiki.api_url, start=start, end=now + timedelta(days=20),
                             name="early.toml", database="early.db")  # fmt: skip
        skipped = _requests(early, BOT_TOKEN)
        forced = _requests(early, BOT_TOKEN, since=start.isoformat(), mode="before")
        published = publish_requests(root, wiki)
    finally:
        wiki.stop()
    return [
        *out,
        _row("leaderboard: requests of a run with every page unchanged",
             published["leaderboard"], published["leaderboard at-once"], "requests",
             "leaderboard and report, a fresh process; baseline: logging in at once (a "
             "login, site info and the edit token every run)"),
        _row("welcome: requests of a run with nobody to welcome", published["welcome"],
             published["welcome at-once"], "requests", "a fresh process; baseline: logging "
             "in at once; minimum: 1 (the rename log)"),
        _row("scan: requests per idle poll, posting wiki", polls[""], polls["before"],
             "requests", "nothing new, a fresh process; baseline: logging in at once and "
             "reading site info every run (11 when issue 17 was filed, with the edit token)"),
        _row("scan: requests per idle poll, read-only wiki", polls["anon"],
             polls["anon-before"], "requests", "a wiki without an account (a family's); "
             "baseline: site info read every run; minimum: 1 (recent changes)"),
        _row("scan: requests per out-of-campaign scan", skipped, forced, "requests",
             "campaign not started; baseline: the same scan connecting (as before)"),
    ]  # fmt: skip


def rows() -> list[dict[str, Any]]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        started = time.perf_counter()
        db = build_db(root / "scale.sqlite", EDITS)
        print(f"bench_scale: {EDITS:,} edits built in {time.perf_counter() - started:.0f} s",
              file=sys.stderr)  # fmt: skip
        out = query_rows(db)
        out += page_rows(db)
        standings = store.load_standings(db, CAMPAIGN_ID, None)
        daily = campaign_days(campaign(), store.load_daily_edits(db, CAMPAIGN_ID, None))
        db.close()
        config = scale_config(root, root / "scale.sqlite")
        out = export_rows(config) + out
        out += request_rows(root, standings, daily)
    return out


if __name__ == "__main__":
    from scripts.bench import table

    print(table(rows()))
