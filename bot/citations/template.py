"""Reading a template call's parameters (with mwparserfromhell, on the small text of one
citation only)."""

from __future__ import annotations

from dataclasses import dataclass

import mwparserfromhell
from mwparserfromhell.nodes import Template

from .text import strip_comments

__all__ = ["Param", "Template", "TemplateCall", "read_call", "template_name", "templates"]


@dataclass(frozen=True)
class Param:
    """A parameter as written: `name` stripped ("1", "2"… for positional ones) and the
    value with comments removed and surrounding whitespace stripped."""

    name: str
    value: str
    positional: bool


@dataclass(frozen=True)
class TemplateCall:
    name: str  # as written, comments removed, whitespace collapsed
    params: tuple[Param, ...]
    wikitext: str


def templates(wikitext: str, recursive: bool = True) -> list[Template]:
    """The templates in `wikitext` (nested ones too when `recursive`), in text order."""
    code = mwparserfromhell.parse(wikitext, skip_style_tags=True)
    return list(code.filter_templates(recursive=recursive))


def template_name(node: Template) -> str:
    return " ".join(strip_comments(str(node.name)).split())


def read_call(node: Template) -> TemplateCall:
    params = tuple(
        Param(
            name=strip_comments(str(p.name)).strip(),
            value=strip_comments(str(p.value)).strip(),
            positional=not p.showkey,
        )
        for p in node.params
    )
    return TemplateCall(name=template_name(node), params=params, wikitext=str(node))
