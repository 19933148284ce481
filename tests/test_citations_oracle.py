"""The fast method gives exactly the oracle's results (mwparserfromhell parsing both
revisions in full) on the 50 real articles of ../shared/testdata and generated edits."""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from bot.citations.items import Item
from bot.citations.model import EditAnalysis
from bot.citations.oracle import oracle_analyze, oracle_items
from bot.citations.profiles import load_profile
from bot.citations.resolve import ItemIndex, resolve
from bot.citations.scanner import scan_items
from bot.citations.window import analyze_edit
from scripts.citation_edits import corpus_edits
from tests.citation_cases import all_cases, today

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "testdata" / "wikitext-corpus"
ARTICLES = sorted(CORPUS.rglob("*.wiki")) if CORPUS.is_dir() else []
pytestmark = pytest.mark.skipif(
    not ARTICLES, reason=f"{CORPUS} is absent (a plain clone has no ../shared)"
)
TODAY = date(2026, 11, 21)


@cache
def _oracle(text: str) -> tuple[Item, ...]:
    return tuple(oracle_items(text, load_profile("en")))


def oracle(old: str, new: str) -> EditAnalysis:
    """oracle.oracle_analyze, with each text's parse cached (the articles recur)."""
    new_items = _oracle(new)
    return resolve(new_items, _oracle(old), ItemIndex(new_items), load_profile("en"), TODAY)


def _fields(items: tuple[Item, ...] | list[Item]) -> list[tuple[object, ...]]:
    return [(i.category, i.key, i.wikitext, i.name, i.group, i.template) for i in items]


@pytest.mark.slow
@pytest.mark.parametrize("path", ARTICLES, ids=[p.stem for p in ARTICLES])
def test_scanner_finds_what_the_full_parse_finds(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert _fields(scan_items(text, load_profile("en"))) == _fields(_oracle(text))


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


CASES = all_cases()


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_data_cases_match_oracle(case: dict[str, Any]) -> None:
    """Every hand-written case, broken markup included, reads the same both ways."""
    args = (case["old"], case["new"], case["lang"], today(case))
    assert analyze_edit(*args) == oracle_analyze(*args)
