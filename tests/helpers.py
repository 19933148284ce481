"""Shared helpers for tests that run the bot against the local MediaWiki."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from scripts.botconfig import write_config
from scripts.devwiki import BOT_TOKEN

__all__ = ["WIKI_FIXTURES", "by_revid", "lib1ref", "secrets_on_disk", "write_config"]

# The fixtures of tests/conftest.py that start the local MediaWiki: a test using any of them
# is marked `wiki`.
WIKI_FIXTURES = frozenset(
    {"devwiki", "wiki", "botwiki", "otherwiki", "cs1wiki", "cs1botwiki", "langwiki"}
)


def by_revid(rows: list[dict[str, Any]]) -> dict[int, dict[str, Any]]:
    return {r["revid"]: r for r in rows}


def lib1ref(config: Path, *args: str) -> int:
    """Run the `lib1ref` command line in-process with this config."""
    from bot.cli import main

    return main(["--config", str(config), *args])


def secrets_on_disk(folder: Path) -> list[Path]:
    """Files under `folder` holding the token or session cookies: pywikibot's cookie file
    (`.lwp`), or any file with the token, a `Set-Cookie` or a MediaWiki session cookie."""
    found = []
    for path in folder.rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if path.suffix == ".lwp" or any(s in data for s in SECRET_MARKS):
            found.append(path)
    return found


SECRET_MARKS = (BOT_TOKEN.encode(), b"Set-Cookie", b"_session=")
