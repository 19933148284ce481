"""Never breaks: any input returns a result, with no exception and no hang."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.citations import analyze_edit
from bot.citations.model import EditAnalysis

PIECES = ["<ref>", "</ref>", "<ref name=a/>", "<ref name=\"a\">", "{{", "}}", "|", "=",
          "cite web", "cite book", "title=", "url=http://a.org", "isbn=978", "[[", "]]",
          "<!--", "-->", "<nowiki>", "</nowiki>", "{{#tag:ref|", "{{cn}}", "sfn", "\n",
          "date=May 2010", "\x00", "\x1b", "é", "ﬁ", " ", "http://x", "[", "]"]  # fmt: skip
wikitextish = st.lists(st.sampled_from(PIECES) | st.text(max_size=5), max_size=60).map("".join)


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


def test_pathological_inputs_finish() -> None:
    deep = "<ref>" + "{{cite web|title=" * 5000 + "x" + "}}" * 5000 + "</ref>"
    unbalanced = "<ref>{{cite book|title=T" * 2000
    big = ("Para.<ref>{{cite web |url=https://e.org |title=T}}</ref>\n" * 40000)[:2_000_000]
    for text in (deep, unbalanced, big, "<ref>" * 10000, "{{" * 100000):
        assert isinstance(analyze_edit("", text), EditAnalysis)
