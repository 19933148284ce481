"""`lib1ref check-text` and `lib1ref check`: the citations one edit added, and their problems."""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path

from bot import store
from bot.citations.profiles import LANG_RE, Profile
from bot.config import Config
from bot.errors import Lib1RefError, StoreError, UsageError
from bot.wiki import connect
from tasks.profiles import stored_profile


def add_arguments(p: argparse.ArgumentParser, name: str) -> None:
    if name == "check-text":
        p.add_argument("old_file", metavar="OLD_FILE", help="the parent text (empty: a creation)")
        p.add_argument("new_file", metavar="NEW_FILE", help="the new text")
        p.add_argument(
            "--lang",
            default="en",
            help="language code: its bundle, else the generic checks (default en)",
        )
        p.add_argument("--today", metavar="YYYY-MM-DD", help="date for future-date checks")
    else:
        p.add_argument("--wiki", metavar="KEY", required=True, help="configured wiki key")
        p.add_argument("revid", metavar="REVID", type=int, help="revision id")
    p.add_argument("--json", action="store_true", help="machine-readable output")


def run(args: argparse.Namespace, config: Config | None, password: str | None) -> int:
    profile = None
    if config is None:
        old, new = _read(args.old_file), _read(args.new_file)
        lang = args.lang
        if not LANG_RE.match(lang):
            raise UsageError(f"--lang: not a language code: {lang!r}")
        today = _today(args.today)
    else:
        wiki_cfg = config.wiki(args.wiki)
        wiki = connect(config, args.wiki, password, login=bool(password))
        try:
            old, new, when = wiki.revision_pair(args.revid)
        finally:
            wiki.close()
        lang, today = wiki_cfg.lang, when
        profile = _stored(config, args.wiki, lang)
    _print(old, new, lang, today, profile, as_json=args.json)
    return 0


def _stored(config: Config, key: str, lang: str) -> Profile | None:
    """The wiki's citation profile as the last scan read it (tasks.profiles); None with no
    database yet, or one this version cannot read (the language's profile is used)."""
    if not config.database.exists():
        return None
    try:
        return stored_profile(store.open_db_readonly(config.database), key, lang)
    except StoreError:
        return None


def _print(
    old: str, new: str, lang: str, today: date | None, profile: Profile | None, *, as_json: bool
) -> None:
    from bot.citations import analyze_edit
    from bot.citations.render import to_json_dict, to_text

    analysis = analyze_edit(old, new, lang=lang, today=today, profile=profile)
    if as_json:
        print(json.dumps(to_json_dict(analysis), ensure_ascii=False, indent=1))
    else:
        print(to_text(analysis, lang=lang), end="")


def _read(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UsageError(f"{path}: no such file") from None
    except UnicodeDecodeError:
        raise UsageError(f"{path}: not UTF-8 text") from None
    except OSError as e:
        raise Lib1RefError(f"{path}: cannot read: {e.strerror}") from None


def _today(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"--today: not a date YYYY-MM-DD: {value!r}") from None
