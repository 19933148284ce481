"""Per-language wording of the leaderboard and the report: `bot/data/messages/<lang>.json`.

A language file has only keys of `en.json` (keys starting with `_` are comments), each message
with the same `{placeholders}`; `load_messages` raises a `DataFileError` naming the file and
the key otherwise. A key the file leaves out is said in English (`Messages.fallback` names
them), and a language with no file at all is all English: any language code works, adding a
language is adding one file. A language that is an alias (bot/data/languages.json: `simple`)
has the messages of the language it is an alias of.

Message values are trusted wikitext written by the project; user-controlled values must be
escaped (`bot.render.escape`) before they are passed in.
"""

from __future__ import annotations

import functools
import json
import re
import string
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType
from typing import Any

from ..errors import DataFileError
from ..language_table import bundle_language

REFERENCE = "en"
PROBLEM_PREFIX = "problem."
HELP_PREFIX = "help."
_LANG_RE = re.compile(r"^[a-z]{2,8}(?:-[a-z0-9]{1,8})*$")  # as bot.citations.profiles.LANG_RE


@dataclass(frozen=True, eq=False)
class Messages:
    lang: str
    texts: Mapping[str, str]
    fallback: tuple[str, ...] = ()  # keys said in English, the file lacking them

    def __call__(self, key: str, /, **values: object) -> str:
        """The message `key` with its `{placeholders}` filled in."""
        return self.texts[key].format(**values)

    @functools.cached_property
    def problem_codes(self) -> tuple[str, ...]:
        """The problem codes described here, in the order of `en.json`."""
        return tuple(k[len(PROBLEM_PREFIX) :] for k in self.texts if k.startswith(PROBLEM_PREFIX))

    def problem(self, code: str) -> str:
        """The description of a problem code (the code itself when unknown)."""
        return self.texts.get(PROBLEM_PREFIX + code, code)

    def help_page(self, code: str) -> str:
        """`Help:CS1 errors#bad_date`: where a problem code is explained ("" when unknown)."""
        return self.texts.get(HELP_PREFIX + code, "")

    def number(self, n: int) -> str:
        """`12,345` in English, `12&nbsp;345` in Spanish."""
        return self._digits(f"{n:,d}".replace(",", self.texts["format.thousands_sep"]))

    def percent(self, part: int, whole: int) -> str:
        """`part` as a share of `whole`, one decimal (`82.5%`); a dash when `whole` is 0."""
        if whole <= 0:
            return "\u2013"
        value = f"{100 * part / whole:.1f}".replace(".", self.texts["format.decimal_sep"])
        return self("format.percent", value=self._digits(value))

    def _digits(self, text: str) -> str:
        """ASCII digits written in the language's own (`format.digits`: ۰۱۲۳۴۵۶۷۸۹ in fa)."""
        return text.translate(str.maketrans("0123456789", self.texts["format.digits"]))


def _folder() -> Any:
    return resources.files("bot") / "data" / "messages"


def available_languages() -> frozenset[str]:
    """The languages that have a message file."""
    return frozenset(
        p.name.removesuffix(".json") for p in _folder().iterdir() if p.name.endswith(".json")
    )


def _read(lang: str) -> dict[str, str]:
    name = f"bot/data/messages/{lang}.json"
    path = _folder() / f"{lang}.json"
    if not path.is_file():
        raise DataFileError(f"{name}: no messages for language {lang!r}")
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise DataFileError(f"{name}: cannot be read: {e}") from e
    if not isinstance(raw, dict):
        raise DataFileError(f"{name}: must be a JSON object of key: message")
    for key, value in raw.items():
        if not isinstance(value, str):
            raise DataFileError(f"{name}: key {key!r} must be a string")
    return raw


def _across_wikis(key: str, text: str, lang: str, source: str) -> str:
    """The text of `key` from the file of `source` (English for a language that lacks it, or
    the language an alias uses); a help page is then `source`'s Wikipedia's, linked across
    wikis (`en:Help:CS1 errors#bad_date`)."""
    if key.startswith(HELP_PREFIX) and lang != source and text:
        return f"{source}:{text}"
    return text


def _placeholders(name: str, key: str, value: str) -> frozenset[str]:
    try:
        return frozenset(f for _, f, _, _ in string.Formatter().parse(value) if f is not None)
    except ValueError as e:
        raise DataFileError(f"{name}: key {key!r}: bad placeholder: {e}") from e


def _validate(lang: str, raw: dict[str, str], reference: dict[str, str]) -> None:
    name = f"bot/data/messages/{lang}.json"
    wanted = {k for k in reference if not k.startswith("_")}
    have = {k for k in raw if not k.startswith("_")}
    for key in sorted(have - wanted):
        raise DataFileError(f"{name}: unknown key {key!r} (not in en.json)")
    for key in sorted(wanted & have):
        ours = _placeholders(name, key, raw[key])
        theirs = _placeholders("bot/data/messages/en.json", key, reference[key])
        if ours != theirs:
            raise DataFileError(
                f"{name}: key {key!r} has placeholders {sorted(ours)}, en.json has {sorted(theirs)}"
            )


@functools.cache
def load_messages(lang: str) -> Messages:
    """The validated messages of `lang` (cached). Raises `DataFileError` naming file and key."""
    if not _LANG_RE.match(lang):
        raise DataFileError(f"bad language code {lang!r}")
    reference = _read(REFERENCE)
    source = bundle_language(lang)
    raw = {} if source not in available_languages() else _read(source)
    _validate(source, raw, reference)
    if len(raw.get("format.digits", "0123456789")) != 10:
        raise DataFileError(f"bot/data/messages/{source}.json: key 'format.digits': ten digits 0-9")
    keys = [k for k in reference if not k.startswith("_")]
    fallback = tuple(k for k in keys if k not in raw)
    texts = {
        k: _across_wikis(k, raw[k], lang, source)
        if k in raw
        else _across_wikis(k, reference[k], lang, REFERENCE)
        for k in keys
    }
    return Messages(lang=lang, texts=MappingProxyType(texts), fallback=fallback)
