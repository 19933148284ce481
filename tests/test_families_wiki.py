"""A campaign over a family ("every open Wikipedia") on real local wikis in several
languages, listed by a local stand-in for Meta-Wiki's sitematrix: every listed wiki is read
(anonymously), a closed one is not, one that is down fails alone, one listed mid-campaign is
read from the campaign's start; the bot writes only on the one wiki configured to post."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from bot.cli import main
from scripts.devwiki import BOT_USER, DevWiki, DevWikiError, build_template
from scripts.sitematrix_server import Site, Sitematrix, serve_sitematrix
from tests.helpers import lib1ref, write_config

HUB = "Project:1Lib1Ref/Every wiki"
CONTACT = "https://example.org/User:Operator"  # scripts/botconfig.py
GOOD = "{{cite web |url=https://example.org/a |title=A |access-date=2020-03-01}}"
BAD_ISBN = "{{cite book |title=B |isbn=978-0-306-40615-8}}"


@pytest.fixture(autouse=True)
def _forget_sessions() -> Iterator[None]:
    """pywikibot keeps one cookie jar per process, by host name and not by port (the bot's
    jar stays in memory, `bot.wiki.credentials`): the session cookies of these wikis on
    127.0.0.1 would reach a later test's wiki there ("Unable to continue login"). Any
    `.lwp` file is removed too, should a pywikibot default ever write one."""
    yield
    from pywikibot.comms import http

    from bot.wiki.setup import private_dir

    http.session.cookies.clear()
    for saved in private_dir().glob("*.lwp"):
        saved.unlink()


@pytest.fixture
def langwikis(
    devwiki: DevWiki, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, DevWiki]]:
    """Three more local wikis whose content languages are sr, he and fa."""
    started: dict[str, DevWiki] = {}
    try:
        for lang in ("sr", "he", "fa"):
            w = DevWiki.create(tmp_path_factory.mktemp(f"family-{lang}") / "wiki",
                               build_template())  # fmt: skip
            with w.settings_file.open("a", encoding="utf-8") as f:
                f.write(f'\n$wgLanguageCode = "{lang}";\n')
            w.start()
            started[lang] = w
    except (DevWikiError, OSError) as exc:
        pytest.fail(f"local MediaWiki unavailable: {exc}", pytrace=False)
    try:
        yield started
    finally:
        for w in started.values():
            w.stop()


def localhost(url: str) -> str:
    """The URL under the host name `localhost`: the wiki the bot logs in to keeps its session
    cookies apart from the anonymous reads of the other wikis on 127.0.0.1 (a cookie jar is
    kept by host name, not by port)."""
    return url.replace("127.0.0.1", "localhost")


def _config(tmp_path: Path, hub: DevWiki, matrix: Sitematrix, *, hub_posts: bool = True) -> Path:
    sitematrix = f'[sitematrix]\napi = "{matrix.url}"\napi_path = "/api.php"\nrefresh_hours = 0\n'
    hub_page = f'\nhub_wiki = "local"\nhub_page = "{HUB}"' if hub_posts else ""
    config = write_config(tmp_path, localhost(hub.api_url), extra_top=sitematrix,
                          campaign_extra='families = ["wikipedia"]' + hub_page)  # fmt: skip
    if not hub_posts:  # no configured wiki at all: the campaign is its family alone
        text = config.read_text(encoding="utf-8")
        head, rest = text.split("[wikis.local]", 1)
        config.write_text(head + "[[campaigns]]" + rest.split("[[campaigns]]", 1)[1]
                          .replace('wikis = ["local"]', ""), encoding="utf-8")  # fmt: skip
    return config


def _export(config: Path, what: str, capsys: pytest.CaptureFixture[str]) -> list[dict[str, Any]]:
    capsys.readouterr()
    assert main(["--config", str(config), "export", what, "--format", "json"]) == 0
    rows: list[dict[str, Any]] = json.loads(capsys.readouterr().out)
    return rows


def _add_interwikis(hub: DevWiki, targets: dict[str, DevWiki]) -> None:
    """Interwiki prefixes on the hub wiki (as Meta-Wiki has `en:`, `sr:`…) to the others."""
    with sqlite3.connect(hub.data_dir / "wiki.sqlite") as db:
        db.executemany(
            "INSERT INTO interwiki (iw_prefix, iw_url, iw_api, iw_wikiid, iw_local, iw_trans) "
            "VALUES (?, ?, '', '', 1, 0)",
            [(p, f"{w.index_url}?title=$1") for p, w in targets.items()],
        )


def _parsed(w: DevWiki, title: str) -> dict[str, Any]:
    answer = w.api_get(action="parse", page=title, prop="text|iwlinks", format="json",
                       formatversion="2")  # fmt: skip
    parsed: dict[str, Any] = answer["parse"]
    return parsed


def _export_status(config: Path, capsys: pytest.CaptureFixture[str]) -> list[dict[str, Any]]:
    capsys.readouterr()
    assert main(["--config", str(config), "status", "--json"]) == 0
    rows: list[dict[str, Any]] = json.loads(capsys.readouterr().out)
    return rows


def _bot_changes(w: DevWiki) -> list[str]:
    """Titles the bot's account changed on `w` (recent changes, every namespace)."""
    rows = w.api_get(action="query", list="recentchanges", rcuser=BOT_USER, rcprop="title",
                     rclimit="max", format="json", formatversion="2")  # fmt: skip
    return [r["title"] for r in rows["query"]["recentchanges"]]


