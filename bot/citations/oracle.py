"""The reference method: parse both revisions in full with mwparserfromhell.

Slow (about 1 ms per KB) and kept as the test oracle and the benchmark baseline: the
windowed method in `window.py` must give exactly its results on every edit.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

import mwparserfromhell
from mwparserfromhell.definitions import is_parsable
from mwparserfromhell.nodes import (
    Argument,
    Comment,
    ExternalLink,
    Heading,
    Node,
    Tag,
    Template,
    Text,
    Wikilink,
)
from mwparserfromhell.wikicode import Wikicode

from .budget import DEFAULT, Limits
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
)
from .items import unclosed_item as _unclosed
from .model import EditAnalysis
from .profiles import Profile, load_profile
from .resolve import ItemIndex, resolve
from .screen import bounded, changed_parts
from .text import readable
from .window import common_prefix, common_suffix

_UNCLOSED_RE = re.compile(r"<ref(\s[^<>]*?)?>", re.I)


def oracle_items(text: str, profile: Profile) -> list[Item]:
    """Every item of `text`, in text order, from mwparserfromhell's tree."""
    items: list[Item] = []
    stack: list[tuple[Iterator[Node], bool]] = [
        (iter(mwparserfromhell.parse(text, skip_style_tags=True).nodes), False)
    ]
    while stack:
        nodes, in_ref = stack[-1]
        node = next(nodes, None)
        if node is None:
            stack.pop()
            continue
        for child, child_in_ref in reversed(_visit(node, in_ref, profile, items)):
            stack.append((iter(child.nodes), child_in_ref))
    return items


def _visit(
    node: Node, in_ref: bool, profile: Profile, items: list[Item]
) -> list[tuple[Wikicode, bool]]:
    """Record `node`'s item if it is one; return the child code to walk, in text order."""
    pos = len(items)
    if isinstance(node, Comment):
        return []
    if isinstance(node, Text):
        for m in _UNCLOSED_RE.finditer(node.value):
            if not m.group(0).endswith("/>"):
                items.append(_unclosed(len(items), m.group(0)))
        return []
    if isinstance(node, Tag):
        return _visit_tag(node, in_ref, pos, items)
    if isinstance(node, Template):
        return _visit_template(node, in_ref, profile, pos, items)
    if isinstance(node, Wikilink):
        return [(c, in_ref) for c in (node.title, node.text) if c is not None]
    if isinstance(node, ExternalLink):
        return [(c, in_ref) for c in (node.url, node.title) if c is not None]
    if isinstance(node, Heading):
        return [(node.title, in_ref)]
    if isinstance(node, Argument):
        return [(c, in_ref) for c in (node.name, node.default) if c is not None]
    return []


def _visit_tag(node: Tag, in_ref: bool, pos: int, items: list[Item]) -> list[tuple[Wikicode, bool]]:
    tag = str(node.tag).strip().lower()
    if tag == "ref":
        wikitext = str(node)
        opening = wikitext if node.self_closing else wikitext[: _opening_length(node)]
        name, group = ref_attrs(opening)
        body = None if node.self_closing else str(node.contents)
        items.append(ref_item(pos, wikitext, body, name, group))
        return [] if node.contents is None else [(node.contents, True)]
    if not is_parsable(tag):
        return []
    children = [(a.value, in_ref) for a in node.attributes if a.value is not None]
    if node.contents is not None:
        children.append((node.contents, in_ref))
    return children


def _opening_length(node: Tag) -> int:
    text = str(node)
    return len(text) - len(str(node.contents)) - len(f"</{node.closing_tag}>")


def _visit_template(
    node: Template, in_ref: bool, profile: Profile, pos: int, items: list[Item]
) -> list[tuple[Wikicode, bool]]:
    category, name = template_category(profile, str(node.name))
    wikitext = str(node)
    if category == "tagref":
        items.append(tag_ref_item(pos, wikitext))
        in_ref = True
    elif category == CN or (category in (TPL, SFN) and not in_ref):
        items.append(template_item(pos, wikitext, category, name))
    children: list[tuple[Wikicode, bool]] = [(node.name, in_ref)]
    for param in node.params:
        if param.showkey:
            children.append((param.name, in_ref))
        children.append((param.value, in_ref))
    return children


def oracle_analyze(
    old: str,
    new: str,
    lang: str = "en",
    today: date | None = None,
    profile: Profile | None = None,
    limits: Limits = DEFAULT,
) -> EditAnalysis:
    """`analyze_edit` by full parses of both texts, with the same arguments: `profile`, one
    derived from the wiki (bot/citations/derive.py) instead of the packaged one of `lang`;
    the same `limits` per citation and per edit (budget.py) and the same pre-screen of the
    whole edit (screen.py)."""
    profile = profile or load_profile(lang)
    prefix = common_prefix(old, new)
    verdict = bounded(
        *changed_parts(old, new, prefix, common_suffix(old, new, prefix)), profile, limits
    )
    if verdict is not None:
        return verdict
    old_items = oracle_items(readable(old), profile)
    new_items = oracle_items(readable(new), profile)
    return resolve(new_items, old_items, ItemIndex(new_items), profile, today, limits)
