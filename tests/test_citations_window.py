"""The windowed method gives exactly the whole-text method's results."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings

from bot.citations.analysis import analyze_edit, analyze_texts
from scripts.bench_citations import CORPUS, edits
from tests.test_citations_properties import wikitextish

TODAY = date(2026, 11, 21)


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"{CORPUS} is absent (no ../shared)")
def test_identical_on_generated_corpus_edits() -> None:
    files = sorted(Path(CORPUS).rglob("*.wiki"))
    checked = 0
    for path in files[::5]:  # every fifth article keeps the suite fast; make bench runs all
        text = path.read_text(encoding="utf-8")
        for kind, old, new in edits(text):
            if kind == "page created":
                continue  # the window is the whole text: nothing to compare
            assert analyze_edit(old, new, "en", TODAY) == analyze_texts(
                old, new, new, "en", TODAY
            ), (path.name, kind)
            checked += 1
    assert checked >= 40


@settings(max_examples=300, deadline=2000)
@given(prefix=wikitextish, old=wikitextish, new=wikitextish, suffix=wikitextish)
def test_identical_on_arbitrary_edits(prefix: str, old: str, new: str, suffix: str) -> None:
    a, b = prefix + "\n\n" + old + "\n" + suffix, prefix + "\n" + new + "\n\n" + suffix
    assert analyze_edit(a, b, "en", TODAY) == analyze_texts(a, b, b, "en", TODAY)