@pytest.mark.slow
@pytest.mark.usefixtures("password")
def test_every_open_wikipedia_is_read_and_only_the_approved_one_is_written(
    botwiki: DevWiki,
    langwikis: dict[str, DevWiki],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    sr, he, fa = langwikis["sr"], langwikis["he"], langwikis["fa"]
    _add_interwikis(botwiki, langwikis)
    for w, user in ((botwiki, "Alice"), (sr, "Bob"), (he, "Carol"), (fa, "Dave")):
        w.edit(user, "Alpha", f"Text.<ref>{GOOD}</ref>", summary="#1Lib1Ref")
    sr.edit("Alice", "Beta", f"Text.<ref>{BAD_ISBN}</ref>", summary="adding #1Lib1Ref")
    # Listed, but nothing answers there: a privileged port no wiki of the suite is given (a
    # free port would come back to a later test's wiki, under a pywikibot site left here).
    down = "http://127.0.0.1:9"
    matrix = Sitematrix([
        Site("en", "enwiki", localhost(botwiki.base_url)),  # the configured wiki that posts
        Site("sr", "srwiki", sr.base_url),
        Site("he", "hewiki", he.base_url),
        Site("ka", "kawiki", down),
        Site("xx", "xxwiki", sr.base_url, closed=True),  # closed: never read
        Site("sr", "srwikisource", sr.base_url, code="wikisource"),  # another family
    ])  # fmt: skip
    with serve_sitematrix(matrix):
        config = _config(tmp_path, botwiki, matrix)
        assert lib1ref(config, "scan") == 1  # kawiki is down; the others are read
        edits = _export(config, "edits", capsys)
        assert sorted((e["wiki"], e["user"]) for e in edits) == [
            ("hewiki", "Carol"),
            ("local", "Alice"),
            ("srwiki", "Alice"),
            ("srwiki", "Bob"),
        ]
        citations = {(c["wiki"], c["page_title"]): c["problems"]
                     for c in _export(config, "citations", capsys)}  # fmt: skip
        assert citations[("srwiki", "Beta")] == ["bad-isbn"]  # read with sr's bundle

        matrix.sites.append(Site("fa", "fawiki", fa.base_url))  # listed mid-campaign
        assert lib1ref(config, "scan") == 1
        edits = _export(config, "edits", capsys)
        assert ("fawiki", "Dave") in {(e["wiki"], e["user"]) for e in edits}  # from the start
        assert not {e["wiki"] for e in edits} & {"xxwiki", "srwikisource", "kawiki"}

        capsys.readouterr()
        assert main(["--config", str(config), "export", "hashtags", "--format", "csv"]) == 0
        tagged = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
        assert list(tagged[0]) == ["Domain", "Timestamp", "Username", "Page title",
                                   "Edit summary", "Diff ID"]  # fmt: skip
        host = {w: urlsplit(w.base_url).netloc for w in (sr, he, fa)}
        host[botwiki] = urlsplit(localhost(botwiki.base_url)).netloc
        assert sorted((r["Domain"], r["Username"]) for r in tagged) == sorted([
            (host[botwiki], "Alice"), (host[sr], "Bob"), (host[sr], "Alice"),
            (host[he], "Carol"), (host[fa], "Dave")])  # fmt: skip
        assert [r["Timestamp"] for r in tagged] == sorted(
            (r["Timestamp"] for r in tagged), reverse=True
        )  # newest first, as the tool
        totals = {t["wiki"]: t for t in _export(config, "wikis", capsys)}
        assert {k: (t["domain"], t["edits"], t["citations_added"]) for k, t in totals.items()} == {
            "local": (host[botwiki], 1, 1), "srwiki": (host[sr], 2, 2),
            "hewiki": (host[he], 1, 1), "fawiki": (host[fa], 1, 1)}  # fmt: skip

        assert lib1ref(config, "leaderboard") == 0
        assert lib1ref(config, "welcome") == 0
        assert all(CONTACT in ua for ua in matrix.user_agents) and matrix.user_agents

    written = _bot_changes(botwiki)  # the leaderboard, the report and Alice's welcome
    assert "User talk:Alice" in written and any(t.endswith("/Leaderboard") for t in written)
    for w in (sr, he, fa):
        assert _bot_changes(w) == [], w.base_url  # nothing written anywhere else

    hub = _parsed(botwiki, HUB)  # the hub page as the wiki renders it
    html = hub["text"]
    assert "5</b> edits by <b>4</b> participants on <b>4</b> wikis" in html
    links = {(iw["prefix"], iw["title"]) for iw in hub["iwlinks"]}
    assert {("sr", "sr:User:Bob"), ("he", "he:User:Carol"), ("fa", "fa:User:Dave")} <= links
    assert f'href="{sr.index_url}?title=User:Bob"' in html  # the link reaches Bob's own wiki
    assert "10 edits or more: <b>0</b> wikis" in html
    assert 'class="wikitable sortable lib1ref-bot-hub"' in html


@pytest.mark.usefixtures("password")
def test_a_family_alone_is_read_without_an_account(
    botwiki: DevWiki,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    botwiki.edit("Bob", "Gamma", f"Text.<ref>{GOOD}</ref>", summary="#1Lib1Ref")
    monkeypatch.delenv("LIB1REF_BOT_PASSWORD")  # no token: nothing can log in
    with serve_sitematrix(Sitematrix([Site("en", "enwiki", botwiki.base_url)])) as matrix:
        config = _config(tmp_path, botwiki, matrix, hub_posts=False)
        assert lib1ref(config, "scan") == 0
    edits = _export(config, "edits", capsys)
    assert [(e["wiki"], e["user"], e["page_title"]) for e in edits] == [("enwiki", "Bob", "Gamma")]
    assert _bot_changes(botwiki) == []
    status = _export_status(config, capsys)  # the family wiki has its status row
    assert [(r["wiki"], r["edits"], r["checkpoint"] is not None) for r in status] == [
        ("enwiki", 1, True)
    ]


def test_wikidata_edits_count_as_edits_without_citation_analysis(
    botwiki: DevWiki, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    botwiki.edit("Carol", "Q42", f"Text.<ref>{BAD_ISBN}</ref>", summary="#1Lib1Ref")
    site = Site("wikidata", "wikidatawiki", botwiki.base_url, code="wikidata")
    with serve_sitematrix(Sitematrix([site])) as matrix:
        config = _config(tmp_path, botwiki, matrix, hub_posts=False)
        text = config.read_text(encoding="utf-8")
        config.write_text(text.replace('families = ["wikipedia"]', 'families = ["wikidata"]'),
                          encoding="utf-8")  # fmt: skip
        assert lib1ref(config, "scan") == 0
    edits = _export(config, "edits", capsys)
    assert [(e["wiki"], e["user"], e["citations_added"], e["analysed"]) for e in edits] == [
        ("wikidatawiki", "Carol", 0, True)
    ]  # counted; its text never read for citations
    assert _export(config, "citations", capsys) == []
