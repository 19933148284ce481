"""CSV injection: cells a spreadsheet would run as formulas are neutralised (issue 16)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bot.spreadsheet import spreadsheet_safe

CASES = json.loads(
    (Path(__file__).parent / "data" / "core" / "spreadsheet_cells.json").read_text("utf-8")
)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["id"])
def test_cell(case: dict[str, Any]) -> None:
    assert spreadsheet_safe(case["text"]) == case["cell"], case["why"]
