"""The Debian packages the dev wiki needs (MediaWiki 1.39, PHP 8.2, Lua 5.1 for Scribunto),
and the browser the layout test reads its pages in (Chromium), installed with apt."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

from .errors import DevWikiError, one_line
from .php import MW_DIR

# Without php8.2-cgi named here apt satisfies php8.2 with libapache2-mod-php8.2 (and apache2);
# micro-httpd satisfies mediawiki's "apache2 | httpd" and starts nothing.
APT_PACKAGES = (
    "mediawiki",
    "php8.2-cli",
    "php8.2-cgi",
    "php8.2-sqlite3",
    "php8.2-mbstring",
    "php8.2-xml",
    "php8.2-intl",
    "micro-httpd",
    # Scribunto (bundled by the mediawiki package) runs Module:Citation/CS1 on this binary
    # (engine luastandalone): the CS1 template, scripts/devwiki/cs1.py.
    "lua5.1",
    # tests/test_page_layout.py and scripts/screenshots.py read the pages at 400 and 1280 px in
    # this browser, headless, driven by Playwright for Python (which never downloads one).
    "chromium",
)
LUA = "lua5.1"
CHROMIUM = "/usr/bin/chromium"
PHP_EXTENSIONS = ("pdo_sqlite", "mbstring", "intl", "xml", "dom")


def packages_ok() -> bool:
    """Are php (with its extensions), Lua, Chromium and MediaWiki installed?"""
    if (
        shutil.which("php") is None
        or shutil.which(LUA) is None
        or not os.access(CHROMIUM, os.X_OK)
        or not (MW_DIR / "maintenance" / "install.php").is_file()
    ):
        return False
    check = " && ".join(f"extension_loaded('{ext}')" for ext in PHP_EXTENSIONS)
    proc = subprocess.run(
        ["php", "-r", f"exit(({check}) ? 0 : 1);"], capture_output=True, check=False
    )
    return proc.returncode == 0


def ensure_packages() -> None:
    """Install MediaWiki, PHP, Lua and Chromium with apt if they are missing (sudo when not
    root)."""
    if packages_ok():
        return
    prefix: list[str] = []
    if os.geteuid() != 0:
        if shutil.which("sudo") is None:
            raise DevWikiError(
                "MediaWiki/PHP/Chromium missing and not root and no sudo to install them"
            )
        prefix = ["sudo"] if sys.stdin.isatty() else ["sudo", "-n"]
    env_cmd = ["env", "DEBIAN_FRONTEND=noninteractive"]
    for cmd in (
        [*prefix, *env_cmd, "apt-get", "update"],
        [
            *prefix,
            *env_cmd,
            "apt-get",
            "install",
            "-y",
            "--no-install-recommends",
            *APT_PACKAGES,
        ],
    ):
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
        except OSError as exc:
            raise DevWikiError(f"cannot run {' '.join(cmd)}: {exc}") from exc
        if proc.returncode != 0:
            raise DevWikiError(
                f"{' '.join(cmd)} failed (exit {proc.returncode}): "
                f"{one_line(proc.stderr or proc.stdout)}"
            )
    if not packages_ok():
        raise DevWikiError("apt-get install finished but php/MediaWiki/Chromium are still unusable")
