"""A small fault-injecting HTTP proxy on 127.0.0.1, in front of the local wiki (tests only).

Every request is passed to the wiki unchanged, except those a planned fault matches: a fault
answers instead of the wiki (e.g. `429 Too Many Requests` with `Retry-After: 1`), `times`
times, or holds the request for a while first (`delay`) and then passes it on, or passes it
on and holds the wiki's reply (`delay_reply`). It counts the requests in flight through it
(`peak`: the most at once), and through every proxy sharing a `Gauge`.
"""

from __future__ import annotations

import http.client
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from urllib.parse import urlsplit

from scripts.sitematrix_server import QuietServer

HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length",
              "proxy-connection", "te", "trailer", "upgrade"}  # fmt: skip


@dataclass
class Fault:
    match: str  # a substring of the request's path, query and form body
    status: int = 0  # 0: pass the request on (after `delay`)
    headers: dict[str, str] = field(default_factory=dict)
    body: str = ""
    times: int = 1  # how many matching requests it applies to (-1: all)
    delay: float = 0.0  # seconds to hold the request before passing it on
    delay_reply: float = 0.0  # seconds to hold the wiki's reply (the request was done)
    hits: int = 0


class Gauge:
    """Requests in flight now, and the most at once since it was made."""

    def __init__(self) -> None:
        self.now = 0
        self.peak = 0
        self._lock = threading.Lock()

    def enter(self) -> None:
        with self._lock:
            self.now += 1
            self.peak = max(self.peak, self.now)

    def leave(self) -> None:
        with self._lock:
            self.now -= 1


class FaultProxy:
    """Forwards to `upstream` (`http://127.0.0.1:PORT`); `api_url` is the proxied api.php."""

    def __init__(self, upstream_api: str, gauge: Gauge | None = None) -> None:
        self.inflight = Gauge()  # through this proxy
        self.shared = gauge  # through every proxy given the same gauge
        parts = urlsplit(upstream_api)
        self.upstream = (parts.hostname or "127.0.0.1", parts.port or 80)
        self.api_path = parts.path
        self.faults: list[Fault] = []
        self.seen: list[str] = []
        self._lock = threading.Lock()
        self._server = QuietServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}{self.api_path}"

    def add(self, fault: Fault) -> Fault:
        with self._lock:
            self.faults.append(fault)
        return fault

    def _rehost(self, data: bytes) -> bytes:
        """The wiki's own address in an answer (siteinfo's `server`) made the proxy's, or
        pywikibot refuses the site as another one."""
        wiki = f"{self.upstream[0]}:{self.upstream[1]}".encode()
        ours = f"127.0.0.1:{self._server.server_address[1]}".encode()
        return data.replace(wiki, ours)

    def _take(self, request: str) -> Fault | None:
        with self._lock:
            self.seen.append(request)
            for fault in self.faults:
                if fault.match in request and (fault.times < 0 or fault.hits < fault.times):
                    fault.hits += 1
                    return fault
        return None

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def _relay(self) -> None:
                self._gauges = [g for g in (proxy.inflight, proxy.shared) if g is not None]
                for g in self._gauges:
                    g.enter()
                try:
                    self._forward()
                finally:
                    self._replying()

            def _replying(self) -> None:
                """Out of flight once the answer starts: the client may send its next
                request as soon as it has read this one."""
                for g in self._gauges:
                    g.leave()
                self._gauges = []

            def _forward(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                fault = proxy._take(self.path + " " + body.decode("utf-8", "replace"))
                if fault is not None and fault.delay:
                    time.sleep(fault.delay)
                if fault is not None and fault.status:
                    self._answer(fault)
                    return
                conn = http.client.HTTPConnection(*proxy.upstream, timeout=120)
                headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
                conn.request(self.command, self.path, body=body or None, headers=headers)
                reply = conn.getresponse()
                data = proxy._rehost(reply.read())
                if fault is not None and fault.delay_reply:
                    time.sleep(fault.delay_reply)
                self._replying()
                self.send_response(reply.status, reply.reason)
                for key, value in reply.getheaders():
                    if key.lower() not in HOP_BY_HOP:
                        self.send_header(key, proxy._rehost(value.encode()).decode())
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
                conn.close()

            def _answer(self, fault: Fault) -> None:
                self._replying()
                data = fault.body.encode()
                self.send_response(fault.status)
                for key, value in fault.headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = _relay

        return Handler

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@contextmanager
def fault_proxy(upstream_api: str, gauge: Gauge | None = None) -> Iterator[FaultProxy]:
    proxy = FaultProxy(upstream_api, gauge)
    proxy.start()
    try:
        yield proxy
    finally:
        proxy.stop()
