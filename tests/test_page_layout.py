"""The pages in a browser: the leaderboard and the report the bot saved, as the real local
MediaWiki serves them, read in headless Chromium (Debian's, installed by `make packages`) at
400 px in the mobile skin (MinervaNeue) and in the default one (Vector 2010, a narrow window),
and at 1280 px in Vector; in English, Spanish, French and Hebrew (right to left).

What a reader would notice: the page scrolling sideways, a number of the daily chart cut off,
the chart above the table, a day after today in the chart, a page running the wrong way.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext

from bot.render.hub import WikiTotal, render_hub
from bot.render.leaderboard import MARK_END, MARK_START, render_leaderboard
from bot.render.messages import load_messages
from bot.render.model import CampaignInfo, Standing, Totals
from scripts import pagelayout
from scripts.devwiki import ADMIN, DevWiki
from scripts.pagelayout import DESKTOP, MOBILE_SKIN, VIEWS, Layout
from tests.helpers import lib1ref, write_config

BOARD = "Project:1Lib1Ref/Leaderboard"
REPORT = "Project:1Lib1Ref/Citations to check"
DAYS_BEFORE, DAYS_AFTER = 10, 5  # the campaign's window around today

pytestmark = pytest.mark.usefixtures("password")


@pytest.fixture(scope="module")
def chromium() -> Iterator[BrowserContext]:
    with pagelayout.browser() as context:
        yield context


def view_name(width: int, skin: str) -> str:
    return f"{skin} at {width} px"


def assert_readable(layout: Layout, width: int, skin: str, what: str) -> None:
    """Nothing of the bot's block sticks out of the page's column; the page itself does not
    scroll sideways (except for Vector's own title bar at 400 px, which is not the bot's)."""
    where = f"{what}, {view_name(width, skin)}"
    assert layout.view == width, where
    assert f"skin-{skin}" in layout.skin.split(), (where, layout.skin)
    assert layout.tables >= 1, f"{where}: the table is missing"
    assert layout.overflow <= 0, f"{where}: the content is {layout.overflow} px too wide"
    if skin == MOBILE_SKIN or width == DESKTOP:
        assert layout.scroll <= layout.view, f"{where}: the page scrolls to {layout.scroll} px"


def chart_days(today: date) -> list[str]:
    start = today - timedelta(days=DAYS_BEFORE)
    return [(start + timedelta(days=i)).isoformat() for i in range(DAYS_BEFORE + 1)]


@pytest.mark.parametrize(
    ("langwiki", "lang", "direction"),
    [("en", "en", "ltr"), ("es", "es", "ltr"), ("fr", "fr", "ltr"), ("he", "he", "rtl")],
    indirect=["langwiki"],
)
def test_leaderboard_and_report_read_at_400_and_1280_px(
    langwiki: DevWiki, chromium: BrowserContext, tmp_path: Path, lang: str, direction: str
) -> None:
    pagelayout.add_mobile_skin(langwiki)
    edits = pagelayout.populate(langwiki)
    now = datetime.now(UTC)
    config = write_config(tmp_path, langwiki.api_url, lang=lang,
                          start=now - timedelta(days=DAYS_BEFORE),
                          end=now + timedelta(days=DAYS_AFTER))  # fmt: skip
    assert lib1ref(config, "scan") == 0
    assert lib1ref(config, "leaderboard") == 0
    today = datetime.now(UTC).date()

    for width, skin in VIEWS:
        board = pagelayout.read(chromium, pagelayout.url(langwiki, BOARD, skin), width)
        where = f"leaderboard ({lang}), {view_name(width, skin)}"
        assert_readable(board, width, skin, f"leaderboard ({lang})")
        assert board.table_first is True, f"{where}: the chart comes before the table"
        assert board.days == chart_days(today), where  # every day to today, none after
        assert board.cut == [], f"{where}: chart labels cut off: {board.cut}"
        counts = [int(re.sub(r"\D", "", n)) for n in board.numbers]
        assert sum(counts) == edits and counts[-1] == edits, (where, board.numbers)
        assert board.direction == direction and board.page_direction == direction, where

        report = pagelayout.read(chromium, pagelayout.url(langwiki, REPORT, skin), width)
        assert_readable(report, width, skin, f"report ({lang})")
        assert report.direction == direction and report.page_direction == direction


def test_a_long_chart_of_large_numbers_stays_in_view_at_400_px(
    botwiki: DevWiki, chromium: BrowserContext
) -> None:
    """Thirty days of six-digit counts and a participant with a very long name: every date
    and number of the chart in view, in both skins at 400 px and at 1280 px."""
    pagelayout.add_mobile_skin(botwiki)
    start = date(2027, 1, 1)
    daily = tuple(
        ((start + timedelta(days=i)).isoformat(), (i * 7919) % 250_000) for i in range(30)
    )
    long_name = "Maximiliana-Alexandrowna-Wolkonskaja-Trubetskaja-" * 2 + "Ivanova"
    standing = Standing(long_name, "registered", 123_456, 234_567, 12_345, 345_678,
                        ("local",), "2027-01-01T00:00:00Z", "2027-01-30T00:00:00Z")  # fmt: skip
    totals = Totals(1, 345_678, 234_567, 123_456, ("local",), daily)
    campaign = CampaignInfo("2027-01", "2027-01-01T00:00:00Z", "2027-01-30T23:59:59Z",
                            ("1Lib1Ref",))  # fmt: skip
    block = render_leaderboard(campaign, totals, [(1, standing)], lang="en",
                               now="2027-01-30T12:00:00Z")  # fmt: skip
    botwiki.edit(ADMIN, "Project:Wide chart", f"{MARK_START}\n{block}\n{MARK_END}")

    for width, skin in VIEWS:
        layout = pagelayout.read(chromium, pagelayout.url(botwiki, "Project:Wide chart", skin),
                                 width)  # fmt: skip
        assert_readable(layout, width, skin, "a wide chart")
        assert layout.days == [d for d, _ in daily], view_name(width, skin)
        assert layout.cut == [], f"{view_name(width, skin)}: cut off: {layout.cut}"
        assert layout.numbers[-1] == f"{daily[-1][1]:,}", layout.numbers


def test_the_hub_page_with_many_wikis_stays_in_its_column(
    botwiki: DevWiki, chromium: BrowserContext
) -> None:
    """The all-wikis hub: an eight-column table of 20 wikis with six-digit counts and the top
    participants, at 400 px in both skins and at 1280 px."""
    pagelayout.add_mobile_skin(botwiki)
    codes = "en es fr he fa sr zh_min_nan be_x_old de pt ru uk ar id it pl ca ro cs ja"
    wikis = [f"{code}wiki" for code in codes.split()]
    totals = [WikiTotal(w, 123_456 - i, 4_321, 98_765, 87_654, 1_234, 567, 8_910)
              for i, w in enumerate(wikis)]  # fmt: skip
    top = [Standing(name, "registered", 10, 20, 1, 30 - i, tuple(wikis[:3]),
                    "2027-01-01T00:00:00Z", "2027-01-10T00:00:00Z")
           for i, name in enumerate(pagelayout.NAMES)]  # fmt: skip
    daily = tuple((f"2027-01-{d:02d}", 98_765 + d) for d in range(1, 11))
    campaign = CampaignInfo("2027-01", "2027-01-01T00:00:00Z", "2027-01-30T23:59:59Z",
                            ("1Lib1Ref", "1Bib1Ref"))  # fmt: skip
    block = render_hub(campaign, totals, top, daily, links={}, hub="local",
                       now="2027-01-10T12:00:00Z", msgs=load_messages("en"))  # fmt: skip
    botwiki.edit(ADMIN, "Project:Hub", f"{MARK_START}\n{block}\n{MARK_END}")

    for width, skin in VIEWS:
        layout = pagelayout.read(chromium, pagelayout.url(botwiki, "Project:Hub", skin), width)
        assert_readable(layout, width, skin, "the hub")
        assert layout.days == [d for d, _ in daily], view_name(width, skin)
        assert layout.cut == [], f"{view_name(width, skin)}: cut off: {layout.cut}"
