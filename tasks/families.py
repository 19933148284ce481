"""The wikis of a campaign's families: the hub's sitematrix asked once a day at most, the
list kept in the database, and the config each scan works from (`bot.families.expand`).

A family wiki listed for the first time mid-campaign has no checkpoint, so the scan reads it
from the campaign's start. When the sitematrix cannot be read, the last list kept is used
and the failure is reported (the scan's exit code says so).
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from urllib.parse import urlsplit

import sqlite_utils

from bot import store
from bot.campaign import rechecking
from bot.config import Config
from bot.errors import WikiError
from bot.families import SiteEntry, expand, refresh_due
from bot.wiki.sitematrix import fetch_family_wikis

log = logging.getLogger("lib1ref")


def with_family_wikis(
    db: sqlite_utils.Database, config: Config, now: datetime, *, dry_run: bool
) -> tuple[Config, str | None]:
    """The config with every family wiki added to its campaigns, and the sitematrix failure
    (None when it was read or not due). A dry run asks the sitematrix and keeps nothing."""
    families = sorted({f for c in config.campaigns if c.start <= now and rechecking(c, now)
                       for f in c.families})  # fmt: skip
    if not families or config.sitematrix is None:
        return config, None
    every = timedelta(hours=config.sitematrix.refresh_hours)
    due = (
        families
        if dry_run
        else [f for f in families if refresh_due(store.load_family_refreshed(db, f), now, every)]
    )
    fresh: dict[str, list[SiteEntry]] = {}
    error = None
    if due:
        try:
            listed = fetch_family_wikis(config, due)
        except WikiError as e:
            log.error("families %s: %s; scanning the wikis listed before", ", ".join(due), e)
            error = str(e)
        else:
            for family in due:
                fresh[family] = [e for e in listed if e.family == family]
                if not dry_run:
                    new = store.save_family_wikis(db, family, fresh[family], now)
                    log.info("families %s: %d open wikis%s", family, len(fresh[family]),
                             f", new: {', '.join(new)}" if new else "")  # fmt: skip
    kept = [] if dry_run else store.load_family_wikis(db, [f for f in families if f not in fresh])
    entries = kept + [e for family in fresh.values() for e in family]
    return expand(config, entries), error


def stored_family_wikis(db: sqlite_utils.Database, config: Config) -> Config:
    """The config with the family wikis the last scan kept (no request): for the commands
    that report on the whole campaign (export)."""
    families = sorted({f for c in config.campaigns for f in c.families})
    if not families or not db["family_wikis"].exists():
        return config
    return expand(config, store.load_family_wikis(db, families))


def domains(config: Config) -> dict[str, str]:
    """Each wiki key's host name (en.wikipedia.org), as the Hashtags tool names wikis."""
    return {key: urlsplit(w.api).netloc for key, w in config.wikis.items()}
