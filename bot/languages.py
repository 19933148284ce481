"""Language bundles: everything the bot knows of one language, validated as a whole.

A language's bundle is its files in `bot/data/`: `profiles/<lang>.json` (citation templates,
parameter names, citation-needed templates, dates, namespaces), `messages/<lang>.json` (the
leaderboard and report) and `welcome/<lang>.json` (the welcome, its tips, opt-out forms). All
of them refer to the problem codes of `problems.json`. Each part is optional: with no profile
the generic checks run (`bot/data/generic.json`), a text the bundle lacks is said in English.
`bot/data/languages.json` says which languages are written right to left, and which use
another's bundle (`aliases`: `simple` uses `en`'s; bot/language_table.py). Adding a language,
or an alias, is adding files or a line; no Python changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from .citations.profiles import LANG_RE, Profile, available_languages, load_profile
from .errors import DataFileError
from .render.direction import direction
from .render.messages import Messages, load_messages
from .welcome import WelcomeText, load_welcome


@dataclass(frozen=True, eq=False)
class Bundle:
    lang: str
    profile: Profile
    messages: Messages
    welcome: WelcomeText
    direction: str  # "ltr" or "rtl"

    @property
    def checks(self) -> str:
        """Which checks run: "packaged" (the language's profile) or "generic"."""
        return self.profile.source

    def fallbacks(self) -> list[str]:
        """What this bundle leaves to the generic profile or to English, one line each."""
        out = []
        if self.profile.source != "packaged":
            out.append("citations: generic checks (no profile)")
        texts = [k for k in self.messages.texts if not k.startswith("format.")]
        missing = [k for k in self.messages.fallback if not k.startswith("format.")]
        if missing and len(missing) == len(texts):
            out.append("messages: texts in English")
        elif missing:
            out.append(f"messages: {', '.join(missing)} in English")
        if self.welcome.fallback:
            out.append(f"welcome: {', '.join(self.welcome.fallback)} in English")
        return out


@cache
def load_bundle(lang: str) -> Bundle:
    """The validated bundle of `lang` (any language code); `DataFileError` naming the file
    and the key when a part of it is broken, or when `lang` is no language code."""
    if not LANG_RE.match(lang):
        raise DataFileError(f"not a language code: {lang!r}")
    return Bundle(
        lang, load_profile(lang), load_messages(lang), load_welcome(lang), direction(lang)
    )


def bundled_languages() -> frozenset[str]:
    """Languages with a packaged citation profile."""
    return available_languages()
