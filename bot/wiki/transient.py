"""Transient HTTP faults (`429 Too Many Requests`, `503 Service Unavailable`): retried after
their `Retry-After`, bounded; a fault that persists ends the request with one plain line.

pywikibot does not retry a 429 at all (it reads the HTML answer as a broken site), and
retries a 503 in its own loop without naming the status in the error it finally raises. So
pywikibot's `requests` session gets urllib3's own retry (`Retry`, a well-kept implementation
of exactly this) for those two statuses, on every method: a 429 or 503 means the wiki did
not do the request. Each wait is `Retry-After` capped at `retry_max` (or, without the header,
urllib3's backoff from `retry_wait`), `max_retries` times. When the fault persists, a
`PersistentHttpFault` names the status and the wiki's last `Retry-After`; it is a
`ValueError`, which pywikibot treats as fatal (no second round of retries).
"""

from __future__ import annotations

from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

TRANSIENT = frozenset({429, 503})


class PersistentHttpFault(requests.exceptions.RequestException, ValueError):
    """The wiki kept answering 429 or 503 through every retry."""


class BoundedRetry(Retry):
    """urllib3's retry whose wait for `Retry-After` is capped at `longest` seconds."""

    longest: float = 20.0

    def new(self, **kw: Any) -> BoundedRetry:
        fresh: BoundedRetry = super().new(**kw)  # type: ignore[assignment]
        fresh.longest = self.longest
        return fresh

    def get_retry_after(self, response: Any) -> float | None:
        try:
            seconds = super().get_retry_after(response)
        except Exception:  # noqa: BLE001 - an unreadable header: wait the longest
            return self.longest
        return None if seconds is None else min(max(seconds, 0.0), self.longest)


class TransientRetryAdapter(HTTPAdapter):
    """Retries 429 and 503 (bounded); raises `PersistentHttpFault` when they persist."""

    def __init__(
        self, max_retries: int, retry_wait: float, longest: float, pools: int = 10
    ) -> None:
        retry = BoundedRetry(
            total=max_retries, connect=0, read=False, redirect=False, other=0,
            status=max_retries, status_forcelist=TRANSIENT, allowed_methods=None,
            backoff_factor=retry_wait / 2, backoff_max=longest,
            respect_retry_after_header=True, raise_on_status=False,
        )  # fmt: skip
        retry.longest = longest
        # a pool of connections per host, kept for as many hosts as are read at once
        super().__init__(max_retries=retry, pool_connections=max(10, pools + 2))
        self.retries = max_retries
        self.settings = (max_retries, retry_wait, longest, max(10, pools + 2))

    def send(self, request: requests.PreparedRequest, *args: Any, **kwargs: Any) -> Any:
        response = super().send(request, *args, **kwargs)
        if response.status_code in TRANSIENT:
            after = response.headers.get("Retry-After")
            waited = f" (Retry-After: {after})" if after else ""
            raise PersistentHttpFault(
                f"the wiki answered HTTP {response.status_code} {response.reason}{waited} "
                f"{self.retries + 1} times in a row; giving up for this run",
                response=response, request=request,
            )  # fmt: skip
        return response


def mount(
    session: requests.Session, max_retries: int, retry_wait: float, longest: float, pools: int = 10
) -> None:
    """Retry transient faults on every http:// and https:// request of `session`. Mounted
    again only when the settings change: each wiki's connect keeps the open connections."""
    adapter = TransientRetryAdapter(max_retries, retry_wait, longest, pools)
    mounted = [session.adapters.get(p) for p in ("http://", "https://")]
    if all(getattr(a, "settings", None) == adapter.settings for a in mounted):
        adapter.close()
        return
    session.mount("http://", adapter)
    session.mount("https://", adapter)
