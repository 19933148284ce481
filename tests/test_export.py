"""`lib1ref export` streams: the same bytes as before, in memory that does not grow with size."""

from __future__ import annotations

import csv
import io
import json
import tracemalloc
from pathlib import Path

import pytest
import sqlite_utils

from bot import store
from scripts.scale_db import build_db
from tasks.export import KINDS, export_rows, write_csv, write_json


@pytest.fixture(scope="module")
def small_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("export") / "small.sqlite"
    build_db(path, 300).close()
    return path


def open_small(path: Path) -> sqlite_utils.Database:
    return store.open_db_readonly(path)


@pytest.mark.parametrize("what", KINDS)
def test_json_stream_is_the_array_json_dumps_writes(small_db: Path, what: str) -> None:
    db = open_small(small_db)
    out = io.StringIO()
    write_json(export_rows(db, what, None), out)
    rows = list(export_rows(db, what, None))
    assert len(rows) > 10
    assert out.getvalue() == json.dumps(rows, ensure_ascii=False, indent=1) + "\n"
    assert json.loads(out.getvalue()) == rows


@pytest.mark.parametrize("what", KINDS)
def test_csv_has_a_header_and_one_line_per_row(small_db: Path, what: str) -> None:
    db = open_small(small_db)
    out = io.StringIO()
    write_csv(export_rows(db, what, None), out)
    table = list(csv.reader(io.StringIO(out.getvalue())))
    rows = list(export_rows(db, what, None))
    assert table[0] == list(rows[0])
    assert len(table) == len(rows) + 1


def test_an_empty_export_is_an_empty_array_or_nothing(small_db: Path) -> None:
    db = open_small(small_db)
    out = io.StringIO()
    write_json(export_rows(db, "edits", "no-such-campaign"), out)
    assert out.getvalue() == "[]\n"
    out = io.StringIO()
    write_csv(export_rows(db, "edits", "no-such-campaign"), out)
    assert out.getvalue() == ""


def _peak(path: Path, what: str, fmt: str) -> int:
    db = open_small(path)
    write = write_json if fmt == "json" else write_csv
    with open("/dev/null", "w", encoding="utf-8") as sink:
        tracemalloc.start()
        try:
            write(export_rows(db, what, None), sink)
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
            db.close()


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["json", "csv"])
@pytest.mark.parametrize("what", KINDS)
def test_memory_stays_flat_as_the_campaign_grows(
    small_db: Path, tmp_path: Path, what: str, fmt: str
) -> None:
    big = tmp_path / "big.sqlite"
    build_db(big, 3_000).close()  # ten times the small one
    small, large = _peak(small_db, what, fmt), _peak(big, what, fmt)
    assert large < 2 * small + 64 * 1024, (small, large)
