"""Profiles the wiki describes (issue 13, point 3), on real local wikis: each wiki's citation
templates from its Citoid map page and the redirects to them, their TemplateData, its month
names and citation-needed templates; kept in the database, read again after a day; a broken
Citoid map keeps what was read before, with one warning."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot import store
from bot.citations.derive import profile_from, refresh_due
from bot.citations.profiles import load_generic, load_profile
from bot.cli import main
from bot.config import load_config
from bot.render.messages import load_messages
from bot.store import StoredProfile
from bot.wiki import connect
from scripts.devwiki import DevWiki
from scripts.devwiki.accounts import ADMIN
from scripts.publication_pages import en_publication, publication_pages
from tasks.profiles import wiki_profile
from tests.helpers import lib1ref, write_config

MAP = "MediaWiki:Citoid-template-type-map.json"
T0 = datetime(2027, 1, 20, 12, tzinfo=UTC)

# Georgian (no bundle): a web citation template with TemplateData under local parameter
# names, a short redirect to it, a citation-needed template with a redirect and the English
# seed name redirecting to it, as a wiki that publishes them would have.
KA_TEMPLATEDATA = {
    "params": {
        "url": {"aliases": ["ბმული"]},
        "სათაური": {"aliases": ["title"]},
        "თარიღი": {},
        "წვდომის თარიღი": {"aliases": ["access-date"]},
    },
    "maps": {"citoid": {"url": "url", "title": "სათაური", "date": "თარიღი",
                        "accessDate": "წვდომის თარიღი"}},
}  # fmt: skip
KA_PAGES = {
    "Template:ციტირება ვებ": "{{{სათაური|}}} {{{url|}}}<noinclude><templatedata>"
    + json.dumps(KA_TEMPLATEDATA, ensure_ascii=False)
    + "</templatedata></noinclude>",
    "Template:ვებ": "#REDIRECT [[Template:ციტირება ვებ]]",
    "Template:საჭიროა წყარო": "<sup>[წყარო?]</sup>",
    "Template:წყარო": "#REDIRECT [[Template:საჭიროა წყარო]]",
    "Template:Citation needed": "#REDIRECT [[Template:საჭიროა წყარო]]",
    MAP: json.dumps({"webpage": "ციტირება ვებ"}, ensure_ascii=False),
}

pytestmark = pytest.mark.usefixtures("password")


def _publish(wiki: DevWiki, pages: dict[str, str]) -> None:
    for title, text in pages.items():
        wiki.edit(ADMIN, title, text, summary="setup")


def _citations(config: Path, capsys: pytest.CaptureFixture[str]) -> list[dict[str, Any]]:
    capsys.readouterr()
    assert main(["--config", str(config), "export", "citations", "--format", "json"]) == 0
    rows: list[dict[str, Any]] = json.loads(capsys.readouterr().out)
    return rows


@pytest.mark.parametrize("langwiki", ["ka"], indirect=True)
def test_a_wiki_with_no_bundle_is_judged_by_what_it_publishes(
    langwiki: DevWiki,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    _publish(langwiki, KA_PAGES)
    cite = "{{ვებ |ბმული=https://example.org/a |სათაური=X |წვდომის თარიღი=2030-01-01}}"
    alice = langwiki.edit("Alice", "Alpha", f"Text.<ref>{cite}</ref>", summary="#1Lib1Ref")
    langwiki.edit("Bob", "Beta", "Text.{{წყარო}}", summary="setup")
    langwiki.edit("Bob", "Beta", "Text.<ref>{{თარგი:ციტირება ვებ |url=https://example.org/b}}"
                  "</ref><ref>https://example.org/c</ref>", summary="#1Lib1Ref")  # fmt: skip
    config = write_config(tmp_path, langwiki.api_url, lang="ka")
    with caplog.at_level(logging.INFO, logger="lib1ref"):
        assert lib1ref(config, "scan") == 0
    rows = {(r["user"], r["position"]): r for r in _citations(config, capsys)}
    got = {k: (r["problems"], r["profile_source"]) for k, r in rows.items()}
    assert got == {
        ("Alice", 0): (["bad-date"], "derived"),  # its access date, under the Georgian name
        ("Bob", 0): (["missing-title", "missing-title"], "derived"),  # no title, for its url
        ("Bob", 1): (["bare-url"], "generic"),
    }
    read = [r.getMessage() for r in caplog.records if r.getMessage().startswith("profile local")]
    assert read == [
        "profile local: read in 3 requests: source derived, 2 citation templates (2 named by "
        "the wiki only), 5 citation-needed templates"
    ]
    capsys.readouterr()
    assert lib1ref(config, "export", "edits", "--format", "json") == 0
    edits = {e["user"]: e for e in json.loads(capsys.readouterr().out)}
    assert edits["Bob"]["cn_removed"] == 1  # {{წყარო}}, a redirect to the wiki's template
    assert lib1ref(config, "status") == 0
    assert "citation profile: derived (read " in capsys.readouterr().out

    capsys.readouterr()  # `check` judges a revision with the profile the scan read
    assert lib1ref(config, "check", "--wiki", "local", str(alice), "--json") == 0
    (checked,) = json.loads(capsys.readouterr().out)["added"]
    assert [p["code"] for p in checked["problems"]] == ["bad-date"]

    assert lib1ref(config, "leaderboard") == 0
    said = load_messages("ka")("checks.derived", lang="ka")
    board = langwiki.page_text("Project:1Lib1Ref/Leaderboard") or ""
    report = langwiki.page_text("Project:1Lib1Ref/Citations to check") or ""
    assert said in board and said in report
    # re-checked against the articles with the wiki's profile: the error stands
    assert "example.org/a" in report and "example.org/b" in report


def _stored(db_path: Path) -> StoredProfile:
    stored = store.load_wiki_profile(store.open_db(db_path), "local")
    assert stored is not None
    return stored


@pytest.mark.parametrize("langwiki", ["ka"], indirect=True)
def test_the_profile_is_read_again_after_a_day_and_a_broken_map_keeps_the_last(
    langwiki: DevWiki, tmp_path: Path, password: str, caplog: pytest.LogCaptureFixture
) -> None:
    _publish(langwiki, KA_PAGES)
    config = load_config(write_config(tmp_path, langwiki.api_url, lang="ka"))
    db = store.open_db(config.database)
    wiki = connect(config, "local", password, login=False, edits=False)
    try:
        first = wiki_profile(db, wiki, T0, dry_run=False)
        assert first.source == "derived" and "ციტირება ვებ" in first.derived_templates
        assert first.dates.months.get("მაისი") == 5  # the wiki's own month names
        _publish(langwiki, {MAP: json.dumps({"webpage": "ციტირება ვებ", "book": "წიგნი"})})
        before = wiki.requests
        same = wiki_profile(db, wiki, T0 + timedelta(hours=23), dry_run=False)
        assert wiki.requests == before  # read less than a day ago: no request
        assert "წიგნი" not in same.citation_templates
        later = wiki_profile(db, wiki, T0 + timedelta(days=1), dry_run=False)
        assert later.citation_templates.get("წიგნი") == "book"  # read again

        _publish(langwiki, {MAP: "[]"})  # valid JSON, but no map
        caplog.clear()
        with caplog.at_level(logging.WARNING, logger="lib1ref"):
            kept = wiki_profile(db, wiki, T0 + timedelta(days=2), dry_run=False)
        assert kept.citation_templates.get("წიგნი") == "book"  # the last one read
        warnings = [r.getMessage() for r in caplog.records]
        assert len(warnings) == 1 and "is not a JSON object" in warnings[0], warnings
        assert "judging with the one read before" in warnings[0]
        stored = _stored(config.database)
        assert stored.fetched_at == T0 + timedelta(days=1) and "JSON object" in stored.failure

        before = wiki.requests  # failed a moment ago: not asked again within the hour
        wiki_profile(db, wiki, T0 + timedelta(days=2, minutes=30), dry_run=False)
        assert wiki.requests == before
    finally:
        wiki.close()


@pytest.mark.parametrize("langwiki", ["he"], indirect=True)
def test_a_broken_map_and_nothing_read_before_leaves_the_packaged_profile(
    langwiki: DevWiki, tmp_path: Path, password: str, caplog: pytest.LogCaptureFixture
) -> None:
    _publish(langwiki, {MAP: "[1, 2]"})
    config = load_config(write_config(tmp_path, langwiki.api_url, lang="he"))
    db = store.open_db(config.database)
    wiki = connect(config, "local", password, login=False, edits=False)
    try:
        assert wiki_profile(db, wiki, T0, dry_run=True).source == "packaged"
        assert store.load_wiki_profile(db, "local") is None  # a dry run keeps nothing
        caplog.clear()
        with caplog.at_level(logging.WARNING, logger="lib1ref"):
            profile = wiki_profile(db, wiki, T0, dry_run=False)
    finally:
        wiki.close()
    assert profile.source == "packaged"
    assert [r.getMessage().split(";")[-1] for r in caplog.records] == [
        " judging with the packaged one"
    ]
    assert _stored(config.database).publication is None


def test_a_profile_is_read_once_a_day_and_an_hour_after_a_failure() -> None:
    day, hour = timedelta(days=1), timedelta(hours=1)
    assert refresh_due(None, None, T0)
    assert not refresh_due(T0, None, T0 + day - timedelta(seconds=1))
    assert refresh_due(T0, None, T0 + day)
    assert not refresh_due(T0, T0 + day, T0 + day + hour - timedelta(seconds=1))
    assert refresh_due(T0, T0 + day, T0 + day + hour)
    assert not refresh_due(None, T0, T0 + timedelta(minutes=5))


def test_english_templates_on_a_local_wiki_give_the_english_publication_back(
    cs1botwiki: DevWiki, tmp_path: Path, password: str
) -> None:
    """The English Wikipedia templates (../shared/testdata/cs1) carrying the TemplateData of
    tests/data/derive/en.json, with its Citoid map and citation-needed templates: the wiki
    gives back a publication from which the same profile is derived (the one `make bench`
    measures against the packaged `en` profile)."""
    expected = en_publication()
    _publish(cs1botwiki, publication_pages(expected, cs1botwiki.page_text))
    config = load_config(write_config(tmp_path, cs1botwiki.api_url))
    wiki = connect(config, "local", password, login=False, edits=False)
    try:
        before = wiki.requests
        got = wiki.publication(load_profile("en").cn_templates)
        requests = wiki.requests - before
    finally:
        wiki.close()
    assert got.type_map == expected.type_map
    assert got.templatedata == expected.templatedata
    assert set(got.cn_templates) == set(expected.cn_templates)
    base = load_generic("en")
    mine, theirs = profile_from(base, got), profile_from(base, expected)
    assert dict(mine.citation_templates) == dict(theirs.citation_templates)
    assert dict(mine.param_aliases) == dict(theirs.param_aliases)
    assert mine.cn_templates == theirs.cn_templates
    assert requests == 3  # 14 templates, 20 redirects, 3 citation-needed names: 3 requests


# Bundled wikis whose Citoid map names a template the bundle does not know, with TemplateData
# under local parameter names: that template's citations are judged by what the wiki
# publishes ("derived"), the bundle's templates by the bundle ("packaged").
BUNDLED = {
    "sr": ("Наведи веб", "Веб", {"url": "адреса", "title": "наслов", "accessDate": "приступљено"},
           "{{Веб |адреса=https://example.org/a |наслов=Н |приступљено=2030-01-01}}",
           "{{Cite web |url=https://example.org/b |title=Б |access-date=2030-01-01}}"),
    "fa": ("یادکرد تارنما", "تارنما", {"url": "پیوند", "title": "سرنام", "accessDate": "دیدن"},
           "{{تارنما |پیوند=https://example.org/a |سرنام=ن |دیدن=2030-01-01}}",
           "{{یادکرد وب |نشانی=https://example.org/b |عنوان=ب |بازبینی=2030-01-01}}"),
}  # fmt: skip


@pytest.mark.parametrize("langwiki", sorted(BUNDLED), indirect=True)
def test_a_bundled_wiki_adds_the_templates_it_publishes(
    langwiki: DevWiki, tmp_path: Path, capsys: pytest.CaptureFixture[str], request: Any
) -> None:
    lang = request.node.callspec.params["langwiki"]
    template, short, citoid, local, bundled = BUNDLED[lang]
    data = {"params": {p: {} for p in citoid.values()}, "maps": {"citoid": citoid}}
    _publish(langwiki, {
        f"Template:{template}": "{{{1|}}}<noinclude><templatedata>"
        + json.dumps(data, ensure_ascii=False) + "</templatedata></noinclude>",
        f"Template:{short}": f"#REDIRECT [[Template:{template}]]",
        MAP: json.dumps({"webpage": [template, "Cite web"]}, ensure_ascii=False),
    })  # fmt: skip
    langwiki.edit("Alice", "Alpha", f"Text.<ref>{local}</ref>", summary="#1Lib1Ref")
    langwiki.edit("Bob", "Beta", f"Text.<ref>{bundled}</ref>", summary="#1Lib1Ref")
    config = write_config(tmp_path, langwiki.api_url, lang=lang)
    assert lib1ref(config, "scan") == 0
    got = {r["user"]: (r["problems"], r["profile_source"]) for r in _citations(config, capsys)}
    assert got == {"Alice": (["bad-date"], "derived"), "Bob": (["bad-date"], "packaged")}
    assert lib1ref(config, "status") == 0
    assert "citation profile: packaged+derived (read " in capsys.readouterr().out


def test_judge_wiki_asks_the_module_about_templates_only_the_wiki_names(
    cs1botwiki: DevWiki, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`judge = "wiki"`: a citation in a template the bundle does not know, named by the
    wiki's Citoid map, is rendered by the wiki's citation module like any other."""
    _publish(cs1botwiki, {
        "Template:Navedi web": "{{#invoke:Citation/CS1|citation|CitationClass=web}}",
        MAP: json.dumps({"webpage": ["Cite web", "Navedi web"]}),
    })  # fmt: skip
    cite = "{{Navedi web |url=https://example.org/a |title=T |access-date=31 February 2020}}"
    cs1botwiki.edit("Alice", "Alpha", f"Text.<ref>{cite}</ref>", summary="#1Lib1Ref")
    config = write_config(tmp_path, cs1botwiki.api_url, wiki_extra='judge = "wiki"')
    assert lib1ref(config, "scan") == 0
    (row,) = _citations(config, capsys)
    assert (row["judge"], row["fallback"], row["profile_source"]) == ("wiki", "", "derived")
    assert row["problems"] == ["bad-date"]  # the module's verdict: no 31 February
