"""The organizer report: sections per problem code, links, limit, escaping."""

from __future__ import annotations

import html
import re

import pytest

from bot.citations.model import Problem
from bot.render import escape
from bot.render.leaderboard import STAMP_RE, without_stamp
from bot.render.model import CampaignInfo, ReportRow
from bot.render.report import fair_shares, render_report
from bot.render.wide import WRAP_CELL

CAMPAIGN = CampaignInfo("2027-01", "2027-01-15T00:00:00Z", "2027-02-05T23:59:59Z", ("1Lib1Ref",))
NOW = "2027-01-20T08:00:00Z"


def row(
    code: str,
    n: int = 1,
    *,
    page_title: str = "",
    user: str = "Jane",
    param: str | None = "date",
    message: str = "Check date values",
    wikitext: str = "",
) -> ReportRow:
    return ReportRow(
        wiki="enwiki",
        page_title=page_title or f"Article {n}",
        revid=1000 + n,
        user=user,
        wikitext=wikitext or f"{{{{cite web |title=T{n} |date=May 01, 2010}}}}",
        problem=Problem(code, "error", param, message),
    )


ROWS = [
    row("bad-isbn", 1, param="isbn", message="Check isbn value: checksum"),
    row("bad-date", 2),
    row("bad-isbn", 3, param="isbn", message="Check isbn value: length"),
    row("missing-title", 4, param=None, message="Missing or empty title"),
]


def headings(text: str) -> list[str]:
    return re.findall(r"^=== (.*) ===$", text, re.MULTILINE)


def test_sections_follow_the_message_file_order_with_counts() -> None:
    text = render_report(CAMPAIGN, ROWS, lang="en", now=NOW)
    assert text.startswith("== #1Lib1Ref 2027-01: citations to check ==\n")
    assert headings(text) == ["Missing or empty title (1)", "Invalid date (1)", "Invalid ISBN (2)"]
    isbn = text.split("=== Invalid ISBN (2) ===", 1)[1]
    assert "[[:Help:CS1 errors#bad_isbn|how to fix]]" in isbn
    assert isbn.index("Article 1") < isbn.index("Article 3")  # the caller's order within a code
    assert "[[:Help:CS1 errors#citation_missing_title|how to fix]]" in text


def test_each_row_links_page_diff_and_user_and_shows_problem_and_citation() -> None:
    text = render_report(CAMPAIGN, [ROWS[1]], lang="en", now=NOW)
    assert "! Article !! Edit !! Participant !! Problem !! Citation" in text
    line = next(x for x in text.splitlines() if x.startswith("| [[:Article 2"))
    cells = line.removeprefix("| ").split(" || ")
    assert cells == [
        "[[:Article 2|Article 2]]",
        "[[Special:Diff/1002|diff]]",
        "[[User:Jane|Jane]] ([[Special:Contributions/Jane|contribs]])",
        "<code><nowiki>|date=</nowiki></code> Check date values",
        # the citation may wrap anywhere: a long URL never widens the page
        f"{WRAP_CELL} <code><nowiki>{{{{cite web |title=T2 |date=May 01, 2010}}}}</nowiki></code>",
    ]


def test_limit_is_shared_fairly_and_headings_give_true_counts() -> None:
    many = [row("bad-date", n) for n in range(51)] + [row("bad-isbn", 100 + n) for n in range(3)]
    many += [row("bare-url", 200 + n, param=None) for n in range(20)]
    text = render_report(CAMPAIGN, many, lang="en", now=NOW, limit=20)
    assert text.count("[[Special:Diff/") == 20
    assert headings(text) == [
        "Bare URL without a title (20)",
        "Invalid date (51)",
        "Invalid ISBN (3)",
    ]
    isbn = text.split("=== Invalid ISBN (3) ===", 1)[1]
    assert isbn.count("[[Special:Diff/") == 3  # a small section shows whole
    date = text.split("=== Invalid date (51) ===", 1)[1].split("===", 1)[0]
    assert date.count("[[Special:Diff/") == 8  # the rest split evenly
    assert "Not shown in this section: 43." in date
    assert "Not shown in this section: 11." in text.split("=== Invalid date", 1)[0]
    assert text.endswith(
        "\nCitations not shown: 54. The full list is in the organizers' export"
        " (lib1ref export citations)."
    )
    everything = render_report(CAMPAIGN, ROWS, lang="en", now=NOW)
    assert "not shown" not in everything.lower()


