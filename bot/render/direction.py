"""Writing direction of a language and a rendered block set in it; which checks ran.

`bot/data/languages.json` lists the languages written right to left (MediaWiki's list). A
block rendered for one of them is wrapped in `<div dir="rtl" lang="…">` and each of its
tables carries `dir="rtl"`, so columns, the chart and mixed-direction rows read from the
right even on a page whose surrounding text (or a global page) runs left to right. Names and
titles inside are isolated by `escape.isolate` (`<bdi>`), so they cannot reorder the row.
"""

from __future__ import annotations

from ..citations.profiles import load_profile
from ..language_table import rtl_languages
from .messages import Messages


def direction(lang: str) -> str:
    """ "rtl" for a language written right to left (`fa`, `he`, `ar`, `ckb`, `kk-arab`…)."""
    lang = lang.lower()
    rtl = rtl_languages()
    return "rtl" if lang in rtl or lang.split("-")[0] in rtl else "ltr"


def set_direction(block: str, lang: str) -> str:
    """`block` as is for a left-to-right language; otherwise each table opened with dir="rtl"
    and the whole wrapped in a right-to-left div."""
    if direction(lang) == "ltr":
        return block
    lines = [
        f'{{| dir="rtl"{line[2:]}' if line.startswith("{|") and "dir=" not in line else line
        for line in block.split("\n")
    ]
    return "\n".join([f'<div dir="rtl" lang="{lang}">', *lines, "</div>"])


CHECKS_KEYS = {
    "packaged": "checks.packaged",
    "generic": "checks.generic",
    "derived": "checks.derived",
    "packaged+derived": "checks.packaged_derived",
}


def checks_line(lang: str, msgs: Messages, profile_source: str | None = None) -> str:
    """Which checks judged the citations: the language's profile, or the generic checks, and
    what the wiki publishes about its templates (`profile_source`, when it was read)."""
    source = profile_source or load_profile(lang).source
    return msgs(CHECKS_KEYS.get(source, "checks.packaged"), lang=lang)
