"""The command line: ``python -m scripts.devwiki`` and the ``scripts/devwiki`` wrapper.

packages                      install the Debian packages when missing
template                      build (or find) the template and print its path
start [--dir DIR] [--port N]  clone into DIR if needed and serve it in the background
      [--cs1]                 (clone the CS1 template: Scribunto and Module:Citation/CS1)
stop [--dir DIR]              stop the background server
status [--dir DIR]            say whether it is running
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from .accounts import ADMIN, BOT_LOGIN, bot_token, users
from .cs1 import build_cs1_template
from .errors import DevWikiError
from .instance import DevWiki
from .packages import ensure_packages
from .template import build_template


def _cmd_template(_args: argparse.Namespace) -> int:
    ensure_packages()
    started = time.monotonic()
    path = build_template()
    print(path)
    print(f"(ready in {time.monotonic() - started:.1f}s)", file=sys.stderr)
    return 0


def _print_urls(wiki: DevWiki) -> None:
    admin = users()[ADMIN]
    print(f"Main Page: {wiki.page_url('Main Page')}")
    print(f"API:       {wiki.api_url}")
    print(f"Admin:     {admin.name} / {admin.password}")
    print(f"Bot:       {BOT_LOGIN} / {bot_token()}")
    print(f"Dir:       {wiki.dir} (pid {wiki.pid}, log {wiki.log_file})")


def _cmd_start(args: argparse.Namespace) -> int:
    directory = Path(args.dir)
    ensure_packages()
    if (directory / "LocalSettings.php").is_file():
        wiki = DevWiki(directory)
    else:
        wiki = DevWiki.create(directory, build_cs1_template() if args.cs1 else None)
        print(f"Created {wiki.dir} from the template", file=sys.stderr)
    if wiki.is_running():
        print("Already running.", file=sys.stderr)
    else:
        wiki.start(args.port, detach=True)
    _print_urls(wiki)
    return 0


def _cmd_stop(args: argparse.Namespace) -> int:
    directory = Path(args.dir)
    if not (directory / "LocalSettings.php").is_file():
        print(f"No dev wiki in {directory}", file=sys.stderr)
        return 1
    wiki = DevWiki(directory)
    if not wiki.is_running():
        print("Not running.")
        return 0
    pid = wiki.pid
    wiki.stop()
    print(f"Stopped (pid {pid}).")
    return 0


def _cmd_status(args: argparse.Namespace) -> int:
    directory = Path(args.dir)
    if not (directory / "LocalSettings.php").is_file():
        print(f"No dev wiki in {directory}")
        return 1
    wiki = DevWiki(directory)
    if not wiki.is_running():
        print(f"Stopped ({wiki.dir}).")
        return 3
    try:
        info = wiki.api_get(action="query", meta="siteinfo")["query"]["general"]
        print(f"Running: {info.get('sitename')} ({info.get('generator')})")
    except DevWikiError as exc:
        print(f"Process {wiki.pid} alive but the API does not answer: {exc}")
        return 2
    _print_urls(wiki)
    return 0


def _cmd_packages(args: argparse.Namespace) -> int:
    ensure_packages()
    print("devwiki: MediaWiki and PHP packages are installed")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m scripts.devwiki", description="A local MediaWiki for tests and demos."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("packages", help="install the Debian packages when missing")
    sub.add_parser("template", help="build (or reuse) the template; print its path")
    for name, helptext in (
        ("start", "clone the template into DIR if needed and serve it in the background"),
        ("stop", "stop the background server of DIR"),
        ("status", "is the wiki in DIR running?"),
    ):
        p = sub.add_parser(name, help=helptext)
        p.add_argument("--dir", default=".devwiki", help="instance directory (default .devwiki)")
        if name == "start":
            p.add_argument("--port", type=int, default=None, help="port (default: a free one)")
            p.add_argument(
                "--cs1",
                action="store_true",
                help="a new wiki also runs Module:Citation/CS1 (pages from ../shared/testdata/cs1)",
            )
    args = parser.parse_args(argv)
    handlers = {
        "packages": _cmd_packages,
        "template": _cmd_template,
        "start": _cmd_start,
        "stop": _cmd_stop,
        "status": _cmd_status,
    }
    try:
        return handlers[args.command](args)
    except DevWikiError as exc:
        print(f"devwiki: {exc}", file=sys.stderr)
        return 1
