"""Issue 15, at scale: the leaderboard asks about the user pages of the participants it will
list only, not of every participant. A page cut to the wiki's size limit lists its first
rows; hiding a name makes its row shorter, so more rows fit, and those are asked about in
turn. Through a proxy of our own in front of the real local wiki, which sees every title the
bot asks for (tests/faultproxy.py)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from bot import store
from bot.config import load_config
from bot.publish import Target
from bot.records import Change, Checkpoint, CitationRecord, EditRecord
from bot.render.hub import TOP as HUB_TOP
from bot.wiki import connect
from scripts.devwiki import ADMIN, DevWiki
from tasks.pagecontent import page_for
from tests.faultproxy import FaultProxy, fault_proxy
from tests.helpers import lib1ref, write_config

BOARD = "Project:1Lib1Ref/Leaderboard"
HUB = "Project:1Lib1Ref/Hub"
HIDDEN = "a participant who asked not to be listed"
NAMES = [f"Participant {i:02d} with a rather long user name" for i in range(12)]
MORE = re.compile(r"Participants not shown: (\d+)\.")

pytestmark = pytest.mark.usefixtures("password")


@pytest.fixture
def proxy(botwiki: DevWiki) -> Iterator[FaultProxy]:
    with fault_proxy(botwiki.api_url) as p:
        yield p


def seed(config: Path, names: list[str] = NAMES) -> None:
    """One edit with one well-formed citation per participant, names[0] first (ties in the
    ranking go to the earlier first edit), through the store's write path."""
    cfg = load_config(config)
    campaign = cfg.campaign("test")
    db = store.open_db(cfg.database)
    store.save_campaigns(db, [campaign])
    records = []
    for i, user in enumerate(names, start=1):
        when = campaign.start + timedelta(minutes=i)
        change = Change(rcid=i, revid=i, parent_revid=0, page_id=i, title=f"Article {i}",
                        namespace=0, user=user, user_kind="registered", timestamp=when,
                        comment="#1Lib1Ref")  # fmt: skip
        cite = CitationRecord(0, "template", "cite book", "<ref>{{cite book |title=T}}</ref>",
                              True, ())  # fmt: skip
        records.append(EditRecord("test", "local", change, ("1Lib1Ref",), (cite,)))
    last = records[-1].change
    store.save_batch(db, "test", "local", records, Checkpoint(last.timestamp, last.rcid))
    db.close()


def asked(proxy: FaultProxy, names: list[str] = NAMES) -> set[str]:
    """The participants whose user page or user talk page the bot asked about."""
    titles: set[str] = set()
    for request in proxy.seen:
        path, _, body = request.partition(" ")
        for params in (parse_qs(urlsplit(path).query), parse_qs(body)):
            for value in params.get("titles", []):
                titles |= {t.replace("_", " ") for t in value.split("|")}
    return {n for n in names if {f"User:{n}", f"User talk:{n}"} & titles}


def board(botwiki: DevWiki) -> tuple[str, list[str]]:
    """The leaderboard's text and the participants it names, in order."""
    text = botwiki.page_text(BOARD) or ""
    return text, [n for n in NAMES if n in text]


def limit_pages(wiki: DevWiki, kib: int) -> None:
    """Set the wiki's page size limit, and wait until the running server says so."""

    def taken() -> bool:
        general = wiki.api_get(action="query", meta="siteinfo", siprop="general")
        return general["query"]["general"]["maxarticlesize"] == kib * 1024

    wiki.add_settings(f"$wgMaxArticleSize = {kib:d};", taken, f"$wgMaxArticleSize = {kib}")


def test_only_the_listed_rows_are_asked_about(
    botwiki: DevWiki, proxy: FaultProxy, tmp_path: Path
) -> None:
    limit_pages(botwiki, 3)  # KiB: a few rows fit, as 49,000 would not in 2 MiB
    config = write_config(tmp_path, proxy.api_url)
    seed(config)

    assert lib1ref(config, "leaderboard", "--campaign", "test") == 0
    text, named = board(botwiki)
    more = MORE.search(text)
    assert more is not None, "the page must be cut for this test"
    listed = len(NAMES) - int(more.group(1))
    assert 0 < listed < len(NAMES) and named == NAMES[:listed]
    assert asked(proxy) == set(NAMES[:listed])  # those beyond the cut were not asked about

    # Two listed participants and the first one past the cut ask not to be listed. Their
    # rows, now shorter, make room for more: that one comes into view, and stays unnamed.
    botwiki.edit(ADMIN, f"User:{NAMES[0]}", "{{bots|optout=lib1ref-leaderboard}}")
    botwiki.edit(ADMIN, f"User talk:{NAMES[1]}", "{{bots|optout=lib1ref-leaderboard}}")
    botwiki.edit(ADMIN, f"User:{NAMES[listed]}", "{{bots|optout=lib1ref-leaderboard}}")
    proxy.seen.clear()
    assert lib1ref(config, "leaderboard", "--campaign", "test") == 0
    text, named = board(botwiki)
    more = MORE.search(text)
    now_listed = len(NAMES) - int(more.group(1)) if more else len(NAMES)
    assert listed < now_listed < len(NAMES)  # the hidden rows made room; some still do not fit
    assert text.count(HIDDEN) == 3
    hidden = {NAMES[0], NAMES[1], NAMES[listed]}
    assert named == [n for n in NAMES[:now_listed] if n not in hidden]
    assert asked(proxy) == set(NAMES[:now_listed])  # the rows that came into view, no further


def test_the_hub_asks_about_its_top_list_only(
    botwiki: DevWiki, proxy: FaultProxy, tmp_path: Path, password: str
) -> None:
    names = [f"Participant {i:02d} with a rather long user name" for i in range(HUB_TOP + 5)]
    config = write_config(tmp_path, proxy.api_url, campaign_extra=f'hub_wiki = "local"\n'
                          f'hub_page = "{HUB}"')  # fmt: skip
    seed(config, names)
    botwiki.edit(ADMIN, f"User:{names[HUB_TOP - 1]}", "{{bots|optout=lib1ref-leaderboard}}")
    botwiki.edit(ADMIN, f"User:{names[HUB_TOP]}", "{{bots|optout=lib1ref-leaderboard}}")
    cfg = load_config(config)
    campaign = cfg.campaign("test")
    db = store.open_db_readonly(cfg.database)
    wiki = connect(cfg, "local", password)
    proxy.seen.clear()
    try:
        page = page_for(db, "en", campaign, Target("local", "hub", HUB), datetime.now(UTC),
                        wiki=wiki)  # fmt: skip
    finally:
        wiki.close()
        db.close()
    assert page.block.count(HIDDEN) == 1 and names[HUB_TOP - 1] not in page.block
    assert [n for n in names if n in page.block] == names[: HUB_TOP - 1]
    assert asked(proxy, names) == set(names[:HUB_TOP])  # the top list, not those after it
