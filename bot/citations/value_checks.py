"""Checks on what parameters hold, as Module:Citation/CS1 (2022) makes them: italic or bold
markup in the periodical or publisher, "et al." and generic names in name lists, a cite
journal or magazine without its periodical (an error CS1 hides: a warning here), extra
text in |volume=, |issue= and the page parameters (CS1 hides the volume one), external
links where no URL belongs. Same signature as the checks in checks.py."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import cache

from . import content
from .cite import Cite
from .model import Problem

_NUMBER_RE = re.compile(r"\d+")


def _plain(found: tuple[str, str, str] | tuple[str, str] | None) -> bool:
    """A value set and holding no template: CS1 reads templates expanded, which the bot
    cannot do, so values with one are not judged (no error CS1 would not show)."""
    return found is not None and "{{" not in found[-1]


def apostrophe_markup(c: Cite) -> Iterator[Problem]:
    """The periodical (the first of its aliases) and the publisher name, never italicised
    by hand: CS1 strips `''` and reports it."""
    for role in ("periodical", "publisher_name"):
        found = c.first_of(role)
        if found is not None and _plain(found) and content.has_apostrophe_markup(found[2]):
            yield c.p("apostrophe-markup", found[1])


def _name_at(c: Cite, patterns: tuple[str, ...], i: int) -> tuple[str, str] | None:
    """select_one: (written name, value) of the first set alias for enumerator `i` (for 1,
    the alias without a number is tried before the numbered one)."""
    values = c.values
    for name in _alias_names(patterns, i):
        if name in values:
            return values[name]
    return None


@cache
def _alias_names(patterns: tuple[str, ...], i: int) -> tuple[str, ...]:
    """The names `_name_at` tries, in order (computed once per alias list and enumerator)."""
    names: list[str] = []
    for pattern in patterns:
        if i == 1:
            names += [pattern.replace("#", ""), pattern.replace("#", "1")]
        names.append(pattern.replace("#", str(i)))
    return tuple(dict.fromkeys(names))


def _name_list(c: Cite, lists: str) -> list[tuple[str, str]]:
    """extract_names: (written, value) of each last and first name, in order, stopping
    after two enumerators in a row with neither."""
    parts = c.profile.cs1.name_lists[lists]
    out: list[tuple[str, str]] = []
    missing, i = 0, 1
    while missing < 2:
        last, first = _name_at(c, parts["last"], i), _name_at(c, parts["first"], i)
        missing = missing + 1 if last is None and first is None else 0
        out += [n for n in (last, first) if n is not None]
        i += 1
    return out


def _lists_read(c: Cite) -> list[str]:
    """The name lists CS1 extracts for this citation: authors unless |vauthors= or
    |authors= replace them; editors unless |veditors=; contributors in a book or a
    {{citation}} without a periodical; translators and interviewers always."""
    lists = ["translator", "interviewer"]
    has = {  # select_author_editor_source looks at enumerators 1 and 2
        k: any(_name_at(c, v["last"] + v["first"], i) for i in (1, 2))
        for k, v in c.profile.cs1.name_lists.items()
    }
    if has["author"] or not ("vauthors" in c.values or c.first_of("authors")):
        lists.append("author")
    if has["editor"] or "veditors" not in c.values:
        lists.append("editor")
    if c.module_class in ("book", "citation") and c.first_of("periodical") is None:
        lists.append("contributor")
    return lists


def names(c: Cite) -> Iterator[Problem]:
    """name_has_etal on each name (and |authors=), then is_generic on the name without
    its et al. unless it is written `((…))`; one generic-name error per citation."""
    generic = False
    for lists in _lists_read(c):
        for written, value in _name_list(c, lists):
            if "{{" in value:
                continue
            name, etal = content.strip_et_al(value)
            if etal:
                yield c.p("explicit-et-al", written)
            name, as_written = content.accept_as_written(name)
            if not generic and not as_written and content.is_generic_name(name):
                generic = True
                yield c.p("generic-name", written, name)
    found = c.first_of("authors")  # read only without an author list or |vauthors=
    if found is None or "author" in _lists_read(c) or "vauthors" in c.values:
        return
    if _plain(found) and content.strip_et_al(found[2])[1]:
        yield c.p("explicit-et-al", "authors")


def missing_periodical(c: Cite) -> Iterator[Problem]:
    required = c.profile.cs1.module_rules["periodical_required"].get(c.module_class)
    if required and c.first_of("periodical") is None and c.first_of("script_periodical") is None:
        yield c.p("missing-periodical", required, c.module_class)


def _uses_volume_issue(c: Cite) -> tuple[bool, bool]:
    rules = c.profile.cs1.module_rules
    cls = c.module_class
    periodical = c.first_of("periodical")
    script = c.first_of("script_periodical")
    if cls == "citation":
        if periodical is not None:
            volume = periodical[0] not in rules["citation_no_volume"]
        else:
            volume = script is None or script[0] != "script-website"
        issue = periodical is not None and periodical[0] in rules["citation_issue"]
        return volume, issue
    volume = cls in rules["using_volume"]
    issue = cls in rules["using_issue"]
    if cls in ("conference", "map") and periodical is None and script is None:
        issue = False
    return volume, issue


def extra_text(c: Cite) -> Iterator[Problem]:
    """|volume= `Vol. 12` (hidden by CS1), |issue= `No. 4`, |page(s)= `p. 5`, for the
    classes that render them; of |page=, |pages= and |at=, only the one CS1 uses."""
    volume, issue = _uses_volume_issue(c)
    found = c.first_of("volume")
    if volume and found is not None and _plain(found) and content.volume_has_extra_text(found[2]):
        yield c.p("extra-text-volume", found[1], found[2])
    found = c.first_of("issue")
    if issue and found is not None and _plain(found) and content.issue_has_extra_text(found[2]):
        yield c.p("extra-text-issue", found[1], found[2])
    if c.module_class in c.profile.cs1.module_rules["not_using_page"]:
        return
    found = c.first_of("page") or c.first_of("pages")
    if found is not None and _plain(found) and content.page_has_extra_text(found[2]):
        yield c.p("extra-text-pages", found[1], found[2])


def external_links(c: Cite) -> Iterator[Problem]:
    """has_extraneous_url: a link or a bare URL in any parameter that is not one of the
    URL, identifier or in-source location parameters (one error naming them all). Only
    CS1's own names are looked at: a wiki's local parameter may be meant for a URL."""
    skip = c.role("url_skip")
    state = c.profile.cs1.whitelist.state
    found = sorted(
        written
        for name, (written, value) in c.values.items()
        if name not in skip and _NUMBER_RE.sub("", name) not in skip
        and state(name, c.module_class) is not None
        and "{{" not in value and content.has_external_link(value)
    )  # fmt: skip
    for written in found[:1]:
        detail = ", ".join(f"|{w}=" for w in found)
        yield c.p("external-link", written, detail)


CHECKS: list[Callable[[Cite], Iterator[Problem]]] = [
    apostrophe_markup,
    names,
    missing_periodical,
    extra_text,
    external_links,
]