@pytest.mark.parametrize(
    ("sizes", "limit", "shares"),
    [([51, 3, 20], 20, [9, 3, 8]), ([5, 5], 100, [5, 5]), ([1, 1, 1], 2, [1, 1, 0]),
     ([0, 4], 3, [0, 3]), ([7], 0, [0])],
)  # fmt: skip
def test_fair_shares(sizes: list[int], limit: int, shares: list[int]) -> None:
    assert fair_shares(sizes, limit) == shares


def test_a_citation_with_several_problems_is_listed_once_with_all_of_them() -> None:
    cite = "{{cite book |title=T |isbn=12 |date=Foo}}"
    both = [row("bad-isbn", 1, param="isbn", message="Check isbn value", wikitext=cite),
            row("bad-date", 1, message="Check date values", wikitext=cite)]  # fmt: skip
    text = render_report(CAMPAIGN, both, lang="en", now=NOW)
    assert headings(text) == ["Invalid date (1)"]
    assert text.count("[[Special:Diff/") == 1
    cell = next(x for x in text.splitlines() if x.startswith("| [[:Article 1")).split(" || ")[3]
    assert cell.split("<br />")[0].endswith("Check date values")
    assert "isbn" in html.unescape(cell.split("<br />")[1])


def test_tables_are_sortable() -> None:
    text = render_report(CAMPAIGN, ROWS, lang="en", now=NOW)
    assert all("sortable" in t for t in text.splitlines() if t.startswith("{|"))


def test_what_the_recheck_took_off_is_said() -> None:
    text = render_report(CAMPAIGN, ROWS, lang="en", now=NOW, rechecked=(3, 2))
    assert "3 fixed since the edit and 2 no longer in the article" in text
    assert "fixed since" not in render_report(CAMPAIGN, ROWS, lang="en", now=NOW)


def test_hostile_citations_are_shown_not_parsed() -> None:
    evil = row(
        "bad-url",
        page_title="[[Category:Spam]]",
        user="'''Evil''' ~~~~",
        param="url}}{{delete",
        message="</nowiki>{{delete}}",
        wikitext="<ref>{{cite web |url=http://x.org}}</ref>\n[[Category:X]]\n__NOTOC__ ~~~~ |-",
    )
    text = render_report(CAMPAIGN, [evil], lang="en", now=NOW)
    code = re.compile(r"<code><nowiki>(.*?)</nowiki></code>")
    assert [m for m in code.findall(text) if "</nowiki" in m.lower()] == []
    assert "<ref>{{cite web |url=http://x.org}}</ref> ⏎ [[Category:X]]" in text  # as typed
    text = code.sub("", text)  # outside the citation cells:
    for bad in ("{{", "}}", "[[Category", "~~~", "__", "'''", "<ref", "</nowiki", "http://"):
        assert bad not in text


def test_unknown_codes_come_last_and_are_escaped() -> None:
    text = render_report(CAMPAIGN, [row("zz-{{new}}"), row("bad-doi", 2)], lang="en", now=NOW)
    assert headings(text) == ["Invalid DOI (1)", "zz-&#123;&#123;new&#125;&#125; (1)"]


def test_wording_per_language() -> None:
    es = render_report(CAMPAIGN, ROWS, lang="es", now=NOW)
    assert "Fecha no válida (1)" in es
    assert "Check date values" not in es  # the problem said in Spanish, not the check's English
    assert "<code><nowiki>|date=</nowiki></code> Fecha no válida ||" in es
    assert "[[:Ayuda:Errores en las referencias#bad_date|cómo corregirlo]]" in es
    assert "[[Special:Diff/1002|dif]]" in es
    fr = render_report(CAMPAIGN, ROWS, lang="fr", now=NOW)
    assert "ISBN invalide (2)" in fr
    assert "[[:Catégorie:Page avec ISBN invalide|comment corriger]]" in fr


