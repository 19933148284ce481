"""`lib1ref run`: one scheduled cycle: scan, then the leaderboard and welcome tasks.

Each task is called through its typed entry point. The cycle's exit code is the worst
of the three: a failed scan makes the whole cycle fail, even when the pages went out or a
shutoff page stopped the edits (a stop is handled per wiki inside each task, exit 0).
"""

from __future__ import annotations

import argparse
from datetime import UTC, datetime

from bot.config import Config

from . import leaderboard, scan, welcome


def add_arguments(p: argparse.ArgumentParser, name: str) -> None:
    p.add_argument("--dry-run", action="store_true", help="read and analyse, write nothing")


def run(args: argparse.Namespace, config: Config, password: str | None) -> int:
    return cycle(config, password, dry_run=args.dry_run)


def cycle(config: Config, password: str | None, *, dry_run: bool = False) -> int:
    now = datetime.now(UTC)
    codes = [
        scan.scan_all(config, password, dry_run=dry_run, now=now),
        leaderboard.publish_all(config, password, dry_run=dry_run, now=now),
        welcome.welcome_all(config, password, dry_run=dry_run, now=now),
    ]
    return max(codes)
