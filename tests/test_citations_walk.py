"""The walk's fast crossing of neutral text (bot/citations/tokens.py `neutral_end`, used by
walk.py) leaves the scan exactly where stepping token by token leaves it, and the left cut
it gives is one the scan from the start allows: with the compiled top level
(bot/citations/_cwalk.c) and without it."""

from __future__ import annotations

import os
import shutil
import sysconfig
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.citations import walk as walk_module
from bot.citations.profiles import load_profile
from bot.citations.scanner import MAX_DEPTH, Scanner
from bot.citations.tokens import REACH, neutral_end
from bot.citations.walk import CHUNK, Walk
from scripts.strategies import FRAGMENTS, PIECES

PROFILE = load_profile("en")
# What a neutral run must stop at or pass correctly, besides the shared pieces.
EXTRA = [
    "<REF>", "</REF>", "<ref/>", "<ref name=x />", "<ref name=\"a/b\">", "<br />", "<i>", "</i>",
    "<references />", "<!-- {{ -->", "<!-- }} -->", "{{a|{{b}}}}", "{{a|x > y}}", "{{{1}}}", "}",
    "{", "<ref name=\"{{x\">", "{{#tag:ref|", "<nowiki>{{</nowiki>", "<pre>", "</pre>",
    "<ref>{{cite web|title=<i>T</i>}}</ref>", "<ref>a <!-- </ref> --> b</ref>", "-->", "<!-->",
    "<ref>{{a|{{b}}}}</ref>", "<ref>{{a</ref>", "<ref>x}}</ref>", "<syntaxhighlight>",
    # what the compiled walk must read as re does: tag names matched by Unicode case folding
    # (dotted and dotless i, long s, Kelvin sign), Unicode spaces, each width of str
    "<NOWİKI>", "</nowıki >", "<ſource/>", "</ſection>", "<MATH>", "</maTh\u3000>",
    "<ref\u00a0name=b>", "</ref\u2003>", "<ref group=x>", "<ref/>", "<gallery x=1>",
    "</gallery>", "<pre/>", "<nowiki>a</nowiki >", "<ce>", "<ref\u0130>", "ÿ", "ĳ", "\U0001f600",
    "{{#invoke:x}}", "{{a|#}}", "<!---->", "<ref>a</ref\t>", "<ref x=/>",
]  # fmt: skip
piece = st.sampled_from(PIECES + EXTRA + FRAGMENTS) | st.text(max_size=4)
texts = st.lists(piece, max_size=80).map("".join)
long_texts = st.lists(st.sampled_from(FRAGMENTS + EXTRA), min_size=60, max_size=400).map("".join)


def _stack(scanner: Scanner) -> list[tuple[str, int]]:
    return [(f.kind, f.start) for f in scanner.stack]


def _check_run(scanner: Scanner, limit: int) -> None:
    """neutral_end from where `scanner` stands, against stepping it token by token."""
    pos, stack = scanner.pos, _stack(scanner)
    x, reach = neutral_end(scanner.text, pos, limit)
    assert pos <= x <= limit
    scanner.horizon = 0
    while (m := scanner.next_token()) is not None and m.start() < x:
        scanner.step(m)
    # x lies between two tokens of the stepped scan, whose stack is the one it had at pos,
    # and whose decisions over the run looked no further than `reach`
    assert scanner.pos <= x
    assert _stack(scanner) == stack
    assert scanner.horizon <= reach


@settings(max_examples=600, deadline=None)
@given(text=texts, steps=st.integers(0, 30), end=st.floats(0, 1))
def test_a_neutral_run_leaves_the_scan_as_stepping_does(text: str, steps: int, end: float) -> None:
    scanner = Scanner(text, PROFILE, collect=False)
    for _ in range(steps):  # to some point of the scan, at top level or inside templates and refs
        m = scanner.next_token()
        if m is None:
            return
        scanner.step(m)
    if len(scanner.stack) >= MAX_DEPTH - 1:
        return
    _check_run(scanner, scanner.pos + int((len(text) - scanner.pos) * end))


@pytest.mark.parametrize(
    "text",
    [
        "ab<ref>c</ref><!--",  # the run ends with a ref: the scanner counts one more character
        "<ref>{{#x</ref><!--" + "a" * 300,  # a `{{#` opened in a ref reads its name past it
        "{{a|<ref>{{b|{{c}}}}</ref>}} x",
    ],
)
def test_the_reach_of_a_run_covers_what_stepping_reads(text: str) -> None:
    _check_run(Scanner(text, PROFILE, collect=False), len(text))


def reference_cuts(text: str, prefix: int) -> tuple[int, set[int]]:
    """(the last, all) left cuts <= `prefix` the scan from the start allows: points where it
    is at top level between two tokens, having looked no further than `prefix`."""
    scanner = Scanner(text, PROFILE, collect=False)
    best, allowed = 0, {0}
    while True:
        m = scanner.next_token()
        token = m.start() if m is not None else len(text)
        if scanner.free and scanner.pos <= prefix and scanner.horizon <= prefix:
            best = min(token, prefix)
            allowed.update(range(scanner.pos, best + 1))
        if m is None or m.end() + 1 > prefix:
            return best, allowed
        scanner.step(m)


