"""How much work one edit may cost: a linear pre-screen of each citation before it is
parsed, and a budget per edit.

Reading a citation means parsing it with mwparserfromhell, whose tokenizer retries the rest
of the text at every construct left open (`<b>`, `{{`, `[[`, `{|`, `<!--`…) or cut off by
another's closer: 8,000 unclosed `<b>` in a 40 KB ref take seconds, and an edit adding many
such refs took minutes. `cost()` estimates the work from `str.count` and one pass of a regex
with a stack (linear time, whatever the text), in characters' worth: the length once, again
`anomaly_weight` times per construct left open, cut off or nested past `max_depth` (real
citations have none or a few), plus a fixed amount per citation, per mark that makes a node
of the parse, per `|`, `{{` and `://` (parameters, templates and links to check), and once
for a citation that holds a template (its checks).

A citation longer than `max_chars`, with more markup than `max_markup` or an estimate over
`max_cost` is `malformed`, "too complex to read" (or "too long"), without being parsed. The
others are charged to the edit's `edit_budget`, in text order; once it is spent, the rest are
`malformed`, "the edit adds too much text to check". Both methods (window.py, oracle.py) meet
the same rule in `resolve`, so they still agree.

The weights are calibrated so that a unit costs about the same work whatever the citation's
shape: ordinary `{{cite web}}` and `{{cite book}}` refs, plain refs, hundreds of authors,
parameters, URLs, entities or templates (instructions counted with callgrind: at most 286
per unit, ordinary refs 266-271; time per unit within about 1.1x of ordinary refs; the
pathological shapes cost less per unit, since the anomaly term overcharges them). Then the
worst edit the budget lets through costs about what the largest ordinary edit it must read
costs: `python -m scripts.bench_budget --rates` prints the time per unit of each shape
against ordinary refs, to calibrate them again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

TOO_LONG = "it is too long to read"
TOO_COMPLEX = "it is too complex to read"
OVER_BUDGET = "the edit adds too much text to check"

# A comment's ends, a bracket, a brace, or an opening or closing tag's name.
_MARKUP_RE = re.compile(r"<!--|-->|[{}\[\]]|<(/?)([A-Za-z][A-Za-z0-9]*)")
_CLOSES = {"}": "{", "]": "[", "-->": "<!--"}
_NODE_MARKS = ("{", "}", "[", "]", "<", "&")  # each may become a node of the parse
_SINGLE_TAGS = frozenset({"br", "hr", "wbr", "img", "meta", "link", "col", "area", "base"})


@dataclass(frozen=True)
class Limits:
    """The defaults read every citation of the 50-article corpus (the costliest is a 15.7 KB
    ref estimated at 418,000), its largest page created at once (618 citations, 7.1
    million), a citation of 200 authors, and a page created with 1,500 ordinary
    `{{cite web}}` refs (16.4 million); `make bench` shows the worst edit they allow."""

    max_chars: int = 50_000  # one citation's text
    max_markup: int = 4_000  # its `{ } [ ] < & |`, counted with str.count
    max_depth: int = 12  # nesting past this is charged as if left open
    anomaly_weight: int = 8  # the length is charged again this many times per anomaly
    item_cost: int = 1_600  # per citation, however short (a plain ref takes about this)
    cite_cost: int = 700  # once if it holds a template: the citation template's checks
    node_cost: int = 270  # per `{ } [ ] < &`
    pipe_cost: int = 1_300  # per `|`: a parameter to build and check (an author's name most)
    template_cost: int = 300  # per `{{`: a template that may be checked as a citation
    url_cost: int = 600  # per `://`: a link to parse and check
    max_cost: int = 1_200_000  # one citation's estimate
    edit_budget: int = 18_000_000  # the estimates of one edit's citations, together
    max_edit_marks: int = 20_000  # `<ref` and `{{` an edit's changed part adds (screen.py)


DEFAULT = Limits()
# Each citation screened, the edit unbudgeted and unscreened: a page read again whole
# (recheck), not an edit.
WHOLE_PAGE = replace(DEFAULT, edit_budget=1 << 62, max_edit_marks=1 << 62)


def cost(text: str, limits: Limits = DEFAULT) -> int | None:
    """The estimated work of parsing `text`, or None when it is too long or holds too much
    markup to be worth estimating. Linear in `len(text)`."""
    if len(text) > limits.max_chars:
        return None
    pipes = text.count("|")
    marks = sum(text.count(c) for c in _NODE_MARKS)
    if marks + pipes > limits.max_markup:
        return None
    templates = text.count("{{")
    return (
        limits.item_cost
        + (limits.cite_cost if templates else 0)
        + len(text) * (1 + limits.anomaly_weight * anomalies(text, limits.max_depth))
        + marks * limits.node_cost
        + pipes * limits.pipe_cost
        + templates * limits.template_cost
        + text.count("://") * limits.url_cost
    )


def too_complex(text: str, limits: Limits = DEFAULT) -> bool:
    estimate = cost(text, limits)
    return estimate is None or estimate > limits.max_cost


def anomalies(text: str, max_depth: int) -> int:
    """How many constructs the tokenizer may have to retry to the end of `text`, by one
    stack over every kind (a brace, a bracket, a comment, each tag name): openers never
    closed, openers a closer of an outer construct cuts off (`<b>{{x</b>}}`), and openers
    nested more than `max_depth` deep."""
    stack: list[str] = []
    open_kinds: dict[str, int] = {}
    found = 0
    for m in _MARKUP_RE.finditer(text):
        mark = m.group(0)
        if mark in ("{", "[", "<!--"):
            kind, closing = mark, False
        elif mark in _CLOSES:
            kind, closing = _CLOSES[mark], True
        else:
            kind, closing = m.group(2).lower(), bool(m.group(1))
            if kind in _SINGLE_TAGS:
                continue
        if not closing:
            stack.append(kind)
            open_kinds[kind] = open_kinds.get(kind, 0) + 1
            found += len(stack) > max_depth
        elif open_kinds.get(kind, 0):
            while (top := stack.pop()) != kind:  # constructs cut off by this closer
                open_kinds[top] -= 1
                found += 1
            open_kinds[kind] -= 1
    return found + len(stack)


@dataclass
class Budget:
    """One edit's budget. The screen's own work is charged too (a citation refused as too
    complex costs its length), so an edit of many refused citations is not screened without
    end either."""

    limits: Limits = DEFAULT
    spent: int = 0

    def verdict(self, wikitext: str, parsed: str) -> str | None:
        """None to read a citation written `wikitext` whose reading parses `parsed` (empty
        for one judged on its tags alone), else why not."""
        if len(wikitext) > self.limits.max_chars:
            return TOO_LONG
        if self.spent > self.limits.edit_budget:
            return OVER_BUDGET
        if not parsed:  # judged on its tags alone, but each still costs a little
            self.spent += self.limits.item_cost
            return OVER_BUDGET if self.spent > self.limits.edit_budget else None
        estimate = cost(parsed, self.limits)
        if estimate is None or estimate > self.limits.max_cost:
            self.spent += len(parsed)
            return TOO_COMPLEX
        self.spent += estimate
        return OVER_BUDGET if self.spent > self.limits.edit_budget else None
