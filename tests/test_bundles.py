"""Language bundles: every packaged bundle is whole and valid, says what it leaves to English
or to the generic checks, and any language code works (no bundle: generic checks, English)."""

from __future__ import annotations

import json
import shutil
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from bot.citations import analyze_edit
from bot.config import load_config
from bot.errors import ConfigError, DataFileError
from bot.language_table import aliases, parse_table
from bot.languages import load_bundle
from bot.problems import load_catalogue
from bot.render import messages
from bot.welcome import load_welcome
from tests.test_config import GOOD, write

DATA = resources.files("bot") / "data"
DECLARED = json.loads(Path(__file__).with_name("data").joinpath("bundles.json").read_text())


def _langs(folder: str) -> set[str]:
    return {
        p.name.removesuffix(".json") for p in (DATA / folder).iterdir() if p.name.endswith(".json")
    }


BUNDLED = sorted(_langs("profiles") | _langs("messages") | _langs("welcome"))


def test_every_bundle_is_declared_with_what_falls_back() -> None:
    """tests/data/bundles.json (and the README table made from it) says, per bundle, which
    parts fall back to English or to the generic checks; the bundles agree with it."""
    assert sorted(DECLARED["bundles"]) == BUNDLED
    for lang in BUNDLED:
        assert load_bundle(lang).fallbacks() == DECLARED["bundles"][lang], lang


@pytest.mark.parametrize("lang", BUNDLED)
def test_a_bundle_refers_only_to_catalogue_codes(lang: str) -> None:
    bundle = load_bundle(lang)
    codes = set(load_catalogue().codes)
    assert set(bundle.profile.severity_overrides) <= codes
    assert set(bundle.profile.help_codes) <= codes
    assert set(bundle.welcome.tips) <= codes and set(bundle.welcome.anchors) <= codes
    for code in codes:  # every code has a description in the language (or in English)
        assert bundle.messages.problem(code) != code


def test_catalogue_says_which_codes_have_tips() -> None:
    catalogue = load_catalogue()
    assert set(load_welcome("en").tips) == set(catalogue.tip_codes)


def test_a_language_without_a_bundle_runs_the_generic_checks() -> None:
    new = (
        "ტექსტი.<ref>{{ციტირება ვებ |url=https://example.org/a |სათაური=X |isbn=0-306-40615-3"
        " |access-date=2030-01-01 |date=5 მაისი 2010}}</ref>"
        "<ref>https://example.org/b</ref><ref>{{lang|en|words}}</ref><ref name=a/>"
    )
    found = analyze_edit("", new, "ka", today=date(2026, 1, 20))
    problems = [[(p.code, p.param) for p in c.problems] for c in found.added]
    assert problems == [
        [("bad-date", "access-date"), ("bad-isbn", "isbn")],  # the Georgian date is not judged
        [("bare-url", None)],
        [],
        [("undefined-named-ref", "a")],
    ]
    bundle = load_bundle("ka")
    assert (bundle.checks, bundle.direction) == ("generic", "ltr")
    assert bundle.messages("column.rank") == "Rank" and bundle.welcome.heading.startswith("Welcome")


def test_simple_english_is_judged_and_addressed_with_the_english_bundle() -> None:
    """Simple English Wikipedia runs English Wikipedia's CS1 module: `simple` uses the `en`
    bundle (an alias in bot/data/languages.json), so CS1 errors the generic checks cannot see
    are found, and its texts are English, linking English Wikipedia's help pages."""
    new = (
        "Text.<ref>{{cite web |url=https://example.org/a |title=T |date=32 May 2010}}</ref>"
        "<ref>{{cite book |title=B |deadurl=no}}</ref>"
        "<ref>{{cite journal |title=J |chapter=C}}</ref>"
    )
    found = analyze_edit("", new, "simple", today=date(2026, 1, 20))
    errors = [[p.code for p in c.problems if p.severity == "error"] for c in found.added]
    assert errors == [["bad-date"], ["unknown-param"], ["chapter-ignored"]]
    assert found == analyze_edit("", new, "en", today=date(2026, 1, 20))
    generic = analyze_edit("", new, "ka", today=date(2026, 1, 20))
    assert [c.problems for c in generic.added] == [(), (), ()]
    bundle = load_bundle("simple")
    assert (bundle.checks, bundle.fallbacks(), bundle.direction) == ("packaged", [], "ltr")
    english = load_bundle("en")
    assert bundle.messages("column.rank") == "Rank"
    assert bundle.welcome.heading == english.welcome.heading
    assert bundle.messages.help_page("bad-date") == "en:Help:CS1 errors#bad_date"
    assert "[[:en:Help:Referencing for beginners]]" in bundle.welcome.body


