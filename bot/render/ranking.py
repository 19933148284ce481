"""Leaderboard order and competition ranks (1, 2, 2, 4)."""

from __future__ import annotations

from collections.abc import Iterable

from .model import Standing

UNREGISTERED = frozenset({"temporary", "ip"})


def _order(s: Standing) -> tuple[int, int, int, str, str]:
    return (-s.well_formed, -s.citations, -s.edits, s.first_edit, s.user)


def rank(
    standings: Iterable[Standing], *, rank_unregistered: bool = False
) -> list[tuple[int, Standing]]:
    """Rank by well-formed citations, then citations, then edits (all descending).

    Two standings share a rank when those three counts are equal; the earlier first edit,
    then the user name, only decide who is listed first. Temporary accounts and IP editors
    are left out unless `rank_unregistered`.
    """
    eligible = [s for s in standings if rank_unregistered or s.user_kind not in UNREGISTERED]
    eligible.sort(key=_order)
    ranked: list[tuple[int, Standing]] = []
    previous: tuple[int, int, int] | None = None
    current = 0
    for position, s in enumerate(eligible, start=1):
        key = (s.well_formed, s.citations, s.edits)
        if key != previous:
            current, previous = position, key
        ranked.append((current, s))
    return ranked
