"""`lib1ref run`: one scheduled cycle: scan, then the leaderboard and welcome tasks."""

from __future__ import annotations

import argparse
import importlib
import logging

from bot.config import Config

from . import scan

log = logging.getLogger("lib1ref")

FOLLOWERS = ("leaderboard", "welcome")


def add_arguments(p: argparse.ArgumentParser, name: str) -> None:
    p.add_argument("--dry-run", action="store_true", help="read and analyse, write nothing")


def run(args: argparse.Namespace, config: Config, password: str | None) -> int:
    scan_args = argparse.Namespace(wiki=None, campaign=None, since=None, dry_run=args.dry_run)
    code = scan.run(scan_args, config, password)
    for name in FOLLOWERS:
        task = importlib.import_module(f"tasks.{name}")
        follower = getattr(task, "run", None)
        if follower is None:
            log.warning("run: %s is not implemented yet; skipped", name)
            continue
        task_args = argparse.Namespace(campaign=None, wiki=None, dry_run=args.dry_run, limit=None)
        code = max(code, follower(task_args, config, password))
    return code
