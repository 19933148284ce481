"""A light wikitext scanner: finds refs and templates without building a tree.

It follows mwparserfromhell's reading of realistic wikitext (the oracle in `oracle.py`
checks that on real articles): comments and the contents of parser-blacklisted tags
(`<nowiki>`, `<pre>`, `<math>`, `<gallery>`, …) are skipped, an unclosed comment or tag
is text, a `<ref>` closes any template left open inside it, and a `<ref>` that is never
closed is reported as such. Every step is a C-level regex search or `str.find`, so
hostile input costs linear time; the stack is a list, not recursion.

Besides items, the scanner tells when it is at top level ("free": no template or ref
open) and how far ahead its decisions looked (`horizon`), which is what the windowed
method in `window.py` needs to cut a text safely.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .items import Item, template_category
from .profiles import Profile
from .spans import (
    NAME_RE,
    REF_SPAN,
    SELF_SPAN,
    TEMPLATE_SPAN,
    UNCLOSED_SPAN,
    Span,
    span_items,
)
from .tokens import (
    BRACES_CLOSE_RE,
    BRACKET_RE,
    COMMENT_END_RE,
    DEEP_TOKEN_RE,
    MASK_OPEN_RE,
    MAX_DEPTH,
    REF_CLOSE_RE,
    REF_OPEN_RE,
    SIMPLE_REF_RE,
    SIMPLE_TEMPLATE_RE,
    TOKEN_RE,
    closing_re,
)


@dataclass
class Frame:
    kind: str  # "t" template, "r" ref
    start: int
    open_end: int = 0
    tag_ref: bool = False


@dataclass
class Scanner:
    """Scans `text` from `pos`, one token per `step()`. With `collect` it records spans."""

    text: str
    profile: Profile
    pos: int = 0
    collect: bool = True
    stack: list[Frame] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)
    horizon: int = 0
    ref_depth: int = 0
    ref_frames: list[int] = field(default_factory=list)  # stack indexes of open refs
    _found: dict[str, tuple[int, int, int]] = field(default_factory=dict)

    def next_token(self) -> re.Match[str] | None:
        if len(self.stack) < MAX_DEPTH:
            return TOKEN_RE.search(self.text, self.pos)
        return self._deep_token()

    def _deep_token(self) -> re.Match[str] | None:
        """The next token at the depth limit, where a `{{` that does not open a simple
        template is text: one search passes any number of them (a page of unclosed `{{`
        costs one search, not a step each). The `{{` tokens are where stepping would meet
        them: in a run of braces, every second one from where the scan entered it."""
        text, pos = self.text, self.pos
        m = self._deep_search(pos)
        end = m.start() if m is not None else len(text)
        last = text.rfind("{", pos, end)
        if last < 0:
            return m
        self._look(last + 2)  # the lookahead of the `{{` tokens passed
        if m is None or m.group(0) != "}}" or last == pos:
            return m
        start = last - 1  # a simple template `{{…}}` that this `}}` closes?
        inside = text[last + 1 : end]
        if text[start] != "{" or "<" in inside or "}" in inside:
            return m
        run = len(text[pos : last + 1]) - len(text[pos : last + 1].rstrip("{"))
        if (run - 2) % 2:
            return m  # `{{` is not a token there: its first brace ends the `{{` before it
        self.pos = start
        return TOKEN_RE.search(text, start)

    def run(self, until: int | None = None) -> None:
        """Process every token starting before `until` (default: to the end), then finish."""
        while (m := self.next_token()) is not None and (until is None or m.start() < until):
            self.step(m)
        if until is None:
            self.finish()

    def step(self, m: re.Match[str]) -> None:
        tok = m.group(0)
        start = m.start()
        self._look(m.end() + 1)  # the token's own lookahead
        if tok == "<!--":
            self._comment(start)
        elif tok == "{{":
            simple = SIMPLE_TEMPLATE_RE.match(self.text, start)
            if simple is None:
                self._open_template(start)
            else:
                self.pos = simple.end()
                if self.collect:
                    span = Span(TEMPLATE_SPAN, start, simple.end(), in_ref=self.ref_depth > 0)
                    self.spans.append(span)
        elif tok == "}}":
            self._close_template(start)
        elif m.group(2).lower() == "ref":
            self._ref(m)
        elif m.group(1):
            self.pos = m.end()  # a stray closing tag of a masked tag: text
        else:
            self._masked(start)

    def finish(self) -> None:
        """End of text: a ref still open was never closed (mwparserfromhell: text)."""
        for frame in self.stack:
            if frame.kind == "r" and self.collect:
                self.spans.append(Span(UNCLOSED_SPAN, frame.start, frame.open_end))
        self.stack.clear()
        self.ref_frames.clear()
        self.ref_depth = 0
        self.pos = len(self.text)

    @property
    def free(self) -> bool:
        return not self.stack

    def _deep_search(self, pos: int) -> re.Match[str] | None:
        """DEEP_TOKEN_RE.search from `pos`, by `str.find` (memchr speed) for its two first
        characters: the next `}}` (remembered) and each `<` before it."""
        text = self.text
        close = self._search("}}", BRACES_CLOSE_RE, pos)[0]
        limit = close if close >= 0 else len(text)
        lt = text.find("<", pos, limit)
        while lt >= 0:
            m = DEEP_TOKEN_RE.match(text, lt)
            if m is not None:
                return m
            lt = text.find("<", lt + 1, limit)
        return DEEP_TOKEN_RE.match(text, close) if close >= 0 else None

    def _look(self, reach: int) -> None:
        self.horizon = max(self.horizon, reach)

    def _simple_ref(self, m: re.Match[str]) -> None:
        self.pos = m.end()
        if not self.collect:
            return
        opening = REF_OPEN_RE.match(self.text, m.start())
        close = REF_CLOSE_RE.search(self.text, m.start())
        inner_start = opening.end() if opening else m.start()
        inner_end = close.start() if close else m.end()
        for t in SIMPLE_TEMPLATE_RE.finditer(self.text, inner_start, inner_end):
            self.spans.append(Span(TEMPLATE_SPAN, t.start(), t.end(), in_ref=True))
        self.spans.append(Span(REF_SPAN, m.start(), m.end(), inner_start, inner_end))

    def _look_to_bracket(self, start: int) -> None:
        """A failed tag match read up to the next `<` or `>`."""
        m = BRACKET_RE.search(self.text, start)
        self._look(m.end() if m else len(self.text))

    def _search(self, what: str, pattern: re.Pattern[str], start: int) -> tuple[int, int]:
        """(start, end) of the first match of `pattern` at or after `start`, (-1, -1) if
        none. Remembered, so that many openers with one far closer (or none) cost linear
        time, not quadratic."""
        searched, found, end = self._found.get(what, (-1, -2, -2))
        if searched <= start <= found or (found == -1 and searched <= start):
            return (found, end) if found >= 0 else (-1, -1)
        m = pattern.search(self.text, start)
        result = (m.start(), m.end()) if m else (-1, -1)
        self._found[what] = (start, result[0], result[1])
        return result

    def _comment(self, start: int) -> None:
        end = self._search("-->", COMMENT_END_RE, start + 4)[0]
        if end < 0:
            self._look(len(self.text))
            self.pos = start + 4
        else:
            self._look(end + 3)
            self.pos = end + 3

    def _masked(self, start: int) -> None:
        m = MASK_OPEN_RE.match(self.text, start)
        if m is None:
            self._look_to_bracket(start + 1)
            self.pos = start + 1
            return
        self._look(m.end())
        if m.group(3):
            self.pos = m.end()
            return
        tag = m.group(1).lower()
        close_end = self._search(tag, closing_re(tag), m.end())[1]
        if close_end < 0:
            self._look(len(self.text))
            self.pos = m.end()
        else:
            self._look(close_end)
            self.pos = close_end

    def _open_template(self, start: int) -> None:
        if len(self.stack) >= MAX_DEPTH:
            self.pos = start + 2
            return
        tag_ref = False
        self._look(start + 12)
        if "#" in self.text[start + 2 : start + 12]:
            name = NAME_RE.match(self.text, start + 2)
            if name is not None:
                self._look(name.end() + 1)
                tag_ref = template_category(self.profile, name.group(0))[0] == "tagref"
        self.stack.append(Frame("t", start, tag_ref=tag_ref))
        self.ref_depth += tag_ref
        self.pos = start + 2

    def _close_template(self, start: int) -> None:
        self.pos = start + 2
        if not self.stack or self.stack[-1].kind != "t":
            return
        frame = self.stack.pop()
        self.ref_depth -= frame.tag_ref
        if self.collect:
            in_ref = self.ref_depth > 0 and not frame.tag_ref
            self.spans.append(Span(TEMPLATE_SPAN, frame.start, start + 2, in_ref=in_ref))

    def _ref(self, m: re.Match[str]) -> None:
        start = m.start()
        if m.group(1):
            self._close_ref(start, m)
            return
        simple = SIMPLE_REF_RE.match(self.text, start)
        if simple is not None:
            self._look(simple.end() + 1)
            self._simple_ref(simple)
            return
        opening = REF_OPEN_RE.match(self.text, start)
        if opening is None:
            self._look_to_bracket(start + 1)
            self.pos = start + 4
            return
        self.pos = opening.end()
        self._look(opening.end())
        if opening.group(2):
            if self.collect:
                self.spans.append(Span(SELF_SPAN, start, opening.end()))
            return
        close_end = self._search("</ref>", REF_CLOSE_RE, opening.end())[1]
        if close_end < 0:
            self._look(len(self.text))
            if self.collect:
                self.spans.append(Span(UNCLOSED_SPAN, start, opening.end()))
            return
        self._look(close_end)
        if len(self.stack) >= MAX_DEPTH:
            return
        self.ref_frames.append(len(self.stack))
        self.stack.append(Frame("r", start, opening.end()))
        self.ref_depth += 1

    def _close_ref(self, start: int, m: re.Match[str]) -> None:
        close = REF_CLOSE_RE.match(self.text, start)
        if close is None:
            self.pos = m.end()
            return
        self.pos = close.end()
        if not self.ref_frames:
            return
        depth = self.ref_frames.pop()
        for frame in self.stack[depth + 1 :]:
            self.ref_depth -= frame.tag_ref
        frame = self.stack[depth]
        del self.stack[depth:]
        self.ref_depth -= 1
        if self.collect:
            self.spans.append(Span(REF_SPAN, frame.start, close.end(), frame.open_end, start))


def scan_items(text: str, profile: Profile) -> list[Item]:
    """Every item of `text`, in text order."""
    scanner = Scanner(text, profile)
    scanner.run()
    return span_items(text, scanner.spans, profile)
