"""A scan cycle over several real local wikis at once (`tasks.cycle`): in parallel, never two
requests at a time to one wiki, a slow wiki holding no other back, and a time budget whose
leftovers are read first by the next cycle, every edit counted once."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.cli import main
from scripts.devwiki import DevWiki, DevWikiError, build_template
from scripts.sitematrix_server import Site, Sitematrix, serve_sitematrix
from tests.faultproxy import Fault, FaultProxy, Gauge, fault_proxy
from tests.helpers import lib1ref

GOOD = "{{cite web |url=https://example.org/a |title=A |access-date=2020-03-01}}"
NAMES = ("a", "b", "c", "d")
USERS = dict(zip(NAMES, ("Alice", "Bob", "Carol", "Dave"), strict=True))


@pytest.fixture
def wikis(devwiki: DevWiki, tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[DevWiki]]:
    """Four more local wikis, each with one tagged edit by its own participant."""
    started: list[DevWiki] = []
    try:
        for name in NAMES:
            w = DevWiki.create(tmp_path_factory.mktemp(f"cycle-{name}") / "wiki", build_template())
            w.start()
            started.append(w)
            w.edit(USERS[name], "Alpha", f"Text.<ref>{GOOD}</ref>", summary="#1Lib1Ref")
    except (DevWikiError, OSError) as exc:
        pytest.fail(f"local MediaWiki unavailable: {exc}", pytrace=False)
    try:
        yield started
    finally:
        for w in started:
            w.stop()


def _config(tmp_path: Path, matrix: Sitematrix, concurrency: int, budget: float) -> Path:
    """A campaign over the family alone: every wiki is read anonymously."""
    now = datetime.now(UTC)
    start, end = now - timedelta(hours=1), now + timedelta(days=1)
    path = tmp_path / "cycle.toml"
    path.write_text(f"""
database = "cycle.sqlite"
contact = "https://example.org/User:Operator"
max_retries = 1
retry_wait = 0.2
timeout = 30
concurrency = {concurrency}
cycle_budget = {budget}

[sitematrix]
api = "{matrix.url}"
api_path = "/api.php"
refresh_hours = 0

