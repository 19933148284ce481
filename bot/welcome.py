"""Welcome messages for new participants. Pure: text in, text out.

A welcome is a new section appended to the talk page, signed, with a hidden marker
(`MARKER`) that tells later runs the user was welcomed for this campaign even when
the database is lost.
"""

from __future__ import annotations

import json
import re
import string
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from .errors import DataFileError
from .language_table import bundle_language
from .optout import OptoutForms
from .problems import problem_codes
from .records import ProblemSite
from .render import escape as safe
from .render.escape import isolate
from .render.messages import load_messages

MESSAGE_TYPE = "lib1ref-welcome"  # for {{bots|optout=…}}
MAX_TIPS = 3
_MARKER = "<!-- lib1ref-bot welcome: {campaign} -->"


@dataclass(frozen=True)
class WelcomeText:
    summary: str
    heading: str
    body: str
    contact: str  # the line naming the wiki's human contact; {contact} is their talk-page link
    tips_intro: str
    help_page: str
    tips: dict[str, str]
    anchors: dict[str, str]
    optout_forms: OptoutForms
    fallback: tuple[str, ...] = ()  # keys said in English, the language's file lacking them


@cache
def load_welcome(lang: str) -> WelcomeText:
    """The welcome text of `lang`, each key the file lacks in English (`fallback` names them;
    a language with no file is all English; an alias, bot/data/languages.json, has the text of
    the language it is an alias of). `DataFileError` naming the file when broken."""
    source = bundle_language(lang)
    reference = _read_welcome(REFERENCE)
    own = _read_welcome(source) if source != REFERENCE else reference
    base: dict[str, Any] = reference or {}
    merged = {**base, **(own or {})}
    for key in ("body", "help_page"):  # another language's text: its links go to its Wikipedia
        written_for = source if key in (own or {}) else REFERENCE
        if written_for != lang:
            merged[key] = _across_wikis(merged[key], key, written_for)
    name = f"bot/data/welcome/{source}.json"
    try:
        forms = merged["optout_forms"]
        text = WelcomeText(
            summary=merged["summary"],
            heading=merged["heading"],
            body=merged["body"],
            contact=merged["contact"],
            tips_intro=merged["tips_intro"],
            help_page=merged["help_page"],
            tips=dict(merged["tips"]),
            anchors=dict(merged["anchors"]),
            optout_forms=OptoutForms(
                user_namespaces=tuple(forms["user_namespaces"]),
                contributions=tuple(forms["contributions"]),
                user_templates=tuple(forms["user_templates"]),
                leaderboard_types=tuple(
                    forms.get("leaderboard_types") or base["optout_forms"]["leaderboard_types"]
                ),
            ),
            fallback=tuple(k for k in _KEYS if own is None or k not in own),
        )
    except (KeyError, TypeError, ValueError) as e:
        raise DataFileError(f"{name}: missing or malformed key: {e}") from e
    _check_welcome(name, text, own or {})
    return text


_LOCAL_LINK_RE = re.compile(r"\[\[(?![{:])")  # a link, but not [[{leaderboard}|…]] nor [[:x]]


def _across_wikis(text: str, key: str, wiki: str) -> str:
    """`[[Help:X]]` -> `[[:en:Help:X]]`; a help page title -> `:en:Help:CS1 errors` (for
    `wiki` "en": a text written for English Wikipedia, said on another wiki)."""
    return f":{wiki}:{text}" if key == "help_page" else _LOCAL_LINK_RE.sub(f"[[:{wiki}:", text)


_KEYS = ("summary", "heading", "body", "contact", "tips_intro", "help_page", "tips", "anchors")
REFERENCE = "en"


def _read_welcome(lang: str) -> dict[str, Any] | None:
    name = f"bot/data/welcome/{lang}.json"
    path = resources.files("bot") / "data" / "welcome" / f"{lang}.json"
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        if lang == REFERENCE:
            raise DataFileError(f"{name}: the reference welcome text is missing") from None
        return None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise DataFileError(f"{name}: cannot be read: {e}") from e
    if not isinstance(raw, dict):
        raise DataFileError(f"{name}: must be a JSON object")
    return raw


