"""What the scanner (scanner.py) reads as a token, and the runs of text it passes without
a change of state (`neutral_end`), which the walk (walk.py) crosses at C speed.

A token is a comment, a `{{`, a `}}`, or a `<ref>` or parser-blacklisted tag (`<nowiki>`,
`<pre>`, `<math>`, …), opening or closing. Everything else is text to the scanner.
"""

from __future__ import annotations

import re
from functools import cache
from itertools import repeat

MASKED_TAGS = (
    "categorytree|ce|chem|gallery|graph|hiero|imagemap|inputbox|math|nowiki|pre|score|"
    "section|source|syntaxhighlight|templatedata|timeline"
)
TOKEN_RE = re.compile(r"<!--|\{\{|\}\}|<(/?)((?i:ref|" + MASKED_TAGS + r"))(?=[\s/>])")
_SIMPLE_TEMPLATE = r"\{\{[^{}<]*+\}\}"
# Fast paths, tried at a `{{` or `<ref` token: a template with no braces or tags inside,
# and a ref whose content is plain text and such templates. Token by token gives the same.
# (Possessive runs: neither can cross the `<` or `>` the match needs next.)
SIMPLE_TEMPLATE_RE = re.compile(_SIMPLE_TEMPLATE)
SIMPLE_REF_RE = re.compile(
    r"<ref(?:\s[^<>]*+)?(?<!/)>(?:[^<{}]++|" + _SIMPLE_TEMPLATE + r")*+</ref\s*>", re.I
)
# At the depth limit: every token but `{{` (see Scanner._deep_token).
DEEP_TOKEN_RE = re.compile(r"<!--|\}\}|<(/?)((?i:ref|" + MASKED_TAGS + r"))(?=[\s/>])")
REF_OPEN_RE = re.compile(r"<ref(\s[^<>]*?)?(/?)>", re.I)
REF_CLOSE_RE = re.compile(r"</ref\s*>", re.I)
MASK_OPEN_RE = re.compile(r"<(" + MASKED_TAGS + r")(\s[^<>]*?)?(/?)>", re.I)
BRACKET_RE = re.compile(r"[<>]")
COMMENT_END_RE = re.compile(r"-->")
BRACES_CLOSE_RE = re.compile(r"\}\}")
MAX_DEPTH = 100  # deeper templates and refs are read as text (mwparserfromhell has a limit too)

# Neutral units: text the scanner passes without a change of its stack, at any depth below
# the limit. Only `<` is looked for, so that the runs between them are one-character
# searches: a comment; a `<` that starts no token (decided on the 18 characters after it,
# the longest token and its lookahead, so that a match bounded by `endpos` never takes a
# token cut short for text); a self-closing ref; a lowercase ref whose content holds no
# token but comments (`<i>`, `<br>` are text). Braces are checked apart (`_simple_braces`,
# `_first_bad_brace`): a run ends before the first brace that is not in a simple template,
# unless it is inside such a ref, whose `</ref>` closes whatever opened inside (neutral_end).
# Written with the `<` factored out and the most frequent unit (a ref) first: each `<` is
# then read once by one alternative, not tried against every unit in turn.
_COMMENT = r"!--[^-]*+(?:-(?!->)[^-]*+)*+-->"  # after its `<`
_TEXT_LT = r"(?=(?s:.{18}))(?!!--|/?(?i:ref|" + MASKED_TAGS + r")(?=[\s/>]))"  # after its `<`
_INSIDE = r"[^<]*+(?:<(?:" + _COMMENT + "|" + _TEXT_LT + r")[^<]*+)*+"
_REF_TAIL = r"(?:\s[^<>]*+)?(?:(?<!/)>" + _INSIDE + r"</ref>|(?<=/)>)"  # after `<ref`
_BODY_REF = r"<ref(?:\s[^<>]*+)?(?<!/)>" + _INSIDE + "</ref>"
_UNIT = f"<(?:ref{_REF_TAIL}|{_COMMENT}|{_TEXT_LT})"
NEUTRAL_RE = re.compile(f"[^<]*+(?:{_UNIT}[^<]*+)*+")
BODY_REF_RE = re.compile(_BODY_REF)
# How far past a ref the scanner may look when it opens a template inside (`{{#…` names).
REACH = 260
# From a `{` to the next `}` (and the `}}` there, if it is one): each brace is in one such
# piece, read once by a one-character search. A piece is a simple template when it is
# `{{…}}` with no other brace, no `<` and no `>` (no `>` either, so that it never straddles
# the end of a unit, `-->` or `<ref …>`, whose inside the scanner does not read).
_BRACES_RE = re.compile(r"\{[^}]*+(?:\}\})?")


@cache
def closing_re(tag: str) -> re.Pattern[str]:
    return re.compile(r"</" + re.escape(tag) + r"\s*>", re.I)


def neutral_end(text: str, pos: int, end: int) -> tuple[int, int]:
    """(x, reach): text[pos:x] is a run of neutral units, read without looking at or past
    `end` (x <= end), and the scanner's decisions over it looked no further than `reach`.
    A scanner at `pos`, below the depth limit, is at x in the same state.

    A ref of the run whose content has braces other than simple templates is still
    neutral: the scanner opens it, and its `</ref>` closes whatever opened inside. Only
    its reach is longer (REACH)."""
    x = _run(text, pos, end)
    reach, at = 0, pos
    if not _simple_braces(text, pos, x):
        while (bad := _first_bad_brace(text, at, x)) < x:
            unit = _run(text, at, bad)  # where the unit holding `bad` starts
            ref = BODY_REF_RE.match(text, unit, x) if text.startswith("<ref", unit) else None
            if ref is None or ref.end() <= bad:
                x = unit
                break
            at = ref.end()
            reach = at + REACH
    return x, max(reach, x + text.startswith("</ref>", max(pos, x - 6), x))


def _run(text: str, pos: int, end: int) -> int:
    m = NEUTRAL_RE.match(text, pos, end)  # it matches (maybe nothing) wherever it starts
    return m.end() if m is not None else pos


def _simple_braces(text: str, pos: int, end: int) -> bool:
    """Whether every brace of text[pos:end] is in a simple template: one search for the
    pieces (`_BRACES_RE`), and counts over them."""
    found = _BRACES_RE.findall(text, pos, end)
    inside = "".join(found)
    return (
        inside.count("{") == 2 * len(found) == inside.count("}") == text.count("}", pos, end)
        and all(map(str.startswith, found, repeat("{{")))
        and "<" not in inside
        and ">" not in inside
    )


def _first_bad_brace(text: str, pos: int, end: int) -> int:
    """The first brace of text[pos:end] that is not in a simple template ending by `end`;
    `end` if there is none."""
    at = pos
    for m in _BRACES_RE.finditer(text, pos, end):
        stray = text.find("}", at, m.start())
        if stray >= 0:
            return stray
        piece = m.group()
        if not _simple(piece):
            return m.start()
        at = m.end()
    stray = text.find("}", at, end)
    return end if stray < 0 else stray


def _simple(piece: str) -> bool:
    return (
        piece.startswith("{{")
        and piece.endswith("}}")
        and piece.count("{") == 2
        and len(piece) >= 4
        and "<" not in piece
        and ">" not in piece
    )
