"""The run lock: one scan (or other job) at a time per database."""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path

from ..errors import AlreadyRunning


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
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    held = RunLock()
    try:
        try:
            fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise AlreadyRunning(f"another {job} is running on {db_path}; nothing to do") from None
        yield held
    finally:
        if not held.kept:
            os.close(fd)
