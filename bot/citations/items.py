"""What both extraction methods find in a text: refs, reuses, citation templates, and
citation-needed templates, each with the key an edit's before/after counts compare."""

from __future__ import annotations

import re
from dataclasses import dataclass

import mwparserfromhell

from .budget import too_complex
from .profiles import Profile
from .text import is_blank, normalize_body, strip_comments

REF = "ref"  # a <ref> or {{#tag:ref}} with content
REUSE = "reuse"  # a named ref without content: <ref name="x" />
EMPTY = "empty"  # an unnamed ref without content: <ref></ref>, <ref />
TPL = "tpl"  # a citation template outside any ref
SFN = "sfn"  # a short-footnote template outside any ref
UNCLOSED = "unclosed"  # a <ref ...> opening that is never closed
CN = "cn"  # a citation-needed template

_ATTR_RE = re.compile(
    r"""([^\s=/>"']+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>/]+))""",
)
_TAG_REF_RE = re.compile(r"#tag\s*:\s*ref\s*$", re.I)
BIG = 20_000  # longer texts are compared as written (normalising them all could be slow)


_PIECE_RE = re.compile(r"[^\s|={}\x00]+")


def key_needle(key_text: str) -> str:
    """The longest run of `key_text` that every text with this key contains verbatim
    (normalisation only touches whitespace next to markup)."""
    return max(_PIECE_RE.findall(key_text), key=len, default="")


def text_key(text: str) -> str:
    """What two citations are compared by: the normalised text (see normalize_body)."""
    return normalize_body(text) if len(text) <= BIG else "\x00" + text


@dataclass(frozen=True, slots=True)
class Item:
    """One occurrence. `pos` orders items of one text (an offset or a rank)."""

    category: str
    key: tuple[str, ...]
    pos: int
    wikitext: str
    body: str = ""
    name: str | None = None
    group: str = ""
    template: str | None = None


def ref_attrs(open_tag: str) -> tuple[str | None, str]:
    """`name` and `group` of a ref opening tag; the last of a repeated attribute wins."""
    name: str | None = None
    group = ""
    for m in _ATTR_RE.finditer(open_tag):
        value = next(v for v in m.group(2, 3, 4) if v is not None).strip()
        key = m.group(1).lower()
        if key == "name":
            name = value or None
        elif key == "group":
            group = value
    return name, group


def ref_item(pos: int, wikitext: str, body: str | None, name: str | None, group: str) -> Item:
    """The item for a ref; `body` is None for a self-closing one."""
    if body is None or is_blank(body):
        if name is not None:
            return Item(REUSE, (REUSE, group, name), pos, wikitext, "", name, group)
        return Item(EMPTY, (EMPTY,), pos, wikitext, body or "", None, group)
    return Item(REF, (REF, text_key(body)), pos, wikitext, body, name, group)


def template_item(pos: int, wikitext: str, category: str, name: str) -> Item:
    key = (CN,) if category == CN else (category, text_key(wikitext))
    return Item(category, key, pos, wikitext, wikitext, template=name)


def unclosed_item(pos: int, open_tag: str) -> Item:
    name, group = ref_attrs(open_tag)
    return Item(UNCLOSED, (UNCLOSED, text_key(open_tag)), pos, open_tag, "", name, group)


def is_tag_ref(name: str) -> bool:
    """`{{#tag:ref|…}}`: a ref written as a parser function."""
    return bool(_TAG_REF_RE.match(name.strip()))


def template_category(profile: Profile, raw_name: str) -> tuple[str | None, str]:
    """(category, normalised name) of a template: TPL, SFN, CN, "tagref" or None."""
    if "#" in raw_name and is_tag_ref(strip_comments(raw_name)):
        return "tagref", "#tag:ref"
    name = profile.name(raw_name)
    if name in profile.citation_templates:
        return TPL, name
    if name in profile.sfn_templates:
        return SFN, name
    if name in profile.cn_templates:
        return CN, name
    return None, name


def tag_ref_item(pos: int, wikitext: str) -> Item:
    """The item for `{{#tag:ref|body|name=…|group=…}}` (parsed the same way by both methods).
    One too complex to parse (budget.py) is read whole as the ref's body, with no name:
    the screen then refuses it as a citation too."""
    if too_complex(wikitext):
        return ref_item(pos, wikitext, wikitext, None, "")
    body: str | None = None
    name: str | None = None
    group = ""
    nodes = mwparserfromhell.parse(wikitext, skip_style_tags=True).filter_templates(recursive=False)
    if nodes:
        for i, param in enumerate(nodes[0].params):
            key = str(param.name).strip()
            value = str(param.value)
            if i == 0:  # #tag takes its first argument whole, "=" included
                body = str(param)
            elif key == "name":
                name = value.strip().strip("\"'").strip() or None
            elif key == "group":
                group = value.strip().strip("\"'").strip()
    return ref_item(pos, wikitext, body, name, group)