[[campaigns]]
id = "test"
start = "{start:%Y-%m-%dT%H:%M:%SZ}"
end = "{end:%Y-%m-%dT%H:%M:%SZ}"
families = ["wikipedia"]
""", encoding="utf-8")  # fmt: skip
    return path


def _proxies(stack: ExitStack, wikis: list[DevWiki], gauge: Gauge) -> list[FaultProxy]:
    """A proxy in front of each wiki, counting its requests in flight, every answer held
    0.1 s (the network's time, so that wikis read at once overlap)."""
    proxies = []
    for w in wikis:
        proxy = stack.enter_context(fault_proxy(w.api_url, gauge))
        proxy.add(Fault("", delay_reply=0.1, times=-1))
        proxies.append(proxy)
    return proxies


def _matrix(proxies: list[FaultProxy]) -> Sitematrix:
    return Sitematrix([Site("en", f"{n}wiki", p.api_url.removesuffix("/api.php"))
                       for n, p in zip(NAMES, proxies, strict=False)])  # fmt: skip


def _edits(config: Path, capsys: pytest.CaptureFixture[str]) -> list[tuple[str, str]]:
    capsys.readouterr()
    assert main(["--config", str(config), "export", "edits", "--format", "json"]) == 0
    rows: list[dict[str, Any]] = json.loads(capsys.readouterr().out)
    return sorted((r["wiki"], r["user"]) for r in rows)


def _scanned(caplog: pytest.LogCaptureFixture) -> list[str]:
    """The wikis whose scan ended, in the order they ended (`scan test KEY: …`)."""
    lines = [r.getMessage() for r in caplog.records]
    return [m.split()[2].rstrip(":") for m in lines
            if m.startswith("scan test ") and ": changes read:" in m]  # fmt: skip


ALL = [(f"{n}wiki", USERS[n]) for n in NAMES]


def test_wikis_are_read_at_once_one_request_at_a_time_each_and_a_slow_one_holds_none_back(
    wikis: list[DevWiki],
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
) -> None:
    gauge = Gauge()
    with ExitStack() as stack:
        proxies = _proxies(stack, wikis, gauge)
        # awiki answers its recent changes after 5 s, first in line (never scanned, "a")
        proxies[0].faults.insert(0, Fault("recentchanges", delay_reply=5, times=-1))
        matrix = stack.enter_context(serve_sitematrix(_matrix(proxies)))
        config = _config(tmp_path, matrix, concurrency=3, budget=300)
        caplog.set_level("INFO", logger="lib1ref")
        assert lib1ref(config, "scan") == 0
        assert _edits(config, capsys) == ALL
        order = _scanned(caplog)
        assert sorted(order) == [k for k, _ in ALL]
        assert order[-1] == "awiki"  # the others went on while it was slow
        assert all(p.inflight.peak == 1 for p in proxies), [p.inflight.peak for p in proxies]
        assert gauge.peak >= 2  # several wikis at once
        messages = [r.getMessage() for r in caplog.records]
        assert any(m.startswith("scan: wikis done 4/4") for m in messages), messages

        caplog.clear()
        for w, n in zip(wikis, NAMES, strict=True):  # a second edit each, then a second cycle
            w.edit(USERS[n], "Beta", f"More.<ref>{GOOD}</ref>", summary="#1Lib1Ref")
        assert lib1ref(config, "scan") == 0
        assert all(p.inflight.peak == 1 for p in proxies)
    assert _edits(config, capsys) == sorted(ALL + ALL)  # each edit once


def test_the_budget_carries_wikis_over_and_the_next_cycle_reads_them_first(
    wikis: list[DevWiki],
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
) -> None:
    gauge = Gauge()
    with ExitStack() as stack:
        proxies = _proxies(stack, wikis, gauge)
        slow = proxies[1].add(Fault("recentchanges", delay_reply=8, times=1))
        proxies[1].faults.insert(0, proxies[1].faults.pop())  # before the latency fault
        matrix = stack.enter_context(serve_sitematrix(_matrix(proxies)))
        config = _config(tmp_path, matrix, concurrency=1, budget=4)
        caplog.set_level("INFO", logger="lib1ref")
        assert lib1ref(config, "scan") == 0  # carried over is not a failure
        assert slow.hits == 1
        # one worker: awiki read, bwiki's first page stored when the budget ran out, then
        # nothing else started
        assert _scanned(caplog) == ["awiki", "bwiki"]
        assert _edits(config, capsys) == ALL[:2]
        messages = [r.getMessage() for r in caplog.records]
        (carried,) = [m for m in messages if "carried over to the next cycle" in m]
        assert carried.startswith("scan: 3 of 4 wikis carried over") and carried.endswith(
            "visited first then: bwiki, cwiki, dwiki"
        ), carried
        assert any("stopped at the cycle's budget" in m for m in messages)

        caplog.clear()
        config.write_text(config.read_text(encoding="utf-8").replace("cycle_budget = 4",
                          "cycle_budget = 300"), encoding="utf-8")  # fmt: skip
        assert lib1ref(config, "scan") == 0
        assert _scanned(caplog) == ["bwiki", "cwiki", "dwiki", "awiki"]  # leftovers first
        assert all(p.inflight.peak == 1 for p in proxies)
    assert _edits(config, capsys) == ALL  # bwiki's edit stored once though read twice


def test_a_wiki_stuck_past_the_budget_is_left_and_the_cycle_ends_on_time(
    wikis: list[DevWiki],
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
) -> None:
    gauge = Gauge()
    with ExitStack() as stack:
        proxies = _proxies(stack, wikis, gauge)
        # awiki's recent changes never answer in time: each try waits out the 3 s timeout
        stuck = proxies[0].add(Fault("recentchanges", delay_reply=30, times=-1))
        proxies[0].faults.insert(0, proxies[0].faults.pop())
        matrix = stack.enter_context(serve_sitematrix(_matrix(proxies)))
        config = _config(tmp_path, matrix, concurrency=2, budget=2)
        config.write_text(config.read_text(encoding="utf-8").replace("timeout = 30",
                          "timeout = 3"), encoding="utf-8")  # fmt: skip
        caplog.set_level("INFO", logger="lib1ref")
        started = time.monotonic()
        assert lib1ref(config, "scan") == 0
        took = time.monotonic() - started
        assert stuck.hits >= 1
        # budget 2 s + timeout 3 s, then it leaves awiki busy (its retries would take longer)
        assert took < 2 + 3 + 4, took
        messages = [r.getMessage() for r in caplog.records]
        (carried,) = [m for m in messages if "carried over to the next cycle" in m]
        assert "1 still busy were left" in carried and "awiki" in carried, carried
        assert "awiki" not in _scanned(caplog)
        assert ("bwiki", "Bob") in _edits(config, capsys)  # the other worker went on

        stuck.times = 0  # awiki answers again; wait for the run left behind to give up
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not any(
            r.getMessage().startswith("scan test awiki:") for r in caplog.records
        ):
            time.sleep(0.2)
        config.write_text(config.read_text(encoding="utf-8").replace("cycle_budget = 2",
                          "cycle_budget = 300"), encoding="utf-8")  # fmt: skip
        assert lib1ref(config, "scan") == 0
        # (awiki's proxy still held the tries the bot had given up on at its timeout)
        assert all(p.inflight.peak == 1 for p in proxies[1:]), [p.inflight.peak for p in proxies]
    assert _edits(config, capsys) == ALL


def _stored(database: Path) -> int:
    if not database.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=5) as db:
            return int(db.execute("SELECT count(*) FROM edits").fetchone()[0])
    except sqlite3.OperationalError:  # no table yet
        return 0


