"""``DevWiki``: one instance directory (a copy of the template) and its ``php -S``.

Start and stop the server, take and restore snapshots of its SQLite files, run maintenance
scripts; the API helpers and actions come from :class:`WikiActions`.
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import subprocess
import time
import urllib.parse
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Self

import requests

from .actions import WikiActions
from .errors import DevWikiError, EarlyExitError, one_line, tail
from .php import MW_DIR, php_env, run_maintenance
from .process import free_port, pid_alive, terminate_pid
from .template import build_template, opcache_dir

START_TIMEOUT = 20.0
STATE_FILE = "server.json"
LOG_FILE = "logs/php-server.log"
SNAPSHOT_DIR = "snapshot"


class DevWiki(WikiActions):
    """One instance directory (a copy of the template) and, once started, its ``php -S``."""

    def __init__(self, directory: Path | str) -> None:
        self._dir = Path(directory).resolve()
        if not (self._dir / "LocalSettings.php").is_file():
            raise DevWikiError(f"{self._dir} is not a dev wiki (no LocalSettings.php)")
        self._proc: subprocess.Popen[bytes] | None = None
        self._port: int | None = None
        self._pid: int | None = None
        super().__init__()
        self._load_state()

    # -- creation ----------------------------------------------------------------------------

    @classmethod
    def create(cls, dest_dir: Path | str, template: Path | None = None) -> DevWiki:
        """Copy the template (built if needed) to ``dest_dir``, which must not hold a wiki."""
        src = template or build_template()
        dest = Path(dest_dir)
        if (dest / "LocalSettings.php").exists():
            raise DevWikiError(f"{dest} already holds a wiki")
        if dest.exists() and any(dest.iterdir()):
            raise DevWikiError(f"{dest} exists and is not empty")
        if dest.exists():
            dest.rmdir()
        shutil.copytree(src, dest, ignore=shutil.ignore_patterns("*.lock", SNAPSHOT_DIR))
        return cls(dest)

    # -- properties --------------------------------------------------------------------------

    @property
    def dir(self) -> Path:
        return self._dir

    @property
    def settings_file(self) -> Path:
        return self._dir / "LocalSettings.php"

    def add_settings(
        self, php: str, taken: Callable[[], bool], what: str, timeout: float = 15
    ) -> None:
        """Append `php` to the LocalSettings.php of the running wiki and wait until `taken()`
        says the server answers with it: PHP's OPcache may serve the previous file for a
        moment (it looks at a file's time at most every 2 s)."""
        with self.settings_file.open("a", encoding="utf-8") as f:
            f.write(f"\n{php}\n")
        deadline = time.monotonic() + timeout
        while not taken():
            if time.monotonic() > deadline:
                raise DevWikiError(f"the wiki does not take {what}")
            time.sleep(0.2)

    @property
    def data_dir(self) -> Path:
        return self._dir / "data"

    @property
    def log_file(self) -> Path:
        return self._dir / LOG_FILE

    @property
    def port(self) -> int:
        if self._port is None:
            raise DevWikiError("the wiki is not started")
        return self._port

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT`` (no trailing slash)."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_url(self) -> str:
        return f"{self.base_url}/api.php"

    @property
    def index_url(self) -> str:
        return f"{self.base_url}/index.php"

    def page_url(self, title: str) -> str:
        return f"{self.index_url}?title={urllib.parse.quote(title.replace(' ', '_'))}"

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else self._pid

    # -- server ------------------------------------------------------------------------------

    def _load_state(self) -> None:
        state_path = self._dir / STATE_FILE
        if not state_path.is_file():
            return
        try:
            state = json.loads(state_path.read_text(encoding="utf-8"))
            pid, port = int(state["pid"]), int(state["port"])
        except (OSError, ValueError, KeyError, TypeError):
            return
        if pid_alive(pid):
            self._pid, self._port = pid, port
        else:
            state_path.unlink(missing_ok=True)

    def is_running(self) -> bool:
        if self._proc is not None:
            return self._proc.poll() is None
        return self._pid is not None and pid_alive(self._pid)

    def start(self, port: int | None = None, *, detach: bool = False) -> None:
        """Serve the instance on 127.0.0.1 (a free port unless given); wait for the API.

        ``detach=True`` puts the server in its own session so it outlives this process
        (used by the CLI); :meth:`stop` still finds it through ``server.json``.
        """
        if self.is_running():
            raise DevWikiError(f"already running on {self.base_url}")
        attempts = 1 if port else 3
        for attempt in range(attempts):
            try:
                self._start_once(port or free_port(), detach)
                return
            except EarlyExitError:
                # Another process took the free port between bind() and php -S: try another.
                if attempt == attempts - 1:
                    raise

    def _start_once(self, port: int, detach: bool) -> None:
        self._port = port
        self.log_file.parent.mkdir(parents=True, exist_ok=True)
        with open(self.log_file, "ab") as log:
            self._proc = subprocess.Popen(
                [
                    "php",
                    "-q",  # no access log; PHP errors are still logged
                    "-d",
                    "display_errors=0",
                    "-d",
                    "log_errors=1",
                    "-d",
                    f"opcache.file_cache={opcache_dir()}",
                    "-S",
                    f"127.0.0.1:{port}",
                    "-t",
                    str(MW_DIR),
                ],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=php_env(self.settings_file, f"http://127.0.0.1:{port}"),
                cwd=self._dir,
                start_new_session=detach,
            )
        self._pid = self._proc.pid
        if not detach:
            # Do not leave an orphaned php -S behind if the caller forgets stop().
            atexit.register(self.stop)
        (self._dir / STATE_FILE).write_text(
            json.dumps({"pid": self._proc.pid, "port": port}) + "\n", encoding="utf-8"
        )
        try:
            self._wait_ready()
        except BaseException:
            self.stop()
            raise

    def _wait_ready(self, timeout: float = START_TIMEOUT) -> None:
        deadline = time.monotonic() + timeout
        params = {"action": "query", "meta": "siteinfo", "format": "json"}
        last = "no answer"
        server_errors = 0
        while time.monotonic() < deadline:
            if self._proc is not None and self._proc.poll() is not None:
                raise EarlyExitError(
                    f"php -S exited with {self._proc.returncode} at start; {self._diagnose()}"
                )
            try:
                resp = self._anon.get(self.api_url, params=params, timeout=5)
                if resp.status_code == 200 and "general" in resp.json().get("query", {}):
                    return
                last = f"HTTP {resp.status_code}: {one_line(resp.text, 200)}"
                server_errors = server_errors + 1 if resp.status_code >= 500 else 0
                if server_errors >= 3:  # PHP fatal error (e.g. broken LocalSettings.php)
                    raise DevWikiError(f"wiki at {self.api_url} answers {last}; {self._diagnose()}")
            except (requests.RequestException, ValueError) as exc:
                last = str(exc)
            time.sleep(0.05)
        raise DevWikiError(
            f"wiki at {self.api_url} not answering after {timeout:.0f}s ({one_line(last, 200)});"
            f" {self._diagnose()}"
        )

    def _diagnose(self) -> str:
        """Syntax check of LocalSettings.php and the tails of the server and exception logs."""
        parts = []
        lint = subprocess.run(
            ["php", "-l", str(self.settings_file)], capture_output=True, text=True, check=False
        )
        if lint.returncode != 0:
            parts.append(f"php -l: {one_line(lint.stdout + lint.stderr, 300)}")
        parts.append(f"log tail: {one_line(tail(self.log_file), 300)}")
        exceptions = self._dir / "logs" / "exception.log"
        if exceptions.is_file():
            parts.append(f"exception.log tail: {one_line(tail(exceptions, 5), 600)}")
        return "; ".join(parts)

    def stop(self) -> None:
        """Stop the server (SIGTERM, then SIGKILL after 5 s). No-op when not running."""
        if self._proc is not None:
            if self._proc.poll() is None:
                self._proc.terminate()
                try:
                    self._proc.wait(5)
                except subprocess.TimeoutExpired:
                    self._proc.kill()
                    self._proc.wait(5)
        elif self._pid is not None and pid_alive(self._pid):
            terminate_pid(self._pid)
        if self._proc is not None:
            atexit.unregister(self.stop)
        self._proc = None
        self._pid = None
        (self._dir / STATE_FILE).unlink(missing_ok=True)
        self.forget_logins()

    def __enter__(self) -> Self:
        if not self.is_running():
            self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # -- maintenance ---------------------------------------------------------------------------

    def maintenance(
        self, script: str, *args: str, stdin: str | None = None, check: bool = True
    ) -> subprocess.CompletedProcess[str]:
        """Run ``maintenance/<script>.php`` for this instance; raise on failure if ``check``."""
        server = self.base_url if self._port is not None else None
        return run_maintenance(
            self.settings_file, script, *args, stdin=stdin, server=server, check=check
        )

    def run_jobs(self) -> str:
        """Run the whole job queue (``$wgJobRunRate`` is 0); return the script's output."""
        return self.maintenance("runJobs").stdout

    # -- snapshots ---------------------------------------------------------------------------

    def _db_files(self) -> list[Path]:
        return sorted(self.data_dir.glob("*.sqlite"))

    def snapshot(self) -> None:
        """Copy the SQLite files aside (call when no request is in flight)."""
        snap = self._dir / SNAPSHOT_DIR
        shutil.rmtree(snap, ignore_errors=True)
        snap.mkdir()
        for db in self._db_files():
            shutil.copy2(db, snap / db.name)

    def restore(self) -> None:
        """Put the snapshot's SQLite files back, even under a running server.

        Logins are lost (sessions live in the database): the helpers log in again.
        """
        snap = self._dir / SNAPSHOT_DIR
        saved = sorted(snap.glob("*.sqlite"))
        if not saved:
            raise DevWikiError(f"no snapshot in {snap}")
        names = {p.name for p in saved}
        for db in self._db_files():
            if db.name not in names:
                db.unlink()
        for pattern in ("*.sqlite-journal", "*.sqlite-wal", "*.sqlite-shm"):
            for extra in self.data_dir.glob(pattern):
                extra.unlink()
        for src in saved:
            tmp = self.data_dir / f".{src.name}.restore"
            shutil.copyfile(src, tmp)
            os.chmod(tmp, 0o600)
            os.replace(tmp, self.data_dir / src.name)
        self.forget_logins()
