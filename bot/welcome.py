"""Welcome messages for new participants. Pure: text in, text out.

A welcome is a new section appended to the talk page, signed, with a hidden marker
(`MARKER`) that tells later runs the user was welcomed for this campaign even when
the database is lost.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from .errors import DataFileError
from .optout import OptoutForms
from .render.escape import isolate

MESSAGE_TYPE = "lib1ref-welcome"  # for {{bots|optout=…}}
MAX_TIPS = 3
_MARKER = "<!-- lib1ref-bot welcome: {campaign} -->"
_UNSAFE = re.compile(r"[^0-9A-Za-z \u00C0-\u024F.,()\-]")


@dataclass(frozen=True)
class WelcomeText:
    summary: str
    heading: str
    body: str
    tips_intro: str
    help_page: str
    tips: dict[str, str]
    anchors: dict[str, str]
    optout_forms: OptoutForms


@cache
def load_welcome(lang: str) -> WelcomeText:
    """The welcome text of `lang`; `DataFileError` naming the file when missing or broken."""
    name = f"bot/data/welcome/{lang}.json"
    path = resources.files("bot") / "data" / "welcome" / f"{lang}.json"
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataFileError(f"{name}: no welcome text for language {lang!r}") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise DataFileError(f"{name}: cannot be read: {e}") from e
    try:
        return WelcomeText(
            summary=raw["summary"],
            heading=raw["heading"],
            body=raw["body"],
            tips_intro=raw["tips_intro"],
            help_page=raw["help_page"],
            tips=dict(raw["tips"]),
            anchors=dict(raw["anchors"]),
            optout_forms=OptoutForms(
                user_namespaces=tuple(raw["optout_forms"]["user_namespaces"]),
                contributions=tuple(raw["optout_forms"]["contributions"]),
                user_templates=tuple(raw["optout_forms"]["user_templates"]),
            ),
        )
    except (KeyError, TypeError, ValueError) as e:
        raise DataFileError(f"{name}: missing or malformed key: {e}") from e


def escape(text: str) -> str:
    """Plain visible text that cannot become markup: every risky character an entity."""
    return _UNSAFE.sub(lambda m: f"&#{ord(m.group())};", text)


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


def render_welcome(
    lang: str, user: str, campaign_id: str, leaderboard_page: str, problem_codes: list[str]
) -> str:
    """The new section (heading, body, tips, marker, signature) to append."""
    text = load_welcome(lang)
    body = text.body.format(
        user=isolate(user, escape(user)),
        campaign=escape(campaign_id),
        leaderboard=leaderboard_page,
    )
    lines = [f"== {escape(text.heading)} ==", body]
    tips = pick_tips(problem_codes, text.tips)
    if tips:
        lines.append("")
        lines.append(escape(text.tips_intro))
        for code in tips:
            anchor = text.anchors.get(code, "")
            target = f"{text.help_page}#{anchor}" if anchor else text.help_page
            lines.append(f"* {escape(text.tips[code])} ([[{target}|?]])")
    lines.append(f"{marker(campaign_id)} ~~~~")
    return "\n".join(lines)


def append_section(talk_text: str, section: str) -> str:
    """The talk page with the section appended; existing content untouched."""
    if not talk_text.strip():
        return section + "\n"
    return talk_text.rstrip("\n") + "\n\n" + section + "\n"
