"""The dev wiki's accounts: names and grants (constants) and passwords (derived lazily).

Passwords and bot-password tokens come from the per-machine secret, so they are functions
here (:func:`bot_token`, :func:`users`); ``scripts.devwiki`` also offers them as the names
``BOT_TOKEN`` and ``USERS``, computed on first use.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from .secret import derive

SEED_APP_ID = "seed"
BOT_APP_ID = "lib1ref"
BOT_USER = "Lib1RefBot"
BOT_LOGIN = f"{BOT_USER}@{BOT_APP_ID}"
# Edit and create normal pages and user talk pages, mark edits bot, no rate limits;
# deliberately NOT editprotected/protect, so protected pages refuse the bot.
BOT_GRANTS = ("basic", "highvolume", "editpage", "createeditmovepage")
SEED_GRANTS = ("basic", "highvolume", "editpage", "createeditmovepage")
ADMIN_GRANTS = (
    "basic",
    "highvolume",
    "editpage",
    "createeditmovepage",
    "editprotected",
    "protect",
    "delete",
    "blockusers",
    "rollback",
    "patrol",
    "viewdeleted",
    "viewrestrictedlogs",
    "oversight",
    "editinterface",
    "editsiteconfig",
    "mergehistory",
    "import",
)

ADMIN = "Admin"
HELPER_BOT = "HelperBot"
EDITORS = ("Alice", "Bob", "Carol", "Dave")


@dataclass(frozen=True)
class WikiUser:
    """An account of the dev wiki.

    ``password`` is the main password (web login); ``seed_token`` is the bot password of
    the app ``seed`` (login name ``seed_login``) that the HTTP helpers use.
    """

    name: str
    password: str
    groups: tuple[str, ...]
    seed_token: str
    seed_grants: tuple[str, ...] = SEED_GRANTS

    @property
    def seed_login(self) -> str:
        return f"{self.name}@{SEED_APP_ID}"


def bot_token() -> str:
    """The bot password of ``BOT_LOGIN``.

    Bot-password tokens must match ``^[0-9a-w]{32,}$`` or login fails with a misleading
    "Incorrect username or password" (createBotPassword.php accepts anything).
    """
    return derive("bot")


def _user(name: str, groups: tuple[str, ...], grants: tuple[str, ...] = SEED_GRANTS) -> WikiUser:
    return WikiUser(
        name=name,
        password=f"{name}-{derive(f'password:{name}')[:16]}",
        groups=groups,
        seed_token=derive(f"seed:{name}"),
        seed_grants=grants,
    )


@functools.cache
def users() -> dict[str, WikiUser]:
    """Every account by name: Admin, the two bots and the editors."""
    return {
        u.name: u
        for u in (
            _user(ADMIN, ("sysop", "bureaucrat", "interface-admin", "suppress"), ADMIN_GRANTS),
            _user(BOT_USER, ("bot",)),
            _user(HELPER_BOT, ("bot",)),
            *(_user(name, ()) for name in EDITORS),
        )
    }
