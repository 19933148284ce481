"""Families benchmark: API requests per wiki and cycle against the minimum.

N local wikis (clones of the template, each its own `php -S`; pywikibot refuses one wiki
served under several paths), all listed by a local sitematrix as one family. Each scan cycle
runs in its own process, as the scheduled job does (every connection cost counted). The
minimum for a cycle with nothing new is one recent-changes request per wiki; the requests
are counted in the wikis' own access logs.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from scripts.botconfig import write_config
from scripts.devwiki import DevWiki, build_template
from scripts.sitematrix_server import Site, Sitematrix, serve_sitematrix

SIZES = tuple(int(n) for n in os.environ.get("BENCH_FAMILY_SIZES", "3,9").split(","))


# One scan in a process of its own, counting every HTTP response from the wikis' api.php
# (pywikibot's session: logins, site info, reads) but not the sitematrix's.
CYCLE = """
import sys
from urllib.parse import urlsplit
from bot.wiki.setup import _import_pywikibot
_import_pywikibot()
from pywikibot.comms import http
from bot.cli import main
count = [0]
def hook(response, *args, **kwargs):
    if urlsplit(response.url).netloc != MATRIX:
        count[0] += 1
        if DEBUG:
            print("request", response.request.method, response.url[:160],
                  (response.request.body or "")[:160], file=sys.stderr)
http.session.hooks.setdefault("response", []).append(hook)
code = main(["--config", CONFIG, "scan"])
print(f"requests={count[0]}", file=sys.stderr)
sys.exit(code)
"""


def _cycle(config: Path, matrix: str) -> tuple[int, float]:
    """(requests to the wikis, seconds) of one scan cycle."""
    started = time.perf_counter()
    code = (f"MATRIX = {urlsplit(matrix).netloc!r}\nCONFIG = {str(config)!r}\n"
            f"DEBUG = {bool(os.environ.get('BENCH_DEBUG'))!r}\n" + CYCLE)  # fmt: skip
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=False)  # fmt: skip
    seconds = time.perf_counter() - started
    if os.environ.get("BENCH_DEBUG"):
        print(done.stderr, file=sys.stderr)
    if done.returncode != 0 or "requests=" not in done.stderr:
        raise RuntimeError(f"scan failed: {done.stderr.strip()[:600]}")
    return int(done.stderr.rsplit("requests=", 1)[1].split()[0]), seconds


def measure(root: Path, wikis: list[DevWiki]) -> tuple[float, float, float]:
    """(requests per wiki in the first cycle, in a later one with nothing new, its seconds)"""
    n, wiki = len(wikis), wikis[0]
    sites = [Site(f"l{i}", f"l{i}wiki", w.base_url) for i, w in enumerate(wikis)]
    with serve_sitematrix(Sitematrix(sites)) as matrix:
        top = f'[sitematrix]\napi = "{matrix.url}"\napi_path = "/api.php"\n'
        config = write_config(root, wiki.api_url, start=datetime.now(UTC) - timedelta(hours=1),
                              extra_top=top, campaign_extra='families = ["wikipedia"]',
                              name=f"f{n}.toml", database=f"f{n}.db")  # fmt: skip
        text = config.read_text(encoding="utf-8")
        head, rest = text.split("[wikis.local]", 1)  # the family alone: nothing posts
        config.write_text(head + "[[campaigns]]" + rest.split("[[campaigns]]", 1)[1]
                          .replace('wikis = ["local"]', ""), encoding="utf-8")  # fmt: skip
        first, _ = _cycle(config, matrix.url)
        later, seconds = _cycle(config, matrix.url)
    return first / n, later / n, seconds


def rows() -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        wikis: list[DevWiki] = []
        try:
            for i in range(max(SIZES)):
                wikis.append(DevWiki.create(root / f"wiki{i}", build_template()))
                wikis[-1].start()
                wikis[-1].edit("Alice", "Alpha", "Some text.", summary="untagged")
            for n in SIZES:
                first, later, seconds = measure(root, wikis[:n])
                out.append({
                    "name": f"families: API requests per wiki and cycle, nothing new ({n} wikis)",
                    "value": later, "baseline": 1.0, "ratio": 1.0 / later, "unit": "req/wiki",
                    "note": f"minimum: 1 recent-changes request; first cycle {first:.1f}; "
                            f"a cycle {seconds:.1f} s, one process, wikis one after another",
                })  # fmt: skip
        finally:
            for w in wikis:
                w.stop()
    return out


if __name__ == "__main__":
    from scripts.bench import table

    print(table(rows()))
