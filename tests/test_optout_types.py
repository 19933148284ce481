"""`{{bots|optout=…}}` read for the leaderboard (pure): which types a page names, and when
that hides a participant's name; and the batched transclusion answer read right."""

from __future__ import annotations

import pytest

from bot.exclusion import ExclusionTemplates, optout_types
from bot.optout import OptoutForms, asks_not_to_be_listed
from bot.welcome import load_welcome
from bot.wiki.parse import parse_transcluding

ES = ExclusionTemplates.of(["Plantilla:No bots"], [], ["Plantilla"])


@pytest.mark.parametrize(
    ("text", "hidden"),
    [
        ("{{bots|optout=lib1ref-leaderboard}}", True),
        ("{{ Bots | optout = MassMessage, LIB1REF-leaderboard }}", True),
        ("{{Template:bots|optout=lib1ref-leaderboard}}", True),
        ("{{bots|optout=all}}", False),  # refuses messages; a listing is none
        ("{{bots|optout=lib1ref-welcome}}", False),
        ("{{bots|deny=all}}", False),
        ("{{nobots}}", False),
        ("<!-- {{bots|optout=lib1ref-leaderboard}} -->", False),
        ("<nowiki>{{bots|optout=lib1ref-leaderboard}}</nowiki>", False),
        ("{{cite web|optout=lib1ref-leaderboard}}", False),
    ],
)
def test_which_pages_ask_not_to_be_listed(text: str, hidden: bool) -> None:
    assert asks_not_to_be_listed(text, load_welcome("en").optout_forms) is hidden


def test_the_wikis_own_names_of_the_template_count() -> None:
    text = "{{Plantilla:Bots|optout=lib1ref-leaderboard}}"
    assert optout_types(text, ES) == {"lib1ref-leaderboard"}
    assert asks_not_to_be_listed(text, templates=ES)


def test_the_types_come_from_the_data_file_and_a_language_may_add_its_own() -> None:
    assert load_welcome("es").optout_forms.leaderboard_types == ("lib1ref-leaderboard",)
    forms = OptoutForms(leaderboard_types=("lib1ref-clasificación",))
    assert asks_not_to_be_listed("{{bots|optout=Lib1Ref-Clasificación}}", forms)
    assert not asks_not_to_be_listed("{{bots|optout=lib1ref-leaderboard}}", forms)


def test_transcluding_titles_are_matched_through_normalisation() -> None:
    result = {
        "query": {
            "normalized": [{"from": "User:bob", "to": "User:Bob"}],
            "pages": {
                "1": {"title": "User:Bob", "templates": [{"ns": 10, "title": "Template:Bots"}]},
                "2": {"title": "User:Alice"},
                "-1": {"title": "User talk:Carol", "missing": ""},
            },
        }
    }
    asked = ["User:bob", "User:Alice", "User talk:Carol"]
    assert parse_transcluding(result, asked) == {"User:bob"}
