"""Never breaks: any input returns a result, with no exception and no hang."""

from __future__ import annotations

import time
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.citations import analyze_edit
from bot.citations.derive import judged_by
from bot.citations.model import EditAnalysis
from bot.citations.oracle import oracle_analyze
from bot.citations.window import common_prefix, common_suffix
from scripts.derived_profiles import DERIVED, PROFILES, profile_named
from scripts.strategies import LOCAL_FRAGMENTS, fragments, fragments_for, wikitextish


@settings(max_examples=300, deadline=2000)
@given(old=wikitextish, new=wikitextish, lang=st.sampled_from(["en", "es", "fr"]))
def test_any_input_gives_a_result(old: str, new: str, lang: str) -> None:
    result = analyze_edit(old, new, lang, date(2026, 11, 21))
    assert isinstance(result, EditAnalysis)
    assert result.reused >= 0 and result.cn_removed >= 0
    for c in result.added:
        assert c.kind in {"template", "bare-url", "plain", "sfn", "empty"}


@settings(max_examples=100, deadline=2000)
@given(text=st.text(max_size=300))
def test_arbitrary_unicode(text: str) -> None:
    analyze_edit(text[:150], text, "en", None)


def test_nul_hides_nothing() -> None:
    """mwparserfromhell's C tokenizer stops at a NUL: the analysis reads past it, and the
    oracle agrees."""
    cite = "{{cite web |url=https://e.org |title=T\x00 |date=32 May 2010}}"
    new = f"A\x00.<ref>{cite}</ref>\n"
    result = analyze_edit("A\x00.\n", new, "en", date(2026, 11, 21))
    assert [(c.kind, c.template) for c in result.added] == [("template", "cite web")]
    assert [p.code for p in result.added[0].problems] == ["bad-date"]
    assert result == oracle_analyze("A\x00.\n", new, "en", date(2026, 11, 21))


# --- The windowed method against the full-parse oracle, on generated documents -----------


@settings(max_examples=150, deadline=3000, suppress_health_check=[HealthCheck.too_slow])
@given(before=fragments, removed=fragments, added=fragments, after=fragments)
def test_windowed_equals_oracle_on_fragment_edits(
    before: list[str], removed: list[str], added: list[str], after: list[str]
) -> None:
    old = "".join(before + removed + after)
    new = "".join(before + added + after)
    today = date(2026, 11, 21)
    assert analyze_edit(old, new, "en", today) == oracle_analyze(old, new, "en", today)


