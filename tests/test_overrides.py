"""On-wiki text overrides: cases in tests/data/core/overrides.json."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bot.overrides import Overridden, apply_overrides
from bot.render.messages import load_messages
from bot.welcome import load_welcome

CASES: list[dict[str, Any]] = json.loads(
    (Path(__file__).with_name("data") / "core" / "overrides.json").read_text(encoding="utf-8")
)["cases"]


def _text(result: Overridden, key: str) -> str:
    if key.startswith("welcome.tips."):
        return result.welcome.tips[key.removeprefix("welcome.tips.")]
    if key.startswith("welcome."):
        return str(getattr(result.welcome, key.removeprefix("welcome.")))
    return result.messages.texts[key]


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_override_case(case: dict[str, Any]) -> None:
    result = apply_overrides(case["page"], load_messages("en"), load_welcome("en"))
    for key, expected in case["texts"].items():
        assert _text(result, key) == expected, key
    assert len(result.problems) == len(case["problems"])
    for line, prefix in zip(result.problems, case["problems"], strict=True):
        assert line.startswith(prefix), line


def test_overrides_leave_the_bundle_untouched() -> None:
    apply_overrides(
        '{"messages": {"column.user": "Librarian"}}', load_messages("en"), load_welcome("en")
    )
    assert load_messages("en")("column.user") == "Participant"
