"""File locks between processes: the run lock (one scan at a time per database) here, and
the per-host lock of the wiki boundary (`bot.wiki.hostlock`), both through `try_lock`.

They are POSIX record locks (`fcntl.lockf`), which also work on NFS (Toolforge's), where
SQLite's own locking relies on them. Such a lock belongs to the process, not to the file
descriptor: the process that holds it takes it again at once through any descriptor, and
closing any descriptor of the file releases it. Callers keep one descriptor per file.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path

from ..errors import AlreadyRunning, StoreError


def try_lock(path: Path) -> int | None:
    """A descriptor of `path` (created 0600) holding its exclusive lock, or None when another
    process holds it (never waits). Close the descriptor to release the lock. A file that
    cannot be opened or locked for another reason is a `StoreError` naming it."""
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as e:
        raise StoreError(f"{path}: cannot open the lock file: {e.strerror or e}") from e
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as e:
        os.close(fd)  # this process did not hold it: closing releases nothing of its own
        if e.errno in (errno.EACCES, errno.EAGAIN):
            return None
        # no lock service (ENOLCK on NFS), an I/O error: not "another holds it", which
        # would make every job skip its work quietly
        raise StoreError(f"{path}: cannot be locked: {e.strerror or e}") from e
    return fd


class RunLock:
    """A held run lock. `keep()`: it outlives the `with` block and is released when the
    process ends (a scan whose worker is still reading a wiki keeps it, so no other scan reads
    beside that worker while the same process goes on to other steps)."""

    def __init__(self) -> None:
        self.kept = False

    def keep(self) -> None:
        self.kept = True


@contextlib.contextmanager
def exclusive_run(db_path: Path, job: str) -> Iterator[RunLock]:
    """Hold `<database>.<job>.lock` for the run; raise AlreadyRunning if another holds it."""
    lock_path = db_path.with_name(f"{db_path.name}.{job}.lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    fd = try_lock(lock_path)
    if fd is None:
        raise AlreadyRunning(f"another {job} is running on {db_path}; nothing to do")
    held = RunLock()
    try:
        yield held
    finally:
        if not held.kept:
            os.close(fd)
