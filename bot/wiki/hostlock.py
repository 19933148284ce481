"""One job at a time per wiki host, across processes.

Within one process the scan's cycle gives each host to one worker (`tasks.cycle`). The
scheduled jobs (jobs.yaml) are separate processes, so each connected wiki also holds a lock
file for its host, from `connect` to `Wiki.close`: whatever pywikibot sends in between
(login, tokens, site info) is covered. The files live in a private folder beside the
database, `<database>.hosts/` (mode 0700, one empty 0600 file per host, no secret in it).

The locks are POSIX record locks (`bot.store.lock.try_lock`), and those belong to a process:
a process never waits for a lock it holds itself, and closing any descriptor of the file
would release it. So this module keeps one descriptor per host and process, counts the
wikis of the process holding it (several wikis on one host, a leaderboard's wikis, threads),
and closes it when the last one lets go. Within a process nothing is serialised here: the
cycle already is.

A scan does not wait (`wait=0`): it reads a wiki held elsewhere next cycle. The leaderboard
and welcome wait up to `host_wait` seconds, then give that wiki up (`HostBusy`). A job that
holds several wikis while it waits for another could wait on a job that waits for it; the
bounded wait ends that: one of them gives its wiki up after `host_wait`.
"""

from __future__ import annotations

import os
import re
import threading
import time
from pathlib import Path

from ..errors import StoreError
from ..store.lock import try_lock

POLL = 0.2  # seconds between tries while waiting

_held: dict[Path, list[int]] = {}  # lock file -> [descriptor, wikis of this process on it]
_guard = threading.Lock()


def folder(database: Path) -> Path:
    """The lock folder of a database: `<database>.hosts`, beside it."""
    return database.with_name(database.name + ".hosts")


def lock_file(database: Path, host: str) -> Path:
    """The lock file of a host (`host:port`, lower case) in the database's lock folder."""
    return folder(database) / (re.sub(r"[^a-z0-9.-]", "_", host.lower()) + ".lock")


class HostLock:
    """A host held by this process for one connected wiki; `release()` once it is closed
    (a second call does nothing)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path

    def release(self) -> None:
        path, self.path = self.path, None
        if path is None:
            return
        with _guard:
            entry = _held[path]
            entry[1] -= 1
            if entry[1] == 0:
                del _held[path]
                os.close(entry[0])


def acquire(database: Path, host: str, wait: float) -> HostLock | None:
    """Hold `host` for this process, waiting up to `wait` seconds while another process
    holds it; None when it still did. At once when this process holds it already. No lock
    (and no folder made) when the database's folder does not exist: a command run without a
    database, which no scheduled job shares."""
    if not database.parent.is_dir():
        return HostLock(None)
    path = lock_file(database, host)
    try:
        path.parent.mkdir(mode=0o700, exist_ok=True)
        path.parent.chmod(0o700)
    except OSError as e:
        raise StoreError(f"{path.parent}: cannot make the lock folder: {e.strerror or e}") from e
    deadline = time.monotonic() + wait
    while True:
        with _guard:
            if path in _held:
                _held[path][1] += 1
                return HostLock(path)
            fd = try_lock(path)
            if fd is not None:
                _held[path] = [fd, 1]
                return HostLock(path)
        left = deadline - time.monotonic()
        if left <= 0:
            return None
        time.sleep(min(POLL, left))
