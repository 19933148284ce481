"""Exclusion compliance: the `{{bots}}`/`{{nobots}}` convention of en:Template:Bots. Pure.

The forms honoured (pywikibot's `BasePage.botMayEdit` is the reference; where it warns
and ignores, the bot refuses, since a user who wrote the template meant to keep bots out):

- `{{nobots}}` denies every bot; `{{nobots|all}}` and `{{nobots|Lib1RefBot,OtherBot}}`
  deny those named; any named parameter on `{{nobots}}` (`{{nobots|deny=all}}`) denies
  every bot, as pywikibot does ("edit declined").
- `{{bots}}` alone allows; `{{bots|allow=A,B}}` denies every bot not named (`all` allows
  all, `none` none); `{{bots|deny=A,B}}` denies those named (`all` every bot, `none` none);
  `{{bots|optout=TYPE,…}}` refuses the message types named (`all` every message: pywikibot
  ignores `optout`, this bot honours it).
- Template names: any case, spaces or underscores, an optional `Template:` prefix in any
  of the wiki's names for the template namespace (`Plantilla:`, `Modèle:`), an optional
  leading colon, and every redirect to Template:Bots or Template:Nobots the wiki has
  (`ExclusionTemplates`, read from the wiki once per run). A bare `{{:Nobots}}` (a
  main-namespace page) counts too: it can only mean the template.
- Several templates: any one that denies wins. Templates inside comments, `<nowiki>` and
  `<pre>` do not count (MediaWiki does not transclude them).
- Bot names: compared with spaces and underscores alike, case-insensitively.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import mwparserfromhell

TEMPLATE_NAMESPACE = 10


def normalize(name: str) -> str:
    """A page or user name for comparison: `_` as space, single spaces, casefolded."""
    return " ".join(name.replace("_", " ").split()).casefold()


@dataclass(frozen=True)
class ExclusionTemplates:
    """The names under which a wiki's `{{bots}}` and `{{nobots}}` can be transcluded.

    Names are without namespace and normalized (`normalize`); `prefixes` are the wiki's
    names and aliases of the template namespace, normalized.
    """

    bots: frozenset[str] = frozenset({"bots"})
    nobots: frozenset[str] = frozenset({"nobots"})
    prefixes: frozenset[str] = frozenset({"template"})

    @classmethod
    def of(cls, bots: list[str], nobots: list[str], prefixes: list[str]) -> ExclusionTemplates:
        """From titles as the wiki gives them (`Template:No bots`; the prefix is stripped)."""
        fixed = frozenset(normalize(p) for p in [*prefixes, "Template"])

        def bare(title: str) -> str:
            head, sep, rest = title.partition(":")
            return normalize(rest if sep and normalize(head) in fixed else title)

        return cls(
            bots=frozenset({"bots", *(bare(t) for t in bots)}),
            nobots=frozenset({"nobots", *(bare(t) for t in nobots)}),
            prefixes=fixed,
        )

    def kind(self, name: str) -> str:
        """`bots`, `nobots` or "" for a template name as written (`Template : No_bots`)."""
        name = normalize(name).lstrip(":").strip()
        head, sep, rest = name.partition(":")
        if sep and head.strip() in self.prefixes:
            name = rest.strip()
        if name in self.nobots:
            return "nobots"
        if name in self.bots:
            return "bots"
        return ""


DEFAULT_TEMPLATES = ExclusionTemplates()


def _names(value: str) -> set[str]:
    return {normalize(n) for n in value.split(",") if n.strip()}


def _nobots_denies(params: list[tuple[str, str]], me: str, message_type: str) -> bool:
    if any(key for key, _ in params):  # {{nobots|deny=…}}, any named form: every bot
        return True
    names = set().union(*(_names(value) for _, value in params))
    return not names or bool(names & ({"all", me, message_type} - {""}))


def _bots_denies(params: list[tuple[str, str]], me: str, message_type: str) -> bool:
    for key, value in params:
        names = _names(value)
        if key == "deny" and names & {"all", me}:
            return True
        if key == "allow" and names and not names & {"all", me}:
            return True
        if key == "optout" and names & ({"all", message_type} - {""}):
            return True
    return False


def _exclusion_templates(
    text: str, templates: ExclusionTemplates
) -> Iterator[tuple[str, list[tuple[str, str]]]]:
    """Each `{{bots}}`/`{{nobots}}` of `text`: its kind and its (normalized name, value)
    parameters, "" as the name of a positional one."""
    for template in mwparserfromhell.parse(text).filter_templates(recursive=True):
        kind = templates.kind(str(template.name))
        if kind:
            yield (
                kind,
                [
                    ("" if p.showkey is False else normalize(str(p.name)), str(p.value))
                    for p in template.params
                ],
            )


def bots_allowed(
    text: str,
    bot_user: str,
    message_type: str = "",
    templates: ExclusionTemplates = DEFAULT_TEMPLATES,
) -> bool:
    """May `bot_user` leave a message of `message_type` on a page with this text?"""
    me = normalize(bot_user)
    for kind, params in _exclusion_templates(text, templates):
        deny = _nobots_denies if kind == "nobots" else _bots_denies
        if deny(params, me, normalize(message_type)):
            return False
    return True


def optout_types(text: str, templates: ExclusionTemplates = DEFAULT_TEMPLATES) -> frozenset[str]:
    """The message types the `{{bots|optout=…}}` of a page with this text names, normalized
    (`all` as written: what it covers is the caller's to say)."""
    return frozenset(
        name
        for kind, params in _exclusion_templates(text, templates)
        if kind == "bots"
        for key, value in params
        if key == "optout"
        for name in _names(value)
    )
