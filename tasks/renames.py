"""Follow user renames before a task reads its participants (used by `scan` and `welcome`).

A user renamed mid-campaign is one participant: the rename log since the campaign's start
(one request) moves their recorded edits and welcome onto their current name.
"""

from __future__ import annotations

import logging

import sqlite_utils

from bot import store
from bot.config import CampaignConfig
from bot.renames import current_names
from bot.timestamps import format_ts
from bot.wiki import Wiki

log = logging.getLogger("lib1ref")


def follow_renames(
    db: sqlite_utils.Database, wiki: Wiki, campaign: CampaignConfig, *, dry_run: bool
) -> dict[str, str]:
    """Former name → current name of users renamed since the campaign started; recorded
    participants among them are moved onto their current name (not in a dry run)."""
    names = current_names(wiki.renames(format_ts(campaign.start)))
    if names and not dry_run:
        moved = store.save_renames(db, campaign.id, wiki.cfg.key, names)
        if moved:
            log.info("%s %s: %d renamed participant(s) moved to their current name",
                     campaign.id, wiki.cfg.key, moved)  # fmt: skip
    return names
