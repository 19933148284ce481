"""Pages that fit: how much of a long list a block can show under MediaWiki's page size limit.

MediaWiki refuses a page larger than `$wgMaxArticleSize` (siteinfo `maxarticlesize`, 2 MiB by
default). A leaderboard of 50,000 participants or a report of long citations would pass it
exactly when the campaign is biggest, so a renderer shows the rows that fit in its byte
budget and says how many more there are and where the full list is (the export). Pure.
"""

from __future__ import annotations

from collections.abc import Iterable

DEFAULT_PAGE_LIMIT = 2 * 1024 * 1024  # bytes: MediaWiki's default $wgMaxArticleSize (2048 KiB)
ORGANIZER_SHARE = 10  # percent of the page left for the organizer's text around the block


def block_budget(page_limit: int | None) -> int:
    """Bytes the bot's block may take on a page of a wiki whose limit is `page_limit`
    (None or 0: the default), leaving room for the organizer's text and the markers."""
    limit = page_limit if page_limit and page_limit > 0 else DEFAULT_PAGE_LIMIT
    return limit - limit * ORGANIZER_SHARE // 100


def size(lines: Iterable[str]) -> int:
    """UTF-8 bytes of `lines` joined by line breaks (one more break is counted per line)."""
    return sum(len(line.encode("utf-8")) + 1 for line in lines)


def fitting(rows: Iterable[str], budget: int) -> int:
    """How many of `rows` (each a rendered chunk, read lazily) fit in `budget` bytes."""
    used = n = 0
    for row in rows:
        used += len(row.encode("utf-8")) + 1
        if used > budget:
            break
        n += 1
    return n