@pytest.mark.parametrize("name", DERIVED)
@settings(max_examples=80, deadline=3000, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_windowed_equals_oracle_under_derived_profiles(name: str, data: st.DataObject) -> None:
    """The same under each derived profile (scripts/derived_profiles.py): with no bundle
    (en, ka) and merged with one (sr, fa), on documents that use its own templates."""
    lang, profile = PROFILES[name].lang, profile_named(name)
    before, removed, added, after = (data.draw(fragments_for(lang)) for _ in range(4))
    old = "".join(before + removed + after)
    new = "".join(before + added + after)
    today = date(2026, 11, 21)
    fast = analyze_edit(old, new, lang, today, profile)
    assert fast == oracle_analyze(old, new, lang, today, profile)


@pytest.mark.parametrize("name", DERIVED)
def test_derived_fragments_cite_with_what_only_the_wiki_names(name: str) -> None:
    """The fragments of each derived profile add citations judged by the derived part
    (templates only the wiki's publication names), and both methods read them alike."""
    lang, profile = PROFILES[name].lang, profile_named(name)
    new = "".join(LOCAL_FRAGMENTS[lang])
    fast = analyze_edit("", new, lang, None, profile)
    assert fast == oracle_analyze("", new, lang, None, profile)
    judged = [judged_by(profile, c.template) for c in fast.added]
    assert judged.count("derived") >= 3, judged
    assert fast.cn_removed == 0 and analyze_edit(new, "", lang, None, profile).cn_removed >= 1


@settings(max_examples=100, deadline=3000)
@given(doc=fragments, seed=st.integers(0, 2**16))
def test_respacing_and_no_change_add_nothing(doc: list[str], seed: int) -> None:
    text = "".join(doc)
    assert analyze_edit(text, text) == EditAnalysis()
    spaced = text.replace(" |", "|").replace("|", " | " if seed % 2 else "\n|")
    result = analyze_edit(text, spaced)
    assert result.added == () and result.reused == 0 and result.cn_removed == 0


@settings(max_examples=200, deadline=1000)
@given(a=st.text(alphabet="ab\n{<", max_size=60), b=st.text(alphabet="ab\n{<", max_size=60))
def test_common_prefix_and_suffix(a: str, b: str) -> None:
    _check_common_prefix_and_suffix(a, b)


@settings(max_examples=60, deadline=3000)
@given(
    size=st.sampled_from([4095, 4096, 12288, 100_000, 600_000]),
    at=st.floats(0, 1),
    cut=st.integers(0, 3),
    piece=st.sampled_from(["", "x", "y\u2013"]),
    swap=st.booleans(),
)
def test_common_prefix_and_suffix_of_long_texts(
    size: int, at: float, cut: int, piece: str, swap: bool
) -> None:
    """The doubling chunks and the binary search agree with a direct comparison wherever
    the change falls, on texts longer than several chunks."""
    base = ("ab\u2013 " * (size // 4 + 1))[:size]
    k = int(at * size)
    a, b = base, base[:k] + piece + base[k + cut :]
    if swap:
        a, b = b, a
    _check_common_prefix_and_suffix(a, b)


def _check_common_prefix_and_suffix(a: str, b: str) -> None:
    """Both lengths against a direct comparison: maximal, and not overlapping."""
    p = common_prefix(a, b)
    assert a[:p] == b[:p] and (p == min(len(a), len(b)) or a[p] != b[p])
    s = common_suffix(a, b, p)
    assert s <= min(len(a), len(b)) - p
    assert a[len(a) - s :] == b[len(b) - s :]
    assert s == min(len(a), len(b)) - p or a[len(a) - s - 1] != b[len(b) - s - 1]


# --- Hostile input: each shape created, then edited in its middle within a time bound ------
NESTED = "{{cite web|title=" * 5000 + "x" + "}}" * 5000
HOSTILE = {
    "refs never closed": "<ref>a " * 20_000,
    "refs nested 20k deep": "<ref>" * 20_000 + "</ref>" * 20_000,
    "comments never closed": "-->" + "<!-- x " * 50_000,
    "nowiki never closed": "<nowiki>a " * 50_000,
    "templates nested 10k deep": "{{cite web|title=" * 10_000 + "x" + "}}" * 10_000,
    "templates nested 5k deep in a ref": f"<ref>{NESTED}</ref>",
    "unclosed citations in unclosed refs": "<ref>{{cite book|title=T" * 2000,
    "open braces": "{{" * 100_000,
    "open braces in a ref": "<ref>" + "{{" * 20_000 + "</ref>",
    "control characters": "".join(chr(i % 32) for i in range(200_000)),
}


def _created_then_edited(text: str, *, time_the_creation: bool = True) -> None:
    """Created, then edited in its middle: within 20 s (the edit alone, if not timing the
    creation)."""
    started = time.perf_counter()
    assert isinstance(analyze_edit("", text), EditAnalysis)
    if not time_the_creation:
        started = time.perf_counter()
    middle = len(text) // 2
    edited = text[:middle] + "x<ref>y</ref>" + text[middle:]
    assert isinstance(analyze_edit(text, edited), EditAnalysis)
    assert time.perf_counter() - started < 20, text[:40]


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_inputs_finish_quickly(text: str) -> None:
    _created_then_edited(text)


@pytest.mark.slow
def test_two_megabyte_page_finishes() -> None:
    """The largest page a wiki accepts (2 MB): created (about 10 s on 2 cores), then edited
    within the bound."""
    page = ("Para.<ref>{{cite web |url=https://e.org |title=T}}</ref>\n" * 40_000)[:2_000_000]
    _created_then_edited(page, time_the_creation=False)
