"""The fast method gives exactly the oracle's results (mwparserfromhell parsing both
revisions in full) on the 50 real articles of ../shared/testdata and generated edits, and on
the hand-written cases; under the packaged `en` profile and under derived ones
(scripts/derived_profiles.py: with no bundle, and merged with the sr or fa bundle)."""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from bot.citations.items import Item
from bot.citations.model import EditAnalysis
from bot.citations.oracle import oracle_analyze, oracle_items
from bot.citations.resolve import ItemIndex, resolve
from bot.citations.scanner import scan_items
from bot.citations.window import analyze_edit
from scripts.citation_edits import corpus_edits
from scripts.derived_profiles import DERIVED, PROFILES, profile_named
from tests.citation_cases import all_cases, today

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "testdata" / "wikitext-corpus"
ARTICLES = sorted(CORPUS.rglob("*.wiki")) if CORPUS.is_dir() else []
pytestmark = pytest.mark.skipif(
    not ARTICLES, reason=f"{CORPUS} is absent (a plain clone has no ../shared)"
)
TODAY = date(2026, 11, 21)


# The derived profiles the English articles are read under: English Wikipedia's publication
# with no bundle, and with the sr bundle (srwiki hosts the English templates too).
CORPUS_PROFILES = ["en derived", "sr+derived"]


@cache
def _oracle(text: str, profile: str = "en") -> tuple[Item, ...]:
    return tuple(oracle_items(text, profile_named(profile)))


def oracle(old: str, new: str, profile: str = "en") -> EditAnalysis:
    """oracle.oracle_analyze, with each text's parse cached (the articles recur)."""
    new_items = _oracle(new, profile)
    old_items = _oracle(old, profile)
    return resolve(new_items, old_items, ItemIndex(new_items), profile_named(profile), TODAY)


def _fields(items: tuple[Item, ...] | list[Item]) -> list[tuple[object, ...]]:
    return [(i.category, i.key, i.wikitext, i.name, i.group, i.template) for i in items]


@pytest.mark.slow
@pytest.mark.parametrize("path", ARTICLES, ids=[p.stem for p in ARTICLES])
def test_scanner_finds_what_the_full_parse_finds(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert _fields(scan_items(text, profile_named("en"))) == _fields(_oracle(text))


@pytest.mark.slow
@pytest.mark.parametrize("path", ARTICLES, ids=[p.stem for p in ARTICLES])
def test_page_creation_matches_oracle(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    fast = analyze_edit("", text, "en", TODAY)
    assert fast == oracle("", text)
    assert len(fast.added) > 0


# Every third article, one edit of each kind per article (`make bench` checks all 50
# articles with two edits of each kind): enough to cover the kinds, quick enough for CI.
SAMPLE = ARTICLES[::3]


@pytest.mark.slow
@pytest.mark.parametrize("path", SAMPLE, ids=[p.stem for p in SAMPLE])
def test_generated_edits_match_oracle(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    kinds = set()
    for kind, old, new in corpus_edits(text, seed=len(text), per_kind=1):
        if kind == "page created":
            continue  # test_page_creation_matches_oracle
        assert analyze_edit(old, new, "en", TODAY) == oracle(old, new), kind
        kinds.add(kind)
    assert {"insert cited sentence", "cn replaced", "ref reformatted"} <= kinds


# Every sixth article, other ones than SAMPLE's, under each derived profile.
DERIVED_SAMPLE = ARTICLES[1::6]


@pytest.mark.slow
@pytest.mark.parametrize("profile", CORPUS_PROFILES)
@pytest.mark.parametrize("path", DERIVED_SAMPLE, ids=[p.stem for p in DERIVED_SAMPLE])
def test_corpus_matches_oracle_under_derived_profiles(path: Path, profile: str) -> None:
    """The same under a derived profile: what the scan finds, the page created, and one
    edit of each kind (the templates only the wiki names, `Cite Website`, judged too)."""
    text, lang = path.read_text(encoding="utf-8"), PROFILES[profile].lang
    derived = profile_named(profile)
    assert _fields(scan_items(text, derived)) == _fields(_oracle(text, profile))
    created = analyze_edit("", text, lang, TODAY, derived)
    assert created == oracle("", text, profile) and len(created.added) > 0
    for kind, old, new in corpus_edits(text, seed=len(text), per_kind=1):
        if kind != "page created":
            assert analyze_edit(old, new, lang, TODAY, derived) == oracle(old, new, profile), kind


CASES = all_cases()


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_data_cases_match_oracle(case: dict[str, Any]) -> None:
    """Every hand-written case, broken markup included, reads the same both ways."""
    args = (case["old"], case["new"], case["lang"], today(case))
    assert analyze_edit(*args) == oracle_analyze(*args)


@pytest.mark.parametrize("profile", DERIVED)
@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_data_cases_match_oracle_under_derived_profiles(case: dict[str, Any], profile: str) -> None:
    """Every hand-written case reads the same both ways under each derived profile."""
    args = (case["old"], case["new"], case["lang"], today(case), profile_named(profile))
    assert analyze_edit(*args) == oracle_analyze(*args)
