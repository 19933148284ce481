"""One job at a time per wiki host across processes (bot/wiki/hostlock.py): the lock files'
modes, a process taking its own lock again, and, against the real local wiki, a scan that
skips a wiki a leaderboard process is using (and reads it next time), a leaderboard that
gives a wiki up when a scan process keeps it past `host_wait`, and a leaderboard process that
lets a wiki go once its pages are done. The wiki is reached through
tests/faultproxy.py, which slows one request down and counts the requests in flight."""

from __future__ import annotations

import stat
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sqlite_utils

from bot import store
from bot.wiki import hostlock
from scripts.devwiki import DevWiki
from tests.faultproxy import Fault, FaultProxy, fault_proxy
from tests.helpers import lib1ref, write_config

GOOD = "A.<ref>{{cite book |title=A History |publisher=P |isbn=978-0-306-40615-7}}</ref>"
BOARD = "Project:1Lib1Ref/Leaderboard"
HOST = "127.0.0.1:8080"
# Another process: hold the lock file argv[1] for argv[2] seconds (exit 3: could not take it).
HOLD = """
import sys, time
from pathlib import Path
from bot.store.lock import try_lock
if try_lock(Path(sys.argv[1])) is None:
    sys.exit(3)
print("held", flush=True)
time.sleep(float(sys.argv[2]))
"""


def _other_process_holds(database: Path, seconds: float = 0) -> subprocess.Popen[str]:
    path = hostlock.lock_file(database, HOST)
    return subprocess.Popen([sys.executable, "-c", HOLD, str(path), str(seconds)],
                            stdout=subprocess.PIPE, text=True)  # fmt: skip


def _taken_by_another_process(database: Path) -> bool:
    probe = _other_process_holds(database)
    return probe.wait(timeout=60) == 0


def test_the_lock_folder_and_files_are_private(tmp_path: Path) -> None:
    database = tmp_path / "lib1ref.sqlite"
    held = hostlock.acquire(database, HOST, 0)
    assert held is not None
    path = hostlock.lock_file(database, HOST)
    assert path.parent == tmp_path / "lib1ref.sqlite.hosts"
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.stat().st_size == 0  # nothing in it, no secret (not opened: that would let go)
    held.release()


def test_a_process_takes_its_own_host_again_and_lets_go_after_its_last_wiki(
    tmp_path: Path,
) -> None:
    database = tmp_path / "lib1ref.sqlite"
    first = hostlock.acquire(database, HOST, 0)
    second = hostlock.acquire(database, HOST, 0)  # no wait on its own lock
    assert first is not None and second is not None
    assert not _taken_by_another_process(database)
    first.release()
    first.release()  # a second release changes nothing
    assert not _taken_by_another_process(database)  # still held for the second wiki
    second.release()
    assert _taken_by_another_process(database)


def test_a_host_another_process_holds_is_waited_for_up_to_the_bound(tmp_path: Path) -> None:
    database = tmp_path / "lib1ref.sqlite"
    made = hostlock.acquire(database, HOST, 0)  # the folder
    assert made is not None
    made.release()
    holder = _other_process_holds(database, 2)
    assert holder.stdout is not None and holder.stdout.readline() == "held\n"
    assert hostlock.acquire(database, HOST, 0) is None  # a scan: no wait
    held = hostlock.acquire(database, HOST, 60)  # waits for the holder to end
    assert held is not None and holder.wait(timeout=60) == 0
    held.release()


def test_no_lock_folder_without_the_database_folder(tmp_path: Path) -> None:
    database = tmp_path / "absent" / "lib1ref.sqlite"
    held = hostlock.acquire(database, HOST, 0)
    assert held is not None
    held.release()
    assert not (tmp_path / "absent").exists()


# ---- two real processes on the local wiki ----------------------------------------------------


def _until(condition: Callable[[], object], what: str) -> None:
    deadline = time.monotonic() + 60
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert condition(), what


