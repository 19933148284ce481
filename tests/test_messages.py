"""Message files: every language complete and consistent; broken files named clearly."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.errors import DataFileError
from bot.render import messages
from bot.render.messages import available_languages, load_messages

PROBLEM_CODES = [
    "missing-title", "bare-url", "cite-web-url", "accessdate-missing-url", "bad-url",
    "bad-date", "bad-isbn", "bad-issn", "bad-doi", "bad-pmid", "bad-pmc",
    "invalid-param-value", "archive-missing-date", "archive-missing-url", "empty-citation",
    "duplicate-param",
    "unknown-param", "empty-ref", "undefined-named-ref", "conflicting-named-ref", "malformed",
    "no-locator",
    "deprecated-param", "apostrophe-markup", "generic-name", "explicit-et-al",
    "missing-periodical", "extra-text-volume", "extra-text-issue", "extra-text-pages",
    "external-link", "repeated-param", "archive-url", "chapter-ignored",
]  # fmt: skip
CS1_CODES = PROBLEM_CODES[:17] + PROBLEM_CODES[22:31] + PROBLEM_CODES[32:]
LANGS = sorted(available_languages())
FOLDER = Path(messages.__file__).resolve().parents[1] / "data" / "messages"


def raw(lang: str) -> dict[str, str]:
    data: dict[str, str] = json.loads((FOLDER / f"{lang}.json").read_text(encoding="utf-8"))
    return data


def test_the_three_campaign_languages_exist() -> None:
    assert {"en", "es", "fr"} <= set(LANGS)


@pytest.mark.parametrize("lang", LANGS)
def test_every_language_has_the_keys_of_english(lang: str) -> None:
    assert set(load_messages(lang).texts) == set(load_messages("en").texts)
    assert "_note" in raw(lang)  # says where the help pages come from


@pytest.mark.parametrize("lang", LANGS)
def test_every_problem_code_has_a_description_and_a_help_page(lang: str) -> None:
    msgs = load_messages(lang)
    assert list(msgs.problem_codes) == PROBLEM_CODES
    for code in PROBLEM_CODES:
        assert msgs.problem(code) != code
        assert msgs.help_page(code)
        assert not set("[]{}|<>\n") & set(msgs.help_page(code))


def test_cs1_codes_link_to_their_help_cs1_errors_section() -> None:
    en, es = load_messages("en"), load_messages("es")
    for code in CS1_CODES:
        assert re.fullmatch(r"Help:CS1 errors#[a-z_]+", en.help_page(code))
        anchor = en.help_page(code).split("#")[1]
        assert es.help_page(code) == f"Ayuda:Errores en las referencias#{anchor}"
    assert en.help_page("bad-date") == "Help:CS1 errors#bad_date"
    assert en.help_page("missing-title") == "Help:CS1 errors#citation_missing_title"
    assert en.help_page("duplicate-param") == "Help:CS1 errors#redundant_parameters"


@pytest.mark.parametrize("lang", LANGS)
def test_messages_are_safe_wikitext(lang: str) -> None:
    for key, value in load_messages(lang).texts.items():
        assert unicodedata.is_normalized("NFC", value), key  # MediaWiki saves NFC
        for bad in ("{{", "}}", "~~~", "__", "|", "\n", "[[", "<"):
            assert bad not in value, (key, bad)
        if not key.startswith(("help.", "format.")) and "heading" not in key:
            assert not re.match(r"[ *#:;=!{|-]", value), key  # would start list, pre, table


def test_number_and_percent_formats() -> None:
    en, es, fr = load_messages("en"), load_messages("es"), load_messages("fr")
    assert en.number(1234567) == "1,234,567"
    assert es.number(1234) == "1&nbsp;234"
    assert en.percent(3, 4) == "75.0%"
    assert fr.percent(1, 3) == "33,3&nbsp;%"
    assert en.percent(0, 0) == "–"


def test_unknown_code_falls_back_to_itself() -> None:
    msgs = load_messages("en")
    assert msgs.problem("brand-new") == "brand-new"
    assert msgs.help_page("brand-new") == ""
    assert msgs("stamp", stamp="X") == "Last updated: X"


def test_loading_is_cached() -> None:
    assert load_messages("fr") is load_messages("fr")


# -- broken files -------------------------------------------------------------------------


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    (tmp_path / "en.json").write_text(
        json.dumps({"_note": "x", "a": "A {n}", "b": "B"}), encoding="utf-8"
    )
    monkeypatch.setattr(messages, "_folder", lambda: tmp_path)
    load_messages.cache_clear()
    yield tmp_path
    load_messages.cache_clear()


@pytest.mark.parametrize(
    ("content", "error"),
    [
        ({"a": "A {n}", "b": "B", "c": "C"}, r"xx\.json: unknown key 'c'"),
        ({"a": "A {count}", "b": "B"}, r"xx\.json: key 'a' has placeholders \['count'\]"),
        ({"a": "A {n", "b": "B"}, r"xx\.json: key 'a': bad placeholder"),
        ({"a": 3, "b": "B"}, r"xx\.json: key 'a' must be a string"),
        (["a"], r"xx\.json: must be a JSON object"),
        ("{not json", r"xx\.json: cannot be read"),
    ],
    ids=["extra", "placeholder", "bad-format", "not-string", "not-object", "bad-json"],
)
def test_broken_file_is_named_with_its_key(folder: Path, content: Any, error: str) -> None:
    text = content if isinstance(content, str) else json.dumps(content)
    (folder / "xx.json").write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError, match=error):
        load_messages("xx")


def test_comment_keys_may_differ(folder: Path) -> None:
    (folder / "xx.json").write_text(json.dumps({"a": "Á {n}", "b": "B", "_x": "y"}))
    assert dict(load_messages("xx").texts) == {"a": "Á {n}", "b": "B"}


def test_a_key_the_file_lacks_is_said_in_english(folder: Path) -> None:
    (folder / "xx.json").write_text(json.dumps({"a": "Á {n}"}), encoding="utf-8")
    msgs = load_messages("xx")
    assert msgs("a", n=1) == "Á 1" and msgs("b") == "B"
    assert msgs.fallback == ("b",)


def test_a_language_without_a_file_is_english(folder: Path) -> None:
    msgs = load_messages("ka")
    assert dict(msgs.texts) == {"a": "A {n}", "b": "B"} and msgs.fallback == ("a", "b")


@pytest.mark.parametrize("lang", ["../en", "EN", ""])
def test_bad_language_code(lang: str) -> None:
    with pytest.raises(DataFileError, match="language"):
        load_messages(lang)
