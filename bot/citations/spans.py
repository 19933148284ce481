"""What the scanner records (spans: cheap offsets) and how a span becomes an Item."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .items import (
    CN,
    SFN,
    TPL,
    Item,
    ref_attrs,
    ref_item,
    tag_ref_item,
    template_category,
    template_item,
    unclosed_item,
)
from .profiles import Profile
from .text import readable

NAME_RE = re.compile(r"[^|{}]{0,256}")  # a template's name: up to its first | or brace

# Span kinds: what the scanner records, cheaply; `span_item()` turns one into an Item.
REF_SPAN, SELF_SPAN, TEMPLATE_SPAN, UNCLOSED_SPAN = range(4)


@dataclass(frozen=True, slots=True)
class Span:
    """A ref or template found at [start, end); for a ref, its content is
    [inner_start, inner_end). `in_ref` tells whether it lies inside a ref."""

    kind: int
    start: int
    end: int
    inner_start: int = 0
    inner_end: int = 0
    in_ref: bool = False


def span_item(text: str, span: Span, profile: Profile) -> Item | None:
    """The item a span stands for (None for a template that is not one). Its strings are
    `readable` (NULs as U+FFFD, as the full parse reads them): the text need not be."""
    if span.kind == REF_SPAN:
        name, group = ref_attrs(readable(text[span.start : span.inner_start]))
        body = readable(text[span.inner_start : span.inner_end])
        return ref_item(span.start, readable(text[span.start : span.end]), body, name, group)
    if span.kind == SELF_SPAN:
        name, group = ref_attrs(readable(text[span.start : span.end]))
        return ref_item(span.start, readable(text[span.start : span.end]), None, name, group)
    if span.kind == UNCLOSED_SPAN:
        return unclosed_item(span.start, readable(text[span.start : span.end]))
    head = NAME_RE.match(text, span.start + 2)
    if head is None or text.startswith("{", head.end()):
        return None  # a name holding a template (`{{cite web{{x}}|…}}`) is no known template
    category, norm = template_category(profile, readable(head.group(0)))
    if category == "tagref":
        return tag_ref_item(span.start, readable(text[span.start : span.end]))
    if category == CN or (category in (TPL, SFN) and not span.in_ref):
        return template_item(span.start, readable(text[span.start : span.end]), category, norm)
    return None


def span_items(text: str, spans: list[Span], profile: Profile) -> list[Item]:
    """The items of `spans`, in text order."""
    items = [span_item(text, s, profile) for s in spans]
    return sorted((i for i in items if i is not None), key=lambda i: i.pos)
