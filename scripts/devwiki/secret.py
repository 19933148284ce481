"""The cache folder and the per-machine secret every dev-wiki password derives from.

Nothing here runs at import: the secret file is made the first time a password or token
is asked for (:func:`derive`).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import time
from pathlib import Path

CACHE_ENV = "LIB1REF_DEVWIKI_CACHE"


def cache_root() -> Path:
    """``$LIB1REF_DEVWIKI_CACHE`` or ``~/.cache/lib1ref-devwiki``."""
    env = os.environ.get(CACHE_ENV)
    return Path(env).expanduser() if env else Path.home() / ".cache" / "lib1ref-devwiki"


@functools.cache
def machine_secret() -> str:
    """A random secret made once per machine (mode 0600, in the cache folder, never in the
    repo); every password and bot-password token of the dev wiki derives from it."""
    root = cache_root()
    root.mkdir(parents=True, exist_ok=True)
    path = root / "secret"
    with contextlib.suppress(FileExistsError):
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(os.urandom(16).hex())
    for _ in range(50):  # another process may be writing it right now
        secret = path.read_text().strip()
        if secret:
            return secret
        time.sleep(0.01)
    raise RuntimeError(f"{path} is empty")


def derive(purpose: str) -> str:
    """A 32-character token (hex: within the bot-password alphabet) for one purpose."""
    return hashlib.sha256(f"{machine_secret()}:{purpose}".encode()).hexdigest()[:32]
