"""User-controlled text in wikitext: hostile strings render as themselves, never as markup."""

from __future__ import annotations

import html
import json
import re
import unicodedata
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import requests
from hypothesis import given
from hypothesis import strategies as st

from bot.citations.model import Problem
from bot.render import escape
from bot.render.leaderboard import render_leaderboard, replace_block
from bot.render.model import CampaignInfo, ReportRow, Standing, Totals
from bot.render.ranking import rank
from bot.render.report import render_report
from scripts.devwiki import DevWiki

HOSTILE = json.loads(
    (Path(__file__).parent / "data" / "render" / "hostile.json").read_text(encoding="utf-8")
)
HOSTILE_IDS = [case["id"] for case in HOSTILE]
ENTITY = re.compile(r"&#[0-9]+;")
SCHEMES = "bitcoin|ftp|geo|git|gopher|http|irc|magnet|mailto|matrix|mms|news|nntp|redis|sftp|sip"
MARKUP = re.compile(
    r"[<>\[\]{}|&\n\r]|''|__|~~~|!!|^[ \-*#:;=!']|'$|ISBN|RFC|PMID"
    rf"|(?:{SCHEMES}|sms|ssh|svn|tel|urn|worldwind|xmpp):",
    re.IGNORECASE,
)


def raw_markup(out: str) -> set[str]:
    """What could start markup in `out` once its character references are taken out."""
    return {m.group() for m in MARKUP.finditer(ENTITY.sub("x", out))}


def nowiki_inner(out: str) -> str:
    assert out.startswith("<code><nowiki>") and out.endswith("</nowiki></code>")
    inner = out.removeprefix("<code><nowiki>").removesuffix("</nowiki></code>")
    assert not re.search(r"</nowiki|-\{|\}-|\n", inner, re.IGNORECASE)
    return inner


def expected_visible(s: str, limit: int = escape.MAX_TEXT) -> str:
    """An oracle independent of the implementation, for text without controls or CR."""
    s = unicodedata.normalize("NFC", s)  # as MediaWiki stores it
    if len(s) > limit:
        s = s[: limit - 1] + "…"
    return s.replace("\n", " ⏎ ")


@pytest.mark.parametrize("case", HOSTILE, ids=HOSTILE_IDS)
def test_hostile_text_is_plain(case: dict[str, str]) -> None:
    out = escape.text(case["text"])
    assert raw_markup(out) == set()
    assert html.unescape(out) == escape.visible(case["text"])


@pytest.mark.parametrize("case", HOSTILE, ids=HOSTILE_IDS)
def test_hostile_code_is_plain(case: dict[str, str]) -> None:
    inner = nowiki_inner(escape.code(case["text"]))
    assert html.unescape(inner) == escape.visible(case["text"], escape.MAX_CODE)


def test_examples_read_as_typed() -> None:
    assert html.unescape(escape.text("'''bold''' {{foo}}")) == "'''bold''' {{foo}}"
    assert escape.text("Jane Doe (ed.), 2010") == "Jane Doe (ed.), 2010"
    assert escape.text("&amp;") == "&#38;amp;"
    assert escape.visible("a\n* item") == "a ⏎ * item"
    assert escape.visible("a\r\nb\rc") == "a ⏎ b ⏎ c"
    assert escape.visible("a\x00b\x85c") == "a\ufffdb\ufffdc"


def test_long_text_is_cut_with_an_ellipsis() -> None:
    shown = escape.visible("x" * 1000)
    assert len(shown) == escape.MAX_TEXT
    assert shown.endswith("…")
    assert escape.code("y" * 1000) == "<code><nowiki>" + "y" * 499 + "…</nowiki></code>"
    assert escape.visible("z" * 5, limit=None) == "zzzzz"


def test_user_link() -> None:
    assert escape.user_link("Jane Doe") == (
        "[[User:Jane Doe|Jane Doe]] ([[Special:Contributions/Jane Doe|contribs]])"
    )
    link = escape.user_link("O'Brien [x]{y}|z#<w>", contribs="contribuciones")
    target = link.split("|", 1)[0]
    assert not set("[]{}|#<>") & set(ENTITY.sub("", target.removeprefix("[[")))
    assert "|contribuciones]])" in link
    assert html.unescape(link.split("|", 1)[1].split("]]", 1)[0]) == "O'Brien [x]{y}|z#<w>"
    assert escape.user_link("[]{}") == escape.text("[]{}")  # nothing left to link to


def test_page_and_diff_links() -> None:
    assert escape.page_link("Category:X") == "[[:Category:X|Category:X]]"
    assert escape.diff_link(123) == "[[Special:Diff/123|diff]]"
    assert escape.diff_link(5, label="dif") == "[[Special:Diff/5|dif]]"
    assert escape.help_link("Help:CS1 errors#bad_date", "help") == (
        "[[:Help:CS1 errors#bad_date|help]]"
    )


@given(st.text())
def test_property_no_markup_for_any_text(s: str) -> None:
    out = escape.text(s)
    assert raw_markup(out) == set()
    assert html.unescape(out) == escape.visible(s)
    inner = nowiki_inner(escape.code(s))
    assert html.unescape(inner) == escape.visible(s, escape.MAX_CODE)


@pytest.mark.parametrize(
    ("typed", "wikitext"),
    [
        ("Иван Петров", "Иван Петров"),
        ("דוד בן-גוריון", "דוד בן-גוריון"),
        ("María José O'Brien", "María José O'Brien"),
        ("Star Wars: Episode IV – A New Hope", "Star Wars: Episode IV – A New Hope"),
        ("~2027-12345-6", "~2027-12345-6"),  # a temporary account keeps its tilde
        ("C++ (programming_language)", "C++ (programming_language)"),
        ("Tom & Jerry", "Tom &#38; Jerry"),
    ],
)
def test_names_and_titles_stay_as_typed(typed: str, wikitext: str) -> None:
    assert escape.text(typed) == wikitext


