"""Exclusion compliance ({{nobots}}, {{bots|allow=…|deny=…|optout=…}}). Pure.

Follows the convention of en:Template:Bots: `{{nobots}}` denies all bots;
`{{bots|deny=A,B}}` denies the named bots (`all` denies every bot, `none` none);
`{{bots|allow=A,B}}` denies every bot not named (`none` denies all);
`{{bots|optout=TYPE,…}}` refuses the message types named (`all` refuses every
message). pywikibot ignores `optout`; the bot honours it here.
"""

from __future__ import annotations

import re

_TEMPLATE_RE = re.compile(r"\{\{\s*(nobots|bots)\s*(\|[^{}]*)?\}\}", re.IGNORECASE)


def _names(value: str) -> set[str]:
    return {n.strip().casefold() for n in value.split(",") if n.strip()}


def bots_allowed(text: str, bot_user: str, message_type: str = "") -> bool:
    """May `bot_user` leave a message of `message_type` on a page with this text?"""
    me = bot_user.casefold()
    for match in _TEMPLATE_RE.finditer(text):
        name, params = match.group(1).casefold(), match.group(2) or ""
        if name == "nobots":
            if not params.strip("|").strip():
                return False
            continue
        for param in params.strip("|").split("|"):
            key, _, value = param.partition("=")
            key, names = key.strip().casefold(), _names(value)
            if key == "deny" and (names & {"all", me}):
                return False
            if key == "allow" and not (names & {"all", me}):
                return False
            if key == "optout" and (names & {"all", message_type.casefold()} - {""}):
                return False
    return True
