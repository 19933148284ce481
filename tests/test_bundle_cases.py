"""Citations in, findings out, for every language bundle (tests/data/bundles/cases.json)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from bot.citations import analyze_edit
from bot.citations.checks import CHECKS
from bot.citations.profiles import available_languages, load_profile

CASES: list[dict[str, Any]] = json.loads(
    (Path(__file__).with_name("data") / "bundles" / "cases.json").read_text(encoding="utf-8")
)["cases"]


@pytest.mark.parametrize("case", CASES, ids=[f"{c['lang']}-{c['id']}" for c in CASES])
def test_bundle_case(case: dict[str, Any]) -> None:
    found = analyze_edit(
        case.get("old", ""), case["new"], case["lang"], date.fromisoformat(case["today"])
    )
    got = [[[p.code, p.param] for p in c.problems] for c in found.added]
    assert got == case["expect"], case["why"]


def test_every_bundle_has_cases() -> None:
    assert available_languages() - {"en", "es", "fr"} <= {c["lang"] for c in CASES}


@pytest.mark.parametrize("lang", sorted(available_languages()))
def test_a_bundle_names_its_sources_and_real_checks(lang: str) -> None:
    raw = json.loads(
        Path(__file__).parents[1].joinpath("bot", "data", "profiles", f"{lang}.json").read_text()
    )
    if lang not in ("en", "es", "fr"):  # the first three predate the rule
        assert raw.get("sources"), f"{lang}: name the sources of the citation data"
    named = load_profile(lang).checks
    assert named is None or named <= {c.__name__ for c in CHECKS}