# The compiled case is skipped, not run in Python again, where the module is not built.
COMPILED = [
    pytest.param(False, id="python"),
    pytest.param(
        True,
        id="compiled",
        marks=pytest.mark.skipif(not walk_module.COMPILED, reason="the C module is not built"),
    ),
]


@pytest.mark.parametrize("compiled", COMPILED)
@settings(max_examples=60, deadline=None)
@given(text=long_texts, cuts=st.lists(st.floats(0, 1), min_size=1, max_size=4))
def test_left_cuts_of_a_long_page_are_allowed(compiled: bool, text: str, cuts: list[float]) -> None:
    walk = Walk(text, PROFILE, compiled=compiled)
    for n, cut in enumerate(cuts):  # one walk, questions in any order
        prefix = int(len(text) * cut)
        best, allowed = reference_cuts(text, prefix)
        found = walk.left_cut(prefix)
        assert found in allowed
        if n == 0:  # the first question, on a fresh walk: the very last point
            assert found == best
        else:  # later ones may get an earlier point the walk recorded, not far back
            assert found >= best - CHUNK - 2 * REACH


@pytest.mark.parametrize("compiled", COMPILED)
@settings(max_examples=150, deadline=None)
@given(text=texts)
def test_the_last_left_cut_is_the_one_stepping_finds(compiled: bool, text: str) -> None:
    _every_first_cut_is_the_last(text, compiled)


@pytest.mark.parametrize("compiled", COMPILED)
@pytest.mark.parametrize(
    "text",
    [
        "<ref>{{#x</ref>" + "a" * 300,  # a `{{#` name read past the ref that closes it
        "<ref>{{#" + "a" * 220 + "</ref>" + "b" * 100,  # ... up to its 256 characters
        "<ref>{{#x</ref>ab",  # ... to the end of the text
        "x<ref x<b>y</ref> z",  # a ref tag that does not parse: read to the next `<`
        "x<pre x<b>y</pre> z<nowiki a>",  # the same of a parser tag; an unclosed one
        "a<!-- b <ref>c</ref> d",  # an unclosed comment
        "a<ref name=x>b <pre>c</pre> d",  # an unclosed ref
        "<nowİki>a</nowiki> b <ſource/> c <MATH>d</maTh\u3000> e",  # Unicode case folding
        "{{a|<ref>x}}</ref>}} b",  # `}}` inside a ref closes no template
    ],
)
def test_every_cut_of_tricky_texts(compiled: bool, text: str) -> None:
    _every_first_cut_is_the_last(text, compiled)


def _every_first_cut_is_the_last(text: str, compiled: bool) -> None:
    """At every point of the text: a fresh walk's first answer is the very last cut."""
    for prefix in range(len(text) + 1):
        found = Walk(text, PROFILE, compiled=compiled).left_cut(prefix)
        assert found == reference_cuts(text, prefix)[0], prefix


def test_the_compiled_walk_is_built_where_a_compiler_is() -> None:
    """`make install` builds bot/citations/_cwalk.c (optional in pyproject.toml, so that an
    install without a C compiler still works): here, with one, it must have been built, and
    from the source as it is now."""
    if not _can_build():
        pytest.skip("no C compiler or no Python headers here: the walk steps in Python")
    assert walk_module.COMPILED, "bot/citations/_cwalk.c is not built: run make install"
    source = Path(walk_module.__file__).with_name("_cwalk.c")
    built = Path(walk_module._cwalk.__file__)
    assert built.stat().st_mtime >= source.stat().st_mtime, "_cwalk is older than its source"


def _can_build() -> bool:
    """Whether setuptools could build the module here: the compiler it would use (`CC`,
    else Python's own) and Python's headers."""
    cc = (os.environ.get("CC") or sysconfig.get_config_var("CC") or "cc").split() or ["cc"]
    headers = Path(sysconfig.get_paths()["include"], "Python.h")
    return shutil.which(cc[0]) is not None and headers.is_file()


@pytest.mark.skipif(not walk_module.COMPILED, reason="the C module is not built")
def test_the_compiled_walk_refuses_the_memo_of_another_text() -> None:
    """Its remembered searches are positions in one text: with another they would send
    the walk anywhere, so they are tied to the text they were made for."""
    text = "<pre>" + "x" * 1000 + "</pre>"
    memo = walk_module._cwalk.memo(text)
    assert walk_module._cwalk.walk(text, 0, len(text) + 2, 0, [], [], [], memo)[3]
    with pytest.raises(ValueError, match="another text"):
        walk_module._cwalk.walk("<pre>xy", 0, 9, 0, [], [], [], memo)
