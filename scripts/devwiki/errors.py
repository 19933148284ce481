"""The dev wiki's exceptions and the helpers that keep their messages to one line."""

from __future__ import annotations

from pathlib import Path


class DevWikiError(RuntimeError):
    """Anything that went wrong with the local wiki (one-line message)."""


class DevWikiApiError(DevWikiError):
    """The API answered with an error: ``code`` is its error code (e.g. ``spamblacklist``)."""

    def __init__(self, message: str, code: str, info: str) -> None:
        super().__init__(message)
        self.code = code
        self.info = info


class EarlyExitError(DevWikiError):
    """php -S died before answering (e.g. its port was taken)."""


def tail(path: Path, lines: int = 20) -> str:
    """The last ``lines`` lines of a log file, or a note that there is none."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return "(no log)"
    return "\n".join(text.splitlines()[-lines:]) or "(empty log)"


def one_line(text: str, limit: int = 400) -> str:
    """``text`` flattened to one line, keeping its last ``limit`` characters."""
    flat = " | ".join(line.strip() for line in text.strip().splitlines() if line.strip())
    return flat[-limit:] if len(flat) > limit else flat
