"""The bot logs in to the real local wiki with its BotPassword, never prompts, fails fast."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import load_config
from bot.errors import LoginError
from bot.wiki import connect
from bot.wiki.setup import private_dir as _private_dir
from scripts.devwiki import BOT_TOKEN, BOT_USER, DevWiki
from tests.helpers import write_config

ROOT = Path(__file__).resolve().parents[1]


def test_botpassword_login(botwiki: DevWiki, tmp_path: Path) -> None:
    config = load_config(write_config(tmp_path, botwiki.api_url))
    wiki = connect(config, "local", BOT_TOKEN)
    try:
        assert wiki.site.logged_in()
        assert wiki.site.username() == BOT_USER
        assert wiki.site.has_right("bot")
    finally:
        wiki.close()
    # The token and the session cookies stay in memory: no file holds either.
    assert stat.S_IMODE(_private_dir().stat().st_mode) == 0o700
    for path in _private_dir().rglob("*"):
        assert not path.name.endswith(".lwp"), path
        assert not path.is_file() or BOT_TOKEN.encode() not in path.read_bytes(), path


def test_missing_password_fails_before_any_request(botwiki: DevWiki, tmp_path: Path) -> None:
    config = load_config(write_config(tmp_path, botwiki.api_url))
    with pytest.raises(LoginError, match="LIB1REF_BOT_PASSWORD is not set"):
        connect(config, "local", None)


def run_cli(args: list[str], cwd: Path, password: str | None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYWIKIBOT", "LIB1REF"))}
    if password is not None:
        env["LIB1REF_BOT_PASSWORD"] = password
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        cwd=cwd, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True,
        timeout=60, check=False,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("command", "password", "message"),
    [("scan", None, "LIB1REF_BOT_PASSWORD is not set"),
     ("leaderboard", "0" * 32, "wrong BotPassword")],
    ids=["missing", "wrong"],
)  # fmt: skip
def test_cli_login_failure_is_one_line_no_prompt(
    botwiki: DevWiki, tmp_path: Path, command: str, password: str | None, message: str
) -> None:
    config = write_config(tmp_path, botwiki.api_url)
    if command != "scan":
        # A scan reads anonymously and logs in only when it pays (issue 17): with nothing
        # to read in bulk, a wrong password does not stop it. The first write does.
        scanned = run_cli(["--config", str(config), "scan"], tmp_path, password)
        assert scanned.returncode == 0, scanned.stderr
    result = run_cli(["--config", str(config), command], tmp_path, password)
    assert result.returncode == 1, result.stderr
    error_lines = [line for line in result.stderr.splitlines() if "error" in line.lower()]
    assert any(message in line for line in error_lines), result.stderr
    assert "Traceback" not in result.stderr
    assert "Password" not in result.stdout  # no prompt was shown
    # Nothing pywikibot-related was written to the current directory; the site info cache
    # (public site info only) and the hosts' lock files (empty) sit beside the database.
    expected = {"lib1ref.toml", "lib1ref.sqlite", "lib1ref.sqlite.scan.lock",
                "lib1ref.sqlite.leaderboard.lock", "lib1ref.sqlite.siteinfo",
                "lib1ref.sqlite.hosts"}  # fmt: skip
    assert {p.name for p in tmp_path.iterdir()} <= expected


def test_import_bot_touches_no_files(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYWIKIBOT")}
    code = "import bot, bot.cli, bot.wiki, bot.store, bot.config, tasks.scan"
    subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, check=True)
    assert list(tmp_path.iterdir()) == []
    assert "pywikibot" not in subprocess.run(
        [sys.executable, "-c", code + "; import sys; print(sorted(sys.modules))"],
        cwd=tmp_path, env=env, check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
