"""`lib1ref`: the command line. Parses arguments, loads the config once, runs a task.

Exit codes: 0 done, 1 operational failure, 2 usage or config error, 143 (129) stopped by
SIGTERM (SIGHUP). Errors are one line on stderr; a traceback only with `-v`.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import signal
import sqlite3
import sys
import threading
import traceback
from collections.abc import Sequence

from .config import ENV_PASSWORD, Config, config_path, load_config
from .errors import Lib1RefError, UsageError

log = logging.getLogger("lib1ref")

# command -> (task module, needs the config file, help)
COMMANDS: dict[str, tuple[str, bool, str]] = {
    "scan": ("tasks.scan", True, "find campaign edits in recent changes and record them"),
    "check": ("tasks.check", True, "check the citations one revision added"),
    "check-text": ("tasks.check", False, "check the citations added between two text files"),
    "leaderboard": ("tasks.leaderboard", True, "post leaderboards and organizer reports"),
    "welcome": ("tasks.welcome", True, "welcome new participants on their talk pages"),
    "status": ("tasks.status", True, "checkpoints, lag and counts per campaign and wiki"),
    "export": ("tasks.export", True, "export recorded data as CSV or JSON"),
    "run": ("tasks.run", True, "one scheduled cycle: scan, then leaderboard and welcome"),
}


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{self.prog}: {message}")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="lib1ref",
        description="A Wikimedia bot for the #1Lib1Ref campaign.",
        epilog="Exit codes: 0 done, 1 operational failure, 2 usage or config error, "
        "143 stopped by SIGTERM (129 by SIGHUP).",
    )
    parser.add_argument("--config", metavar="PATH", help="config file (else $LIB1REF_CONFIG, "
                        "else ./lib1ref.toml)")  # fmt: skip
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logs, tracebacks")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name, (module, _needs, help_text) in COMMANDS.items():
        p = sub.add_parser(name, help=help_text, description=help_text)
        add_arguments = getattr(_task(module), "add_arguments", None)
        if add_arguments is not None:
            add_arguments(p, name)
    return parser


def _task(module: str) -> object:
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError:
        return object()


class Stopped(BaseException):
    """SIGTERM (Toolforge stopping a job at its timeout) or SIGHUP arrived.

    A `BaseException`, like `KeyboardInterrupt`, so no `except Exception` on the way swallows
    it: it unwinds the run, rolling back the open transaction (`store.opening.Database`),
    releasing the run lock and removing pywikibot's private folder (atexit)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.exit_code = 128 + signum


STOP_SIGNALS = (signal.SIGTERM, signal.SIGHUP)


def _raise_stopped(signum: int, frame: object) -> None:
    raise Stopped(signum)


def main(argv: Sequence[str] | None = None) -> int:
    """The command line; SIGTERM and SIGHUP stop the run cleanly (exit 128 + the signal)."""
    if threading.current_thread() is not threading.main_thread():
        return _main(argv)
    previous = {sig: signal.signal(sig, _raise_stopped) for sig in STOP_SIGNALS}
    try:
        return _main(argv)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _main(argv: Sequence[str] | None) -> int:
    verbose = "-v" in (argv if argv is not None else sys.argv[1:]) or "--verbose" in (
        argv if argv is not None else sys.argv[1:]
    )
    try:
        args = build_parser().parse_args(argv)
        _setup_logging(args.verbose)
        if not args.command:
            build_parser().print_help()
            return 2
        return _run(args)
    except Lib1RefError as e:
        if verbose:
            traceback.print_exc()
        if e.exit_code:
            print(f"lib1ref: error: {e}", file=sys.stderr)
        else:
            print(f"lib1ref: {e}", file=sys.stderr)
        return e.exit_code
    except KeyboardInterrupt:
        print("lib1ref: interrupted", file=sys.stderr)
        return 130
    except Stopped as e:
        print(f"lib1ref: stopped by {e}: the open transaction was rolled back, the lock "
              f"released; the next run goes on from the last commit", file=sys.stderr)  # fmt: skip
        return e.exit_code
    except Exception as e:  # noqa: BLE001 - last line of defence: one line, exit 1
        if verbose:
            traceback.print_exc()
        detail = " ".join(str(e).split())[:300]
        print(f"lib1ref: error: unexpected {type(e).__name__}: {detail} (use -v for details)",
              file=sys.stderr)  # fmt: skip
        return 1


def _run(args: argparse.Namespace) -> int:
    module, needs_config, _help = COMMANDS[args.command]
    task = _task(module)
    run = getattr(task, "run", None)
    if run is None:
        print(f"lib1ref: {args.command} is not implemented yet", file=sys.stderr)
        return 1
    config: Config | None = None
    if needs_config:
        config = load_config(config_path(args.config, os.environ))
        _set_user_agent(config)
    password = os.environ.get(ENV_PASSWORD) or None
    try:
        code: int = run(args, config, password)
    except sqlite3.DatabaseError as e:  # mid-run (disk full, file damaged): name file and fault
        if config is None:
            raise
        from .store.opening import store_error

        raise store_error(config.database, e) from e
    return code


def _set_user_agent(config: Config) -> None:
    import toolforge

    toolforge.set_user_agent("lib1ref-bot", url=config.contact)


def _setup_logging(verbose: bool) -> None:
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(message)s",
        datefmt="%Y-%m-%dT%H:%M:%SZ",
        stream=sys.stderr,
    )
    logging.Formatter.converter = __import__("time").gmtime
    if not verbose:
        for noisy in ("pywiki", "urllib3", "requests"):
            logging.getLogger(noisy).setLevel(logging.WARNING)


def entry() -> None:
    """The `lib1ref` program: `main`, then exit with its code.

    A scan worker still reading a wiki (`lib1ref run` leaves one behind past `cycle_budget` +
    `timeout`; a daemon thread) could write to stderr while the interpreter shuts down, which
    aborts it ("Fatal Python error: _enter_buffered_busy"). So then the output is flushed, the
    private pywikibot folder removed, and the process ends at once: the worker stops as a
    killed one would (each of its writes is a whole transaction; nothing is half-stored)."""
    code = main()
    if any(t.is_alive() and t.name.startswith("scan-") for t in threading.enumerate()):
        logging.shutdown()
        sys.stdout.flush()
        sys.stderr.flush()
        from .wiki.setup import remove_private_dir

        remove_private_dir()
        os._exit(code)
    sys.exit(code)


if __name__ == "__main__":
    entry()
