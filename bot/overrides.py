"""Organizers word their own wiki: a JSON page on the wiki (`texts_page` in the config) whose
texts replace the built-in ones of the language bundle. Pure: page text in, texts out.

    {"messages": {"leaderboard.heading": "…{campaign}…", "column.user": "…"},
     "welcome": {"heading": "…", "body": "…{user}…{leaderboard}…", "tips": {"bad-date": "…"}}}

Each text is checked: a known key, a string, the same `{placeholders}` as the built-in text,
and no markup that could change the page around it (templates, tags, signatures, magic words,
table syntax; the welcome body may hold links and blank lines). A text that fails is left out
with one line saying why, and the built-in text is used; the rest of the page still applies.
"""

from __future__ import annotations

import json
import re
import string
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Any

from .render.messages import Messages
from .welcome import WelcomeText

_WELCOME_TEXTS = ("summary", "heading", "body", "contact", "tips_intro", "help_page")
_UNSAFE = re.compile(r"\{\{|\}\}|\{\||\|\}|~~~|__|<|>|\[\[(?:category|file|image):", re.I)
_LINK = re.compile(
    r"\[\[[^\[\]{}|\n]+(?:\|[^\[\]{}|\n]*)?\]\]|\[\[\{leaderboard\}\|[^\[\]|\n]*\]\]"
)


@dataclass(frozen=True)
class Overridden:
    """The texts to use on one wiki, and one line per override left out."""

    messages: Messages
    welcome: WelcomeText
    problems: tuple[str, ...]


def _fields(text: str) -> frozenset[str] | None:
    """The placeholder names of `text`; None when it cannot be formatted safely (a broken
    brace, or a format spec or conversion such as `{count:d}`, which could fail at render)."""
    try:
        parts = list(string.Formatter().parse(text))
    except ValueError:
        return None
    if any(f is not None and (spec or conv) for _, f, spec, conv in parts):
        return None
    return frozenset(f for _, f, _, _ in parts if f is not None)


def _plain_links(text: str) -> str:
    """Every link whose target has a namespace made a plain link (`[[:Category:X]]`), so an
    override can neither categorize the page nor embed a file, whatever the wiki's local
    namespace names."""

    def plain(m: re.Match[str]) -> str:
        target, rest = m.group(1).strip(), m.group(2) or ""
        if ":" in target and not target.startswith((":", "{leaderboard}")):
            target = ":" + target
        return f"[[{target}{rest}]]"

    return re.sub(r"\[\[([^\[\]{}|\n]+|\{leaderboard\})(\|[^\[\]|\n]*)?\]\]", plain, text)


def _why_not(where: str, value: Any, builtin: str, *, multiline: bool = False) -> str | None:
    """Why `value` cannot replace `builtin` (None: it can)."""
    if not isinstance(value, str) or not value.strip():
        return f"{where}: not a non-empty string"
    fields, allowed = _fields(value), _fields(builtin) or frozenset()
    if fields is None or not fields <= allowed:
        return f"{where}: placeholders may only be {sorted(allowed)}"
    if _UNSAFE.search(value):
        return f"{where}: templates, tags, signatures, categories and table syntax are not allowed"
    rest = _LINK.sub("", value) if multiline else value
    if "[[" in rest or "]]" in rest:
        return f"{where}: links are allowed in the welcome body only"
    if "|" in rest or ("\n" in value and not multiline):
        return f"{where}: no '|' outside links, no line breaks"
    if where.endswith("format.digits") and len(value) != 10:
        return f"{where}: ten digits, 0 to 9"
    return None


def apply_overrides(page_text: str | None, messages: Messages, welcome: WelcomeText) -> Overridden:
    """The bundle's texts with the page's overrides applied (a missing or empty page: none)."""
    if page_text is None or not page_text.strip():
        return Overridden(messages, welcome, ())
    try:
        raw = json.loads(page_text)
    except json.JSONDecodeError as e:
        return Overridden(
            messages, welcome, (f"not valid JSON ({e.msg}, line {e.lineno}): ignored",)
        )
    if not isinstance(raw, dict):
        return Overridden(messages, welcome, ("not a JSON object: ignored",))
    problems = [
        f"{k}: unknown section (messages, welcome)" for k in raw if k not in ("messages", "welcome")
    ]
    texts = dict(messages.texts)
    for key, value in _section(raw, "messages", problems).items():
        if key not in texts:
            problems.append(f"messages.{key}: unknown key")
        elif (why := _why_not(f"messages.{key}", value, texts[key])) is not None:
            problems.append(why)
        else:
            texts[key] = value
    changes: dict[str, Any] = {}
    tips = dict(welcome.tips)
    for key, value in _section(raw, "welcome", problems).items():
        if key == "tips" and isinstance(value, dict):
            for code, tip in value.items():
                if code not in tips:
                    problems.append(f"welcome.tips.{code}: no tip for this code")
                elif (why := _why_not(f"welcome.tips.{code}", tip, tips[code])) is not None:
                    problems.append(why)
                else:
                    tips[code] = tip
        elif key not in _WELCOME_TEXTS:
            problems.append(f"welcome.{key}: unknown key")
        else:
            builtin = getattr(welcome, key)
            why = _why_not(f"welcome.{key}", value, builtin, multiline=key == "body")
            if why is not None:
                problems.append(why)
            else:
                changes[key] = _plain_links(value) if key == "body" else value
    merged = Messages(messages.lang, MappingProxyType(texts), messages.fallback)
    return Overridden(merged, replace(welcome, tips=tips, **changes), tuple(problems))


def _section(raw: dict[str, Any], name: str, problems: list[str]) -> dict[str, Any]:
    value = raw.get(name, {})
    if not isinstance(value, dict):
        problems.append(f"{name}: not a JSON object: ignored")
        return {}
    return value
