"""Who a wiki's opt-out page lists, and whether a user page's `{{bots|optout=…}}` asks not
to be listed. Pure: the pages' texts and the language's forms in.

A user may be named on the page in any of the forms people write (the forms per language
live in `bot/data/welcome/*.json`, key `optout_forms`):

    * Alice                               a list item holding just the name
    [[User:Alice]] [[User talk:Alice/Archive|…]]    a link into a user namespace
    [[Special:Contributions/Alice]]       a link to the user's contributions
    {{user|Alice}}                        a user-link template, the name as first parameter
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import mwparserfromhell

from .exclusion import DEFAULT_TEMPLATES, ExclusionTemplates, normalize, optout_types

_ITEM = re.compile(r"^\*\s*([^\[\]{}|#<>\n]+)$", flags=re.MULTILINE)


@dataclass(frozen=True)
class OptoutForms:
    """A language's names of the user namespaces, contribution pages and user templates."""

    user_namespaces: tuple[str, ...] = ("User", "User talk")
    contributions: tuple[str, ...] = ("Special:Contributions",)
    user_templates: tuple[str, ...] = ("User",)
    # `{{bots|optout=…}}` types that hide the name on the leaderboard and hub pages
    leaderboard_types: tuple[str, ...] = ("lib1ref-leaderboard",)

    def namespaces(self) -> set[str]:
        return {normalize(n) for n in self.user_namespaces}

    def special_pages(self) -> set[str]:
        return {_title_key(p) for p in self.contributions}

    def templates(self) -> set[str]:
        return {normalize(t) for t in self.user_templates}


def _title_key(title: str) -> str:
    """`Special : Contributions` and `special:contributions` alike."""
    head, sep, rest = normalize(title).lstrip(":").partition(":")
    return f"{head.strip()}{sep}{rest.strip()}"


def _link_name(title: str, namespaces: set[str], special: set[str]) -> str:
    title = title.split("#", 1)[0]
    page, slash, sub = title.partition("/")
    if slash and _title_key(page) in special:
        return sub
    head, sep, rest = title.strip().lstrip(":").partition(":")
    if sep and normalize(head) in namespaces:
        return rest.split("/", 1)[0]
    return ""


def parse_optout(text: str, forms: OptoutForms = OptoutForms()) -> set[str]:
    """The user names listed on an opt-out page, normalized (`bot.exclusion.normalize`)."""
    code = mwparserfromhell.parse(text)
    namespaces, special, templates = forms.namespaces(), forms.special_pages(), forms.templates()
    names = {m.strip() for m in _ITEM.findall(text)}
    for link in code.filter_wikilinks(recursive=True):
        names.add(_link_name(str(link.title), namespaces, special))
    for template in code.filter_templates(recursive=True):
        if normalize(str(template.name)) in templates and template.has("1"):
            names.add(str(template.get("1").value))
    return {normalize(n) for n in names if n.strip()}


def asks_not_to_be_listed(
    text: str, forms: OptoutForms = OptoutForms(), templates: ExclusionTemplates = DEFAULT_TEMPLATES
) -> bool:
    """Does a user (talk) page with this text carry `{{bots|optout=…}}` naming one of the
    leaderboard types (`OptoutForms.leaderboard_types`)? `optout=all` does not count: it
    refuses bot messages, and a listing is none (the welcome honours it)."""
    return bool(optout_types(text, templates) & {normalize(t) for t in forms.leaderboard_types})
