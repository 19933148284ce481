"""`lib1ref run`: one scheduled cycle: scan, then the leaderboard and welcome tasks.

Each task is called through its typed entry point. The cycle's exit code is the worst
of the three: a failed scan makes the whole cycle fail, even when the pages went out or a
shutoff page stopped the edits (a stop is handled per wiki inside each task, exit 0).

One request at a time per wiki holds across the steps too: a wiki whose scan worker is still
busy when the scan returns (left past `cycle_budget` + `timeout`, reading on in its thread)
gets no leaderboard and no welcome in this run, nor do the wikis on its host; its campaigns'
global and hub pages wait as well (its opt-outs are not read). One warning names it, and the
run exits 1. Nothing waits for that worker: the process's exit ends it.
"""

from __future__ import annotations

import argparse
import logging
from datetime import UTC, datetime

from bot.config import Config

from . import leaderboard, scan, welcome

log = logging.getLogger("lib1ref")


def add_arguments(p: argparse.ArgumentParser, name: str) -> None:
    p.add_argument("--dry-run", action="store_true", help="read and analyse, write nothing")


def run(args: argparse.Namespace, config: Config, password: str | None) -> int:
    return cycle(config, password, dry_run=args.dry_run)


def cycle(config: Config, password: str | None, *, dry_run: bool = False) -> int:
    now = datetime.now(UTC)
    scanned = scan.scan_all(config, password, dry_run=dry_run, now=now)
    busy = scanned.busy_hosts
    if busy:
        log.warning("run: %s still being scanned (its worker outlived the cycle's budget and "
                    "timeout): no leaderboard or welcome there in this run",
                    ", ".join(scanned.busy_wikis))  # fmt: skip
    codes = [
        scanned.code,
        int(bool(busy)),
        leaderboard.publish_all(config, password, dry_run=dry_run, now=now, busy=busy),
        welcome.welcome_all(config, password, dry_run=dry_run, now=now, busy=busy),
    ]
    return max(codes)
