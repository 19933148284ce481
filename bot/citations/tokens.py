"""What the scanner (scanner.py) reads as a token, and the runs of text it passes without
a change of state (`neutral_end`), which the walk (walk.py) crosses at C speed.

A token is a comment, a `{{`, a `}}`, or a `<ref>` or parser-blacklisted tag (`<nowiki>`,
`<pre>`, `<math>`, …), opening or closing. Everything else is text to the scanner.
"""

from __future__ import annotations

import re
from functools import cache

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
# other token than comments. Braces are checked apart (`_first_bad_brace`): a run ends
# before the first brace that is not in a simple template, so that ref is one the scanner
# opens and closes with nothing left open.
_COMMENT = r"<!--[^-]*+(?:-(?!->)[^-]*+)*+-->"
_TEXT_LT = r"<(?=(?s:.{18}))(?!!--|/?(?i:ref|" + MASKED_TAGS + r")(?=[\s/>]))"
_BODY_REF = r"<ref(?:\s[^<>]*+)?(?<!/)>(?:[^<]++|" + _COMMENT + "|" + _TEXT_LT + r")*+</ref>"
NEUTRAL_RE = re.compile(
    r"(?:[^<]++|" + _COMMENT + "|" + _TEXT_LT + "|" + _BODY_REF + r"|<ref(?:\s[^<>]*+)?(?<=/)>)*+"
)
BODY_REF_RE = re.compile(_BODY_REF)
# How far past a ref the scanner may look when it opens a template inside (`{{#…` names).
REACH = 260
# A simple template for `_first_bad_brace`: no `>` either, so that it never straddles the
# end of a unit (`-->`, `<ref …>`), whose inside the scanner does not read.
_BRACE_TEMPLATE_RE = re.compile(r"\{\{[^{}<>]*+\}\}")


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


def _first_bad_brace(text: str, pos: int, end: int) -> int:
    """The first brace of text[pos:end] that is not in a simple template (`{{…}}` holding
    no brace, `<` or `>`) ending by `end`; `end` if there is none. Each `{` is found by a
    one-character search; a `}` outside them by counting."""
    find, match = text.find, _BRACE_TEMPLATE_RE.match
    templates, at = 0, pos
    while (brace := find("{", at, end)) >= 0:
        m = match(text, brace, end)
        if m is None:
            end = brace
            break
        templates += 1
        at = m.end()
    if text.count("}", pos, end) == 2 * templates:
        return end
    at = pos  # a `}` outside the templates: the first one
    while (brace := find("}", at, end)) >= 0:
        opening = find("{", at, brace)
        template = match(text, opening) if opening >= 0 else None
        if template is None:
            return brace
        at = template.end()
    return end
