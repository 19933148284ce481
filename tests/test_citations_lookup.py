"""The page lookups (bot/citations/lookup.py) and the shared walk (walk.py) answer what a
scan of the whole text answers: same occurrences, same definitions, same left cut."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.citations.items import REF
from bot.citations.lookup import PageIndex
from bot.citations.profiles import load_profile
from bot.citations.resolve import ItemIndex
from bot.citations.scanner import MAX_DEPTH, TOKEN_RE, Scanner, scan_items
from bot.citations.walk import Walk
from scripts.strategies import fragments, wikitextish

PROFILE = load_profile("en")
NAMED = [
    '<ref name="n1">{{cite web |url=https://e.org/1 |title=One}}</ref> ',
    "<ref name=n1/> ",
    "<ref name = 'n10' >Other source, 1999.</ref> ",
    '<ref name="n1 x">Spaced name.</ref> ',
    "{{#tag:ref|A note.|name=n1}} ",
    "<!-- <ref name=n1>commented out</ref> --> ",
    "<nowiki><ref name=n1>shown</ref></nowiki> ",
    "{{Infobox x\n| a = b<ref name=n1>In a template.</ref>\n}} ",
    "{{cite book |title=Shared title |isbn=978-0-313-08759-2}} ",
    "Text. ",
]
documents = st.lists(st.sampled_from(NAMED), max_size=20).map("".join)
texts = documents | wikitextish | fragments.map("".join)


def reference_left_cut(text: str, prefix: int) -> int:
    """The left cut as a scan from the start finds it (window.py before the walk)."""
    scanner = Scanner(text, PROFILE, collect=False)
    best = 0
    while True:
        m = scanner.next_token()
        token = m.start() if m is not None else len(text)
        if scanner.free and scanner.pos <= prefix and scanner.horizon <= prefix:
            best = min(token, prefix)
        if m is None or m.end() + 1 > prefix:
            return best
        scanner.step(m)


@settings(max_examples=300, deadline=None)
@given(text=texts, cuts=st.lists(st.floats(0, 1), min_size=1, max_size=4))
def test_walk_left_cut_is_the_scans(text: str, cuts: list[float]) -> None:
    walk = Walk(text, PROFILE)
    for cut in sorted(cuts):  # one walk answers every question, in any order
        prefix = int(len(text) * cut)
        assert walk.left_cut(prefix) == reference_left_cut(text, prefix)
    for cut in cuts:
        prefix = int(len(text) * cut)
        assert walk.left_cut(prefix) == reference_left_cut(text, prefix)


@settings(max_examples=300, deadline=None)
@given(text=texts)
def test_page_lookups_are_the_whole_scans(text: str) -> None:
    items = scan_items(text, PROFILE)
    whole = ItemIndex(items)
    index = PageIndex(Walk(text, PROFILE), PROFILE)
    for item in items:
        assert index.occurrences(item.key) == whole.occurrences(item.key)
        if item.name is not None:
            assert index.definitions(item.group, item.name) == whole.definitions(
                item.group, item.name
            )
            assert index.defined(item.group, item.name) == whole.defined(item.group, item.name)
            fresh = PageIndex(Walk(text, PROFILE), PROFILE)  # asked first, before any read
            assert fresh.defined(item.group, item.name) == whole.defined(item.group, item.name)


def test_a_name_is_found_whole() -> None:
    """`n1` is defined once (the #tag), not in `n10` nor `n1 x`, nor where it is hidden."""
    text = "".join(NAMED)
    index = PageIndex(Walk(text, PROFILE), PROFILE)
    found = index.definitions("", "n1")
    assert [i.wikitext[:13] for i in found] == [
        '<ref name="n1',
        "{{#tag:ref|A ",
        "<ref name=n1>",
    ]
    assert all(i.category == REF for i in found)
    assert [i.name for i in index.definitions("", "n10")] == ["n10"]


# --- The depth limit: a page of unclosed `{{` costs a search, not a step per brace -------


class _Stepping(Scanner):
    """The scanner as it was: every token found by TOKEN_RE and stepped, `{{` included."""

    def next_token(self):  # type: ignore[no-untyped-def]
        return TOKEN_RE.search(self.text, self.pos)


DEEP_PIECES = ["{{", "{", "}}", "}", "x", "{{x}}", "{{cite web|title=T}}", "<ref>", "</ref>",
               "<!--", "-->", "<ref name=a/>", "<nowiki>", "</nowiki>", " ", "|", "<br>", "a<b",
               "}}}"]  # fmt: skip
deep = st.lists(st.sampled_from(DEEP_PIECES), max_size=40).map(
    lambda pieces: "{{ " * MAX_DEPTH + "".join(pieces)
)


@settings(max_examples=400, deadline=None)
@given(text=deep | texts.map(lambda t: "{{ " * MAX_DEPTH + t))
def test_the_depth_limit_skip_finds_what_stepping_finds(text: str) -> None:
    fast, slow = Scanner(text, PROFILE), _Stepping(text, PROFILE)
    fast.run()
    slow.run()
    assert fast.spans == slow.spans
