"""The wiki boundary: the one package that owns pywikibot.

    setup   pywikibot import into a private 0700 directory, BotPassword file, site login
    submit  `Api.submit`: every request, with maxlag; library errors translated once
    parse   pure: API rows into frozen records (`Change`, `Revision`, `UserInfo`)
    read    fetch_*: recent changes, revisions in batches, statuses, users, page text
    save    the one save path (shutoff, exclusion, change detection, dry-run, conflicts)
    hostlock  one job at a time per host across processes, from `connect` to `Wiki.close`
    client  `Wiki`, the face the tasks call

Nothing is imported from pywikibot until `connect` or `prepare` is called.
"""

from __future__ import annotations

from ..config import Config
from ..errors import HostBusy
from . import hostlock
from .client import DEFAULT_TEXT_BATCH, Wiki
from .parse import UserInfo
from .parse import parse_change as _change  # the names tests/test_records.py knows
from .parse import parse_revision as _revision
from .setup import family_name, open_site, prepare
from .submit import json_brief

# Revisions per prop=revisions request with content; None: 500 with `apihighlimits`, else 50.
TEXT_BATCH: int | None = DEFAULT_TEXT_BATCH

__all__ = [
    "TEXT_BATCH",
    "UserInfo",
    "Wiki",
    "_change",
    "_revision",
    "connect",
    "family_name",
    "json_brief",
    "prepare",
]


def connect(
    config: Config,
    key: str,
    password: str | None,
    *,
    login: bool = True,
    edits: bool = True,
    lazy: bool = False,
    wait: float | None = None,
) -> Wiki:
    """A `Wiki` for a configured wiki key, logged in as the bot when `login`.

    Fails fast, never prompts: a missing password is a `LoginError` before any
    request, a wrong one is a `LoginError` after pywikibot's single attempt.
    `TEXT_BATCH` is read here, at call time, so a benchmark may change it. `edits=False`
    (a scan, which never edits) skips fetching the edit token: one request less per run.
    `lazy` (with `login`): read anonymously, and log in only when a request needs it (a
    save) or when it saves requests (many revisions or pages to read, 500 a request logged
    in). `login=False` on a wiki the bot posts to: read anonymously, never log in (a dry run).

    Before any request the wiki's host is held (`hostlock`) until `Wiki.close`: if another
    process holds it, this waits up to `wait` seconds (default: `host_wait`; a scan passes 0)
    and then raises `HostBusy`, having sent nothing.
    """
    cfg = config.wiki(key)
    waited = config.host_wait if wait is None else wait
    held = hostlock.acquire(config.database, cfg.host, waited)
    if held is None:
        raise HostBusy(key, waited)
    try:
        site = open_site(config, key, password, login=login, edits=edits, lazy=lazy)
        return Wiki(config, cfg, site, text_batch=TEXT_BATCH, lazy_login=login and lazy,
                    host_lock=held)  # fmt: skip
    except BaseException:
        held.release()
        raise
