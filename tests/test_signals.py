"""Stopping and secrets (issue 16): real signals to a real `lib1ref scan` process, held in the
middle of its run by a fault-injecting proxy in front of the real local wiki.

Toolforge stops a job that passes its timeout with SIGTERM (then SIGKILL). SIGTERM and SIGHUP
end the run cleanly: exit 128 + the signal with one line saying so, the run lock released,
the database whole, pywikibot's private folder removed. The BotPassword token and the
session cookies are never on disk, so even SIGKILL leaves no secret behind.
"""

from __future__ import annotations

import fcntl
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from scripts.devwiki import BOT_TOKEN, BOT_USER, DevWiki
from tests.faultproxy import Fault, FaultProxy, fault_proxy
from tests.helpers import secrets_on_disk, write_config

GOOD = "A.<ref>{{cite book |title=A History |publisher=P |isbn=978-0-306-40615-7}}</ref>"
BOARD = "Project:1Lib1Ref/Leaderboard"


@pytest.fixture
def proxy(botwiki: DevWiki) -> Iterator[FaultProxy]:
    with fault_proxy(botwiki.api_url) as p:
        yield p


def lock_is_free(lock: Path) -> bool:
    fd = os.open(lock, os.O_RDWR)
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError:
        return False
    finally:
        os.close(fd)


def scan(config: Path, cwd: Path, tmpdir: Path) -> subprocess.Popen[str]:
    env = dict(os.environ, LIB1REF_BOT_PASSWORD=BOT_TOKEN, TMPDIR=str(tmpdir))
    return subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "--config", str(config), "scan"],
        cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP, signal.SIGKILL])
def test_a_stopped_run_leaves_no_secret_and_a_whole_database(
    botwiki: DevWiki, proxy: FaultProxy, tmp_path: Path, sig: signal.Signals
) -> None:
    botwiki.edit("Alice", "Alpha", GOOD, summary="#1Lib1Ref")
    config = write_config(tmp_path, proxy.api_url)
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    # Held while reading changes: anonymously, as a scan reads until a login pays (issue 17);
    # the leaderboard test below is killed while logged in.
    held = proxy.add(Fault("list=recentchanges", delay=60))

    proc = scan(config, tmp_path, tmpdir)
    deadline = time.monotonic() + 60
    while held.hits == 0 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert held.hits == 1, proc.communicate()
    assert list(tmpdir.glob("lib1ref-pywikibot-*")), "the run's private folder"
    assert secrets_on_disk(tmpdir) == []  # the token is in memory only

    proc.send_signal(sig)
    _out, err = proc.communicate(timeout=30)
    assert secrets_on_disk(tmpdir) == []
    assert secrets_on_disk(tmp_path) == []
    if sig != signal.SIGKILL:
        assert proc.returncode == 128 + sig, err
        assert err.strip().splitlines()[-1].startswith(f"lib1ref: stopped by {sig.name}:"), err
        assert list(tmpdir.iterdir()) == []  # the private folder was removed
    else:
        assert proc.returncode == -signal.SIGKILL
    database = tmp_path / "lib1ref.sqlite"
    assert lock_is_free(database.with_name("lib1ref.sqlite.scan.lock"))
    with sqlite3.connect(database) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    db.close()

    # The next run goes on as if nothing happened.
    proc = scan(config, tmp_path, tmpdir)
    _out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    with sqlite3.connect(database) as db:
        assert db.execute("SELECT user FROM edits").fetchall() == [("Alice",)]
    db.close()


def test_a_leaderboard_killed_between_its_save_and_its_record_is_recorded_next_run(
    botwiki: DevWiki, proxy: FaultProxy, tmp_path: Path
) -> None:
    botwiki.edit("Alice", "Alpha", GOOD, summary="#1Lib1Ref")
    config = write_config(tmp_path, proxy.api_url)
    (tmp_path / "tmp").mkdir()  # pywikibot's private folder, which a SIGKILL leaves behind
    env = dict(os.environ, LIB1REF_BOT_PASSWORD=BOT_TOKEN, TMPDIR=str(tmp_path / "tmp"))
    command = [sys.executable, "-m", "bot.cli", "--config", str(config)]
    subprocess.run([*command, "scan"], cwd=tmp_path, env=env, check=True, capture_output=True)
    held = proxy.add(Fault("action=edit", delay_reply=60))  # saved; the reply never comes

    proc = subprocess.Popen([*command, "leaderboard"], cwd=tmp_path, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip
    deadline = time.monotonic() + 60
    while "Alice" not in (botwiki.page_text(BOARD) or "") and time.monotonic() < deadline:
        time.sleep(0.05)
    assert held.hits == 1 and "Alice" in (botwiki.page_text(BOARD) or ""), proc.poll()
    proc.kill()  # SIGKILL: nothing of the run's own can run any more
    proc.communicate(timeout=30)
    assert list((tmp_path / "tmp").glob("lib1ref-pywikibot-*"))  # left behind, yet
    assert secrets_on_disk(tmp_path) == []  # killed logged in: no token, no cookie file
    database = tmp_path / "lib1ref.sqlite"
    assert published(database) == []  # the wiki has the page, the database not yet
    with sqlite3.connect(database) as db:
        assert db.execute("SELECT title FROM save_intents").fetchall() == [(BOARD,)]
    db.close()

    done = subprocess.run([*command, "leaderboard"], cwd=tmp_path, env=env, text=True,
                          capture_output=True, timeout=120, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    (saved,) = bot_revids(botwiki, BOARD)  # saved once, not twice
    assert [row for row in published(database) if row[0] == BOARD] == [(BOARD, saved)]
    assert "recorded now" in done.stderr
    assert secrets_on_disk(tmp_path) == []


def published(database: Path) -> list[tuple[str, int]]:
    with sqlite3.connect(database) as db:
        rows = db.execute("SELECT title, revid FROM published_pages").fetchall()
    db.close()
    return [(str(t), int(r)) for t, r in rows]


def bot_revids(wiki: DevWiki, title: str) -> list[int]:
    pages = wiki.api_get(action="query", prop="revisions", titles=title, rvlimit=50,
                         rvprop="ids|user")["query"]["pages"]  # fmt: skip
    page = pages[0] if isinstance(pages, list) else next(iter(pages.values()))
    return [r["revid"] for r in page.get("revisions", []) if r["user"] == BOT_USER]
