"""After a save whose reply was lost: did it go through? Asked of the page history.

A save's reply can be lost (a dropped connection, a timeout, a proxy error) after the wiki
stored the edit; pywikibot may then resend it and get `nochange` or `articleexists`. The
page's latest revision answers: made by the bot, on top of the revision the save was based
on, with the text the bot sent (as the wiki's pre-save transform stores it, e.g. `~~~~`
expanded), it is the bot's save, and the caller records it as saved.
"""

from __future__ import annotations

import logging

from ..pages import unchanged
from ..records import Revision
from .parse import parse_latest_revision
from .submit import Api

log = logging.getLogger(__name__)


def own_save(api: Api, title: str, base: int, text: str) -> int | None:
    """The id of the bot's own save of `text` on top of `base` (0: a creation), if that is
    the page's latest revision; else None."""
    result = api.submit({"action": "query", "prop": "revisions", "titles": title,
                         "rvprop": "ids|user|content", "rvslots": "main",
                         "rvlimit": 1})  # fmt: skip
    latest = parse_latest_revision(result)
    if latest is None:
        return None
    rev, user = latest
    if user != api.bot_user or rev.parent_revid != base or rev.text is None:
        return None
    if unchanged(rev.text, text) or unchanged(rev.text, _pre_save_transform(api, title, text)):
        log.warning("save %s [[%s]]: the reply was lost, but r%d is the bot's save",
                    api.key, title, rev.revid)  # fmt: skip
        return rev.revid
    return None


def _pre_save_transform(api: Api, title: str, text: str) -> str:
    """`text` as the wiki would store it (signatures, subst:, pipe tricks expanded)."""
    result = api.submit({"action": "parse", "title": title, "text": text, "onlypst": 1,
                         "contentmodel": "wikitext"})  # fmt: skip
    value = result.get("parse", {}).get("text", "")
    return str(value.get("*", "") if isinstance(value, dict) else value)


def bot_save_since(api: Api, title: str, since: str) -> Revision | None:
    """The bot's latest revision of `title` made at or after `since` (ISO 8601, read at the
    wiki's 1-second resolution); None when it made none."""
    result = api.submit({"action": "query", "prop": "revisions", "titles": title,
                         "rvprop": "ids|timestamp", "rvuser": api.bot_user, "rvlimit": 1,
                         "rvend": since[:19] + "Z"})  # fmt: skip
    latest = parse_latest_revision(result)
    return None if latest is None else latest[0]