def test_kill_9_in_the_middle_of_a_cycle_loses_nothing_and_counts_nothing_twice(
    wikis: list[DevWiki], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for w, n in zip(wikis, NAMES, strict=True):  # four tagged edits a wiki in all
        for i in range(3):
            w.edit(USERS[n], f"Page {i}", f"Text {i}.<ref>{GOOD}</ref>", summary="#1Lib1Ref")
    gauge = Gauge()
    with ExitStack() as stack:
        proxies = _proxies(stack, wikis, gauge)
        for p in proxies:  # a page of recent changes every 0.3 s on each wiki
            p.faults.insert(0, Fault("recentchanges", delay_reply=0.3, times=-1))
        matrix = stack.enter_context(serve_sitematrix(_matrix(proxies)))
        config = _config(tmp_path, matrix, concurrency=4, budget=300)
        config.write_text(config.read_text(encoding="utf-8").replace("timeout = 30",
                          "timeout = 30\nrc_limit = 1"), encoding="utf-8")  # fmt: skip
        database = tmp_path / "cycle.sqlite"
        command = [sys.executable, "-m", "bot.cli", "--config", str(config), "scan"]
        proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while proc.poll() is None and time.monotonic() < deadline and _stored(database) < 3:
            time.sleep(0.02)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        assert proc.returncode == -signal.SIGKILL, "the scan ended before it could be killed"
        assert 3 <= _stored(database) < 16  # killed halfway, several wikis being read
        with sqlite3.connect(database) as db:
            assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        db.close()
        while any(p.inflight.now for p in proxies):  # the killed run's last requests
            time.sleep(0.05)
        for p in proxies:
            p.inflight.peak = 0
        assert lib1ref(config, "scan") == 0  # the rerun goes on from what was stored
        assert all(p.inflight.peak == 1 for p in proxies), [p.inflight.peak for p in proxies]
    edits = _edits(config, capsys)
    assert edits == sorted([(k, u) for k, u in ALL for _ in range(4)])  # each edit once
