"""Faults from the wiki (issue 16), through a fault-injecting proxy of our own on 127.0.0.1
in front of the real local wiki (tests/faultproxy.py).

A transient `429 Too Many Requests` or `503 Service Unavailable` is retried after its
`Retry-After` (bounded by `retry_max`, as maxlag is); only a fault that persists ends the
run, with one line saying what the wiki answered.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot import store
from scripts.devwiki import DevWiki
from tests.faultproxy import Fault, FaultProxy, fault_proxy
from tests.helpers import lib1ref, write_config

GOOD = "A.<ref>{{cite book |title=A History |publisher=P |isbn=978-0-306-40615-7}}</ref>"
RC = "list=recentchanges"

pytestmark = pytest.mark.usefixtures("password")


@pytest.fixture
def proxy(botwiki: DevWiki) -> Iterator[FaultProxy]:
    with fault_proxy(botwiki.api_url) as p:
        yield p


def recorded_users(tmp_path: Path) -> list[str]:
    db = store.open_db_readonly(tmp_path / "lib1ref.sqlite")
    return [e["user"] for e in store.export_edits(db, None)]


@pytest.mark.parametrize(
    ("status", "reason"), [(429, "Too Many Requests"), (503, "Service Unavailable")]
)
def test_a_transient_fault_is_retried_after_its_retry_after(
    botwiki: DevWiki, proxy: FaultProxy, tmp_path: Path, status: int, reason: str
) -> None:
    botwiki.edit("Alice", "Alpha", GOOD, summary="#1Lib1Ref")
    config = write_config(tmp_path, proxy.api_url)
    fault = proxy.add(Fault(RC, status, {"Retry-After": "1"}, f"<h1>{reason}</h1>"))
    started = time.monotonic()
    assert lib1ref(config, "scan") == 0
    assert fault.hits == 1  # the fault did happen, on recent changes
    assert time.monotonic() - started >= 1.0  # its Retry-After was honoured
    assert recorded_users(tmp_path) == ["Alice"]


@pytest.mark.parametrize(
    ("status", "reason"), [(429, "Too Many Requests"), (503, "Service Unavailable")]
)
def test_a_persisting_fault_ends_the_run_saying_what_the_wiki_answered(
    botwiki: DevWiki,
    proxy: FaultProxy,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    status: int,
    reason: str,
) -> None:
    botwiki.edit("Alice", "Alpha", GOOD, summary="#1Lib1Ref")
    config = write_config(tmp_path, proxy.api_url, extra_top="retry_max = 1")
    fault = proxy.add(Fault(RC, status, {"Retry-After": "600"}, f"<h1>{reason}</h1>", times=-1))
    started = time.monotonic()
    assert lib1ref(config, "scan") == 1
    assert time.monotonic() - started < 30  # Retry-After: 600 was capped at retry_max
    assert fault.hits >= 2  # retried before giving up
    errors = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    assert any(
        f"answered HTTP {status} {reason} (Retry-After: 600) 2 times in a row" in line
        for line in errors
    ), errors
    assert recorded_users(tmp_path) == []
