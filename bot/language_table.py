"""What `bot/data/languages.json` says of a language code: whether it is written right to
left (`rtl`, MediaWiki's list) and whose bundle it uses (`aliases`: Simple English
Wikipedia, `simple`, uses the `en` bundle). An alias names a language that is no alias
itself; the loaders of each part of a bundle (profile, messages, welcome) read the files of
`bundle_language(lang)`, so adding an alias is adding a line to the data file.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any

from .errors import DataFileError

_NAME = "bot/data/languages.json"
_LANG_RE = re.compile(r"^[a-z]{2,8}(?:-[a-z0-9]{1,8})*$")  # as bot.citations.profiles.LANG_RE


@cache
def _table() -> tuple[frozenset[str], Mapping[str, str]]:
    path = resources.files("bot") / "data" / "languages.json"
    try:
        raw: Any = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise DataFileError(f"{_NAME}: cannot be read: {e}") from e
    return parse_table(raw)


def parse_table(raw: Any) -> tuple[frozenset[str], Mapping[str, str]]:
    """(languages written right to left, alias -> language) of the file's JSON;
    `DataFileError` naming the key when it is not that."""
    try:
        rtl = frozenset(raw["rtl"])
        aliases = dict(raw.get("aliases", {}))
    except (KeyError, TypeError, ValueError, AttributeError) as e:
        raise DataFileError(f"{_NAME}: cannot be read: {e}") from e
    for alias, target in aliases.items():
        if not (isinstance(target, str) and _LANG_RE.match(alias) and _LANG_RE.match(target)):
            raise DataFileError(f"{_NAME}: aliases.{alias}: language codes, got {target!r}")
        if target in aliases:
            raise DataFileError(f"{_NAME}: aliases.{alias}: {target!r} is an alias itself")
    return rtl, MappingProxyType(aliases)


def rtl_languages() -> frozenset[str]:
    """The language codes written right to left."""
    return _table()[0]


def bundle_language(lang: str) -> str:
    """The language whose bundle `lang` uses: the alias's target, else `lang` itself."""
    return _table()[1].get(lang, lang)


def aliases() -> Mapping[str, str]:
    """Every alias and the language whose bundle it uses."""
    return _table()[1]