def _check_welcome(name: str, text: WelcomeText, own: dict[str, Any]) -> None:
    """Tips and anchors name catalogue codes; the body's placeholders are the known ones."""
    codes = set(problem_codes())
    for key in ("tips", "anchors"):
        unknown = sorted(set(getattr(text, key)) - codes)
        if unknown:
            raise DataFileError(f"{name}: {key}: unknown problem codes {unknown}")
    try:
        fields = {f for _, f, _, _ in string.Formatter().parse(text.body) if f is not None}
    except ValueError as e:
        raise DataFileError(f"{name}: body: bad placeholder: {e}") from e
    if not fields <= _BODY_FIELDS:
        raise DataFileError(f"{name}: body: unknown placeholders {sorted(fields - _BODY_FIELDS)}")
    try:
        fields = {f for _, f, _, _ in string.Formatter().parse(text.contact) if f is not None}
    except ValueError as e:
        raise DataFileError(f"{name}: contact: bad placeholder: {e}") from e
    if fields != {"contact"}:
        raise DataFileError(f"{name}: contact: must hold {{contact}} and no other placeholder")
    unknown_keys = sorted(k for k in own if not k.startswith("_") and k not in _ALL_KEYS)
    if unknown_keys:
        raise DataFileError(f"{name}: unknown keys {unknown_keys}")


_BODY_FIELDS = {"user", "campaign", "leaderboard"}
_ALL_KEYS = {*_KEYS, "optout_forms"}


def escape(text: str) -> str:
    """Plain visible text that cannot become markup (`bot.render.escape.text`, uncut)."""
    return safe.text(text, limit=None)


def marker(campaign_id: str) -> str:
    return _MARKER.format(campaign=escape(campaign_id))


def already_welcomed(talk_text: str, campaign_id: str) -> bool:
    return marker(campaign_id) in talk_text


def pick_tips(problem_codes: list[str], available: dict[str, str]) -> list[str]:
    """Up to three distinct codes, most frequent first, that have a tip."""
    counts: dict[str, int] = {}
    for code in problem_codes:
        if code in available:
            counts[code] = counts.get(code, 0) + 1
    return sorted(counts, key=lambda c: (-counts[c], c))[:MAX_TIPS]


def _where(site: ProblemSite, diff: str) -> str:
    """` – [[:Article|Article]] ([[Special:Diff/123|diff]])`: the edit a tip is about."""
    return f" \u2013 {safe.page_link(site.page_title)} ({safe.diff_link(site.revid, label=diff)})"


def render_welcome(
    lang: str,
    user: str,
    campaign_id: str,
    leaderboard_page: str,
    problems: list[ProblemSite],
    text: WelcomeText | None = None,
    contact: str = "",
) -> str:
    """The new section (heading, body, tips, marker, signature) to append; `text`: the
    wording to use (the wiki's overrides applied), else the bundle's for `lang`. Each tip
    links the article and the edit (diff) of the first citation it is about. The signature
    line starts with the hidden marker, so it never starts with a space (a preformatted box).
    `contact`: the user name of the wiki's human contact (the `welcome_contact` setting), named
    and linked to their talk page after the body; "": no such line.
    """
    text = text or load_welcome(lang)
    body = text.body.format(
        user=isolate(user, escape(user)),
        campaign=escape(campaign_id),
        leaderboard=leaderboard_page,
    )
    lines = [f"== {escape(text.heading)} ==", body]
    if contact:
        lines += ["", escape(text.contact).replace(escape("{contact}"), safe.talk_link(contact))]
    tips = pick_tips([p.code for p in problems], text.tips)
    first = {p.code: p for p in reversed(problems)}
    diff = load_messages(lang)("link.diff")
    if tips:
        lines.append("")
        lines.append(escape(text.tips_intro))
        for code in tips:
            anchor = text.anchors.get(code, "")
            target = f"{text.help_page}#{anchor}" if anchor else text.help_page
            lines.append(f"* {escape(text.tips[code])} ([[{target}|?]]){_where(first[code], diff)}")
    lines.append(f"{marker(campaign_id)}~~~~")
    return "\n".join(lines)


def append_section(talk_text: str, section: str) -> str:
    """The talk page with the section appended; existing content untouched."""
    if not talk_text.strip():
        return section + "\n"
    return talk_text.rstrip("\n") + "\n\n" + section + "\n"
