"""`make fuzz`: a long randomized run of the citation analysis. `--examples N` (default
20000) per phase, `--seconds S` (default 600) as a time bound over all phases.

1. The whole-text regex method (analysis.py): its windowed variant is identical to it.
2. `bot.citations.analyze_edit` (window.py) never raises on arbitrary wikitext-ish input.
3. `bot.citations.analyze_edit` is identical to the mwparserfromhell full-parse oracle on
   edits of documents built from realistic fragments.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from datetime import date

from hypothesis import HealthCheck, given, settings

from bot.citations import analyze_edit as fast
from bot.citations.analysis import analyze_edit, analyze_texts
from bot.citations.model import EditAnalysis
from bot.citations.oracle import oracle_analyze
from tests.test_citations_properties import fragments, wikitextish

TODAY = date(2026, 11, 21)


class OutOfTime(Exception):
    """The time bound was reached: stop the phase, report what ran."""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--examples", type=int, default=20000)
    parser.add_argument("--seconds", type=float, default=600.0)
    args = parser.parse_args()
    deadline = time.monotonic() + args.seconds
    ran: dict[str, int] = {}

    def bounded(name: str, check: Callable[..., None]) -> Callable[..., None]:
        def run(**kwargs: object) -> None:
            if time.monotonic() > deadline:
                raise OutOfTime
            check(**kwargs)
            ran[name] = ran.get(name, 0) + 1

        return run

    config = settings(
        max_examples=args.examples,
        deadline=10_000,
        database=None,
        suppress_health_check=list(HealthCheck),
    )

    def regex_method(prefix: str, old: str, new: str, suffix: str) -> None:
        for sep in ("\n\n", "\n", ""):
            a, b = prefix + sep + old + sep + suffix, prefix + sep + new + sep + suffix
            assert analyze_edit(a, b, "en", TODAY) == analyze_texts(a, b, b, "en", TODAY)

    def never_raises(old: str, new: str, lang: str) -> None:
        assert isinstance(fast(old + new, new + old, lang, TODAY), EditAnalysis)

    def matches_oracle(before: list[str], removed: list[str], added: list[str]) -> None:
        old, new = "".join(before + removed), "".join(before + added)
        assert fast(old, new, "en", TODAY) == oracle_analyze(old, new, "en", TODAY)

    from hypothesis import strategies as st

    phases = [
        given(prefix=wikitextish, old=wikitextish, new=wikitextish, suffix=wikitextish)(
            config(bounded("regex method", regex_method))
        ),
        given(old=wikitextish, new=wikitextish, lang=st.sampled_from(["en", "es", "fr"]))(
            config(bounded("never raises", never_raises))
        ),
        given(before=fragments, removed=fragments, added=fragments)(
            config(bounded("oracle", matches_oracle))
        ),
    ]
    started = time.monotonic()
    for phase in phases:
        try:
            phase()
        except OutOfTime:
            break
    summary = ", ".join(f"{name}: {n} examples" for name, n in ran.items())
    print(f"fuzz: passed ({summary}) in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
