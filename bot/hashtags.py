"""Campaign hashtags in edit summaries. Pure.

A tag is `#` (or the full-width `＃`, which NFKC turns into `#`) followed by name
characters: letters, digits, combining marks and the underscore. It counts at the
start of the summary or after any character that is not a name character, and it
ends at the first character that is not one. Matching is case-insensitive
(Unicode casefold) after NFKC normalisation.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

_NAME_CATEGORIES = frozenset({"Lu", "Ll", "Lt", "Lm", "Lo", "Nd", "Nl", "No", "Mn", "Mc", "Me"})


def _is_name_char(ch: str) -> bool:
    return ch == "_" or unicodedata.category(ch) in _NAME_CATEGORIES


def normalize_tag(tag: str) -> str:
    """The form tags are compared in: NFKC, casefolded, without a leading `#`."""
    return unicodedata.normalize("NFKC", tag).casefold().lstrip("#")


def find_hashtags(summary: str) -> list[str]:
    """Every hashtag in a summary, normalised, in order of appearance."""
    text = unicodedata.normalize("NFKC", summary)
    found: list[str] = []
    i = text.find("#")
    while i != -1:
        if i == 0 or not _is_name_char(text[i - 1]):
            j = i + 1
            while j < len(text) and _is_name_char(text[j]):
                j += 1
            if j > i + 1:
                found.append(text[i + 1 : j].casefold())
            i = text.find("#", j)
        else:
            i = text.find("#", i + 1)
    return found


def match_hashtags(summary: str, campaign_tags: Iterable[str]) -> tuple[str, ...]:
    """The campaign's tags (as configured) that the summary carries, in config order."""
    present = set(find_hashtags(summary))
    return tuple(tag for tag in campaign_tags if normalize_tag(tag) in present)


def defuse_hashtags(summary: str) -> str:
    """The summary with the `#` (or `＃`) of every hashtag removed, the name kept.

    The bot's own edits must not be counted by hashtag tools as campaign edits, so its
    edit summaries carry no hashtag: "update the #1Lib1Ref leaderboard" becomes
    "update the 1Lib1Ref leaderboard". A `#` that starts no tag (`C#`, `# 1`) stays.
    Repeated until no tag is left (removing one `#` of `##tag` makes a new tag).
    """
    text = summary
    while find_hashtags(text):
        out: list[str] = []
        for i, ch in enumerate(text):
            if ch in "#＃" and (i == 0 or not _is_name_char(text[i - 1])):
                following = unicodedata.normalize("NFKC", text[i + 1 : i + 2])
                if following and _is_name_char(following[0]):
                    continue
            out.append(ch)
        if len(out) == len(text):  # a tag only NFKC makes (e.g. after `™`): drop every `#`
            out = [ch for ch in text if ch not in "#＃"]
        text = "".join(out)
    return text
