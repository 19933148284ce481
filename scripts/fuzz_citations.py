"""`make fuzz`: a long randomized run of the citation analysis (never raises, never hangs,
windowed method identical to the whole-text method). `--examples N` (default 20000)."""

from __future__ import annotations

import argparse
import time
from datetime import date

from hypothesis import HealthCheck, given, settings

from bot.citations.analysis import analyze_edit, analyze_texts
from tests.test_citations_properties import wikitextish

TODAY = date(2026, 11, 21)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--examples", type=int, default=20000)
    args = parser.parse_args()

    @settings(
        max_examples=args.examples,
        deadline=5000,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(prefix=wikitextish, old=wikitextish, new=wikitextish, suffix=wikitextish)
    def fuzz(prefix: str, old: str, new: str, suffix: str) -> None:
        for sep in ("\n\n", "\n", ""):
            a, b = prefix + sep + old + sep + suffix, prefix + sep + new + sep + suffix
            assert analyze_edit(a, b, "en", TODAY) == analyze_texts(a, b, b, "en", TODAY)

    started = time.monotonic()
    fuzz()
    print(
        f"fuzz: {args.examples} examples x 3 layouts passed in {time.monotonic() - started:.0f} s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
