"""A tiny local stand-in for Meta-Wiki's `action=sitematrix`, for the tests and `make bench`
(the SiteMatrix extension is not in Debian's MediaWiki package): answers in the API's
documented format (formatversion=2), from a list the caller changes between scans, and
records each request's User-Agent."""

from __future__ import annotations

import json
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


class QuietServer(ThreadingHTTPServer):
    """A local test server that does not print a traceback when a client hangs up early."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
            super().handle_error(request, client_address)


@dataclass
class Site:
    lang: str  # the language code the matrix files it under
    dbname: str
    url: str  # the wiki's base URL, as the matrix gives it
    code: str = "wiki"  # the family's site code: wiki, wikisource, wikidata (special)…
    closed: bool = False


@dataclass
class Sitematrix:
    sites: list[Site] = field(default_factory=list)
    user_agents: list[str] = field(default_factory=list)
    url: str = ""  # the api.php URL it serves

    def answer(self) -> dict[str, Any]:
        matrix: dict[str, Any] = {"count": len(self.sites)}
        specials = []
        langs: dict[str, list[dict[str, Any]]] = {}
        for s in self.sites:
            row: dict[str, Any] = {"url": s.url, "dbname": s.dbname, "code": s.code,
                                   "sitename": "Wikipedia"}  # fmt: skip
            if s.closed:
                row["closed"] = True
            if s.code == "wikidata":
                specials.append({**row, "lang": s.code})
            else:
                langs.setdefault(s.lang, []).append(row)
        for i, (lang, sites) in enumerate(sorted(langs.items())):
            matrix[str(i)] = {"code": lang, "name": lang, "site": sites, "dir": "ltr",
                              "localname": lang}  # fmt: skip
        matrix["specials"] = specials
        return {"sitematrix": matrix}


@contextmanager
def serve_sitematrix(matrix: Sitematrix) -> Iterator[Sitematrix]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            query = parse_qs(urlsplit(self.path).query)
            matrix.user_agents.append(self.headers.get("User-Agent", ""))
            if query.get("action") != ["sitematrix"]:
                self.send_error(400)
                return
            body = json.dumps(matrix.answer()).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = QuietServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    matrix.url = f"http://127.0.0.1:{server.server_address[1]}/w/api.php"
    try:
        yield matrix
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
