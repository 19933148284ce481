"""The report's "recently fixed" section, and the store behind it: each citation recorded
once, its record dropped when it stands in error again."""

from __future__ import annotations

from pathlib import Path

from bot import store
from bot.render.fixes import render_fixes
from bot.render.messages import load_messages
from bot.render.model import Fixed
from bot.render.report import render_report
from tests.test_render_report import CAMPAIGN, NOW, ROWS

EN = load_messages("en")


def fix(title: str = "Alpha", by: str = "Dave", outcome: str = "fixed", revid: int = 77) -> Fixed:
    return Fixed("enwiki", title, 10, "{{cite book}}", "Alice", outcome, by, revid,
                 "2027-01-18T09:00:00Z" if revid else "", "2027-01-19T00:00:00Z")  # fmt: skip


def test_fixes_are_listed_with_who_and_which_revision_under_a_true_count() -> None:
    lines = render_fixes([fix(), fix("Beta", "Carol", "gone", 78), fix("Gamma", "", revid=0)],
                         12, EN)  # fmt: skip
    assert lines[0] == "=== Recently fixed (12) ==="
    assert "(3 shown)" in lines[1]
    assert lines[2] == ("* Fixed by [[User:Dave|Dave]] ([[Special:Contributions/Dave|contribs]])"
                        " in [[:Alpha|Alpha]] ([[Special:Diff/77|diff]], 2027-01-18)")  # fmt: skip
    assert lines[3].startswith("* Removed by [[User:Carol|Carol]]")
    assert lines[4] == "* Article deleted: [[:Gamma|Gamma]]"
    assert render_fixes([], 0, EN) == []


def test_the_section_is_on_the_report_only_when_something_was_fixed() -> None:
    with_fix = render_report(CAMPAIGN, ROWS, lang="en", now=NOW, fixes=[fix()], fixes_total=1)
    assert "=== Recently fixed (1) ===" in with_fix
    assert "Recently fixed" not in render_report(CAMPAIGN, ROWS, lang="en", now=NOW)
    es = render_report(CAMPAIGN, ROWS, lang="es", now=NOW, fixes=[fix()], fixes_total=1)
    assert "Corregidas recientemente (1)" in es and "Corregida por" in es


def test_hostile_titles_and_names_stay_text() -> None:
    evil = fix("[[Category:Spam]] {{delete}}", "'''Evil''' ~~~~ __NOTOC__ |-")
    text = "\n".join(render_fixes([evil], 1, EN))
    for bad in ("{{", "}}", "[[Category", "~~~", "__", "'''", "\n|-"):
        assert bad not in text


def test_a_fix_is_recorded_once_and_dropped_when_the_error_is_back(tmp_path: Path) -> None:
    db = store.open_db(tmp_path / "a.sqlite")
    store.save_fixes(db, "2027-01", [fix()])
    store.save_fixes(db, "2027-01", [fix(by="Someone later", revid=99)])  # seen again
    fixes, total = store.load_fixes(db, "2027-01", "enwiki", 10)
    assert total == 1 and (fixes[0].fixed_by, fixes[0].fixed_revid) == ("Dave", 77)
    store.clear_fixes(db, "2027-01", [("enwiki", "Alpha", 10, "{{cite book}}")])
    assert store.load_fixes(db, "2027-01", "enwiki", 10) == ([], 0)