def _job(config: Path, command: str) -> subprocess.Popen[str]:
    """A `lib1ref` command in a process of its own, as the scheduled jobs run."""
    return subprocess.Popen([sys.executable, "-m", "bot.cli", "--config", str(config), command],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip


def _users(database: Path) -> set[str]:
    db = sqlite_utils.Database(database)
    try:
        return {row[0] for row in db.execute("SELECT user FROM edits").fetchall()}
    finally:
        db.close()


def _scan_job_holding(proxy: FaultProxy, config: Path) -> subprocess.Popen[str]:
    """After a first scan, a scan job whose recent changes the proxy holds 5 s (longer than a
    `host_wait` of 1 s): it has the wiki meanwhile."""
    assert lib1ref(config, "scan") == 0
    slow = proxy.add(Fault("list=recentchanges", delay_reply=5))
    scan = _job(config, "scan")
    _until(lambda: slow.hits, "the scan job never asked for recent changes")
    return scan


@pytest.fixture
def proxy(botwiki: DevWiki) -> Iterator[FaultProxy]:
    """A participant's tagged edit on `botwiki`, and a proxy in front of it."""
    botwiki.edit("Alice", "Alpha", GOOD, summary="#1Lib1Ref")
    with fault_proxy(botwiki.api_url) as proxy:
        yield proxy


@pytest.mark.usefixtures("password")
def test_a_scan_skips_a_wiki_a_leaderboard_job_is_using_and_reads_it_next_time(
    proxy: FaultProxy, botwiki: DevWiki, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    config = write_config(tmp_path, proxy.api_url)
    database = tmp_path / "lib1ref.sqlite"
    assert lib1ref(config, "scan") == 0
    botwiki.edit("Bob", "Beta", GOOD, summary="#1Lib1Ref")
    db = store.open_db(database)
    checkpoint = store.load_checkpoint(db, "test", "local")
    # the leaderboard job's request for its page is held 4 s: it has the wiki meanwhile
    slow = proxy.add(Fault("Leaderboard", delay_reply=4))
    board = _job(config, "leaderboard")
    _until(lambda: slow.hits, "the leaderboard job never asked for its page")
    caplog.set_level("INFO", logger="lib1ref")

    assert lib1ref(config, "scan") == 0
    lines = [r.getMessage() for r in caplog.records if "another job is using" in r.getMessage()]
    assert lines == ["local: another job is using it; read next cycle"]
    summary = [r.getMessage() for r in caplog.records if "wikis done" in r.getMessage()]
    assert len(summary) == 1 and "0 failed, 1 held by another job" in summary[0], summary
    levels = [r.levelname for r in caplog.records if "another job is using" in r.getMessage()]
    assert levels == ["INFO"]
    assert store.load_checkpoint(db, "test", "local") == checkpoint  # nothing read
    assert "Bob" not in _users(database)
    _, errors = board.communicate(timeout=120)
    assert board.returncode == 0, errors
    assert "Alice" in (botwiki.page_text(BOARD) or "")

    caplog.clear()
    assert lib1ref(config, "scan") == 0  # the next scan reads what that one left
    assert not any("another job" in r.getMessage() for r in caplog.records)
    assert "Bob" in _users(database)
    assert proxy.inflight.peak == 1  # never two requests at once to the wiki
    folder = hostlock.folder(database)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert [stat.S_IMODE(p.stat().st_mode) for p in folder.iterdir()] == [0o600]
    db.close()


@pytest.mark.usefixtures("password")
def test_a_leaderboard_gives_a_wiki_up_when_a_scan_job_keeps_it_past_host_wait(
    proxy: FaultProxy, botwiki: DevWiki, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    config = write_config(tmp_path, proxy.api_url, extra_top="host_wait = 1")
    scan = _scan_job_holding(proxy, config)
    caplog.set_level("INFO", logger="lib1ref")

    assert lib1ref(config, "leaderboard") == 1
    errors = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    assert errors == [f"leaderboard test local [[{BOARD}]]: another job is using it (waited "
                      "1 s); nothing was sent; no more pages on local in this run"]  # fmt: skip
    assert not any("Leaderboard" in r for r in proxy.seen)  # not a request
    _, scan_errors = scan.communicate(timeout=120)
    assert scan.returncode == 0, scan_errors
    assert proxy.inflight.peak == 1

    assert lib1ref(config, "leaderboard") == 0  # the scan is done: the wiki is free
    assert "Alice" in (botwiki.page_text(BOARD) or "")


@pytest.mark.usefixtures("password")
def test_a_leaderboard_job_lets_each_wiki_go_after_its_last_page(
    proxy: FaultProxy, otherwiki: DevWiki, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # `other` first, then `local` (through the proxy): while the leaderboard job is held on
    # local's page, other's pages are done and a scan may read other
    second = otherwiki.api_url.replace("127.0.0.1", "localhost")  # another cookie domain
    config = write_config(tmp_path, proxy.api_url, second_wiki_api=second)
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace('wikis = ["local", "other"]', 'wikis = ["other", "local"]'),
                      encoding="utf-8")  # fmt: skip
    database = tmp_path / "lib1ref.sqlite"
    assert lib1ref(config, "scan") == 0
    otherwiki.edit("Bob", "Beta", GOOD, summary="#1Lib1Ref")
    slow = proxy.add(Fault("Leaderboard", delay_reply=4))
    board = _job(config, "leaderboard")
    _until(lambda: slow.hits, "the leaderboard job never asked for local's page")
    caplog.set_level("INFO", logger="lib1ref")

    assert lib1ref(config, "scan", "--wiki", "other") == 0
    assert not any("another job" in r.getMessage() for r in caplog.records)
    assert "Bob" in _users(database)
    _, errors = board.communicate(timeout=120)
    assert board.returncode == 0, errors
    assert proxy.inflight.peak == 1


@pytest.mark.usefixtures("password")
def test_a_welcome_gives_a_held_wiki_up_once_for_all_its_campaigns(
    proxy: FaultProxy, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Two running campaigns on one wiki another job keeps: one wait, one line, exit 1."""
    config = write_config(tmp_path, proxy.api_url, extra_top="host_wait = 1")
    text = config.read_text(encoding="utf-8")
    second = text[text.index("[[campaigns]]") :].replace('id = "test"', 'id = "second"')
    config.write_text(text + "\n" + second, encoding="utf-8")
    scan = _scan_job_holding(proxy, config)
    caplog.set_level("INFO", logger="lib1ref")

    assert lib1ref(config, "welcome") == 1
    errors = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    assert len(errors) == 1, errors
    assert errors[0].startswith("welcome test local: another job is using it (waited 1 s)")
    _, scan_errors = scan.communicate(timeout=120)
    assert scan.returncode == 0, scan_errors
    assert proxy.inflight.peak == 1
