"""Site info kept between runs: what pywikibot needs before its first request, on disk.

pywikibot reads a wiki's site info (general, namespaces and their aliases, extensions)
before it sends the first query, two requests per process. The scan runs every ten
minutes in a fresh process, so the bot keeps the answer in a private folder beside the
database (`<database>.siteinfo/`, mode 0700, one 0600 JSON file per wiki) and gives it to
pywikibot from there. The folder holds the API's public site info only: no user name,
token or cookie.

An entry is used for `TTL` after it was fetched, and for the api.php URL it was fetched
from; a session that logs in (it will write) always reads site info afresh and rewrites
the entry. A scan that meets a namespace the entry does not know (a new namespace, a
renamed one) reads it again at once (`matches`). Remove the folder to clear the cache.
"""

from __future__ import annotations

import copy
import json
import os
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

TTL = timedelta(hours=24)
PROPS = ("general", "namespaces", "namespacealiases", "extensions")
FORMAT = 1  # bumped when an entry's layout changes: older entries are then ignored


def folder(database: Path) -> Path:
    """The cache folder of a database: `<database>.siteinfo`, beside it."""
    return database.with_name(database.name + ".siteinfo")


def _entry(database: Path, family: str) -> Path:
    return folder(database) / f"{family}.json"


def load(
    database: Path, family: str, api: str, now: datetime
) -> tuple[dict[str, Any], datetime] | None:
    """The cached site info of `family` (the `query` part of the API answer) and when it
    was fetched; None when there is none, it is older than `TTL`, it came from another
    URL, or it is unreadable."""
    try:
        raw = json.loads(_entry(database, family).read_text(encoding="utf-8"))
        fetched = datetime.fromisoformat(raw["fetched"])
        query = raw["query"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if raw.get("format") != FORMAT or raw.get("api") != api or not isinstance(query, dict):
        return None
    if not timedelta(0) <= now - fetched <= TTL or any(p not in query for p in PROPS):
        return None
    return query, fetched


def save(database: Path, family: str, api: str, query: dict[str, Any], now: datetime) -> None:
    """Keep `query` for `family`, atomically (a 0600 file in the 0700 folder). Skipped when
    the database's folder does not exist (a command run without a database)."""
    if not database.parent.is_dir():
        return
    path = _entry(database, family)
    path.parent.mkdir(mode=0o700, exist_ok=True)
    path.parent.chmod(0o700)
    data = {"format": FORMAT, "api": api, "fetched": now.isoformat(),
            "query": {p: query[p] for p in PROPS}}  # fmt: skip
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False)
    os.replace(tmp, path)


def forget(database: Path, family: str) -> None:
    """Drop the entry of `family` (it no longer matches the wiki)."""
    _entry(database, family).unlink(missing_ok=True)


def fetch(site: Any, maxlag: int) -> dict[str, Any]:
    """Every property pywikibot needs, in one request (with `maxlag`, unlike pywikibot's own
    site info requests). Raises pywikibot's errors; `setup` names them."""
    from pywikibot.data import api

    params = {"action": "query", "meta": "siteinfo", "siprop": "|".join(PROPS),
              "formatversion": 2, "maxlag": maxlag}  # fmt: skip
    result = api.Request(site=site, parameters=params).submit()
    query = result.get("query", {})
    missing = [p for p in PROPS if p not in query]
    if missing:
        from pywikibot.exceptions import Error

        raise Error(f"site info lacks {', '.join(missing)}")
    return {p: query[p] for p in PROPS}


def install(site: Any, query: dict[str, Any], fetched: datetime) -> None:
    """Give pywikibot's site its site info, as if it had fetched it itself at `fetched`."""
    import pywikibot
    from pywikibot.site._siteinfo import Siteinfo

    stamp = pywikibot.Timestamp.set_timestamp(fetched.astimezone(UTC))
    # pywikibot has no public way to preload its site info: its own fetch does this
    info = site._siteinfo
    info.clear()
    for prop in PROPS:
        data = copy.deepcopy(query[prop])
        Siteinfo._post_process(prop, data)
        info._cache[prop] = (data, stamp)
    if hasattr(site, "_namespaces"):  # built from the former site info: build it again
        del site._namespaces


def matches(site: Any, rows: Iterable[tuple[int, str]]) -> bool:
    """False when a (namespace, title) the wiki sent contradicts the site info pywikibot
    holds: a namespace it does not know, or a title outside every name of its namespace."""
    namespaces = site.namespaces
    for number, title in rows:
        if number not in namespaces:
            return False
        if number == 0:
            continue
        ns = namespaces[number]
        names = {ns.custom_name, ns.canonical_name, *ns.aliases}
        prefix = title.split(":", 1)[0] if ":" in title else None
        if prefix is None or prefix not in names:
            return False
    return True
