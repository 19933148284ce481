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
from bot.timestamps import format_ts, parse_moment
from tasks.families import stored_family_wikis
from tasks.profiles import profile_status


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
            row = {"campaign": campaign.id, "wiki": key,
                   "checkpoint": format_ts(checkpoint.timestamp) if checkpoint else None,
                   "lag_seconds": lag, **dataclasses.asdict(summary),
                   "welcomes_on": campaign.welcome,
                   "profile": profile_status(db, key, config.wiki(key).lang)}  # fmt: skip
            row["last_leaderboard"] = _ts(row["last_leaderboard"])
            if row["last_scan"]:
                row["last_scan"] = {**row["last_scan"]}
                for k in ("started_at", "finished_at"):
                    if k in row["last_scan"]:
                        row["last_scan"][k] = _ts(row["last_scan"][k])
            rows.append(row)
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
        f"{row['last_leaderboard'] or 'never'}; {_welcomes(row)}; {_profile(row['profile'])}"
    )  # fmt: skip


def _profile(p: dict[str, Any]) -> str:
    read = f"read {p['read_at']}" if p["read_at"] else "not read from the wiki yet"
    failed = f", last read FAILED {p['failure']}" if p["failure"] else ""
    return f"citation profile: {p['source']} ({read}{failed})"


def _welcomes(row: dict[str, Any]) -> str:
    done = f"welcomes: {row['welcomed']} done"
    if not row["welcomes_on"]:  # nothing is pending in a campaign that welcomes nobody
        return f"{done}, off for this campaign"
    return (
        f"{done}, {row['welcomes_pending']} pending, {row['welcomes_failed']} failed, "
        f"{row['welcomes_refused']} refused"
    )


def _ts(value: Any) -> Any:
    """A stored timestamp in the one form status shows (2027-01-15T10:00:00Z), whatever
    form it was stored in (the store keeps Python's isoformat for some)."""
    if not isinstance(value, str):
        return value
    try:
        return format_ts(parse_moment(value))
    except ValueError:
        return value


def _duration(seconds: int) -> str:
    if seconds < 120:
        return f"{seconds} s"
    if seconds < 7200:
        return f"{seconds // 60} min"
    return f"{seconds // 3600} h"
