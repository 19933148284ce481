"""The hub page (pure): totals over every wiki, the thresholds, no future days, and each
participant linked on their own wiki through its interwiki prefix."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from bot.config import CampaignConfig
from bot.publish import hub_page
from bot.render.hub import WikiTotal
from bot.render.messages import load_messages
from bot.render.model import Standing

CAMPAIGN = CampaignConfig("2027-01", datetime(2027, 1, 15, tzinfo=UTC),
                          datetime(2027, 2, 5, 23, 59, 59, tzinfo=UTC), ())  # fmt: skip
NOW = datetime(2027, 1, 17, 12, tzinfo=UTC)


def _standing(user: str, edits: int, wikis: tuple[str, ...]) -> Standing:
    return Standing(user, "registered", 0, edits, 0, edits, wikis, "2027-01-16T10:00:00Z",
                    "2027-01-16T10:00:00Z")  # fmt: skip


def test_hub_page_totals_thresholds_days_and_links() -> None:
    totals = [WikiTotal("enwiki", 1200, 40, 900, 800, 5, 3, 100),
              WikiTotal("srwiki", 150, 6, 100, 50, 0, 1, 20),
              WikiTotal("wikidatawiki", 12, 2, 0, 0, 0, 0, 12),
              WikiTotal("xxwiki", 0, 0, 0, 0, 0, 0, 0)]  # fmt: skip
    people = [_standing("Zoé", 30, ("srwiki", "enwiki")), _standing("Al", 50, ("local",)),
              _standing("Nobody", 1, ("xxwiki",))]  # fmt: skip
    daily = (("2027-01-16", 1000), ("2027-01-17", 362), ("2027-01-18", 0))
    links = {"enwiki": "en", "srwiki": "sr", "wikidatawiki": "d"}
    page = hub_page(CAMPAIGN, totals, people, daily, links=links, hub="local", now=NOW)
    text = page.block
    assert "'''1,362''' edits by '''3''' participants on '''3''' wikis" in text
    assert "10 edits or more: '''3''' wikis" in text  # Wikidata's edits count as edits
    assert "100 edits or more: '''2''' wikis (enwiki, srwiki)" in text
    assert "1,000 edits or more: '''1''' wikis (enwiki)" in text
    assert "2027-01-17" in text and "2027-01-18" not in text  # no future days
    assert "[[:sr:User:Zoé|<bdi>Zoé</bdi>]]" in text  # the first wiki linkable
    assert "[[User:Al|Al]]" in text  # the hub's own wiki: a local link
    assert "|| Nobody ||" in text  # no prefix known: the bare name
    assert text.index("[[User:Al|Al]]") < text.index("User:Zo")  # by edits
    assert "[[:en:|enwiki]] || 1200 || 40 || 900 || 88.9%" in text
    assert "xxwiki ||" not in text.split("=== Per wiki ===")[1].split("|}")[0]
    assert page.summary == "Bot: update the campaign hub (1362 edits on 3 wikis)"


def test_hub_page_speaks_the_hub_wikis_language() -> None:
    totals = [WikiTotal("dewiki", 1500, 40, 1000, 800, 5, 3, 100)]
    people = [_standing("Zoé", 30, ("dewiki",))]
    daily = (("2027-01-16", 1500),)
    kwargs: dict[str, Any] = {"links": {"dewiki": "de"}, "hub": "metawiki", "now": NOW}
    de = hub_page(CAMPAIGN, totals, people, daily, texts=load_messages("de"), **kwargs).block
    assert "== 2027-01: alle Wikis ==" in de
    assert "'''1.500''' Bearbeitungen von '''1''' Teilnehmenden in '''1''' Wikis" in de
    assert "(80,0% fehlerfrei)" in de  # German numbers and shares
    assert "Mit 1.000 Bearbeitungen oder mehr: '''1''' Wikis (dewiki)" in de
    assert "! Wiki !! Bearbeitungen !! Teilnehmende !!" in de
    assert "=== Bearbeitungen pro Tag ===" in de
    assert "edits" not in de.replace("lib1ref-bot", "")
    # a language whose bundle has no texts: English, with its own digits where it has them
    fa = hub_page(CAMPAIGN, totals, people, daily, texts=load_messages("fa"), **kwargs).block
    assert "== 2027-01: every wiki ==" in fa
    assert "'''۱٬۵۰۰''' edits by" in fa  # its own digits and separators
    en = hub_page(CAMPAIGN, totals, people, daily, **kwargs).block  # no texts: English
    assert "'''1,500''' edits by '''1''' participants on '''1''' wikis" in en
