"""Pages that fit: a leaderboard or report block never passes MediaWiki's page size limit."""

from __future__ import annotations

import re

import pytest

from bot.citations.model import Problem
from bot.render.fit import DEFAULT_PAGE_LIMIT, block_budget
from bot.render.leaderboard import render_leaderboard
from bot.render.messages import load_messages
from bot.render.model import CampaignInfo, ReportRow, Standing, Totals
from bot.render.ranking import rank
from bot.render.report import render_report

CAMPAIGN = CampaignInfo("2027-01", "2027-01-15T00:00:00Z", "2027-02-05T23:59:59Z", ("1Lib1Ref",))
NOW = "2027-02-01T12:00:00Z"
DAILY = tuple((f"2027-01-{d:02d}", 1000 * d) for d in range(15, 32))


def participants(n: int) -> list[Standing]:
    # Long multi-byte names and many wikis: the widest rows a real campaign could have.
    wikis = ("enwiki", "eswiki", "frwiki", "dewiki", "itwiki")
    return [
        Standing(f"Bibliothécaire Ñandú 图书馆员 {i}", "registered", i % 40, 40, i % 5, 1 + i % 60,
                 wikis[: 1 + i % 5], "2027-01-15T10:00:00Z", "2027-01-20T10:00:00Z")
        for i in range(n)
    ]  # fmt: skip


def board(n: int, *, lang: str = "en", max_bytes: int | None) -> str:
    people = participants(n)
    totals = Totals(n, n * 30, n * 40, n * 20, ("enwiki", "eswiki"), DAILY)
    return render_leaderboard(CAMPAIGN, totals, rank(people), lang=lang, now=NOW,
                              global_page=True, max_bytes=max_bytes)  # fmt: skip


def before_chart(text: str) -> list[str]:
    """The block's lines before the daily chart (which comes last), blank ones left out."""
    return [line for line in text.split('{| class="lib1ref-bot-chart', 1)[0].splitlines() if line]


def table_rows(text: str) -> int:
    """Participants in the table (the chart's rows have no rank)."""
    return sum(1 for line in text.splitlines() if re.match(r"\| \d+ \|\| ", line))


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "es", "fr"])
def test_fifty_thousand_participants_fit_the_default_page_limit(lang: str) -> None:
    budget = block_budget(None)
    assert budget < DEFAULT_PAGE_LIMIT  # room left for the organizer's text
    unlimited = board(50_000, lang=lang, max_bytes=None)
    assert len(unlimited.encode()) > DEFAULT_PAGE_LIMIT  # the case this guards against
    text = board(50_000, lang=lang, max_bytes=budget)
    assert len(text.encode()) <= budget
    shown = table_rows(text)
    assert 1000 < shown < 50_000
    msgs = load_messages(lang)
    note = msgs("leaderboard.more", count=msgs.number(50_000 - shown))
    assert before_chart(text)[-1] == f"{note} {msgs('leaderboard.full_list')}"
    assert "lib1ref export participants" in before_chart(text)[-1]


def test_the_top_rows_are_the_ones_shown() -> None:
    text = board(5_000, max_bytes=20_000)
    assert len(text.encode()) <= 20_000
    assert "| 1 || " in text
    assert before_chart(text)[-1].startswith("Participants not shown: ")


def test_a_board_that_fits_is_not_cut() -> None:
    text = board(50, max_bytes=block_budget(None))
    assert table_rows(text) == 50
    assert "not shown" not in text
    assert text == board(50, max_bytes=None)


def test_a_tiny_limit_still_gives_a_valid_block() -> None:
    text = board(100, max_bytes=100)
    assert "wikitable" not in text  # no empty table
    assert "Nobody is on the leaderboard yet." not in text
    assert before_chart(text)[-1].startswith("Participants not shown: 100.")


def test_a_long_report_fits() -> None:
    huge = "<ref>" + "<b>" * 8_000 + "{{cite web |title=x}}</ref>"  # a 40 KB citation
    rows = [
        ReportRow("enwiki", f"Article {i}", 1000 + i, f"User {i}", huge,
                  Problem(("bad-date", "bad-isbn")[i % 2], "error", "date", "Check the date"))
        for i in range(20_000)
    ]  # fmt: skip
    budget = block_budget(None)
    text = render_report(CAMPAIGN, rows, lang="en", now=NOW, limit=20_000, max_bytes=budget)
    assert len(text.encode()) <= budget
    shown = text.count("[[Special:Diff/")
    assert 0 < shown < 20_000
    assert text.endswith(f"Citations not shown: {20_000 - shown:,}. The full list is in the "
                         "organizers' export (lib1ref export citations).")  # fmt: skip
    bigger = render_report(CAMPAIGN, rows, lang="en", now=NOW, limit=shown + 2)
    assert len(bigger.encode()) > budget  # as many as fit, not fewer
    assert render_report(CAMPAIGN, rows[:3], lang="en", now=NOW, max_bytes=budget) == (
        render_report(CAMPAIGN, rows[:3], lang="en", now=NOW))  # fmt: skip


def test_the_budget_follows_the_wiki_limit() -> None:
    assert block_budget(4 * DEFAULT_PAGE_LIMIT) > block_budget(DEFAULT_PAGE_LIMIT)
    assert block_budget(0) == block_budget(None)
