"""Campaign wikis by family (pure): which wikis a sitematrix answer holds, when it is asked
again, and the config a scan works from."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.config import CampaignConfig, Config, SitematrixConfig, WikiConfig
from bot.families import SiteEntry, expand, parse_sitematrix, refresh_due

CASES: list[dict[str, Any]] = json.loads(
    (Path(__file__).parent / "data" / "core" / "sitematrix.json").read_text(encoding="utf-8")
)
NOW = datetime(2027, 1, 20, 12, tzinfo=UTC)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_open_wikis_of_the_families(case: dict[str, Any]) -> None:
    got = parse_sitematrix(case["answer"], case["families"])
    assert [list(vars(e).values()) for e in got] == case["expected"]


def test_an_answer_without_a_sitematrix_is_refused() -> None:
    with pytest.raises(ValueError, match="sitematrix"):
        parse_sitematrix({"error": {"code": "badvalue"}}, ["wikipedia"])


@pytest.mark.parametrize(("hours_ago", "due"), [(None, True), (23.9, False), (24, True)])
def test_the_list_is_asked_again_after_a_day(hours_ago: float | None, due: bool) -> None:
    at = None if hours_ago is None else NOW - timedelta(hours=hours_ago)
    assert refresh_due(at, NOW, timedelta(hours=24)) is due


def test_family_wikis_join_read_only_and_a_configured_one_keeps_its_account() -> None:
    en = WikiConfig("local", "https://en.wikipedia.org/w/api.php", "en", "Bot@app",
                    "P:Board", "P:Report", "User:Bot/shutoff")  # fmt: skip
    campaign = CampaignConfig("c", NOW, NOW + timedelta(days=20), (), families=("wikipedia",))
    meta = SitematrixConfig("https://meta.wikimedia.org/w/api.php")
    config = Config(Path("x.toml"), Path("x.sqlite"), "contact", {"local": en}, (campaign,),
                    sitematrix=meta)  # fmt: skip
    entries = [
        SiteEntry("wikipedia", "enwiki", "en", "https://en.wikipedia.org", "en"),
        SiteEntry("wikipedia", "hewiki", "he", "https://he.wikipedia.org", "he"),
    ]
    out = expand(config, entries)
    assert out.campaign("c").wikis == ("local", "hewiki")
    assert out.wiki("local") == en and out.wiki("local").posts
    he = out.wiki("hewiki")
    assert (he.api, he.lang, he.interwiki, he.posts, he.citations) == (
        "https://he.wikipedia.org/w/api.php",
        "he",
        "he",
        False,
        True,
    )
    data = expand(config, [SiteEntry("wikidata", "wikidatawiki", "en", "https://x.org", "d")])
    assert not data.wiki("wikidatawiki").citations  # items: edits count, no citations read
