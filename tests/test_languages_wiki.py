"""Scan, leaderboard, report and welcome end to end on local wikis whose content language is
Serbian, Hebrew or Persian (bundles), and Georgian (no bundle: the generic checks); and on an
English wiki configured as Simple English Wikipedia (`simple`, an alias of the en bundle)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from bot.cli import main
from bot.render.messages import load_messages
from bot.welcome import load_welcome
from scripts.devwiki import DevWiki
from tests.helpers import lib1ref, write_config

BOARD = "Project:1Lib1Ref/Leaderboard"
REPORT = "Project:1Lib1Ref/Citations to check"

pytestmark = pytest.mark.usefixtures("password")


@dataclass(frozen=True)
class Case:
    lang: str
    good: str  # a citation written as on that wiki, well-formed
    bad: str  # one with an error the bundle (or the generic checks) can see
    bad_codes: list[str]
    rtl: bool
    checks: str  # which line the pages carry: checks.packaged or checks.generic


CASES = [
    Case("sr",
         "{{Cite web |url=https://example.org/a |title=Наслов |date=5. мај 2010."
         " |access-date=2020-03-01}}",
         "{{cite book |title=Књига |isbn=978-0-306-40615-8}}",
         ["bad-isbn"], False, "checks.packaged"),
    Case("he",
         "{{קישור כללי|כתובת=https://example.org/a|כותרת=כותרת|אתר=ynet|תאריך=5 במאי 2010}}",
         "{{קישור כללי|כתובת=https://example.org/b|כותרת=ב|תאריך=31 בפברואר 2010}}",
         ["bad-date"], True, "checks.packaged"),
    Case("fa",
         "{{یادکرد وب |نشانی=https://example.org/a |عنوان=عنوان |تاریخ=۵ مه ۲۰۱۰"
         " |بازبینی=۱ مارس ۲۰۲۰}}",
         "{{یادکرد کتاب |عنوان=کتاب |شابک=۱۲۳}}",
         ["bad-isbn"], True, "checks.packaged"),
    Case("ka",
         "{{ციტირება ვებ |url=https://example.org/a |სათაური=X |თარიღი=5 მაისი 2010}}",
         "{{ციტირება წიგნი |სათაური=Y |isbn=978-0-306-40615-8}}",
         ["bad-isbn"], False, "checks.generic"),
]  # fmt: skip


def _citations(config: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, list[str]]:
    capsys.readouterr()
    assert main(["--config", str(config), "export", "citations", "--format", "json"]) == 0
    rows: list[dict[str, Any]] = json.loads(capsys.readouterr().out)
    return {r["user"]: r["problems"] for r in rows}


@pytest.mark.slow
@pytest.mark.parametrize(("langwiki", "case"), [(c.lang, c) for c in CASES], indirect=["langwiki"],
                         ids=[c.lang for c in CASES])  # fmt: skip
def test_campaign_end_to_end_in_the_wiki_language(
    langwiki: DevWiki, case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    langwiki.edit("Alice", "Alpha", f"Text.<ref>{case.good}</ref>", summary="#1Lib1Ref")
    langwiki.edit("Bob", "Beta", f"Text.<ref>{case.bad}</ref>", summary="#1Lib1Ref")
    config = write_config(tmp_path, langwiki.api_url, lang=case.lang)
    assert lib1ref(config, "scan") == 0
    assert _citations(config, capsys) == {"Alice": [], "Bob": case.bad_codes}

    assert lib1ref(config, "leaderboard") == 0
    msgs = load_messages(case.lang)
    for title in (BOARD, REPORT):
        text = langwiki.page_text(title) or ""
        assert msgs(case.checks, lang=case.lang) in text, title
        assert ('<div dir="rtl"' in text) == case.rtl, title
        assert ('{| dir="rtl"' in text) == case.rtl or "{|" not in text, title
    board = langwiki.page_text(BOARD) or ""
    assert "Alice" in board and "Bob" in board
    assert msgs.number(2) in board  # two participants, in the wiki's digits
    report = langwiki.page_text(REPORT) or ""
    assert msgs.problem(case.bad_codes[0]) in report and "Beta" in report

    assert lib1ref(config, "welcome") == 0
    for user in ("Alice", "Bob"):  # the talk page under its localized name
        talk = langwiki.page_text(f"User talk:{user}") or ""
        assert "lib1ref-bot welcome: test" in talk, user


@pytest.mark.slow
def test_simple_english_wikipedia_is_judged_and_addressed_as_english(
    botwiki: DevWiki, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """simplewiki's language code is `simple` and its content language English: its
    citations get the CS1 checks of the en bundle (a date the generic checks would let be),
    its pages and welcomes are English, and help links go to English Wikipedia."""
    good = "{{cite web |url=https://example.org/a |title=A |date=5 May 2010}}"
    bad = "{{cite web |url=https://example.org/b |title=B |date=32 May 2010}}"
    botwiki.edit("Alice", "Alpha", f"Text.<ref>{good}</ref>", summary="#1Lib1Ref")
    botwiki.edit("Bob", "Beta", f"Text.<ref>{bad}</ref>", summary="#1Lib1Ref")
    config = write_config(tmp_path, botwiki.api_url, lang="simple")
    assert lib1ref(config, "scan") == 0
    assert _citations(config, capsys) == {"Alice": [], "Bob": ["bad-date"]}

    assert lib1ref(config, "leaderboard") == 0
    assert lib1ref(config, "welcome") == 0
    english = load_messages("en")
    report = botwiki.page_text(REPORT) or ""
    assert english("checks.packaged", lang="simple") in report
    assert "[[:en:Help:CS1 errors#bad_date|" in report and "Beta" in report
    talk = botwiki.page_text("User talk:Bob") or ""
    assert load_welcome("en").heading in talk and "[[:en:Help:Referencing for beginners]]" in talk
