"""The BotPassword token never reaches a log, the database, or the working directory."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from scripts.devwiki import BOT_TOKEN, DevWiki
from tests.helpers import write_config


def test_token_is_not_in_logs_database_or_files(botwiki: DevWiki, tmp_path: Path) -> None:
    botwiki.edit("Alice", "Psi", "Text.<ref>{{cite web |url=https://a.org |title=A}}</ref>",
                 summary="#1Lib1Ref")  # fmt: skip
    config = write_config(tmp_path, botwiki.api_url)
    env = dict(os.environ, LIB1REF_BOT_PASSWORD=BOT_TOKEN)
    outputs = []
    for command in (["-v", "scan"], ["-v", "status"], ["export", "edits"], ["-v", "run"]):
        result = subprocess.run(
            [sys.executable, "-m", "bot.cli", "--config", str(config), *command],
            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
        outputs.append(result.stdout + result.stderr)
    assert "Psi" in outputs[2]  # the run really recorded the edit
    assert "DEBUG" in outputs[0]  # debug logging was on
    for text in outputs:
        assert BOT_TOKEN not in text
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert BOT_TOKEN.encode() not in path.read_bytes(), path
