"""A real local MediaWiki (Debian's 1.39 package, SQLite, ``php -S``) for tests and the demo.

A *template* instance is built once per machine (``install.php`` + accounts + bot passwords
+ AbuseFilter, SpamBlacklist and TitleBlacklist with local lists) in a cache directory and
reused; every test session or demo copies it to a directory of its own (a plain file copy, a
few milliseconds) and serves it with PHP's built-in web server.

Library use::

    from scripts.devwiki import DevWiki, ensure_packages, build_template

    ensure_packages()
    with DevWiki.create(tmp_dir) as wiki:      # copies the template, starts ``php -S``
        wiki.snapshot()
        revid = wiki.edit("Alice", "Sandbox", "hello", summary="test")
        wiki.restore()                          # back to the snapshot

    cs1 = build_cs1_template()                  # + Scribunto and Module:Citation/CS1
    with DevWiki.create(other_dir, cs1) as wiki: ...

Refusals the template seeds (each raises :class:`DevWikiApiError` with that ``.code``)::

    ABUSE_PHRASE in the added text        abusefilter-disallowed   (ABUSE_ERROR_CODE)
    a link to http://SPAM_DOMAIN/...      spamblacklist            (SPAM_ERROR_CODE)
    creating BLACKLISTED_TITLE            titleblacklist-forbidden (TITLE_ERROR_CODE)

Command line (``python -m scripts.devwiki --help``)::

    template                      build (or find) the template and print its path
    start [--dir DIR] [--port N]  clone into DIR if needed and serve it in the background
          [--cs1]                 (a clone of the CS1 template: runs Module:Citation/CS1)
    stop [--dir DIR]              stop the background server
    status [--dir DIR]            say whether it is running

This module only names the public interface; the code lives in its modules, one concern
each (listed below). Importing it does nothing: ``BOT_TOKEN`` and ``USERS`` derive from the
per-machine secret (a file made on first use) only when first read. Only the standard
library and ``requests`` are used.

Modules:

``errors``      the exception tree and message helpers
``secret``      the cache folder and the per-machine secret every password derives from
``accounts``    account names, grants, and the derived passwords and tokens (lazily)
``php``         running PHP maintenance scripts against an instance
``packages``    installing MediaWiki and PHP with apt
``settings``    what the template adds to install.php's LocalSettings.php
``extensions``  AbuseFilter, SpamBlacklist and TitleBlacklist: local lists, the seeded filter
``template``    building the per-machine template instance
``cs1``         the CS1 template: Scribunto on lua5.1 and Module:Citation/CS1 from ../shared
``api``         plain ``requests`` calls to api.php and ``login``
``process``     ports and processes
``client``      logged-in API sessions of one running wiki
``actions``     what a test does to the wiki: edit, rollback, hide_revision, protect, ...
``instance``    ``DevWiki``: an instance directory, its ``php -S``, snapshot and restore
``cli``         ``python -m scripts.devwiki``
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from .accounts import (
    ADMIN,
    ADMIN_GRANTS,
    BOT_APP_ID,
    BOT_GRANTS,
    BOT_LOGIN,
    BOT_USER,
    EDITORS,
    HELPER_BOT,
    SEED_APP_ID,
    SEED_GRANTS,
    WikiUser,
    bot_token,
    users,
)
from .api import login
from .cli import main
from .cs1 import build_cs1_template, module_version
from .errors import DevWikiApiError, DevWikiError
from .extensions import (
    ABUSE_ERROR_CODE,
    ABUSE_FILTER_ID,
    ABUSE_PHRASE,
    BLACKLISTED_TITLE,
    SPAM_DOMAIN,
    SPAM_ERROR_CODE,
    TITLE_BLACKLIST_PATTERN,
    TITLE_ERROR_CODE,
)
from .instance import DevWiki
from .packages import ensure_packages
from .php import MW_DIR
from .secret import cache_root
from .template import RECIPE_VERSION, SITENAME, build_template, template_dir

if TYPE_CHECKING:
    BOT_TOKEN: str
    USERS: dict[str, WikiUser]

__all__ = [
    "ABUSE_ERROR_CODE",
    "ABUSE_FILTER_ID",
    "ABUSE_PHRASE",
    "ADMIN",
    "ADMIN_GRANTS",
    "BLACKLISTED_TITLE",
    "BOT_APP_ID",
    "BOT_GRANTS",
    "BOT_LOGIN",
    "BOT_TOKEN",
    "BOT_USER",
    "EDITORS",
    "HELPER_BOT",
    "MW_DIR",
    "RECIPE_VERSION",
    "SEED_APP_ID",
    "SEED_GRANTS",
    "SITENAME",
    "SPAM_DOMAIN",
    "SPAM_ERROR_CODE",
    "TITLE_BLACKLIST_PATTERN",
    "TITLE_ERROR_CODE",
    "USERS",
    "DevWiki",
    "DevWikiApiError",
    "DevWikiError",
    "WikiUser",
    "bot_token",
    "build_cs1_template",
    "build_template",
    "cache_root",
    "ensure_packages",
    "login",
    "main",
    "module_version",
    "template_dir",
    "users",
]

# Names derived from the per-machine secret, computed when first read (PEP 562).
_LAZY: dict[str, Callable[[], object]] = {"BOT_TOKEN": bot_token, "USERS": users}


def __getattr__(name: str) -> object:
    if name in _LAZY:
        return _LAZY[name]()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
