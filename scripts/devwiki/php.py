"""Running PHP against an instance: the environment and maintenance scripts."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from .errors import DevWikiError, one_line

MW_DIR = Path("/usr/share/mediawiki")


def php_env(config_file: Path | None, server: str | None = None) -> dict[str, str]:
    """This process's environment pointing MediaWiki at ``config_file`` (none: unset)."""
    env = dict(os.environ)
    env.pop("MW_CONFIG_FILE", None)
    if config_file is not None:
        env["MW_CONFIG_FILE"] = str(config_file)
    if server is not None:
        env["DEVWIKI_SERVER"] = server
    return env


def run_maintenance(
    config_file: Path | None,
    script: str,
    *args: str,
    stdin: str | None = None,
    server: str | None = None,
    check: bool = True,
) -> subprocess.CompletedProcess[str]:
    """Run ``maintenance/<script>.php``; raise :class:`DevWikiError` on failure if ``check``."""
    name = script if script.endswith(".php") else f"{script}.php"
    path = MW_DIR / "maintenance" / name
    if not path.is_file():
        raise DevWikiError(f"no such maintenance script: {path}")
    proc = subprocess.run(
        ["php", str(path), *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=php_env(config_file, server),
        check=False,
    )
    if check and proc.returncode != 0:
        raise DevWikiError(
            f"maintenance/{name} {' '.join(args)} failed (exit {proc.returncode}): "
            f"{one_line(proc.stdout + proc.stderr)}"
        )
    return proc


def mw_version() -> str:
    """The ``MW_VERSION`` line of the installed MediaWiki (or ``unknown``)."""
    defines = MW_DIR / "includes" / "Defines.php"
    try:
        for line in defines.read_text(encoding="utf-8").splitlines():
            if "MW_VERSION" in line and "define" in line:
                return line.strip()
    except OSError:
        pass
    return "unknown"