def test_simple_english_reads_as_english_with_help_on_english_wikipedia() -> None:
    """`simple` uses the `en` bundle: the same report, each check's own English detail,
    its help links going to English Wikipedia across wikis."""
    english = render_report(CAMPAIGN, ROWS, lang="en", now=NOW)
    simple = render_report(CAMPAIGN, ROWS, lang="simple", now=NOW)
    assert "value: checksum" in simple
    assert "[[:en:Help:CS1 errors#bad_date|how to fix]]" in simple
    assert simple.replace("[[:en:Help:", "[[:Help:").replace("(simple)", "(en)") == english


def test_nothing_to_report() -> None:
    text = render_report(CAMPAIGN, [], lang="en", now=NOW)
    assert text.endswith("No citation with an error so far.")
    assert "wikitable" not in text


def test_stamp_line_convention() -> None:
    first = render_report(CAMPAIGN, ROWS, lang="en", now=NOW)
    later = render_report(CAMPAIGN, ROWS, lang="en", now="2027-01-21T10:00:00Z")
    assert len(STAMP_RE.findall(first)) == 1
    assert without_stamp(first) == without_stamp(later)
    fewer = render_report(CAMPAIGN, ROWS[:1], lang="en", now=NOW)
    assert without_stamp(first) != without_stamp(fewer)


def test_disagreements_get_their_own_section_with_both_verdicts() -> None:
    from bot.render.model import DisagreementRow

    differ = DisagreementRow(
        wiki="enwiki", page_title="Article 9", revid=1009, user="Jane",
        wikitext="{{cite book |title=F |ref=harv}}", local_well_formed=True,
        wiki_well_formed=False, local_codes=(), wiki_codes=("invalid-param-value",),
    )  # fmt: skip
    plain = render_report(CAMPAIGN, ROWS, lang="en", now=NOW)
    assert "citation module disagrees" not in plain
    text = render_report(CAMPAIGN, ROWS, lang="en", now=NOW,
                         disagreements=[differ], disagreements_total=3)  # fmt: skip
    assert text.startswith(plain)  # the problem sections as before, then the new one
    section = text.split("=== Where the wiki's citation module disagrees (3) ===", 1)[1]
    assert "! Article !! Edit !! Participant !! This bot !! Citation module !! Citation" in section
    assert "|| well-formed || error: invalid-param-value ||" in section
    assert "Citations not shown: 2." in section
    fr = render_report(CAMPAIGN, [], lang="fr", now=NOW, disagreements=[differ],
                       disagreements_total=1)  # fmt: skip
    assert "Désaccords avec le module de citation du wiki (1)" in fr
    assert "|| bien formée || erreur: invalid-param-value ||" in fr


@pytest.mark.parametrize(("lang", "rtl"), [("he", True), ("fa", True), ("ar", True), ("sr", False)])
def test_right_to_left_languages_set_the_block_and_tables_right_to_left(
    lang: str, rtl: bool
) -> None:
    mixed = row("bad-date", page_title="תל אביב", user="Jane")
    text = render_report(CAMPAIGN, [mixed], lang=lang, now=NOW)
    assert text.startswith(f'<div dir="rtl" lang="{lang}">\n') == rtl
    # the last table's scrolling box closes, then (right to left) the block's div
    assert text.endswith("|}\n</div>\n</div>") == rtl
    tables = [line for line in text.splitlines() if line.startswith("{|")]
    assert tables and all(('dir="rtl"' in t) == rtl for t in tables)
    shown = escape.text("תל אביב")
    assert f"|<bdi>{shown}</bdi>]]" in text  # a title in another script is isolated
    assert "[[User:Jane|Jane]]" in text
