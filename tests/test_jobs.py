"""jobs.yaml: valid for the Toolforge jobs framework, and each job's command runs here."""

from __future__ import annotations

import importlib
import os
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from scripts.devwiki import BOT_TOKEN, DevWiki
from tests.helpers import write_config

ROOT = Path(__file__).resolve().parents[1]
VALID_KEYS = {
    "name", "command", "image", "schedule", "continuous", "wait", "filelog", "no-filelog",
    "filelog-stdout", "filelog-stderr", "retry", "mem", "cpu", "emails", "mount", "timeout",
    "health-check-script", "health-check-http", "port", "replicas",
}  # fmt: skip
IMAGES = {"python3.11", "python3.13"}


def jobs() -> list[dict[str, Any]]:
    loaded = yaml.safe_load((ROOT / "jobs.yaml").read_text(encoding="utf-8"))
    assert isinstance(loaded, list)
    return loaded


@pytest.mark.parametrize("job", jobs(), ids=lambda j: j["name"])
def test_job_is_valid_for_the_jobs_framework(job: dict[str, Any]) -> None:
    assert set(job) <= VALID_KEYS, set(job) - VALID_KEYS
    assert len(job["name"]) <= 52
    assert job["image"] in IMAGES
    assert sum(k in job for k in ("schedule", "continuous", "wait")) <= 1
    assert job["emails"] == "onfailure"
    assert job["no-filelog"] is True
    assert int(job["timeout"]) > 0
    if "schedule" in job:
        fields = job["schedule"].split()
        assert job["schedule"].startswith("@") or len(fields) == 5
        assert job["schedule"] not in ("@reboot",)
        assert not any("-" in f and "/" in f for f in fields), "stepped ranges are rejected"


def test_the_expected_jobs_exist() -> None:
    by_name = {j["name"]: j for j in jobs()}
    assert by_name["lib1ref-setup-venv"]["wait"] is True
    assert by_name["lib1ref-scan"]["schedule"].split()[0].count(",") == 5  # every 10 minutes
    assert by_name["lib1ref-leaderboard"]["schedule"] == "@hourly"
    assert by_name["lib1ref-welcome"]["schedule"].split()[0].count(",") == 1  # twice an hour
    assert len({j["name"] for j in jobs()}) == len(jobs())


def test_scheduled_commands_run_here_in_dry_run_form(botwiki: DevWiki, tmp_path: Path) -> None:
    config = write_config(tmp_path, botwiki.api_url)
    env = dict(os.environ, LIB1REF_BOT_PASSWORD=BOT_TOKEN)
    # The scan job has run once (only scan creates the database; the others refuse without).
    subprocess.run(
        [sys.executable, "-m", "bot.cli", "--config", str(config), "scan"], cwd=tmp_path,
        env=env, capture_output=True, timeout=120, check=True,
    )  # fmt: skip
    for job in jobs():
        argv = shlex.split(job["command"])
        if not argv[0].startswith("venv/bin/lib1ref"):
            continue
        args = argv[1:]
        args[args.index("--config") + 1] = str(config)
        command = args[-1]
        if not hasattr(importlib.import_module(f"tasks.{command}"), "run"):
            continue  # issues 5 and 6: `lib1ref` says "not implemented yet" until they land
        result = subprocess.run(
            [sys.executable, "-m", "bot.cli", *args, "--dry-run"], cwd=tmp_path, env=env,
            capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
        assert result.returncode == 0, (job["name"], result.stderr)
