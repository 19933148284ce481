"""`lib1ref status`: per campaign and wiki (family wikis included), how far the scan got and
what it recorded."""

from __future__ import annotations

import argparse
import dataclasses
import json
from datetime import UTC, datetime
from typing import Any

from bot import store
from bot.campaign import lag_seconds
from bot.config import Config
from bot.timestamps import format_ts
from tasks.families import stored_family_wikis


def add_arguments(p: argparse.ArgumentParser, name: str) -> None:
    p.add_argument("--json", action="store_true", help="machine-readable output")


def run(args: argparse.Namespace, config: Config, password: str | None) -> int:
    db = store.open_db_readonly(config.database)
    config = stored_family_wikis(db, config)  # the family wikis the last scan listed too
    now = datetime.now(UTC)
    rows = []
    for campaign in config.campaigns:
        for key in campaign.wikis:
            checkpoint = store.load_checkpoint(db, campaign.id, key)
            summary = store.load_status(db, campaign.id, key)
            lag = lag_seconds(campaign, checkpoint.timestamp if checkpoint else None, now)
            rows.append({"campaign": campaign.id, "wiki": key,
                         "checkpoint": format_ts(checkpoint.timestamp) if checkpoint else None,
                         "lag_seconds": lag, **dataclasses.asdict(summary)})  # fmt: skip
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
    else:
        for row in rows:
            print(_line(row))
    return 0


def _line(row: dict[str, Any]) -> str:
    share = f"{row['well_formed'] / row['citations']:.0%}" if row["citations"] else "-"
    lag = "never scanned" if row["lag_seconds"] is None else _duration(row["lag_seconds"])
    last = row["last_scan"]
    last_text = (
        "no scan yet"
        if last is None
        else (
            f"last scan {last['finished_at']} "
            f"{'ok' if last['ok'] else 'FAILED: ' + last['message']}"
        )
    )
    return (
        f"{row['campaign']} {row['wiki']}: checkpoint {row['checkpoint'] or '-'} "
        f"(lag {lag}), {row['edits']} edits ({row['not_counted']} reverted/deleted, "
        f"{row['not_analysed']} not analysed yet), "
        f"{row['participants']} participants, {row['citations']} citations "
        f"({share} well-formed); {last_text}; leaderboard saved "
        f"{row['last_leaderboard'] or 'never'}; welcomes: {row['welcomed']} done, "
        f"{row['welcomes_pending']} pending, {row['welcomes_failed']} failed, "
        f"{row['welcomes_refused']} refused"
    )  # fmt: skip


def _duration(seconds: int) -> str:
    if seconds < 120:
        return f"{seconds} s"
    if seconds < 7200:
        return f"{seconds // 60} min"
    return f"{seconds // 3600} h"