def test_citation_wikitext_reads_as_typed() -> None:
    cite = "<ref>{{cite web |url=https://x.org/?a=1&b=2 |title=Ünïcode}}</ref>"
    assert escape.code(cite) == (
        "<code><nowiki><ref>{{cite web |url=https://x.org/?a=1&amp;b=2 |title=Ünïcode}}</ref>"
        "</nowiki></code>"
    )


@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Cn")), max_size=400))
def test_property_unescapes_to_the_truncated_input(s: str) -> None:
    assert html.unescape(escape.text(s)) == expected_visible(s)


@given(st.text(max_size=80))
def test_property_link_targets_stay_links(s: str) -> None:
    where = escape.target(s)
    assert not set("[]{}|#<>\n") & set(ENTITY.sub("", where))
    assert not re.search(r"(?:http|mailto):", ENTITY.sub("", where), re.IGNORECASE)


@given(st.text(max_size=40))
def test_property_user_link_is_target_and_label(s: str) -> None:
    where = escape.target(s)
    expected = (
        f"[[User:{where}|{escape.name_text(s)}]] ([[Special:Contributions/{where}|contribs]])"
        if where
        else escape.name_text(s)
    )
    assert escape.user_link(s) == expected


@pytest.mark.parametrize(
    "name", ["\u202eevil", "\u05d3\u05d5\u05d3", "x\u2067y", "\u0639\u0644\u064a (2)"]
)
def test_a_name_that_could_reorder_its_surroundings_is_isolated(name: str) -> None:
    link = escape.user_link(name)
    label = link.split("|", 1)[1].split("]]", 1)[0]
    assert label.startswith("<bdi>") and label.endswith("</bdi>")
    assert html.unescape(label.removeprefix("<bdi>").removesuffix("</bdi>")) == name
    assert escape.name_text("Plain ASCII") == "Plain ASCII"  # nothing to isolate


# -- on the real MediaWiki -----------------------------------------------------------------


class _Cells(HTMLParser):
    """Text of every table cell, per table and row."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[str]]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            # MediaWiki keeps a space before ! ? : ; from breaking (French spacing): a space.
            self.tables[-1][-1].append("".join(self._cell).replace("\xa0", " ").strip())
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def _parse(wiki: DevWiki, text: str) -> dict[str, Any]:
    response = requests.post(
        wiki.api_url,
        data={
            "action": "parse",
            "title": "Project:1Lib1Ref/Leaderboard",
            "text": text,
            "contentmodel": "wikitext",
            "pst": "1",
            "prop": "text|categories|templates|externallinks|properties|links",
            "disablelimitreport": "1",
            "format": "json",
            "formatversion": "2",
        },
        timeout=60,
    )
    response.raise_for_status()
    parsed: dict[str, Any] = response.json()["parse"]
    return parsed


@pytest.mark.wiki
def test_mediawiki_renders_hostile_values_as_text(devwiki: DevWiki) -> None:
    texts = [case["text"] for case in HOSTILE]
    campaign = CampaignInfo(
        "2027-01", "2027-01-15T00:00:00Z", "2027-02-05T23:59:59Z", ("1Lib1Ref",)
    )
    day1, day2 = "2027-01-15T00:00:00Z", "2027-01-16T00:00:00Z"
    standings = [
        Standing(t, "registered", 100 - i, 1, 0, 1, (t,), day1, day2) for i, t in enumerate(texts)
    ]
    totals = Totals(len(texts), 1, 1, 1, ("enwiki",), (("2027-01-15", 1),))
    rows = [ReportRow("enwiki", t, 7, t, t, Problem("bad-date", "error", t, t)) for t in texts]
    board = render_leaderboard(
        campaign, totals, rank(standings), lang="en", now="2027-01-16T00:00:00Z", global_page=True
    )
    report = render_report(campaign, rows, lang="en", now="2027-01-16T00:00:00Z")
    page = replace_block("Organizer text.", board) + "\n\n" + report

    parsed = _parse(devwiki, page)
    assert parsed["categories"] == []
    assert parsed["templates"] == []
    assert parsed["externallinks"] == []
    assert parsed["properties"] == {}  # no __NOTOC__ and friends
    assert not re.search(r"<(pre|hr|dl|ol|script|sup|h4)\b|mw-magiclink|cite-error", parsed["text"])

    links = {link["title"] for link in parsed["links"]}
    assert {"User:O'Brien", "O'Brien", "Category:X", "User:~2027-12345-6"} <= links
    assert "User:2001:DB8:0:0:0:0:0:1" in links  # entity-encoded targets are decoded

    cells = _Cells()
    cells.feed(parsed["text"])
    table, _chart, report_table = cells.tables  # the chart follows the table
    assert len(table) == 1 + len(texts)
    assert {len(row) for row in table} == {8}
    assert {len(row) for row in report_table} == {5}
    # a cell's outer spaces do not show; no-break spaces compared as spaces (see _Cells)
    shown = [escape.visible(t).replace("\xa0", " ").strip() for t in texts]
    assert [row[1].removesuffix("(contribs)").strip() for row in table[1:]] == shown
    assert [row[6] for row in table[1:]] == shown  # the wikis column
    assert [row[0] for row in report_table[1:]] == shown
    assert [row[2].removesuffix("(contribs)").strip() for row in report_table[1:]] == shown
    assert [row[4] for row in report_table[1:]] == shown
