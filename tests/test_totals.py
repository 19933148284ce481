"""Campaign-wide exports from a real SQLite database: every tagged edit in the Hashtags
tool's layout (newest first, domains, Django's time form) and the totals per wiki."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from bot import store
from bot.records import EditStatus
from tests.test_store import campaign_row, change, record

DOMAINS = {"enwiki": "en.wikipedia.org"}


def test_hashtags_layout_and_per_wiki_totals(tmp_path: Path) -> None:
    db = store.open_db(tmp_path / "a.sqlite")
    campaign_row(db)
    created = dataclasses.replace(
        record(12, "Bob", "2027-01-17T08:30:00Z"),
        change=dataclasses.replace(change(12, "Bob", "2027-01-17T08:30:00Z"), page_id=9,
                                   title="New page", is_creation=True),
    )  # fmt: skip
    store.save_batch(db, "2027-01", "enwiki", [record(10), record(11), created], None)
    fr = dataclasses.replace(record(5, "Zoé"), wiki="frwiki")
    store.save_batch(db, "2027-01", "frwiki", [fr], None)
    store.save_edit_statuses(db, "2027-01", "enwiki", [EditStatus(11, True, False)])

    rows = list(store.export_hashtags(db, "2027-01", DOMAINS))
    assert list(rows[0]) == ["Domain", "Timestamp", "Username", "Page title", "Edit summary",
                             "Diff ID"]  # fmt: skip
    assert [(r["Domain"], r["Diff ID"]) for r in rows] == [  # newest first, reverted kept
        ("en.wikipedia.org", 12), ("en.wikipedia.org", 11), ("en.wikipedia.org", 10),
        ("frwiki", 5)]  # fmt: skip
    assert rows[0]["Timestamp"] == "2027-01-17 08:30:00+00:00"
    assert (rows[0]["Username"], rows[0]["Page title"]) == ("Bob", "New page")
    assert rows[0]["Edit summary"] == "cite #1Lib1Ref"

    totals = {t["wiki"]: t for t in store.export_wiki_totals(db, None, DOMAINS)}
    en = totals["enwiki"]
    assert (en["domain"], en["edits"], en["participants"], en["reverted_or_deleted"]) == (
        "en.wikipedia.org",
        2,
        2,
        1,
    )
    assert (en["citations_added"], en["well_formed"], en["well_formed_share"]) == (4, 0, 0.0)
    assert (en["articles_created"], en["articles_improved"]) == (1, 1)
    assert (totals["frwiki"]["edits"], totals["frwiki"]["participants"]) == (1, 1)
