"""The disagreements with Module:Citation/CS1 still expected (tests/data/cs1/
expected_disagreements.json).

`mismatches` says what a run shows that the list does not (or the other way round);
`explain` gives the reasons of the listed kinds of difference (`items`) that cover one
citation's differences. `python -m scripts.cs1_expected` prints the agreement of a run;
`--write-expected` rewrites the list from it, keeping the reasons and items written.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from scripts.cs1_agreement import REPO, Comparison, all_templates, module_renderer, run

EXPECTED = REPO / "tests" / "data" / "cs1" / "expected_disagreements.json"


def load_expected(path: Path = EXPECTED) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def expected_entries(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """template text -> its entry (ours_only, cs1_only, reason)."""
    return {e["template"]: e for e in data["citations"]}


def entry_of(c: Comparison, reason: str) -> dict[str, Any]:
    return {"template": c.template, "ours_only": list(c.ours_only),
            "cs1_only": list(c.cs1_only), "reason": reason}  # fmt: skip


def mismatches(comparisons: Sequence[Comparison], data: dict[str, Any]) -> list[str]:
    """Every disagreement not listed (or not as listed), and every listed one that no
    longer occurs: one line each."""
    listed = expected_entries(data)
    reasons = data["reasons"]
    problems: list[str] = []
    seen = set()
    for c in comparisons:
        entry = listed.get(c.template)
        if c.agrees:
            if entry is not None:
                problems.append(f"agrees now, remove it from the list: {c.template}")
            continue
        seen.add(c.template)
        if entry is None:
            problems.append(f"new disagreement: ours-only {list(c.ours_only)}, CS1-only "
                            f"{list(c.cs1_only)}: {c.template}")  # fmt: skip
        elif [entry["ours_only"], entry["cs1_only"]] != [list(c.ours_only), list(c.cs1_only)]:
            problems.append(f"disagrees otherwise than listed: ours-only {list(c.ours_only)}, "
                            f"CS1-only {list(c.cs1_only)}: {c.template}")  # fmt: skip
        elif not set(entry["reason"].split("+")) <= set(reasons):
            problems.append(f"listed without a known reason ({entry['reason']}): {c.template}")
    compared = {c.template for c in comparisons}
    problems += [f"listed but not compared: {t}" for t in listed if t not in compared]
    return problems


def item_names(c: Comparison) -> list[str]:
    return [f"ours-only {i}" for i in c.ours_only] + [f"cs1-only {i}" for i in c.cs1_only]


def explain(names: Sequence[str], items: dict[str, str]) -> set[str] | None:
    """The reasons of the listed items that cover every difference in `names`, or None when
    one is not covered. An item is one difference, or several joined by " + " that must all
    occur, where "ours-only *" covers any number of our findings (CS1's empty-citation
    drops every other finding)."""
    covered: dict[str, set[str]] = {}
    for key, reason in items.items():
        parts = key.split(" + ")
        exact = [p for p in parts if not p.endswith("*")]
        prefixes = [p[:-1] for p in parts if p.endswith("*")]
        if not all(p in names for p in exact):
            continue
        for name in names:
            if name in exact or any(name.startswith(p) for p in prefixes):
                covered.setdefault(name, set()).add(reason)
    if any(name not in covered for name in names):
        return None
    return {reason for reasons in covered.values() for reason in reasons}


def rewrite_expected(comparisons: Sequence[Comparison], path: Path = EXPECTED) -> int:
    """Rewrite the list from a run: each disagreement, its reason made of the reasons of
    its differences (`items`, kept from the file). Returns how many are listed."""
    data = load_expected(path)
    items: dict[str, str] = data["items"]
    entries = []
    for c in comparisons:
        if c.agrees:
            continue
        names = item_names(c) or ["verdict only"]
        reasons = explain(names, items)
        reason = "+".join(sorted(reasons)) if reasons else "UNEXPLAINED"
        entries.append(entry_of(c, reason))
    data["citations"] = sorted(entries, key=lambda e: (e["reason"], e["template"]))
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return len(entries)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write-expected", action="store_true",
                        help=f"rewrite {EXPECTED.relative_to(REPO)} from this run")  # fmt: skip
    args = parser.parse_args(argv)
    with module_renderer() as renderer:
        result = run(renderer, all_templates())
    agree = sum(c.agrees for c in result.comparisons)
    print(f"{agree}/{len(result.comparisons)} citation templates agree "
          f"({len(result.not_comparable)} not comparable, {len(result.not_renderable)} not on "
          f"the module's wiki)")  # fmt: skip
    if args.write_expected:
        print(f"{rewrite_expected(result.comparisons)} disagreements listed in {EXPECTED}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
