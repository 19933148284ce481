"""The opt-out steps `welcome` and `leaderboard` share: who the wiki's opt-out page names,
and which participants' user pages ask, with `{{bots|optout=…}}`, not to be listed."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from bot.exclusion import normalize
from bot.optout import asks_not_to_be_listed, parse_optout
from bot.welcome import load_welcome
from bot.wiki import Wiki

USER_PAGES = ("User:", "User talk:")  # canonical names: they work on every wiki


def optout_names(wiki: Wiki) -> set[str]:
    """The names on the wiki's opt-out page (the welcome's), normalized; none without one."""
    if not wiki.cfg.optout_page:
        return set()
    text, _ = wiki.page_text(wiki.cfg.optout_page)
    return parse_optout(text or "", load_welcome(wiki.cfg.lang).optout_forms)


def user_page_optouts(wiki: Wiki, users: Iterable[str]) -> set[str]:
    """The `users` (normalized) whose user page or user talk page on this wiki carries
    `{{bots|optout=…}}` with a leaderboard type (`bot.optout.asks_not_to_be_listed`).

    Two steps, both batched: which of the pages transclude Template:Bots (no text read), then
    the text of those few only."""
    owner = {prefix + name: name for name in users for prefix in USER_PAGES}
    if not owner:
        return set()
    with_bots = wiki.transcluding(sorted(owner), "Template:Bots")
    if not with_bots:
        return set()
    forms = load_welcome(wiki.cfg.lang).optout_forms
    templates = wiki.exclusion_templates()
    pages = wiki.current_pages(sorted(with_bots))
    return {
        normalize(owner[title])
        for title, page in pages.items()
        if page.text and asks_not_to_be_listed(page.text, forms, templates)
    }


def hidden_names(
    wiki: Wiki,
    listed: Callable[[frozenset[str]], Sequence[str]],
    seen: set[str],
    *,
    across_wikis: bool = False,
    read: set[str] | None = None,
) -> frozenset[str]:
    """The names (normalized) a page of this wiki hides: those on its opt-out page and those
    of the participants it lists whose user pages ask it. Each is added to `seen`, the names
    hidden so far in this run; a page `across_wikis` (the global and hub pages) hides those
    as well, so a participant who asked on their own wiki is not named there either.

    `listed(hidden)` says whom the page lists, in order, when it hides `hidden`: always the
    first rows of one ranking. Only their user pages are asked about, not every participant's.
    Hiding a name can change which rows fit (the phrase is not as long as the link), so when
    a lookup finds names to hide, the list is asked again, and rows that come into view are
    looked up in turn, until no row is listed unasked. The wiki's key is added to `read` once
    all of this is done (`tasks.leaderboard` publishes no global or hub page without it)."""
    found = optout_names(wiki)
    hidden = found | seen if across_wikis else set(found)
    names = listed(frozenset(hidden))
    asked = 0
    while len(names) > asked:
        new = user_page_optouts(wiki, names[asked:])
        asked = len(names)
        found |= new
        if new - hidden:
            hidden |= new
            names = listed(frozenset(hidden))
    seen |= found
    if read is not None:
        read.add(wiki.cfg.key)
    return frozenset(hidden)
