"""Cycle benchmark: a scan cycle over 10, 100 and 300 wikis, one at a time against several
at once (`concurrency`), side by side in one run, and its requests against the minimum.

The wikis are one local wiki served under many names (`scripts.manyhosts`: a port each, so
a pywikibot site each, spread over a few `php -S` backends), every answer held `LATENCY`
seconds (the network's time to a Wikimedia wiki), all listed by a local sitematrix as one
family, read anonymously. A first cycle reads them all; its database is then copied, and
the measured cycle (nothing new: the minimum is one recent-changes request per wiki) runs
from the same copy one wiki at a time and several at once, each in a process of its own as
the scheduled job runs.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bot.wiki.siteinfo import folder as siteinfo_dir
from scripts.devwiki import DevWiki, build_template
from scripts.manyhosts import ManyHosts, many_hosts
from scripts.sitematrix_server import Site, Sitematrix, serve_sitematrix

SIZES = tuple(int(n) for n in os.environ.get("BENCH_CYCLE_SIZES", "10,100,300").split(","))
LATENCY = float(os.environ.get("BENCH_CYCLE_LATENCY", "0.05"))
CONCURRENCY = int(os.environ.get("BENCH_CYCLE_CONCURRENCY", "8"))
BACKENDS = 3


def _config(root: Path, matrix: str, concurrency: int, database: Path) -> Path:
    now = datetime.now(UTC)
    start, end = now - timedelta(hours=1), now + timedelta(days=1)
    path = root / f"cycle-{concurrency}.toml"
    path.write_text(f"""
database = "{database}"
contact = "https://example.org/User:Operator"
max_retries = 1
retry_wait = 0.2
timeout = 30
concurrency = {concurrency}
cycle_budget = 3600

[sitematrix]
api = "{matrix}"
api_path = "/api.php"
refresh_hours = 24

[[campaigns]]
id = "bench"
start = "{start:%Y-%m-%dT%H:%M:%SZ}"
end = "{end:%Y-%m-%dT%H:%M:%SZ}"
families = ["wikipedia"]
""", encoding="utf-8")  # fmt: skip
    return path


def _cycle(config: Path) -> float:
    """Seconds of one `lib1ref scan` in a process of its own."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "bot.cli", "--config", str(config), "scan"],
                          capture_output=True, text=True, check=False)  # fmt: skip
    if done.returncode != 0:
        errors = [line for line in done.stderr.splitlines() if " ERROR " in line]
        raise RuntimeError(f"scan failed: {' | '.join(errors)[:1500] or done.stderr[-600:]}")
    return time.perf_counter() - started


def measure(root: Path, hosts: ManyHosts, n: int) -> dict[str, float]:
    sites = [Site("en", f"w{i}wiki", hosts.base_url(i)) for i in range(n)]
    out: dict[str, float] = {}
    with serve_sitematrix(Sitematrix(sites)) as matrix:
        first = root / f"first-{n}.sqlite"
        _cycle(_config(root, matrix.url, CONCURRENCY, first))
        for label, workers in (("serial", 1), ("concurrent", CONCURRENCY)):
            db = root / f"{label}-{n}.sqlite"
            shutil.copy(first, db)  # and the site info the first cycle kept: a steady state
            shutil.copytree(siteinfo_dir(first), siteinfo_dir(db), dirs_exist_ok=True)
            hosts.reset()
            out[label] = _cycle(_config(root, matrix.url, workers, db))
            out[f"{label}_requests"] = sum(hosts.requests[:n]) / n
            out[f"{label}_peak"] = max(hosts.peak[:n])
    return out


def rows() -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        wikis: list[DevWiki] = []
        try:
            for i in range(BACKENDS):
                wikis.append(DevWiki.create(root / f"wiki{i}", build_template()))
                wikis[-1].start()
                wikis[-1].edit("Alice", "Alpha", "Some text.", summary="untagged")
            with many_hosts([w.base_url for w in wikis], max(SIZES), LATENCY) as hosts:
                for n in SIZES:
                    m = measure(root, hosts, n)
                    held = f"each answer held {LATENCY * 1000:.0f} ms"
                    out.append({
                        "name": f"cycle: seconds per scan cycle, nothing new ({n} wikis)",
                        "value": m["concurrent"], "baseline": m["serial"],
                        "ratio": m["serial"] / m["concurrent"], "unit": "s",
                        "note": f"{CONCURRENCY} wikis at once vs one at a time; {held}; "
                                f"most requests in flight to one wiki: "
                                f"{m['concurrent_peak']:.0f}",
                    })  # fmt: skip
                    out.append({
                        "name": f"cycle: API requests per wiki and cycle, nothing new ({n} wikis)",
                        "value": m["concurrent_requests"], "baseline": 1.0,
                        "ratio": 1.0 / m["concurrent_requests"], "unit": "req/wiki",
                        "note": f"minimum: 1 recent-changes request; one at a time: "
                                f"{m['serial_requests']:.2f}",
                    })  # fmt: skip
        finally:
            for w in wikis:
                w.stop()
    return out


if __name__ == "__main__":
    from scripts.bench import table

    print(table(rows()))
