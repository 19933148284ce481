"""The leaderboard block: ranking rules, table, chart, stamp line and the organizer's page."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from bot.errors import PageLayoutError
from bot.render.leaderboard import (
    BAR_CLASS,
    BAR_MAX_PCT,
    MARK_END,
    MARK_START,
    STAMP_RE,
    render_leaderboard,
    replace_block,
    without_stamp,
)
from bot.render.model import CampaignInfo, Standing, Totals
from bot.render.ranking import rank

CASES = json.loads(
    (Path(__file__).parent / "data" / "render" / "ranking.json").read_text(encoding="utf-8")
)
CAMPAIGN = CampaignInfo(
    "2027-01", "2027-01-15T00:00:00Z", "2027-02-05T23:59:59Z", ("1Lib1Ref", "1Bib1Ref")
)
DAILY = (("2027-01-15", 4), ("2027-01-16", 0), ("2027-01-17", 8), ("2027-01-18", 1))
TOTALS = Totals(5, 13, 8, 6, ("enwiki", "eswiki"), DAILY)
NOW = "2027-01-18T09:05:59Z"


def standing(user: str, wf: int = 1, cit: int = 1, edits: int = 1, **kw: Any) -> Standing:
    values: dict[str, Any] = {
        "user_kind": "registered",
        "cn_resolved": 0,
        "wikis": ("enwiki",),
        "first_edit": "2027-01-15T10:00:00Z",
        "last_edit": "2027-01-17T10:00:00Z",
    }
    values.update(kw)
    return Standing(user=user, well_formed=wf, citations=cit, edits=edits, **values)


PEOPLE = [
    standing("Alice", 5, 6, 7, cn_resolved=2, wikis=("enwiki", "eswiki")),
    standing("Bob", 3, 3, 3, last_edit="2027-01-16T23:59:59Z"),
    standing("1.2.3.4", 9, 9, 9, user_kind="ip"),
    standing("~2027-00001-1", 9, 9, 9, user_kind="temporary"),
]


def board(**kw: Any) -> str:
    options: dict[str, Any] = {"lang": "en", "now": NOW}
    options.update(kw)
    return render_leaderboard(CAMPAIGN, TOTALS, rank(PEOPLE), **options)


def table_rows(text: str) -> list[str]:
    table = text.split('{| class="wikitable sortable', 1)[1].split("\n|}", 1)[0]
    return [line for line in table.splitlines() if line.startswith("| ")]


# -- ranking ------------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_ranking_cases(case: dict[str, Any]) -> None:
    standings = [
        standing(s.pop("user"), s.pop("well_formed"), s.pop("citations"), s.pop("edits"), **s)
        for s in case["standings"]
    ]
    ranked = rank(standings, rank_unregistered=case.get("rank_unregistered", False))
    assert [[position, s.user] for position, s in ranked] == case["expected"]


def test_ranking_ignores_input_order() -> None:
    assert rank(PEOPLE) == rank(list(reversed(PEOPLE)))


# -- the block ----------------------------------------------------------------------------


def test_table_is_a_sortable_wikitable_with_every_column() -> None:
    text = board()
    assert '{| class="wikitable sortable' in text
    header = next(line for line in text.splitlines() if line.startswith("! Rank"))
    assert header == (
        "! Rank !! Participant !! Well-formed citations !! Citations added"
        " !! “Citation needed” resolved !! Edits !! Last edit"
    )
    rows = table_rows(text)
    assert rows == [
        "| 1 || [[User:Alice|Alice]] ([[Special:Contributions/Alice|contribs]])"
        " || 5 || 6 || 2 || 7 || 2027-01-17",
        "| 2 || [[User:Bob|Bob]] ([[Special:Contributions/Bob|contribs]])"
        " || 3 || 3 || 0 || 3 || 2027-01-16",
    ]


def test_unregistered_editors_are_not_ranked_by_default_but_can_be() -> None:
    assert "1.2.3.4" not in board()
    text = render_leaderboard(
        CAMPAIGN, TOTALS, rank(PEOPLE, rank_unregistered=True), lang="en", now=NOW
    )
    assert "[[User:1.2.3.4|1.2.3.4]]" in text
    assert "[[User:~2027-00001-1|~2027-00001-1]]" in text
    assert [row.split(" || ")[0] for row in table_rows(text)] == ["| 1", "| 1", "| 3", "| 4"]


def test_global_page_adds_the_wikis_column() -> None:
    local, world = board(), board(global_page=True)
    assert "!! Wikis !!" not in local
    assert "!! Wikis !! Last edit" in world
    assert "all wikis" in world
    assert {row.count(" || ") for row in table_rows(local)} == {6}
    assert {row.count(" || ") for row in table_rows(world)} == {7}
    assert " || enwiki, eswiki || 2027-01-17" in world


def test_heading_window_and_totals() -> None:
    text = board()
    assert text.startswith("== #1Lib1Ref 2027-01 leaderboard ==\n")
    assert "Campaign: 2027-01-15 to 2027-02-05 (UTC)" in text
    assert "carries #1Lib1Ref, #1Bib1Ref count" in text  # mid-line: no numbered list
    assert (
        "Participants: 5 · Edits: 13 · Citations added: 8 (75.0% well-formed)"
        " · Wikis: 2 (enwiki, eswiki)"
    ) in text


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        (
            "es",
            [
                "Clasificación de #1Lib1Ref 2027-01",
                "Puesto !! Participante",
                "Última actualización: 2027-01-18 09:05 UTC",
                "(75,0 % bien formadas)",
                "contribuciones]]",
            ],
        ),
        (
            "fr",
            [
                "Classement #1Lib1Ref 2027-01",
                "Rang !! Participant",
                "Dernière mise à jour : 2027-01-18 09:05 UTC",
                "(75,0&nbsp;% bien formées)",
                "« Référence nécessaire » résolues",
            ],
        ),
    ],
)
def test_wording_per_language(lang: str, words: list[str]) -> None:
    text = board(lang=lang)
    for w in words:
        assert w in text
    assert "Rank" not in text
    assert "Last updated" not in text


def test_numbers_use_the_language_separators() -> None:
    big = Totals(12345, 1234567, 0, 0, ("enwiki",), ())
    en = render_leaderboard(CAMPAIGN, big, [], lang="en", now=NOW)
    es = render_leaderboard(CAMPAIGN, big, [], lang="es", now=NOW)
    assert "Participants: 12,345 · Edits: 1,234,567 · Citations added: 0 (– well-formed)" in en
    assert "Participantes: 12&nbsp;345" in es
    assert "Nobody is on the leaderboard yet." in en
    assert "wikitable" not in en


def test_max_rows_cuts_the_table_and_says_how_many_more() -> None:
    many = [standing(f"User {i:02d}", wf=50 - i) for i in range(12)]
    text = render_leaderboard(CAMPAIGN, TOTALS, rank(many), lang="en", now=NOW, max_rows=10)
    assert len(table_rows(text)) == 10
    assert (
        "\nParticipants not shown: 2. The full list is in the organizers' export"
        " (lib1ref export participants).\n"
    ) in text  # the chart follows
    assert "not shown" not in board(max_rows=2)


def test_user_controlled_values_never_become_markup() -> None:
    evil = standing(
        "'''Evil''' {{delete}} [[Category:Spam]] ~~~~ __NOTOC__",
        wikis=("enwiki]] [[Category:X", "|-"),
    )
    camp = CampaignInfo("{{x}}", CAMPAIGN.start, CAMPAIGN.end, ("]]{{", "'''"))
    text = render_leaderboard(camp, TOTALS, rank([evil]), lang="en", now=NOW, global_page=True)
    for bad in ("{{", "}}", "[[Category", "~~~", "__", "'''", "|-\n|-"):
        assert bad not in text


def test_chart_has_one_bar_per_day_scaled_to_the_busiest() -> None:
    text = board()
    bars = re.findall(rf'<div class="{BAR_CLASS}" style="[^"]*width:(\d+)%', text)
    assert [int(w) for w in bars] == [50, 0, BAR_MAX_PCT, 12]
    assert "px" not in text.split("lib1ref-bot-chart", 1)[1]  # nothing wider than a phone
    assert "|+ Campaign edits per day" in text
    assert "{{" not in text  # plain wikitext and HTML: no template, no extension


def test_stamp_is_its_own_line_and_without_stamp_removes_it() -> None:
    text = board()
    stamp = '<small class="lib1ref-bot-stamp">Last updated: 2027-01-18 09:05 UTC</small>'
    assert f"\n{stamp}\n" in text
    assert [m.group().strip() for m in STAMP_RE.finditer(text)] == [stamp]
    assert "Last updated" not in without_stamp(text)
    later = board(now="2027-01-19T00:00:00+00:00")
    assert later != text
    assert without_stamp(later) == without_stamp(text)
    assert without_stamp(board(max_rows=1)) != without_stamp(text)


def test_stamp_survives_in_the_page_and_is_found_there() -> None:
    page = replace_block("Intro\n", board())
    assert len(STAMP_RE.findall(page)) == 1
    assert without_stamp(page) == without_stamp(replace_block("Intro\n", board(now=NOW[:10])))


# -- the organizer's page -----------------------------------------------------------------

ORGANIZER_BEFORE = "{{Campaign header}}\nWelcome, librarians!  \n\n"
ORGANIZER_AFTER = "\n\n== Talk ==\nAsk here. ~~~~\n[[Category:1Lib1Ref]]\n"


def test_replace_block_keeps_organizer_text_byte_for_byte() -> None:
    page = f"{ORGANIZER_BEFORE}{MARK_START}\nold block\nold line\n{MARK_END}{ORGANIZER_AFTER}"
    new = replace_block(page, "new block")
    assert new == f"{ORGANIZER_BEFORE}{MARK_START}\nnew block\n{MARK_END}{ORGANIZER_AFTER}"
    assert replace_block(new, "new block") == new


@pytest.mark.parametrize(
    ("page", "joined"),
    [
        ("", ""),
        ("Intro", "Intro\n\n"),
        ("Intro\n", "Intro\n\n"),
        ("Intro\n\n", "Intro\n\n"),
    ],
)
def test_replace_block_appends_after_a_blank_line_when_no_markers(page: str, joined: str) -> None:
    new = replace_block(page, board())
    assert new == f"{joined}{MARK_START}\n{board()}\n{MARK_END}"
    assert new.startswith(page)
    assert replace_block(new, board()) == new


@pytest.mark.parametrize(
    "page",
    [
        f"text {MARK_START} no end",
        f"text {MARK_END} no start",
        f"{MARK_START}\na\n{MARK_END}\n{MARK_START}\nb\n{MARK_END}",
        f"{MARK_START}\na\n{MARK_START}\n{MARK_END}",
        f"{MARK_END}\nreversed\n{MARK_START}",
    ],
    ids=["start-only", "end-only", "two-blocks", "two-starts", "reversed"],
)
def test_replace_block_refuses_broken_markers(page: str) -> None:
    with pytest.raises(PageLayoutError, match="broken leaderboard markers"):
        replace_block(page, "block")


def test_replace_block_refuses_a_block_with_markers() -> None:
    with pytest.raises(PageLayoutError, match="markers"):
        replace_block("", f"x {MARK_END} y")


def test_the_chart_stops_at_today_and_comes_after_the_table() -> None:
    text = board(now="2027-01-16T12:00:00Z")
    chart = text.split("lib1ref-bot-chart", 1)[1]
    assert re.findall(r"\| (2027-01-\d\d)\n", chart) == ["2027-01-15", "2027-01-16"]
    assert text.index("lib1ref-bot-leaderboard") < text.index("lib1ref-bot-chart")


def test_the_page_says_what_it_ranks_by_and_links_the_report() -> None:
    text = board(report_page="Project:1Lib1Ref/Citations to check")
    assert "ranked by well-formed citations added, then by all citations added" in text
    assert "no error in it (warnings do not count)" in text
    assert "[[:Project:1Lib1Ref/Citations to check|Project:1Lib1Ref/Citations to check]]" in text
    assert "Citations to check" not in board()  # no report page given: no link


def test_unregistered_participants_are_counted_and_said_to_be() -> None:
    text = board()  # 5 participants, 2 registered ones ranked (IP and temporary left out)
    assert "Participants: 5" in text
    assert "counted in the totals but not listed: 3." in text
    sums = Totals(4, 13, 8, 6, ("enwiki",), DAILY)
    ranked = rank(PEOPLE, rank_unregistered=True)
    everyone = render_leaderboard(CAMPAIGN, sums, ranked, lang="en", now=NOW)
    assert "not listed" not in everyone


def test_an_opted_out_participant_keeps_the_place_but_not_the_name() -> None:
    text = board(hidden=frozenset({"Bob"}))
    assert "Bob" not in text
    assert "| 2 || a participant who asked not to be listed || 3 || 3 || 0 || 3 ||" in text
    fr = board(lang="fr", hidden=frozenset({"Bob"}))
    assert "un participant qui a demandé à ne pas figurer" in fr and "Bob" not in fr
