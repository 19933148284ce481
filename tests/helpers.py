"""Shared helpers for tests that run the bot against the local MediaWiki."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from scripts.botconfig import write_config
from scripts.devwiki import BOT_TOKEN

__all__ = [
    "WIKI_FIXTURES",
    "Counted",
    "by_revid",
    "counted_run",
    "kinds",
    "lib1ref",
    "secrets_on_disk",
    "write_config",
]

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


# One `lib1ref` command in a process of its own (as the scheduled jobs run it), printing the
# requests pywikibot sent to the wiki's host, one line each: logins and site info included.
COUNTED_RUN = """
import re
import sys
from urllib.parse import urlsplit
from bot.wiki.setup import _import_pywikibot
_import_pywikibot()
from pywikibot.comms import http
from bot.cli import main
host = urlsplit(sys.argv[2]).netloc
sent = []
def seen(response, *args, **kwargs):
    if urlsplit(response.url).netloc == host:
        sent.append(response.request.body or "")
http.session.hooks.setdefault("response", []).append(seen)
code = main(["--config", sys.argv[1], *sys.argv[3:]])
for body in sent:
    body = body if isinstance(body, str) else body.decode()
    # the password never reaches the output (an assertion may show it)
    print("sent-request", re.sub(r"(lgpassword|password)=[^&]*", r"\\1=(hidden)", body))
sys.exit(code)
"""
SENT = "sent-request"  # the mark of a request's line in the script's output


@dataclass(frozen=True)
class Counted:
    """What one counted command did: its exit code, the parameters of each request it sent
    to the wiki (in order), the rest of its output, and its log (stderr)."""

    code: int
    requests: list[dict[str, list[str]]]
    stdout: str
    stderr: str


def counted_run(config: Path, api_url: str, *args: str, password: str = BOT_TOKEN) -> Counted:
    """Run `lib1ref --config CONFIG ARGS…` in a fresh process, counting its requests."""
    env = dict(os.environ, LIB1REF_BOT_PASSWORD=password)
    done = subprocess.run([sys.executable, "-c", COUNTED_RUN, str(config), api_url, *args],
                          cwd=config.parent, env=env, capture_output=True, text=True,
                          timeout=120, check=False)  # fmt: skip
    lines = done.stdout.splitlines()
    sent = [parse_qs(line.split(" ", 1)[1]) for line in lines if line.startswith(SENT + " ")]
    rest = "\n".join(line for line in lines if not line.startswith(SENT + " "))
    return Counted(done.returncode, sent, rest, done.stderr)


def kinds(requests: list[dict[str, list[str]]]) -> list[str]:
    """Each request named by what it asks: `siteinfo`, `recentchanges`, `login`…"""
    out = []
    for params in requests:
        action = params.get("action", ["?"])[0]
        names = params.get("list", []) + params.get("meta", []) + params.get("prop", [])
        out.append(action if action != "query" else "|".join(sorted(names)))
    return out
