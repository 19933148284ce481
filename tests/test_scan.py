"""`lib1ref scan` against the real local MediaWiki: which edits count, exactly once."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from bot import store
from bot.cli import main
from scripts.devwiki import ADMIN, HELPER_BOT, DevWiki
from tests.helpers import by_revid, write_config

CITE = "<ref>{{cite book |last=Hale |title=A History |year=1999 |isbn=978-0-306-40615-7}}</ref>"
BASE = "Lead sentence.\n\nFirst claim.{{citation needed}}\n\n== References ==\n{{reflist}}\n"


def scan(config: Path, *extra: str) -> int:
    return main(["--config", str(config), "scan", *extra])


def export(config: Path, capsys: pytest.CaptureFixture[str]) -> list[dict[str, Any]]:
    capsys.readouterr()
    assert main(["--config", str(config), "export", "edits", "--format", "json"]) == 0
    rows: list[dict[str, Any]] = json.loads(capsys.readouterr().out)
    return rows


def cited(n: int) -> str:
    return BASE.replace("{{citation needed}}", CITE.replace("1999", str(1900 + n)))


def test_scan_counts_the_right_edits(
    botwiki: DevWiki, tmp_path: Path, password: str, capsys: pytest.CaptureFixture[str]
) -> None:
    botwiki.edit(ADMIN, "Alpha", BASE, summary="new article")
    counted = {
        "#1Lib1Ref added source": ("Alice", "Alef"),
        "(#1lib1ref)": ("Bob", "Beta"),
        "ref:#1Lib1Ref": ("Carol", "Gamma"),
        "source added #1Lib1Ref.": ("Dave", "Delta"),
        "#1Lib1Ref-fr": ("Alice", "Epsilon"),
        "＃1LIB1REF full width": ("Bob", "Zeta"),
        "#1Bib1Ref referencia": ("Carol", "Eta"),
    }
    not_counted = {
        "abc#1lib1ref": ("Alice", "Theta"),
        "#1Lib1Refs": ("Bob", "Iota"),
        "#1Lib1Ref_2026": ("Carol", "Kappa"),
        "#1Lib2Ref": ("Dave", "Lambda"),
        "no tag at all": ("Alice", "Mu"),
    }
    revs: dict[str, int] = {}
    for i, (summary, (user, title)) in enumerate({**counted, **not_counted}.items()):
        botwiki.edit(ADMIN, title, BASE, summary="stub")
        revs[summary] = botwiki.edit(user, title, cited(i), summary=summary)
    # The first edit of "Alpha" by Alice: a plain edit with a citation replacing {{cn}}.
    alpha = botwiki.edit("Alice", "Alpha", cited(50), summary="cite #1Lib1Ref")
    creation = botwiki.edit("Carol", "Brand new", "New page." + CITE, summary="created #1lib1ref")
    flagged = botwiki.edit(HELPER_BOT, "Alpha", cited(51) + "x", summary="#1Lib1Ref", bot=True)
    unflagged = botwiki.edit(HELPER_BOT, "Alpha", cited(52) + "y", summary="#1Lib1Ref")
    other_ns = botwiki.edit("Alice", "User:Alice/sandbox", cited(53), summary="#1Lib1Ref")
    hidden = botwiki.edit("Dave", "Alpha", cited(54) + "z", summary="#1Lib1Ref secret")
    botwiki.hide_revision(hidden, hide=("comment",))

    config = write_config(tmp_path, botwiki.api_url)
    assert scan(config) == 0
    summary_line = capsys.readouterr().out.strip().splitlines()[-1]
    rows = by_revid(export(config, capsys))
    expected = {revs[s] for s in counted} | {alpha, creation, unflagged}
    assert set(rows) == expected
    assert {flagged, other_ns, hidden}.isdisjoint(rows)
    assert rows[revs["#1Bib1Ref referencia"]]["hashtags"] == ["1Bib1Ref"]
    assert rows[revs["(#1lib1ref)"]]["user"] == "Bob"
    assert rows[creation]["parent_revid"] == 0
    assert rows[creation]["citations_added"] == 1
    assert rows[alpha]["citations_added"] == 1
    assert rows[alpha]["cn_removed"] == 1
    assert all(r["user_kind"] == "registered" and not r["reverted"] for r in rows.values())
    assert f"new edits: {len(expected)}" in summary_line
    assert "API requests:" in summary_line

    # Scanning the same window again changes nothing.
    before = export(config, capsys)
    assert scan(config, "--since", "2000-01-01") == 0
    assert "new edits: 0" in capsys.readouterr().out
    assert export(config, capsys) == before


def test_two_namespaces(botwiki: DevWiki, tmp_path: Path, password: str,
                        capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    main_ns = botwiki.edit("Alice", "Omega", cited(1), summary="#1Lib1Ref")
    project_ns = botwiki.edit("Bob", "Project:Sources", cited(2), summary="#1Lib1Ref")
    talk = botwiki.edit("Bob", "Talk:Omega", cited(3), summary="#1Lib1Ref")
    config = write_config(tmp_path, botwiki.api_url, namespaces=(0, 4))
    assert scan(config) == 0
    rows = by_revid(export(config, capsys))
    assert set(rows) == {main_ns, project_ns}
    assert talk not in rows
    assert rows[project_ns]["namespace"] == 4


def test_reverts_and_deletions_stop_counting(
    botwiki: DevWiki, tmp_path: Path, password: str, capsys: pytest.CaptureFixture[str]
) -> None:
    botwiki.edit(ADMIN, "Rho", BASE, summary="stub")
    botwiki.edit(ADMIN, "Sigma", BASE, summary="stub")
    reverted = botwiki.edit("Alice", "Rho", cited(1), summary="#1Lib1Ref")
    deleted = botwiki.edit("Bob", "Sigma", cited(2), summary="#1Lib1Ref")
    kept = botwiki.edit("Carol", "Tau", cited(3), summary="#1Lib1Ref")
    config = write_config(tmp_path, botwiki.api_url)
    assert scan(config) == 0
    assert set(by_revid(export(config, capsys))) == {reverted, deleted, kept}

    botwiki.rollback(ADMIN, "Rho", "Alice")
    botwiki.run_jobs()  # applies the mw-reverted tag
    botwiki.delete_page("Sigma")
    assert scan(config) == 0
    rows = by_revid(export(config, capsys))
    assert rows[reverted]["reverted"] and not rows[reverted]["deleted"]
    assert rows[deleted]["deleted"]
    assert not rows[kept]["reverted"] and not rows[kept]["deleted"]
    db = store.open_db(tmp_path / "lib1ref.sqlite")
    participants = store.export_participants(db, "test")
    assert [p["user"] for p in participants] == ["Carol"]  # marked edits stop counting


def test_dry_run_writes_nothing(
    botwiki: DevWiki, tmp_path: Path, password: str, capsys: pytest.CaptureFixture[str]
) -> None:
    revid = botwiki.edit("Alice", "Upsilon", cited(1), summary="#1Lib1Ref")
    config = write_config(tmp_path, botwiki.api_url)
    assert scan(config, "--dry-run") == 0
    out = capsys.readouterr().out
    assert f"would record local r{revid} [[Upsilon]] by Alice" in out
    assert "dry run: changes read" in out
    assert not (tmp_path / "lib1ref.sqlite").exists()


def test_second_scan_exits_0_while_one_runs(
    botwiki: DevWiki, tmp_path: Path, password: str, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write_config(tmp_path, botwiki.api_url)
    with store.exclusive_run(tmp_path / "lib1ref.sqlite", "scan"):
        result = subprocess.run(
            [sys.executable, "-m", "bot.cli", "--config", str(config), "scan"],
            capture_output=True, text=True, timeout=60, check=False,
        )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "another scan is running" in result.stderr


def test_a_wiki_that_is_down_does_not_stop_the_others(
    botwiki: DevWiki,
    tmp_path: Path,
    password: str,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    revid = botwiki.edit("Alice", "Phi", cited(1), summary="#1Lib1Ref")
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{s.getsockname()[1]}/api.php"
    config = write_config(tmp_path, botwiki.api_url, second_wiki_api=dead)
    assert scan(config) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "Connection refused" not in err  # pywikibot's multi-line noise stays quiet
    errors = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    assert any("other" in m and "cannot reach" in m for m in errors), errors
    assert any(m.endswith("connection refused") for m in errors), errors  # said as it is
    assert set(by_revid(export(config, capsys))) == {revid}
    db = store.open_db(tmp_path / "lib1ref.sqlite")
    assert store.load_checkpoint(db, "test", "other") is None
    assert store.load_checkpoint(db, "test", "local") is not None


def _edit_count(db_path: Path) -> int:
    try:
        conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=1)
        try:
            return int(conn.execute("SELECT count(*) FROM edits").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def test_kill_9_then_rerun_gives_the_same_database(
    botwiki: DevWiki, tmp_path: Path, password: str, capsys: pytest.CaptureFixture[str]
) -> None:
    total = 40
    for i in range(total):
        botwiki.edit(["Alice", "Bob", "Carol", "Dave"][i % 4], f"Page {i}", cited(i),
                  summary=f"source {i} #1Lib1Ref")  # fmt: skip
    killed_config = write_config(
        tmp_path,
        botwiki.api_url,
        name="killed.toml",
        database="killed.sqlite",
        extra_top="rc_limit = 2",
    )
    clean_config = write_config(tmp_path, botwiki.api_url, extra_top="rc_limit = 2")

    assert scan(clean_config) == 0
    clean = export(clean_config, capsys)
    assert len(clean) == total

    kills = 0
    for _attempt in range(3):
        proc = subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "--config", str(killed_config), "scan"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=dict(os.environ),
        )  # fmt: skip
        start_count = _edit_count(tmp_path / "killed.sqlite")
        deadline = time.monotonic() + 60
        while proc.poll() is None and time.monotonic() < deadline:
            if _edit_count(tmp_path / "killed.sqlite") > start_count:
                proc.send_signal(signal.SIGKILL)
                kills += 1
                break
            time.sleep(0.01)
        proc.wait(timeout=60)
    assert kills >= 1, "the scan always finished before it could be killed"
    assert _edit_count(tmp_path / "killed.sqlite") < total or kills < 3
    assert scan(killed_config) == 0
    assert export(killed_config, capsys) == clean


def test_ip_edits_are_recorded_with_their_kind(
    botwiki: DevWiki, tmp_path: Path, password: str, capsys: pytest.CaptureFixture[str]
) -> None:
    import requests

    session = requests.Session()
    params = {"action": "query", "meta": "tokens", "format": "json"}
    token = session.get(botwiki.api_url, params=params, timeout=30).json()
    token = token["query"]["tokens"]["csrftoken"]
    result = session.post(botwiki.api_url, data={
        "action": "edit", "title": "Chi", "text": cited(1), "summary": "anon #1Lib1Ref",
        "token": token, "format": "json"}, timeout=30).json()  # fmt: skip
    revid = result["edit"]["newrevid"]
    config = write_config(tmp_path, botwiki.api_url)
    assert scan(config) == 0
    row = by_revid(export(config, capsys))[revid]
    assert row["user_kind"] == "ip"
    assert row["user"] == "127.0.0.1"
