"""The scan cycle's collection of outcomes (tasks/cycle.py): a wiki whose worker hands in its
outcome in the last moment, as the cycle's `cycle_budget + timeout` runs out, is still
counted, and its failure still reported (and makes the exit 1). No wiki: the worker is a
thread that stays busy, and the outcome is put in the queue as a worker would."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from bot.config import load_config
from bot.progress import Progress
from scripts.botconfig import write_config
from tasks.cycle import Cycle
from tasks.cycle_plan import Job, Outcome, Unit


def test_an_outcome_handed_in_as_the_time_runs_out_is_counted(tmp_path: Path) -> None:
    config = load_config(write_config(tmp_path, "http://127.0.0.1:9/api.php"))
    config = replace(config, cycle_budget=0.0, timeout=0.0)  # the time is up at once
    cycle = Cycle(config, lambda: None, lambda *a, **k: None, None, datetime.now(UTC), None,  # type: ignore[arg-type,return-value]
                  dry_run=True)  # fmt: skip
    busy, slow = threading.Event(), Unit("slow.example", (Job("slow", ()),))
    worker = threading.Thread(target=busy.wait, daemon=True)  # another wiki, still busy
    worker.start()
    try:
        failed = Outcome(failed=["test late (checkpoint kept)"], finished=["late"])
        cycle._results.put((Unit("late.example", (Job("late", ()),)), failed))
        progress = Progress("scan", unit="of the wikis", bar=False)
        total, done = cycle._collect([worker], 2, 2, progress, started=0.0)
    finally:
        busy.set()
    assert total.failed == ["test late (checkpoint kept)"] and total.finished == ["late"]
    assert done == {"late.example"} and slow.host not in done
