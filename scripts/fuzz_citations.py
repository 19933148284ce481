"""`make fuzz`: a long randomized run of the citation analysis. `--examples N` (default
20000) per phase, `--seconds S` (default 600) as a time bound, shared equally by the phases;
`--profile NAME` (repeatable; default: all of them) the profiles the oracle phase runs under.

1. `bot.citations.analyze_edit` (window.py) never raises on arbitrary wikitext-ish input.
2. `bot.citations.analyze_edit` is identical to the mwparserfromhell full-parse oracle on
   edits of documents built from realistic fragments, under the packaged `en` profile and
   the derived ones of scripts/derived_profiles.py (each example draws one, and fragments
   written with its templates).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.citations import analyze_edit as fast
from bot.citations.model import EditAnalysis
from bot.citations.oracle import oracle_analyze
from scripts.derived_profiles import PROFILES, profile_named
from scripts.strategies import fragments_for, wikitextish

TODAY = date(2026, 11, 21)
BATCH = 500


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--examples", type=int, default=20000)
    parser.add_argument("--seconds", type=float, default=600.0)
    parser.add_argument("--profile", action="append", choices=sorted(PROFILES))
    args = parser.parse_args()
    profiles = args.profile or list(PROFILES)
    ran: dict[str, int] = {}

    def counted(name: str, check: Callable[..., None]) -> Callable[..., None]:
        def run(**kwargs: object) -> None:
            check(**kwargs)
            ran[name] = ran.get(name, 0) + 1

        return run

    # Runs of BATCH examples (each with a fresh random seed) until N examples per phase
    # or the time bound: a run is never cut in the middle.
    batch = settings(
        max_examples=min(BATCH, args.examples),
        deadline=10_000,
        database=None,
        suppress_health_check=list(HealthCheck),
    )

    def never_raises(old: str, new: str, lang: str) -> None:
        assert isinstance(fast(old + new, new + old, lang, TODAY), EditAnalysis)

    def matches_oracle(name: str, data: st.DataObject) -> None:
        lang, profile = PROFILES[name].lang, profile_named(name)
        before, removed, added, after = (data.draw(fragments_for(lang)) for _ in range(4))
        old, new = "".join(before + removed + after), "".join(before + added + after)
        expected = oracle_analyze(old, new, lang, TODAY, profile)
        assert fast(old, new, lang, TODAY, profile) == expected, name

    phases = [
        ("never raises", never_raises,
         {"old": wikitextish, "new": wikitextish, "lang": st.sampled_from(["en", "es", "fr"])}),
        ("oracle", matches_oracle, {"name": st.sampled_from(profiles), "data": st.data()}),
    ]  # fmt: skip
    started = time.monotonic()
    for n, (name, check, strategies) in enumerate(phases, 1):
        run = given(**strategies)(batch(counted(name, check)))
        share = started + args.seconds * n / len(phases)  # each phase gets its share
        while ran.get(name, 0) < args.examples and time.monotonic() < share:
            run()
    summary = ", ".join(f"{name}: {n} examples" for name, n in ran.items())
    print(f"fuzz: passed ({summary}) in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
