"""Recent-changes rows into records: user kinds, hidden fields, creations."""

from datetime import date

from bot.citations import Problem, analyze_edit
from bot.records import Revision, user_kind
from bot.selection import build_record
from bot.wiki import _change, _revision


def test_user_kinds() -> None:
    assert user_kind("Alice") == "registered"
    assert user_kind("~2025-12345-6") == "registered"  # the wiki's flag decides, not the name
    assert user_kind("~2025-12345-6", temp=True) == "temporary"
    assert user_kind("192.0.2.1", anon=True) == "ip"
    assert user_kind("2001:db8::1") == "ip"
    assert user_kind("Anon", temp=True) == "temporary"


def test_change_from_a_recent_changes_row() -> None:
    row = {"type": "new", "ns": 0, "title": "T", "pageid": 3, "revid": 9, "old_revid": 0,
           "rcid": 12, "user": "~2026-1-1", "temp": True, "timestamp": "2027-01-16T00:00:00Z",
           "comment": "#1Lib1Ref", "bot": ""}  # fmt: skip
    change = _change(row)
    assert change.is_creation and change.parent_revid == 0
    assert change.user_kind == "temporary"
    assert change.bot


def test_hidden_fields() -> None:
    row = {"type": "edit", "ns": 0, "title": "T", "revid": 9, "old_revid": 8, "rcid": 1,
           "userhidden": "", "commenthidden": "", "timestamp": "2027-01-16T00:00:00Z"}  # fmt: skip
    change = _change(row)
    assert change.user_hidden and change.comment_hidden and change.user == ""
    rev = _revision("T", {"revid": 9, "parentid": 8, "texthidden": "", "slots": {"main": {
        "texthidden": ""}}, "tags": ["mw-reverted"]})  # fmt: skip
    assert rev.text is None and rev.hidden and rev.tags == ("mw-reverted",)
    rev = _revision("T", {"revid": 9, "parentid": 8, "slots": {"main": {"*": "x"}}})
    assert rev.text == "x" and not rev.hidden


def test_an_edit_record_keeps_the_analysis_problems() -> None:
    change = _change({"type": "edit", "ns": 0, "title": "T", "revid": 9, "old_revid": 8,
                      "rcid": 1, "user": "Alice", "timestamp": "2027-01-16T00:00:00Z",
                      "comment": "#1Lib1Ref"})  # fmt: skip
    old = Revision(8, 7, "T", "Claim.")
    cites = "Claim.<ref>{{cite book |title=A |isbn=123}}</ref><ref>https://example.org</ref>"
    new = Revision(9, 8, "T", cites)
    record = build_record("c", "enwiki", "en", change, ("1Lib1Ref",), new, old)
    analysis = analyze_edit("Claim.", cites, lang="en", today=date(2027, 1, 16))
    assert [c.position for c in record.citations] == [0, 1]
    assert [c.template for c in record.citations] == ["cite book", ""]
    # The store and the report read the analysis's own Problem records: one type.
    assert [c.problems for c in record.citations] == [c.problems for c in analysis.added]
    assert all(isinstance(p, Problem) for c in record.citations for p in c.problems)
    assert record.citations[1].problems[0].param is None  # the store writes '' for it
    hidden = build_record("c", "enwiki", "en", change, ("1Lib1Ref",), None, old)
    assert not hidden.analyzed and hidden.citations == ()
