"""The BotPassword token and the session cookies, kept in this process's memory only.

pywikibot reads passwords from a `password_file` and keeps its session cookies in a file
beside it (`pywikibot-<user>.lwp`). Both would outlive a job that Toolforge stops with
SIGKILL. Here pywikibot's login manager takes the token from memory (a `ClientLoginManager`
given its password, as pywikibot's own constructor allows), and its cookie jar never loads
or saves a file. With no password in memory for a user, the login fails at once instead
of prompting on a terminal that a scheduled job does not have.
"""

from __future__ import annotations

from typing import Any

_tokens: dict[tuple[str, str], tuple[str, str]] = {}  # (family, user) -> (app, token)
_installed: dict[str, Any] = {}


def remember(family: str, user: str, app: str, token: str) -> None:
    """The BotPassword (`app`, `token`) of `user` on the site of `family`."""
    _tokens[(family, user)] = (app, token)


def install(pywikibot: Any) -> None:
    """Make pywikibot log in from memory and keep its cookies in memory (idempotent)."""
    if _installed:
        return
    from pywikibot import login
    from pywikibot.comms import http
    from pywikibot.exceptions import NoUsernameError

    base = login.ClientLoginManager

    class MemoryLoginManager(base):  # type: ignore[misc, valid-type]
        """pywikibot's login manager, given the BotPassword from memory."""

        def __init__(self, password: str | None = None, site: Any = None,
                     user: str | None = None) -> None:  # fmt: skip
            super().__init__(password=password, site=site, user=user)
            entry = _tokens.get((self.site.family.name, self.username))
            if entry is None:
                raise NoUsernameError(f"no BotPassword in memory for {self.username}")
            app, token = entry
            self.login_name = f"{self.username}@{app}"
            self.password = token

    class MemoryCookieJar(http.PywikibotCookieJar):  # type: ignore[misc, name-defined]
        """pywikibot's cookie jar, never read from or written to a file."""

        def load(self, *args: Any, **kwargs: Any) -> None:
            pass

        def save(self, *args: Any, **kwargs: Any) -> None:
            pass

    jar = MemoryCookieJar()
    for cookie in http.cookie_jar:
        jar.set_cookie(cookie)
    http.cookie_jar = jar
    http.session.cookies = jar
    login.ClientLoginManager = MemoryLoginManager
    _installed["done"] = True
