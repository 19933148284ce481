"""Plain ``requests`` calls to api.php (format=json, formatversion=2) and ``login``."""

from __future__ import annotations

from typing import Any

import requests

from .errors import DevWikiApiError, DevWikiError, one_line

HTTP_TIMEOUT = 60.0
USER_AGENT = "lib1ref-devwiki/1 (local test harness)"


def new_session() -> requests.Session:
    session = requests.Session()
    session.headers["User-Agent"] = USER_AGENT
    return session


def check(data: dict[str, Any], what: str) -> dict[str, Any]:
    """``data`` unless it is an API error: then :class:`DevWikiApiError` with its code."""
    if "error" in data:
        err = data["error"]
        code, info = str(err.get("code")), str(err.get("info"))
        raise DevWikiApiError(f"{what}: API error {code}: {info}", code, info)
    return data


def call(
    session: requests.Session, api_url: str, params: dict[str, Any], *, post: bool = False
) -> dict[str, Any]:
    """One request (None and False parameters left out); the decoded answer, errors included."""
    full = {"format": "json", "formatversion": "2", **params}
    clean = {k: v for k, v in full.items() if v is not None and v is not False}
    try:
        if post:
            resp = session.post(api_url, data=clean, timeout=HTTP_TIMEOUT)
        else:
            resp = session.get(api_url, params=clean, timeout=HTTP_TIMEOUT)
    except requests.RequestException as exc:
        raise DevWikiError(f"HTTP request to {api_url} failed: {exc}") from exc
    if resp.status_code != 200:
        raise DevWikiError(f"HTTP {resp.status_code} from {api_url}: {one_line(resp.text)}")
    try:
        data: dict[str, Any] = resp.json()
    except ValueError as exc:
        raise DevWikiError(f"non-JSON answer from {api_url}: {one_line(resp.text)}") from exc
    return data


def login(api_url: str, login_name: str, password: str) -> requests.Session:
    """A ``requests.Session`` logged in with ``action=login`` (bot password: ``User@app``)."""
    session = new_session()
    token = check(
        call(session, api_url, {"action": "query", "meta": "tokens", "type": "login"}),
        "login token",
    )["query"]["tokens"]["logintoken"]
    result = check(
        call(
            session,
            api_url,
            {
                "action": "login",
                "lgname": login_name,
                "lgpassword": password,
                "lgtoken": token,
            },
            post=True,
        ),
        f"login as {login_name}",
    )["login"]
    if result.get("result") != "Success":
        raise DevWikiError(
            f"login as {login_name} failed: {result.get('result')}: {result.get('reason', '')}"
        )
    return session
