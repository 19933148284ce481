"""The texts one wiki's pages and welcomes use: its bundle's, with the organizers' overrides
from the wiki's `texts_page` (bot/overrides.py). Each override left out is one warning line;
the built-in text is used instead."""

from __future__ import annotations

import logging

from bot.overrides import Overridden, apply_overrides
from bot.render.messages import load_messages
from bot.welcome import load_welcome
from bot.wiki import Wiki

log = logging.getLogger("lib1ref.texts")


def fetch_texts(wiki: Wiki) -> Overridden:
    """Read the wiki's texts page (when configured) and apply it to the bundle's texts."""
    lang, title = wiki.cfg.lang, wiki.cfg.texts_page
    page = wiki.page_text(title)[0] if title else None
    texts = apply_overrides(page, load_messages(lang), load_welcome(lang))
    for problem in texts.problems:
        log.warning("texts %s [[%s]]: %s; the built-in text is used", wiki.cfg.key, title, problem)
    return texts
