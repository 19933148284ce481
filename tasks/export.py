"""`lib1ref export`: recorded data as CSV or JSON, for organizers' spreadsheets.

Rows are ordered so two exports of the same data are byte-identical.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import sys
from typing import Any

from bot import store
from bot.config import Config
from bot.errors import Lib1RefError, UsageError
from bot.spreadsheet import spreadsheet_safe

KINDS = ("edits", "participants", "citations")


def add_arguments(p: argparse.ArgumentParser, name: str) -> None:
    p.add_argument("what", choices=KINDS, help="what to export")
    p.add_argument("--format", choices=("json", "csv"), default="json")
    p.add_argument("--campaign", metavar="ID", help="only this campaign")
    p.add_argument("--output", metavar="FILE", help="write here instead of standard output")


def run(args: argparse.Namespace, config: Config, password: str | None) -> int:
    if args.campaign:
        config.campaign(args.campaign)
    db = store.open_db_readonly(config.database)
    query = {
        "edits": store.export_edits,
        "participants": store.export_participants,
        "citations": store.export_citations,
    }[args.what]
    rows = query(db, args.campaign)
    text = to_json(rows) if args.format == "json" else to_csv(rows)
    if args.output:
        write_output(args.output, text)
    else:
        sys.stdout.write(text)
    return 0


def write_output(path: str, text: str) -> None:
    """Write the export to `path`; a missing folder or a refused write is named plainly."""
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise UsageError(f"--output {path}: the folder {folder} does not exist; create it first")
    try:
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write(text)
    except OSError as e:
        raise Lib1RefError(f"--output {path}: cannot write: {e.strerror or e}") from e


def to_json(rows: list[dict[str, Any]]) -> str:
    return json.dumps(rows, ensure_ascii=False, indent=1) + "\n"


def to_csv(rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    if rows:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: _cell(v) for k, v in row.items()})
    return out.getvalue()


def _cell(value: Any) -> Any:
    if isinstance(value, list):
        return spreadsheet_safe(" ".join(str(v) for v in value))
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return spreadsheet_safe(value)
    return value
