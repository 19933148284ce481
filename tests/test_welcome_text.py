import html
import json
from pathlib import Path

import pytest

from bot.records import ProblemSite
from bot.render.messages import load_messages
from bot.welcome import (
    already_welcomed,
    append_section,
    escape,
    load_welcome,
    pick_tips,
    render_welcome,
)

DATA = Path(__file__).resolve().parents[1] / "bot" / "data" / "welcome"


def test_every_written_welcome_has_the_same_keys_and_tips() -> None:
    """A language whose welcome is written has every key and tip; one that only gives its
    opt-out forms says the rest in English (tests/data/bundles.json lists which)."""
    en = json.loads((DATA / "en.json").read_text())
    for path in DATA.glob("*.json"):
        other = json.loads(path.read_text())
        if "body" not in other:
            assert set(other) <= set(en) and "optout_forms" in other, path.name
            continue
        keys = {k for k in other if not k.startswith("_")}  # `_` keys are comments
        assert keys == {k for k in en if not k.startswith("_")}, path.name
        assert set(other["tips"]) == set(en["tips"]), path.name
        assert "{user}" in other["body"] and "{leaderboard}" in other["body"], path.name


@pytest.mark.parametrize("lang", ["en", "es", "fr"])
def test_welcome_renders_with_marker_signature_and_tips(lang: str) -> None:
    text = render_welcome(
        lang,
        "Alice",
        "2027-01",
        "Project:Board",
        [ProblemSite(c, f"Page {i}", 100 + i)
         for i, c in enumerate(["bad-isbn", "bad-date", "bad-isbn", "bare-url", "no-such-code"])],
    )  # fmt: skip
    assert text.startswith("== ")
    assert "Alice" in text and "[[Project:Board|" in text
    assert already_welcomed(text, "2027-01") and not already_welcomed(text, "2027-05")
    assert text.rstrip().endswith("~~~~")
    tips = [line for line in text.splitlines() if line.startswith("* ")]
    assert len(tips) == 3
    diff = load_messages(lang)("link.diff")
    assert tips[0].endswith(f"[[:Page 0|Page 0]] ([[Special:Diff/100|{diff}]])")  # first ISBN
    assert tips[1].endswith(f"[[:Page 1|Page 1]] ([[Special:Diff/101|{diff}]])")
    assert not text.splitlines()[-1].startswith(" ")  # the signature is no preformatted box
    assert load_welcome(lang).tips_intro.split()[0] in html.unescape(text)
    # Our own tips mention templates and tags; they are shown, never transcluded.
    assert "{{" not in text and "<ref" not in text


def test_hostile_user_name_cannot_inject_markup() -> None:
    name = "Eve'''[[Category:X]]{{nobots}}~~~~__NOTOC__"
    text = render_welcome("en", name, "2027-01", "P", [])
    body = text.split("\n", 1)[1].rsplit("\n", 1)[0]
    for bad in ("'''", "[[Category", "{{", "~~~~", "__NOTOC__"):
        assert bad not in body
    assert html.unescape(escape(name)) == name


def test_no_tips_without_problems() -> None:
    assert "* " not in render_welcome("en", "Bob", "2027-01", "P", [])
    assert pick_tips(["a", "b"], {}) == []


def test_append_keeps_existing_text() -> None:
    old = "== Earlier ==\nHello.\n"
    new = append_section(old, "== Welcome ==\nHi ~~~~")
    assert new.startswith(old.rstrip("\n")) and new.endswith("Hi ~~~~\n")
    assert append_section("", "S") == "S\n"


def test_a_right_to_left_or_bidi_control_name_is_isolated_in_the_welcome() -> None:
    name = "\u202e\u05d3\u05d5\u05d3"  # RIGHT-TO-LEFT OVERRIDE, then a Hebrew name
    text = render_welcome("en", name, "2027-01", "Project:Board", [])
    start = text.index("<bdi>")
    inner = text[start + len("<bdi>") : text.index("</bdi>", start)]
    assert html.unescape(inner) == name
    assert "\u202e" not in text  # never raw: only as a character reference inside <bdi>
    assert "<bdi>" not in render_welcome("en", "Alice", "2027-01", "Project:Board", [])


@pytest.mark.parametrize("lang", ["en", "es", "fr", "de", "pt"])
def test_the_wikis_human_contact_is_named_and_linked_in_its_language(lang: str) -> None:
    text = render_welcome(lang, "Alice", "2027-01", "Project:Board", [], contact="Ana Organizer")
    line = next(x for x in text.splitlines() if "[[User talk:Ana Organizer|" in x)
    assert line == escape(load_welcome(lang).contact).replace(
        escape("{contact}"), "[[User talk:Ana Organizer|Ana Organizer]]"
    )
    assert "User talk:Ana" not in render_welcome(lang, "Alice", "2027-01", "Project:Board", [])


def test_a_hostile_contact_name_cannot_inject_markup() -> None:
    text = render_welcome("en", "Alice", "2027-01", "P", [], contact="X]]{{nobots}}[[Category:Y")
    body = text.split("\n", 1)[1].rsplit("\n", 1)[0]
    for bad in ("{{", "[[Category", "]]{{"):
        assert bad not in body
