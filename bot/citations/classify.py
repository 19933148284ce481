"""From one added item to a Citation: its kind and its problems."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from .checks import check_citation, problem
from .items import EMPTY, REF, REUSE, SFN, TPL, UNCLOSED, Item
from .model import Citation, Problem
from .profiles import Profile
from .template import Template, TemplateCall, read_call, template_name, templates
from .text import strip_comments

Definitions = Callable[[str, str], list[Item]]

_URL = r"(?:(?:https?|ftp):)?//[^\s\[\]<>\"]+"
BARE_URL_RE = re.compile(rf"{_URL}|\[\s*{_URL}\s*\]|\[\s*{_URL}\s+{_URL}\s*\]")
_TEMPLATE_NAME_RE = re.compile(r"\{\{\s*([^{}|\n]{1,200}?)\s*(?:\||\}\}|\n|$)")


def classify(
    item: Item, definitions: Definitions, profile: Profile, today: date | None
) -> Citation:
    """The Citation for an added item."""
    if item.category == EMPTY:
        detail = "" if item.body or not item.wikitext.endswith("/>") else " (self-closing, no name)"
        return _cite("empty", None, item, [problem(profile, "empty-ref", None, detail)])
    if item.category == REUSE:
        return _cite("empty", None, item, [problem(profile, "undefined-named-ref", item.name)])
    if item.category == UNCLOSED:
        found = problem(profile, "malformed", None, "the <ref> tag is never closed")
        return _cite("plain", None, item, [found])
    if item.category in (TPL, SFN):
        nodes = templates(item.wikitext, recursive=False)
        if not nodes:
            found = problem(profile, "malformed", None, "the template cannot be read")
            return _cite("plain", item.template, item, [found])
        return _template_citation(item, read_call(nodes[0]), profile, today)
    kind, template, problems = _read_body(item.body, profile, today)
    if item.category == REF and item.name is not None:
        problems.extend(_name_problems(item, definitions, profile))
    return _cite(kind, template, item, problems)


def unread(item: Item, profile: Profile, detail: str) -> Citation:
    """A citation not read (too long, too complex, or past the edit's budget: `detail`)."""
    kind = "template" if item.category == TPL else "sfn" if item.category == SFN else "plain"
    return _cite(kind, item.template, item, [problem(profile, "malformed", None, detail)])


def _cite(kind: str, template: str | None, item: Item, problems: list[Problem]) -> Citation:
    return Citation(kind, template, item.wikitext, tuple(problems))


def _template_citation(
    item: Item, call: TemplateCall, profile: Profile, today: date | None
) -> Citation:
    if item.category == SFN:
        return _cite("sfn", call.name, item, _sfn_problems(call, profile))
    cls = profile.citation_templates.get(profile.name(call.name))
    if cls is None:  # the scanner's reading of the name and mwparserfromhell's differ
        found = problem(profile, "malformed", None, "the template's name cannot be read")
        return _cite("plain", item.template, item, [found])
    return _cite("template", call.name, item, check_citation(call, cls, profile, today))


def _sfn_problems(call: TemplateCall, profile: Profile) -> list[Problem]:
    if any(p.value for p in call.params):
        return []
    return [problem(profile, "empty-citation", None)]


def _read_body(
    body: str, profile: Profile, today: date | None
) -> tuple[str, str | None, list[Problem]]:
    """(kind, template, problems) of a ref's content."""
    nodes = templates(body)
    names = [profile.name(template_name(n)) for n in nodes]
    found = [
        (read_call(n), cls)
        for n, m in zip(nodes, names, strict=True)
        if (cls := _citation_class(m, profile)) is not None
    ]
    if found:
        problems = [p for c, cls in found for p in check_citation(c, cls, profile, today)]
        return "template", found[0][0].name, problems
    unclosed = _unclosed_citation(body, profile)
    if unclosed is not None:
        detail = f"the {{{{{unclosed}}}}} template is not closed"
        return "plain", None, [problem(profile, "malformed", None, detail)]
    sfns = [read_call(n) for n, m in zip(nodes, names, strict=True) if m in profile.sfn_templates]
    if sfns:
        return "sfn", sfns[0].name, _sfn_problems(sfns[0], profile)
    if _is_bare_url(body, nodes, profile):
        return "bare-url", None, [problem(profile, "bare-url", None)]
    return "plain", None, []


def _citation_class(name: str, profile: Profile) -> str | None:
    """The class of a template in a ref: the profile's, or (generic profile) any template
    that is neither a short footnote nor a maintenance tag."""
    if name in profile.citation_templates:
        return profile.citation_templates[name]
    if name in profile.sfn_templates or name in profile.maintenance_templates:
        return None
    return profile.any_template_class


def _unclosed_citation(body: str, profile: Profile) -> str | None:
    for m in _TEMPLATE_NAME_RE.finditer(strip_comments(body)):
        if profile.name(m.group(1)) in profile.citation_templates:
            return m.group(1).strip()
    return None


def _is_bare_url(body: str, nodes: list[Template], profile: Profile) -> bool:
    """The content is a URL, `[URL]` or `[URL URL]`, maintenance templates aside. `nodes`
    are the templates of `body` (parsed once: they are reused unless comments must go)."""
    rest = strip_comments(body)
    if rest is not body:
        nodes = templates(rest)
    for node in nodes:  # recursive: a template can sit inside the link
        if profile.name(template_name(node)) not in profile.maintenance_templates:
            return False
        rest = rest.replace(str(node), "", 1)
    return BARE_URL_RE.fullmatch(rest.strip()) is not None


def _name_problems(item: Item, definitions: Definitions, profile: Profile) -> list[Problem]:
    name = item.name or ""
    found: list[Problem] = []
    if name.isdigit():
        found.append(problem(profile, "malformed", "name", "a ref name cannot be a plain number"))
    if any(d.key != item.key for d in definitions(item.group, name)):
        found.append(problem(profile, "conflicting-named-ref", name))
    return found
