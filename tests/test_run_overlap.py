"""`lib1ref run` keeps to one request at a time per wiki across its steps, against two real
local wikis: a wiki whose scan worker is still busy after the cycle (its recent changes never
answer in time, so the worker outlives `cycle_budget` + `timeout`) gets no leaderboard or
welcome request in that run, its campaign's global page waits, the other wiki's pages and
welcomes still go out, and the run says so in one warning and exits 1, without waiting for
that worker. The slow wiki is reached through tests/faultproxy.py, which sees every request
sent to it."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from scripts.devwiki import DevWiki
from tests.faultproxy import Fault, FaultProxy, fault_proxy
from tests.helpers import lib1ref, write_config

GOOD = "A.<ref>{{cite book |title=A History |publisher=P |isbn=978-0-306-40615-7}}</ref>"
BOARD = "Project:1Lib1Ref/Leaderboard"
GLOBAL = "Project:1Lib1Ref/Global"
WELCOMED = "lib1ref-bot welcome: test"
# What the scan of a wiki asks before its first page of recent changes arrives: the site
# info (no cache yet) and that page. Anything else at the slow wiki is another step's.
SCAN_ASKS = ("meta=siteinfo", "list=recentchanges")

pytestmark = pytest.mark.usefixtures("password")


@pytest.fixture
def proxy(botwiki: DevWiki, otherwiki: DevWiki) -> Iterator[FaultProxy]:
    """A participant's tagged edit on each wiki, and a proxy in front of `botwiki`."""
    botwiki.edit("Alice", "Alpha", GOOD, summary="#1Lib1Ref")
    otherwiki.edit("Bob", "Beta", GOOD, summary="#1Lib1Ref")
    with fault_proxy(botwiki.api_url) as proxy:
        yield proxy


def _scan_workers() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("scan-") and t.is_alive()]


def _not_the_scans(proxy: FaultProxy) -> list[str]:
    return [r for r in proxy.seen if not any(a in r for a in SCAN_ASKS)]


def _config(tmp_path: Path, proxy: FaultProxy, other: DevWiki, retries: int) -> Path:
    """Two wikis, `local` through `proxy` and `other`, the campaign's global page on `other`;
    a cycle of 1 s, a `timeout` of 3 s and `retries` tries more at a request that times out.
    `other` is reached as `localhost`: another cookie domain (one cookie jar)."""
    second = other.api_url.replace("127.0.0.1", "localhost")
    pages = f'global_wiki = "other"\nglobal_page = "{GLOBAL}"'
    config = write_config(tmp_path, proxy.api_url, second_wiki_api=second,
                          extra_top="cycle_budget = 1\nconcurrency = 2",
                          campaign_extra=pages)  # fmt: skip
    text = config.read_text(encoding="utf-8").replace("timeout = 10", "timeout = 3")
    config.write_text(text.replace("max_retries = 1", f"max_retries = {retries}"), "utf-8")
    return config


def test_a_wiki_still_being_scanned_gets_no_other_request_and_the_other_wiki_goes_on(
    proxy: FaultProxy,
    botwiki: DevWiki,
    otherwiki: DevWiki,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    # Each try at local's recent changes is held past the 3 s timeout; with 5 retries its
    # worker stays busy for about 25 s, long after the cycle left it (1 s + 3 s).
    stuck = proxy.add(Fault("list=recentchanges", delay_reply=5, times=-1))
    config = _config(tmp_path, proxy, otherwiki, retries=5)
    caplog.set_level("INFO", logger="lib1ref")

    assert lib1ref(config, "run") == 1
    messages = [r.getMessage() for r in caplog.records]
    # the worker is still on local's recent changes: the whole run overlapped it
    assert _scan_workers(), "the scan worker ended before the run did"
    assert not any(m.startswith("scan test local:") for m in messages)
    assert stuck.hits >= 2  # it had timed out and tried again
    assert _not_the_scans(proxy) == []  # no leaderboard, report or welcome request
    # nor a scan job started meanwhile: the run lock is kept while that worker reads
    command = [sys.executable, "-m", "bot.cli", "--config", str(config), "scan"]
    job = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    assert job.returncode == 0 and "another scan is running" in job.stderr, job.stderr
    assert _scan_workers(), "the scan worker ended before the scan job was tried"
    warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"
                and r.getMessage().startswith("run:")]  # fmt: skip
    assert warnings == ["run: local still being scanned (its worker outlived the cycle's "
                        "budget and timeout): no leaderboard or welcome there in this "
                        "run"]  # fmt: skip
    skipped = [m for m in messages if "global and hub pages" in m]
    assert skipped == ["leaderboard: global and hub pages of test skipped: the opt-outs of "
                       "local could not be read (its scan is still running)"]  # fmt: skip
    # the other wiki's steps ran: its leaderboard and its participant's welcome
    assert "Bob" in (otherwiki.page_text(BOARD) or "")
    assert WELCOMED in (otherwiki.page_text("User talk:Bob") or "")
    assert otherwiki.page_text(GLOBAL) is None
    assert botwiki.page_text(BOARD) is None
    assert botwiki.page_text("User talk:Alice") is None

    stuck.times = 0  # local answers again: the worker left behind reads it and ends
    deadline = time.monotonic() + 60
    while _scan_workers() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _scan_workers(), "the scan worker left behind never ended"
    caplog.clear()
    config.write_text(config.read_text(encoding="utf-8").replace(
        "cycle_budget = 1", "cycle_budget = 300"), encoding="utf-8")  # fmt: skip
    assert lib1ref(config, "run") == 0  # the next run does what this one left
    assert not any(r.getMessage().startswith("run:") for r in caplog.records)
    assert "Alice" in (botwiki.page_text(BOARD) or "")
    assert WELCOMED in (botwiki.page_text("User talk:Alice") or "")
    assert "Alice" in (otherwiki.page_text(GLOBAL) or "")


def test_run_ends_without_waiting_for_the_worker_left_behind(
    proxy: FaultProxy, otherwiki: DevWiki, tmp_path: Path
) -> None:
    # local never answers: its worker would try for 50 x 3 s; the process exit ends it
    stuck = proxy.add(Fault("list=recentchanges", delay_reply=3600, times=-1))
    config = _config(tmp_path, proxy, otherwiki, retries=50)
    command = [sys.executable, "-m", "bot.cli", "--config", str(config), "run"]
    temp = tmp_path / "temp"  # the process's own temporary folder
    temp.mkdir()
    env = dict(os.environ, TMPDIR=str(temp))
    # (a process that waited for that worker would outlast this guard, and fail)
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False,
                          env=env)  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert "run: local still being scanned" in done.stderr
    assert "Fatal Python error" not in done.stderr
    assert list(temp.iterdir()) == []  # its private pywikibot folder is gone all the same
    assert stuck.hits >= 1 and _not_the_scans(proxy) == []
    assert WELCOMED in (otherwiki.page_text("User talk:Bob") or "")
