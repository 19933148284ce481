"""`export --excel`: CSV that spreadsheet programs open with the accents right."""

from __future__ import annotations

import csv
import io

from tasks.export import write_csv

ROWS = [{"user": "María", "edits": 3}, {"user": "Иван", "edits": 1}]


def test_excel_csv_has_a_bom_and_crlf() -> None:
    out = io.StringIO(newline="")
    write_csv(iter(ROWS), out, excel=True)
    data = out.getvalue().encode("utf-8")
    assert data.startswith(b"\xef\xbb\xbfuser,edits\r\n")
    assert data.decode("utf-8-sig").split("\r\n")[1] == "María,3"
    read = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert [r["user"] for r in read] == ["María", "Иван"]


def test_plain_csv_is_unchanged() -> None:
    out = io.StringIO()
    write_csv(iter(ROWS), out)
    assert out.getvalue() == "user,edits\nMaría,3\nИван,1\n"
