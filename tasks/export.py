"""`lib1ref export`: recorded data as CSV or JSON, for organizers' spreadsheets.

Rows are ordered so two exports of the same data are byte-identical. They stream: each row
goes from the database cursor straight to the writer (JSON as an array written element by
element), so an export of any size needs no more memory than one row.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, TextIO

from bot import store
from bot.config import Config
from bot.errors import Lib1RefError, UsageError
from bot.render.messages import load_messages
from bot.spreadsheet import article_url, diff_url, index_url, spreadsheet_safe
from tasks.families import domains, stored_family_wikis

KINDS = ("edits", "participants", "citations", "hashtags", "wikis")
Rows = Iterator[dict[str, Any]]


def add_arguments(p: argparse.ArgumentParser, name: str) -> None:
    p.add_argument("what", choices=KINDS, help="what to export")
    p.add_argument("--format", choices=("json", "csv"), default="json")
    p.add_argument("--campaign", metavar="ID", help="only this campaign")
    p.add_argument("--output", metavar="FILE", help="write here instead of standard output")
    p.add_argument(
        "--excel",
        action="store_true",
        help="CSV for spreadsheet programs: a UTF-8 byte order mark and CRLF line ends",
    )


def run(args: argparse.Namespace, config: Config, password: str | None) -> int:
    if args.campaign:
        config.campaign(args.campaign)
    db = store.open_db_readonly(config.database)
    rows = export_rows(db, args.what, args.campaign, config)
    if args.excel:

        def write(rows: Iterable[dict[str, Any]], out: TextIO) -> None:
            write_csv(rows, out, excel=True)

    else:
        write = write_json if args.format == "json" else write_csv
    if args.output:
        write_output(args.output, lambda f: write(rows, f))
    else:
        write(rows, sys.stdout)
    return 0


def write_output(path: str, write: Callable[[TextIO], None]) -> None:
    """Write the export to `path`; a missing folder or a refused write is named plainly."""
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise UsageError(f"--output {path}: the folder {folder} does not exist; create it first")
    try:
        with open(path, "w", encoding="utf-8", newline="") as f:
            write(f)
    except OSError as e:
        raise Lib1RefError(f"--output {path}: cannot write: {e.strerror or e}") from e


def export_rows(
    db: Any, what: str, campaign_id: str | None, config: Config | None = None
) -> Iterable[dict[str, Any]]:
    """The rows of one export. With `config`, each wiki is named by its domain and edits and
    citations link their diff and article (without it those cells are empty)."""
    wikis = stored_family_wikis(db, config) if config else None
    hosts = domains(wikis) if wikis else {}
    if what in ("hashtags", "wikis"):  # campaign-wide: every wiki named by its domain
        across = store.export_hashtags if what == "hashtags" else store.export_wiki_totals
        return across(db, campaign_id, hosts)
    if what == "participants":
        ranked = [c.id for c in config.campaigns if c.rank_unregistered] if config else []
        return _with_domains(store.export_participants(db, campaign_id, ranked), hosts)
    index = {key: index_url(w.api) for key, w in wikis.wikis.items()} if wikis else {}
    query = store.export_edits if what == "edits" else store.export_citations
    return _with_links(query(db, campaign_id), hosts, index)


def _with_domains(rows: Iterable[dict[str, Any]], hosts: Mapping[str, str]) -> Rows:
    """Participants with `domains`: where they edited, as the Hashtags tool names wikis."""
    for row in rows:
        row["domains"] = [hosts.get(w, "") for w in row["wikis"]]
        yield row


def _with_links(
    rows: Iterable[dict[str, Any]], hosts: Mapping[str, str], index: Mapping[str, str]
) -> Rows:
    """Edits or citations with the wiki's `domain`, the `diff_url` and `article_url`, and
    for citations the problems in words (`problem_names`: the English names of
    `bot/data/messages/en.json`, `; ` between). The store leaves those columns empty in
    their place; a citation's row reuses its edit's links (rows come in revision order)."""
    names = load_messages("en")
    wording: dict[tuple[str, ...], str] = {}  # problem codes -> words (few combinations)
    edit: tuple[str, int] | None = None
    links: tuple[str, str, str] = ("", "", "")
    for row in rows:
        if (row["wiki"], row["revid"]) != edit:
            edit = row["wiki"], row["revid"]
            where = index.get(row["wiki"], "")
            links = (hosts.get(row["wiki"], ""), diff_url(where, row["revid"]),
                     article_url(where, row["page_title"]))  # fmt: skip
        row["domain"], row["diff_url"], row["article_url"] = links
        codes = row.get("problems")
        if codes:
            key = tuple(codes)
            if key not in wording:
                wording[key] = "; ".join(names.problem(code) for code in codes)
            row["problem_names"] = wording[key]
        yield row


def write_json(rows: Iterable[dict[str, Any]], out: TextIO) -> None:
    """The rows as one JSON array, exactly as `json.dumps(list(rows), indent=1)` writes it."""
    first = True
    for row in rows:
        item = json.dumps(row, ensure_ascii=False, indent=1)
        # JSON strings hold no raw line breaks, so indenting line by line is safe.
        out.write(("[\n " if first else ",\n ") + item.replace("\n", "\n "))
        first = False
    out.write("[]\n" if first else "\n]\n")


def write_csv(rows: Iterable[dict[str, Any]], out: TextIO, *, excel: bool = False) -> None:
    """The rows as CSV with a header (nothing at all when there are no rows). With `excel`,
    a UTF-8 byte order mark first and CRLF line ends, so spreadsheet programs read the
    accents right ("María", not "MarÃ­a")."""
    writer: csv.DictWriter[str] | None = None
    for row in rows:
        if writer is None:
            if excel:
                out.write("\ufeff")
            ending = "\r\n" if excel else "\n"
            writer = csv.DictWriter(out, fieldnames=list(row), lineterminator=ending)
            writer.writeheader()
        writer.writerow({k: _cell(v) for k, v in row.items()})


def _cell(value: Any) -> Any:
    if isinstance(value, list):
        return spreadsheet_safe(" ".join(str(v) for v in value))
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return spreadsheet_safe(value)
    return value
