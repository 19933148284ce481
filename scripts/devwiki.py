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

Refusals the template seeds (each raises :class:`DevWikiApiError` with that ``.code``)::

    ABUSE_PHRASE in the added text        abusefilter-disallowed   (ABUSE_ERROR_CODE)
    a link to http://SPAM_DOMAIN/...      spamblacklist            (SPAM_ERROR_CODE)
    creating BLACKLISTED_TITLE            titleblacklist-forbidden (TITLE_ERROR_CODE)

Command line (``python -m scripts.devwiki --help`` or the ``scripts/devwiki`` wrapper)::

    template                      build (or find) the template and print its path
    start [--dir DIR] [--port N]  clone into DIR if needed and serve it in the background
    stop [--dir DIR]              stop the background server
    status [--dir DIR]            say whether it is running

This module only names the public interface; the code lives in ``scripts/_devwiki/`` (a
package cannot be called ``scripts/devwiki/``: that is the shell wrapper's path). Importing
it does nothing: ``BOT_TOKEN`` and ``USERS`` derive from the per-machine secret (a file made
on first use) only when first read. Only the standard library and ``requests`` are used.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from scripts._devwiki.accounts import (
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
from scripts._devwiki.api import login
from scripts._devwiki.cli import main
from scripts._devwiki.errors import DevWikiApiError, DevWikiError
from scripts._devwiki.extensions import (
    ABUSE_ERROR_CODE,
    ABUSE_FILTER_ID,
    ABUSE_PHRASE,
    BLACKLISTED_TITLE,
    SPAM_DOMAIN,
    SPAM_ERROR_CODE,
    TITLE_BLACKLIST_PATTERN,
    TITLE_ERROR_CODE,
)
from scripts._devwiki.instance import DevWiki
from scripts._devwiki.packages import ensure_packages
from scripts._devwiki.php import MW_DIR
from scripts._devwiki.secret import cache_root
from scripts._devwiki.template import RECIPE_VERSION, SITENAME, build_template, template_dir

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
    "build_template",
    "cache_root",
    "ensure_packages",
    "login",
    "main",
    "template_dir",
    "users",
]

# Names derived from the per-machine secret, computed when first read (PEP 562).
_LAZY: dict[str, Callable[[], object]] = {"BOT_TOKEN": bot_token, "USERS": users}


def __getattr__(name: str) -> object:
    if name in _LAZY:
        return _LAZY[name]()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


if __name__ == "__main__":
    sys.exit(main())
