"""The citation profile each wiki is judged by: its packaged (or the generic) profile refined
by what the wiki publishes (bot/citations/derive.py), read once a day at most and kept in
the database.

A read that fails (the wiki is down, its Citoid map page is broken) keeps the publication
read before, or the packaged/generic profile when there is none, and says so in one warning
line; it is tried again an hour later rather than at every scan. A dry run reads when a
read is due and keeps nothing.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

import sqlite_utils

from bot import store
from bot.citations.derive import profile_from, refresh_due
from bot.citations.profiles import Profile, load_profile
from bot.errors import WikiError
from bot.store import StoredProfile
from bot.timestamps import format_ts
from bot.wiki import Wiki

log = logging.getLogger("lib1ref")


def _due(stored: StoredProfile | None, lang: str, now: datetime) -> bool:
    if stored is None:
        return True
    read = stored.fetched_at if stored.publication is not None and stored.lang == lang else None
    return refresh_due(read, stored.failed_at, now)


def wiki_profile(db: sqlite_utils.Database, wiki: Wiki, now: datetime, *, dry_run: bool) -> Profile:
    """The profile `wiki`'s citations are judged by at `now` (reading the wiki when due)."""
    key, lang = wiki.cfg.key, wiki.cfg.lang
    base = load_profile(lang)
    stored = store.load_wiki_profile(db, key)
    kept = stored.publication if stored is not None and stored.lang == lang else None
    if _due(stored, lang, now):
        before = wiki.requests
        try:
            publication = wiki.publication(base.cn_templates)
        except WikiError as e:
            using = "the one read before" if kept is not None else f"the {base.source} one"
            log.warning("profile %s: not read (%s); judging with %s", key, e, using)
            if not dry_run:
                store.save_wiki_profile_failure(db, key, lang, now, str(e))
        else:
            kept, requests = publication, wiki.requests - before
            profile = profile_from(base, publication)
            log.info("profile %s: read in %d requests: %s", key, requests, describe(profile))
            if not dry_run:
                store.save_wiki_profile(db, key, lang, publication, now, requests)
    return base if kept is None else profile_from(base, kept)


def describe(profile: Profile) -> str:
    """One line on a profile: its source and what the wiki added to it."""
    return (
        f"source {profile.source}, {len(profile.citation_templates)} citation templates "
        f"({len(profile.derived_templates)} named by the wiki only), "
        f"{len(profile.cn_templates)} citation-needed templates"
    )


def stored_profile(db: sqlite_utils.Database, key: str, lang: str) -> Profile:
    """The profile the wiki's last read gives, without a request (the report's re-check of
    its citations, the pages' line on which checks ran)."""
    stored = store.load_wiki_profile(db, key)
    kept = stored.publication if stored is not None and stored.lang == lang else None
    return load_profile(lang) if kept is None else profile_from(load_profile(lang), kept)


def profile_status(db: sqlite_utils.Database, key: str, lang: str) -> dict[str, Any]:
    """For `lib1ref status`: the profile source the wiki's citations are judged by now, when
    the wiki was last read, and the last failed read since (None when none)."""
    stored = store.load_wiki_profile(db, key)
    kept = stored.publication if stored is not None and stored.lang == lang else None
    profile = stored_profile(db, key, lang)
    failed = stored is not None and stored.failure
    return {
        "source": profile.source,
        "read_at": format_ts(stored.fetched_at) if stored and stored.fetched_at else None,
        "requests": stored.requests if stored and kept is not None else None,
        "failure": f"{format_ts(stored.failed_at)}: {stored.failure}"
        if failed and stored and stored.failed_at
        else None,
    }
