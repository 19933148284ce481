"""Pure: the wikis of a family (every open Wikipedia, Wikisource…) from a sitematrix answer,
and the configuration they add to a campaign. No I/O: the answer comes in as a dict.

`action=sitematrix` (Extension:SiteMatrix, on Meta-Wiki) lists every language with its
sites (`code` "wiki" for Wikipedia, "wikisource", "wikiquote"…) and, apart, the special
wikis (Wikidata is `code` "wikidata"). A site is left out when it is closed, private or a
fishbowl (`closed`/`private`/`fishbowl` present: `""` in formatversion 1, `true` in 2).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from .config.model import FAMILIES, NO_CITATIONS, Config, SitematrixConfig, WikiConfig

_LEFT_OUT = ("closed", "private", "fishbowl")
SPECIAL_LANG = "en"  # a special wiki (Wikidata) has no language of its own: English texts


@dataclass(frozen=True)
class SiteEntry:
    """One open wiki of a family, as the sitematrix lists it."""

    family: str
    dbname: str  # enwiki, frwikisource, wikidatawiki: the key it gets
    lang: str  # its language code (any: the bundle, else the generic checks)
    url: str  # https://en.wikipedia.org
    interwiki: str  # the link prefix from the hub: "en", "s:fr", "d"


def parse_sitematrix(answer: Mapping[str, Any], families: Iterable[str]) -> list[SiteEntry]:
    """The open wikis of `families` in a sitematrix answer, by family then dbname."""
    matrix = answer.get("sitematrix")
    if not isinstance(matrix, Mapping):
        raise ValueError("no 'sitematrix' in the answer")
    wanted = {FAMILIES[f][0]: f for f in families}
    out: list[SiteEntry] = []
    for name, value in matrix.items():
        if name == "specials":
            out.extend(_specials(value, wanted))
        elif isinstance(value, Mapping):
            out.extend(_language(value, wanted))
    return sorted(set(out), key=lambda e: (e.family, e.dbname))


def _open(site: Any) -> bool:
    return isinstance(site, Mapping) and not any(k in site and site[k] is not False
                                                 for k in _LEFT_OUT)  # fmt: skip


def _language(row: Mapping[str, Any], wanted: Mapping[str, str]) -> Iterable[SiteEntry]:
    lang = str(row.get("code", ""))
    for site in row.get("site", []) or []:
        family = wanted.get(str(site.get("code", ""))) if isinstance(site, Mapping) else None
        if family and lang and not FAMILIES[family][1] and _open(site):
            prefix = FAMILIES[family][2]
            yield SiteEntry(family, str(site["dbname"]), lang, str(site["url"]),
                            f"{prefix}:{lang}" if prefix else lang)  # fmt: skip


def _specials(rows: Any, wanted: Mapping[str, str]) -> Iterable[SiteEntry]:
    for site in rows if isinstance(rows, list) else []:
        family = wanted.get(str(site.get("code", ""))) if isinstance(site, Mapping) else None
        if family and FAMILIES[family][1] and _open(site):
            yield SiteEntry(family, str(site["dbname"]), SPECIAL_LANG, str(site["url"]),
                            FAMILIES[family][2])  # fmt: skip


def refresh_due(refreshed_at: datetime | None, now: datetime, every: timedelta) -> bool:
    """Is the family list to be asked again? (never asked, or asked `every` ago or more)"""
    return refreshed_at is None or now - refreshed_at >= every


def expand(config: Config, entries: Sequence[SiteEntry]) -> Config:
    """The config with each campaign's family wikis added to its wikis.

    A listed wiki that is configured (the same api.php) keeps its configured key, account
    and pages; any other is added read-only: no account, so it is read anonymously and
    nothing is ever posted there (no pages, not among the wikis that post).
    """
    sm = config.sitematrix
    by_api = {w.api: w.key for w in config.wikis.values()}
    wikis = dict(config.wikis)
    keys: dict[str, list[str]] = {}
    for e in entries:
        api = e.url.rstrip("/") + (sm.api_path if sm else "/w/api.php")
        key = by_api.get(api) or e.dbname
        if key not in wikis:
            wikis[key] = WikiConfig(key=key, api=api, lang=e.lang, username="",
                                    leaderboard_page="", report_page="", shutoff_page="",
                                    interwiki=e.interwiki,
                                    citations=e.family not in NO_CITATIONS)  # fmt: skip
        keys.setdefault(e.family, []).append(key)
    campaigns = []
    for c in config.campaigns:
        extra = [k for f in c.families for k in keys.get(f, [])]
        merged = tuple(dict.fromkeys([*c.wikis, *extra]))
        campaigns.append(replace(c, wikis=merged))
    return replace(config, wikis=wikis, campaigns=tuple(campaigns))


def used_families(config: Config) -> tuple[str, ...]:
    """Every family a campaign names, sorted."""
    return tuple(sorted({f for c in config.campaigns for f in c.families}))


__all__ = ["FAMILIES", "SiteEntry", "SitematrixConfig", "expand", "parse_sitematrix",
           "refresh_due", "used_families"]  # fmt: skip
