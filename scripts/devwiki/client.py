"""Logged-in API sessions of one running wiki, and the reads the actions need."""

from __future__ import annotations

from typing import Any

import requests

from . import api
from .accounts import users
from .errors import DevWikiError

_RELOGIN_CODES = frozenset({"badtoken", "assertuserfailed", "assertbotfailed", "notloggedin"})


class WikiClient:
    """API access as any dev-wiki account (its ``seed`` bot password), cached per user.

    Subclasses say where the API is (:attr:`api_url`).
    """

    def __init__(self) -> None:
        self._sessions: dict[str, requests.Session] = {}
        self._tokens: dict[tuple[str, str], str] = {}
        self._anon = api.new_session()

    @property
    def api_url(self) -> str:
        raise NotImplementedError

    def forget_logins(self) -> None:
        """Drop every session and token (the server or its database changed)."""
        self._sessions.clear()
        self._tokens.clear()

    def api_get(self, **params: Any) -> dict[str, Any]:
        """Anonymous GET to api.php (format=json, formatversion=2); raise on API error."""
        return api.check(api.call(self._anon, self.api_url, params), f"api {params.get('action')}")

    def session(self, user: str) -> requests.Session:
        """A cached session logged in as ``user`` with its ``seed`` bot password."""
        if user not in self._sessions:
            known = users()
            account = known.get(user)
            if account is None:
                raise DevWikiError(f"unknown dev-wiki user {user!r} (known: {', '.join(known)})")
            self._sessions[user] = api.login(self.api_url, account.seed_login, account.seed_token)
        return self._sessions[user]

    def _token(self, user: str, kind: str) -> str:
        key = (user, kind)
        if key not in self._tokens:
            data = api.check(
                api.call(
                    self.session(user),
                    self.api_url,
                    {"action": "query", "meta": "tokens", "type": kind},
                ),
                f"{kind} token for {user}",
            )
            self._tokens[key] = data["query"]["tokens"][f"{kind}token"]
        return self._tokens[key]

    def api_post(
        self, as_user: str, /, token: str | None = "csrf", **params: Any
    ) -> dict[str, Any]:
        """POST to api.php as ``as_user`` (with a ``token`` of that type); raise on API error
        (:class:`DevWikiApiError`, whose ``code`` is the API's error code).

        Logs in again once if the session was lost (e.g. after a restore).
        """
        what = f"{params.get('action')} as {as_user}"
        data: dict[str, Any] = {}
        for attempt in range(2):
            full = {**params, "assert": "user"}
            if token is not None:
                full["token"] = self._token(as_user, token)
            data = api.call(self.session(as_user), self.api_url, full, post=True)
            code = data.get("error", {}).get("code")
            if attempt == 0 and code in _RELOGIN_CODES:
                self._sessions.pop(as_user, None)
                self._tokens = {k: v for k, v in self._tokens.items() if k[0] != as_user}
                continue
            break
        return api.check(data, what)

    def page_text(self, title: str) -> str | None:
        """Current wikitext of ``title``, or None if the page does not exist."""
        pages = self.api_get(
            action="query", prop="revisions", titles=title, rvprop="content", rvslots="main"
        )["query"]["pages"]
        page = pages[0]
        if page.get("missing") or page.get("invalid"):
            return None
        return str(page["revisions"][0]["slots"]["main"]["content"])

    def latest_revid(self, title: str) -> int:
        pages = self.api_get(action="query", prop="info", titles=title)["query"]["pages"]
        if pages[0].get("missing"):
            raise DevWikiError(f"page {title!r} does not exist")
        return int(pages[0]["lastrevid"])