@pytest.mark.parametrize("alias", sorted(aliases()))
def test_an_alias_has_the_bundle_of_its_language(alias: str) -> None:
    """Each alias of bot/data/languages.json: the citation rules, texts (help pages linked
    across wikis) and welcome of the language it names, with nothing left to fall back."""
    bundle, target = load_bundle(alias), load_bundle(aliases()[alias])
    assert bundle.profile.citation_templates == target.profile.citation_templates
    assert bundle.profile.param_aliases == target.profile.param_aliases
    assert bundle.checks == target.checks and bundle.fallbacks() == target.fallbacks()
    for key, text in target.messages.texts.items():
        own = key.startswith("help.") and text and key not in target.messages.fallback
        linked = f"{target.lang}:{text}" if own else text
        assert bundle.messages.texts[key] == linked, key
    assert bundle.welcome.tips == target.welcome.tips


def test_a_broken_alias_is_named() -> None:
    """bot/data/languages.json: an alias names a language code that is no alias itself."""
    for bad, why in (
        ({"simple": "en-"}, r"aliases\.simple: language codes"),
        ({"xa": "en", "xb": "xa"}, r"aliases\.xb: 'xa' is an alias itself"),
    ):
        with pytest.raises(DataFileError, match=why):
            parse_table({"rtl": [], "aliases": bad})
    with pytest.raises(DataFileError, match=r"languages\.json: cannot be read"):
        parse_table({"aliases": {}})


def test_config_takes_any_language_code(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, GOOD.replace('lang = "en"', 'lang = "ka"')))
    assert config.wiki("enwiki").lang == "ka"


def test_config_names_a_broken_bundle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "messages"
    folder.mkdir()
    shutil.copy(str(DATA / "messages" / "en.json"), folder / "en.json")
    broken: dict[str, Any] = {"column.rank": "Rang {n}"}
    (folder / "xx.json").write_text(json.dumps(broken), encoding="utf-8")
    monkeypatch.setattr(messages, "_folder", lambda: folder)
    for cached in (messages.load_messages, load_bundle):
        cached.cache_clear()
    try:
        with pytest.raises(
            ConfigError, match=r"wikis\.enwiki\.lang: .*xx\.json: key 'column\.rank'"
        ):
            load_config(write(tmp_path, GOOD.replace('lang = "en"', 'lang = "xx"')))
    finally:
        for cached in (messages.load_messages, load_bundle):
            cached.cache_clear()


def test_english_fallback_links_to_english_wikipedia_not_a_missing_local_page() -> None:
    from bot.records import ProblemSite
    from bot.welcome import render_welcome

    tip = [ProblemSite("bad-date", "Article", 5)]
    text = render_welcome("sr", "Alice", "2027-01", "Project:Board", tip)
    assert "[[Project:Board|" in text  # the campaign's own page stays on this wiki
    assert "[[:en:Help:Referencing for beginners]]" in text
    assert "([[:en:Help:CS1 errors#bad_date|?]])" in text
    assert load_bundle("sr").messages.help_page("bad-date") == "en:Help:CS1 errors#bad_date"
    english = render_welcome("en", "Alice", "2027-01", "Project:Board", tip)
    assert ":en:" not in english and "[[Help:CS1 errors#bad_date|?]]" in english
