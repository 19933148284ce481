"""The opt-out step `welcome` and `leaderboard` share: who the wiki's opt-out page names."""

from __future__ import annotations

from bot.optout import parse_optout
from bot.welcome import load_welcome
from bot.wiki import Wiki


def optout_names(wiki: Wiki) -> set[str]:
    """The names on the wiki's opt-out page (the welcome's), normalized; none without one."""
    if not wiki.cfg.optout_page:
        return set()
    text, _ = wiki.page_text(wiki.cfg.optout_page)
    return parse_optout(text or "", load_welcome(wiki.cfg.lang).optout_forms)
