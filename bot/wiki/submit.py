"""The one way a request reaches the wiki, and the one place library errors are named.

`Api.submit` adds `maxlag` to every request (reads and edits alike) and translates
pywikibot's and the network's errors exactly once into the project's error tree
(`bot.errors`): an edit refused by the wiki becomes the typed `SaveRefused` its API
error code names (`REFUSALS`), a lost session a `LoginError`, anything else a
`WikiError` carrying the API code.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlsplit

from ..errors import (
    AbuseFilterRefused,
    BotBlocked,
    EditConflict,
    LoginError,
    MissingGrant,
    OtherRefusal,
    PageProtected,
    SaveRefused,
    SpamBlacklisted,
    TitleBlacklisted,
    WikiError,
)

# API error codes of action=edit, and the refusal each means.
REFUSALS: dict[str, type[SaveRefused]] = {
    "protectedpage": PageProtected,
    "cascadeprotected": PageProtected,
    "protectedtitle": PageProtected,
    "protectednamespace": PageProtected,
    "protectednamespace-interface": PageProtected,
    "customcssprotected": PageProtected,
    "customjsprotected": PageProtected,
    "customjsonprotected": PageProtected,
    "sitecssprotected": PageProtected,
    "sitejsprotected": PageProtected,
    "sitejsonprotected": PageProtected,
    "abusefilter-disallowed": AbuseFilterRefused,
    "abusefilter-warning": AbuseFilterRefused,
    "abusefilter-blocked-display": BotBlocked,
    "spamblacklist": SpamBlacklisted,
    "titleblacklist-forbidden": TitleBlacklisted,
    "blocked": BotBlocked,
    "autoblocked": BotBlocked,
    "editconflict": EditConflict,
    "articleexists": EditConflict,
}
LOGGED_OUT = frozenset({"assertuserfailed", "assertnameduserfailed", "assertbotfailed"})
# Refusals for want of a right that a BotPassword grant gives, and the grants to add (as
# Special:BotPasswords names them, with the grant's key).
GRANTS: dict[str, str] = {
    "permissiondenied": "'Edit existing pages' (editpage) and 'Create, edit, and move pages'"
    " (createeditmovepage)",
    "writeapidenied": "'Basic rights' (basic) and 'Edit existing pages' (editpage)",
    "noedit": "'Edit existing pages' (editpage)",
    "cantcreate": "'Create, edit, and move pages' (createeditmovepage)",
}


def refusal(code: str, title: str, info: str) -> SaveRefused:
    """The typed refusal of an edit that the API answered with `code`; a refusal for want
    of rights names the BotPassword grants to add."""
    cls = REFUSALS.get(code, OtherRefusal)
    if code.startswith("globalblocking-"):
        cls = BotBlocked
    reason = f"{code}: {one_line(info)}" if info else code
    if code in GRANTS:
        cls = MissingGrant
        reason += f"; the bot password lacks a grant: add {GRANTS[code]} at Special:BotPasswords"
    return cls(title, reason, code)


HOOKS_LOCK = threading.Lock()


def add_response_hook(session: Any, hook: Callable[..., Any]) -> None:
    """Add `hook` to the session's response hooks, safely while other threads send: the list
    is replaced, never changed in place (a request copies it when it is prepared)."""
    with HOOKS_LOCK:
        session.hooks["response"] = [*session.hooks.get("response", []), hook]


def remove_response_hook(session: Any, hook: Callable[..., Any]) -> None:
    with HOOKS_LOCK:
        session.hooks["response"] = [h for h in session.hooks.get("response", []) if h is not hook]


class Api:
    """Submits requests to one wiki's api.php through pywikibot and counts them."""

    def __init__(self, site: Any, key: str, api_url: str, bot_user: str, maxlag: int) -> None:
        self.site = site
        self.key = key
        self.bot_user = bot_user
        self.maxlag = maxlag
        self.requests = 0
        self._host = urlsplit(api_url).netloc
        self._install_counter()

    def _install_counter(self) -> None:
        from pywikibot.comms import http

        def count(response: Any, *args: Any, **kwargs: Any) -> None:
            if urlsplit(response.url).netloc == self._host:
                self.requests += 1

        add_response_hook(http.session, count)
        self._hook = count

    def close(self) -> None:
        from pywikibot.comms import http

        remove_response_hook(http.session, self._hook)

    def wait_for_write_slot(self) -> None:
        """Sleep what remains of `edit_delay` (pywikibot's put throttle) since the last save.

        The save's own request then finds the throttle already satisfied, so a caller can
        read the shutoff page after this wait, right before saving.
        """
        throttle = self.site.throttle
        throttle.wait(throttle.waittime(write=True))

    def submit(self, params: dict[str, Any]) -> dict[str, Any]:
        """One request with `maxlag`; every library or network error leaves as our own."""
        from pywikibot.data import api
        from pywikibot.exceptions import APIError, Error

        params = {**params, "maxlag": self.maxlag}
        try:
            result: dict[str, Any] = api.Request(site=self.site, parameters=params).submit()
        except APIError as e:
            raise self._translate(e.code, e.info, params) from e
        except Error as e:
            raise WikiError(f"{self.key}: {type(e).__name__}: {one_line(e)}") from e
        except (OSError, TimeoutError) as e:
            raise WikiError(f"{self.key}: network error: {one_line(e)}") from e
        return result

    def _translate(self, code: str, info: str, params: dict[str, Any]) -> WikiError:
        if code in LOGGED_OUT:
            return LoginError(f"{self.key}: not logged in as {self.bot_user}", code)
        if params.get("action") == "edit":
            return refusal(code, str(params.get("title", "")), info)
        return WikiError(f"{self.key}: APIError: {code}: {one_line(info)}", code)

    def query(self, params: dict[str, Any]) -> Iterator[dict[str, Any]]:
        """Every page of a continued query."""
        cont: dict[str, Any] = {"continue": ""}
        while True:
            result = self.submit({"action": "query", **params, **cont})
            yield result
            if "continue" not in result:
                return
            cont = result["continue"]


def bound_retry_after(headers: Any, longest: float) -> None:
    """Cap a response's `Retry-After` at `longest` seconds, in place.

    pywikibot keeps the last `Retry-After` as the minimum delay of every following request
    to the site, beyond its own `retry_max`: a lagging wiki answering `Retry-After: 60`
    stalled a scan for a minute per retry. Capped, the retries stay short, and after
    `max_retries` the wiki is reported failed for this run and the bot moves on.
    """
    value = headers.get("Retry-After")
    if not value:
        return
    try:
        seconds = float(value)
    except ValueError:  # an HTTP date: pywikibot cannot read it either
        headers["Retry-After"] = f"{int(longest)}"
        return
    if seconds > longest:
        headers["Retry-After"] = f"{int(longest)}"


def json_brief(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)[:200]


def one_line(e: BaseException | str) -> str:
    """An error or text as one line of at most 300 characters."""
    text = " ".join(str(e).split())[:300]
    return text or (type(e).__name__ if isinstance(e, BaseException) else "")
