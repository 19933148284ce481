"""Profiles derived from a wiki's Citoid map and TemplateData: tests/data/bundles/derived.json."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from bot.citations import analyze_edit
from bot.citations.derive import derive_profile

CASES: list[dict[str, Any]] = json.loads(
    (Path(__file__).with_name("data") / "bundles" / "derived.json").read_text(encoding="utf-8")
)["cases"]


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_derived_profile_case(case: dict[str, Any]) -> None:
    profile = derive_profile(
        case["lang"], case["type_map"], case["redirects"], case["templatedata"]
    )
    found = analyze_edit("", case["new"], case["lang"], date.fromisoformat(case["today"]), profile)
    assert [[[p.code, p.param] for p in c.problems] for c in found.added] == case["expect"], case[
        "why"
    ]


def test_source_says_what_judged() -> None:
    assert derive_profile("ka", {"webpage": "X"}, {}, {}).source == "derived"
    assert derive_profile("pt", {"webpage": "Citar web"}, {}, {}).source == "packaged+derived"
