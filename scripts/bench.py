"""`make bench`: every benchmark, measured side by side in one run, printed as ratios.

Each `scripts/bench_*.py` module exposes `rows()`, a list of dicts with `name`, `value`,
`baseline`, `ratio` (baseline / value), `unit` and `note`; a row may add `floor` (the
least any method must do, measured in the same run) and `x_floor` (value / floor).
Targets live here, never in timed tests.
"""

from __future__ import annotations

import importlib
import sys
import time
from typing import Any

MODULES = (
    "scripts.bench_citations",
    "scripts.bench_budget",
    "scripts.bench_cs1",
    "scripts.bench_scan",
    "scripts.bench_render",
    "scripts.bench_judge",
    "scripts.bench_scale",
    "scripts.bench_languages",
    "scripts.bench_families",
    "scripts.bench_cycle",
)


def _num(row: dict[str, Any], key: str, fmt: str) -> str:
    return format(row[key], fmt) if key in row else ""


def table(rows: list[dict[str, Any]]) -> str:
    head = ("benchmark", "ours", "baseline", "ratio", "floor", "x floor", "unit", "note")
    lines = [head] + [
        (r["name"], f"{r['value']:.4g}", f"{r['baseline']:.4g}", f"{r['ratio']:.3g}x",
         _num(r, "floor", ".4g"), _num(r, "x_floor", ".3g") + ("x" if "x_floor" in r else ""),
         r["unit"], r.get("note", ""))
        for r in rows
    ]  # fmt: skip
    widths = [max(len(str(line[i])) for line in lines) for i in range(len(head) - 1)]
    out = []
    for n, line in enumerate(lines):
        cells = [str(c).ljust(widths[i]) for i, c in enumerate(line[:-1])] + [str(line[-1])]
        out.append("  ".join(cells).rstrip())
        if n == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


def main() -> int:
    rows: list[dict[str, Any]] = []
    failed = 0
    for name in MODULES:
        started = time.monotonic()
        print(f"bench: running {name} ...", file=sys.stderr, flush=True)
        try:
            module = importlib.import_module(name)
            rows.extend(module.rows())
        except Exception as e:  # noqa: BLE001 - report and go on with the other benchmarks
            failed += 1
            print(f"bench: {name} failed: {type(e).__name__}: {e}", file=sys.stderr)
        print(f"bench: {name} took {time.monotonic() - started:.1f} s", file=sys.stderr)
    print(table(rows))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
