import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.hashtags import defuse_hashtags, find_hashtags, match_hashtags

TAGS = ("1Lib1Ref", "1Bib1Ref")

COUNTED = [
    "#1Lib1Ref",
    "#1lib1ref",
    "#1LIB1REF added source",
    "added source #1Lib1Ref",
    "(#1lib1ref)",
    "ref:#1Lib1Ref",
    "#1Lib1Ref.",
    "#1Lib1Ref-fr",
    "＃1Lib1Ref",  # full-width number sign
    "#１Ｌｉｂ１Ｒｅｆ",  # full-width letters and digits
    "Added citation, #1Lib1Ref #1Bib1Ref",
    "/* History */ cite #1lib1ref",
    "[[WP:1Lib1Ref]]#1Lib1Ref",
    "#1Bib1Ref",
    "x,#1lib1ref",
]

NOT_COUNTED = [
    "abc#1lib1ref",
    "#1Lib1Ref_2026",
    "#1Lib1Refs",
    "#1Lib2Ref",
    "1Lib1Ref",
    "# 1Lib1Ref",
    "",
    "##",
    "é#1lib1ref",
    "_#1lib1ref",
]


@pytest.mark.parametrize("summary", COUNTED)
def test_counted(summary: str) -> None:
    assert match_hashtags(summary, TAGS) != ()


@pytest.mark.parametrize("summary", NOT_COUNTED)
def test_not_counted(summary: str) -> None:
    assert match_hashtags(summary, TAGS) == ()


def test_both_tags_reported_in_config_order() -> None:
    assert match_hashtags("#1bib1ref and #1LIB1REF", TAGS) == ("1Lib1Ref", "1Bib1Ref")


def test_only_configured_tags_count() -> None:
    assert match_hashtags("#1Bib1Ref", ("1Lib1Ref",)) == ()
    assert match_hashtags("#WikiGap #1Lib1Ref", ("WikiGap",)) == ("WikiGap",)


def test_combining_marks_stay_inside_a_tag() -> None:
    # Devanagari: the vowel sign (a combining mark) must not cut the tag short.
    tag = "विकिपीडिया"
    assert find_hashtags(f"संपादन #{tag} done") == [tag]
    assert match_hashtags(f"#{tag}", (tag,)) == (tag,)
    assert match_hashtags(f"#{tag[:3]}", (tag,)) == ()


def test_casefold_not_just_lower() -> None:
    assert match_hashtags("#STRASSE", ("straße",)) == ("straße",)


@pytest.mark.parametrize("summary", [*COUNTED, "##1Lib1Ref", "#＃1Lib1Ref", "™#1Lib1Ref"])
def test_the_bots_own_summaries_carry_no_hashtag(summary: str) -> None:
    defused = defuse_hashtags(summary)
    assert find_hashtags(defused) == []
    readable = unicodedata.normalize("NFKC", defused).casefold()
    assert "1lib1ref" in readable or "1bib1ref" in readable  # the name stays


@pytest.mark.parametrize("summary", ["C# code", "# 1", "abc#1lib1ref", "update (3 pages)"])
def test_a_number_sign_that_starts_no_tag_stays(summary: str) -> None:
    assert defuse_hashtags(summary) == summary


@given(st.text(alphabet=st.sampled_from("#＃1Lib™ _-x!é①\u0301"), max_size=30))
def test_defused_text_never_holds_a_tag(summary: str) -> None:
    assert find_hashtags(defuse_hashtags(summary)) == []
