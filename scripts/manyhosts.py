"""One local wiki served under many names, for `make bench` (scripts/bench_cycle.py).

Listens on `n` ports of 127.0.0.1 (one "wiki" each, for pywikibot a site of its own), and
passes every request to one of the backend wikis (port `i` to backend `i % len(backends)`),
with the backend's own address in the answer made the port's (siteinfo's `server`, or
pywikibot refuses the site). Each answer is held `latency` seconds first: the network's
time between a bot and a Wikimedia wiki, which reading wikis at once overlaps. Counts the
requests of each port and the most in flight at once to any one port.
"""

from __future__ import annotations

import http.client
import selectors
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import urlsplit

HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length",
              "proxy-connection", "te", "trailer", "upgrade"}  # fmt: skip


class ManyHosts:
    def __init__(self, backends: list[str], n: int, latency: float) -> None:
        self.backends = [(urlsplit(b).hostname or "127.0.0.1", urlsplit(b).port or 80)
                         for b in backends]  # fmt: skip
        self.latency = latency
        self.sockets = []
        for _ in range(n):
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind(("127.0.0.1", 0))
            s.listen(64)
            self.sockets.append(s)
        self.ports = [s.getsockname()[1] for s in self.sockets]
        self.requests = [0] * n
        self.inflight = [0] * n
        self.peak = [0] * n
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)

    def base_url(self, i: int) -> str:
        return f"http://127.0.0.1:{self.ports[i]}"

    def reset(self) -> None:
        with self._lock:
            n = len(self.ports)
            self.requests, self.peak = [0] * n, [0] * n

    def _accept(self) -> None:
        sel = selectors.DefaultSelector()
        for i, s in enumerate(self.sockets):
            sel.register(s, selectors.EVENT_READ, i)
        while not self._stop.is_set():
            for key, _ in sel.select(timeout=0.2):
                conn, addr = key.fileobj.accept()  # type: ignore[union-attr]
                threading.Thread(target=self._serve, args=(conn, addr, key.data),
                                 daemon=True).start()  # fmt: skip
        sel.close()

    def _serve(self, conn: socket.socket, addr: Any, i: int) -> None:
        hosts = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def _relay(self) -> None:
                with hosts._lock:
                    hosts.requests[i] += 1
                    hosts.inflight[i] += 1
                    hosts.peak[i] = max(hosts.peak[i], hosts.inflight[i])
                try:
                    status, reason, headers, data = hosts._forward(i, self)
                    time.sleep(hosts.latency)
                finally:
                    with hosts._lock:
                        hosts.inflight[i] -= 1
                self.send_response(status, reason)
                for k, v in headers:
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = _relay

        try:
            Handler(conn, addr, None)  # type: ignore[arg-type]
        except (ConnectionResetError, BrokenPipeError):
            pass
        finally:
            conn.close()

    def _forward(self, i: int, req: BaseHTTPRequestHandler) -> tuple[int, str, list[Any], bytes]:
        length = int(req.headers.get("Content-Length") or 0)
        body = req.rfile.read(length) if length else b""
        host, port = self.backends[i % len(self.backends)]
        conn = http.client.HTTPConnection(host, port, timeout=120)
        headers = {k: v for k, v in req.headers.items() if k.lower() not in HOP_BY_HOP}
        conn.request(req.command, req.path, body=body or None, headers=headers)
        reply = conn.getresponse()
        theirs, ours = f"{host}:{port}", f"127.0.0.1:{self.ports[i]}"
        data = reply.read().replace(theirs.encode(), ours.encode())
        kept = [(k, v.replace(theirs, ours)) for k, v in reply.getheaders()
                if k.lower() not in HOP_BY_HOP]  # fmt: skip
        conn.close()
        return reply.status, reply.reason, kept, data


@contextmanager
def many_hosts(backends: list[str], n: int, latency: float) -> Iterator[ManyHosts]:
    hosts = ManyHosts(backends, n, latency)
    hosts._thread.start()
    try:
        yield hosts
    finally:
        hosts._stop.set()
        hosts._thread.join()
        for s in hosts.sockets:
            s.close()
