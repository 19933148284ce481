"""Pure helpers of the save path: the shutoff switch, change detection, diffs."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

SaveAction = Literal["saved", "unchanged", "dry-run"]
RUN_WORDS = frozenset({"", "run"})


def shutoff_says_run(text: str | None) -> bool:
    """The bot edits only while the shutoff page is missing, empty, or says `run`."""
    if text is None:
        return True
    return text.strip().casefold() in RUN_WORDS


def normalized(text: str, ignore: Callable[[str], str] | None = None) -> str:
    """Text as compared for "did anything change": optional filter, trailing spaces gone."""
    if ignore is not None:
        text = ignore(text)
    return re.sub(r"[ \t]+\n", "\n", text).rstrip()


def unchanged(old: str, new: str, ignore: Callable[[str], str] | None = None) -> bool:
    return normalized(old, ignore) == normalized(new, ignore)


def unified_diff(title: str, old: str, new: str) -> str:
    lines = difflib.unified_diff(
        old.splitlines(keepends=True), new.splitlines(keepends=True),
        fromfile=f"{title} (current)", tofile=f"{title} (new)",
    )  # fmt: skip
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


@dataclass(frozen=True)
class SaveResult:
    """What the save path did with one page."""

    title: str
    action: SaveAction
    revid: int | None = None
    diff: str = ""
