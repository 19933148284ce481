"""User renames (the `renameuser` log): who is now called what. Pure.

A user renamed mid-campaign keeps one row: every name they had maps to the last one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Rename:
    """One entry of the rename log."""

    old: str
    new: str
    timestamp: datetime  # aware, UTC


def current_names(renames: Iterable[Rename]) -> dict[str, str]:
    """Every former name → the name it has now, following chains (A→B, then B→C: A→C)
    in log order. A name renamed back to itself maps to nothing."""
    now: dict[str, str] = {}
    for r in sorted(renames, key=lambda r: r.timestamp):
        if r.old == r.new:
            continue
        for former, name in list(now.items()):
            if name == r.old:
                now[former] = r.new
        now[r.old] = r.new
        now.pop(r.new, None)  # a name given back to someone is theirs now
    return {old: new for old, new in now.items() if old != new}
