"""`{{bots}}`/`{{nobots}}` (pure): one data-file case per form, with why."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bot.exclusion import DEFAULT_TEMPLATES, ExclusionTemplates, bots_allowed

CASES = json.loads((Path(__file__).parent / "data" / "core" / "exclusion.json").read_text("utf-8"))


def templates_of(case: dict[str, Any]) -> ExclusionTemplates:
    if "templates" not in case:
        return DEFAULT_TEMPLATES
    t = case["templates"]
    return ExclusionTemplates.of(t.get("bots", []), t.get("nobots", []), t.get("prefixes", []))


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["id"])
def test_exclusion(case: dict[str, Any]) -> None:
    bot = case.get("bot", "Lib1RefBot")
    allowed = bots_allowed(case["text"], bot, "lib1ref-welcome", templates_of(case))
    assert allowed is case["allowed"], case["why"]


def test_every_case_says_why_and_ids_are_unique() -> None:
    assert all(c.get("why") for c in CASES)
    assert len({c["id"] for c in CASES}) == len(CASES)
