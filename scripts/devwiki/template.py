"""The template: one instance per machine and recipe, built once and copied per use.

A template is ``install.php`` + accounts + bot passwords + the anti-abuse extensions, in
``<cache>/template-<hash>``; the hash covers everything below that shapes the result.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import shutil
import subprocess
import tempfile
from pathlib import Path

from . import extensions
from .accounts import (
    ADMIN,
    BOT_APP_ID,
    BOT_GRANTS,
    BOT_LOGIN,
    BOT_USER,
    SEED_APP_ID,
    bot_token,
    users,
)
from .errors import DevWikiError, one_line
from .php import MW_DIR, mw_version, php_env, run_maintenance
from .secret import cache_root
from .settings import OVERRIDES_PHP, SERVER_PHP, rewrite_settings

# Bump when the recipe below changes in a way the hash cannot see (it already covers the
# users, grants, LocalSettings additions, seeded lists and the installed MediaWiki version).
RECIPE_VERSION = "lib1ref-devwiki-4"
SITENAME = "DevWiki"


def recipe_hash() -> str:
    recipe = json.dumps(
        {
            "version": RECIPE_VERSION,
            "mw": mw_version(),
            "users": [repr(u) for u in users().values()],
            "bot": [BOT_LOGIN, bot_token(), BOT_GRANTS],
            "server": SERVER_PHP,
            "overrides": OVERRIDES_PHP,
            "extensions": extensions.EXTENSIONS_PHP,
            "lists": [
                extensions.spam_blacklist_text(),
                extensions.title_blacklist_text(),
                extensions.ABUSE_FILTER_PATTERN,
            ],
        },
        sort_keys=True,
    )
    return hashlib.sha256(recipe.encode()).hexdigest()[:12]


def template_dir(root: Path | None = None) -> Path:
    return (root or cache_root()) / f"template-{recipe_hash()}"


def opcache_dir(root: Path | None = None) -> Path:
    """PHP's OPcache file cache shared by every instance (a faster first request)."""
    path = (root or cache_root()) / "opcache"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _group_flags(groups: tuple[str, ...]) -> list[str]:
    roles = ("sysop", "bureaucrat", "interface-admin", "bot")
    flags = [f"--{g}" for g in groups if g in roles]
    custom = [g for g in groups if g not in roles]
    if custom:
        flags.append(f"--custom-groups={','.join(custom)}")
    return flags


def _install(target: Path) -> Path:
    """Run install.php into ``target``; return its LocalSettings.php."""
    admin = users()[ADMIN]
    options = {
        "--dbtype": "sqlite",
        "--dbpath": str(target / "data"),
        "--dbname": "wiki",
        "--confpath": str(target),
        "--server": "http://127.0.0.1",
        "--scriptpath": "",
        "--lang": "en",
        "--pass": admin.password,
        "--skins": "Vector",
        "--extensions": "Cite,ParserFunctions",
    }
    proc = subprocess.run(
        [
            "php",
            str(MW_DIR / "maintenance" / "install.php"),
            *(part for pair in options.items() for part in pair),
            SITENAME,
            admin.name,
        ],
        capture_output=True,
        text=True,
        env=php_env(None),
        check=False,
    )
    settings = target / "LocalSettings.php"
    if proc.returncode != 0 or not settings.is_file():
        raise DevWikiError(f"install.php failed: {one_line(proc.stdout + proc.stderr)}")
    return settings


def _build_into(target: Path) -> None:
    settings = _install(target)
    # The extensions are loaded only now (not by install.php): with the default lists,
    # SpamBlacklist would try meta.wikimedia.org.
    rewrite_settings(settings)
    (target / "cache").mkdir(exist_ok=True)
    (target / "logs").mkdir(exist_ok=True)
    extensions.write_blacklists(target)

    def mnt(script: str, *args: str) -> None:
        run_maintenance(settings, script, *args)

    extensions.create_abuse_filter_tables(settings)
    mnt("rebuildLocalisationCache", "--lang=en")
    for user in users().values():
        if user.name == ADMIN:
            # Exists already (install.php); passing a password would reset it and with it
            # any bot password, so only add the groups.
            mnt("createAndPromote", "--force", *_group_flags(user.groups), user.name)
        else:
            mnt("createAndPromote", *_group_flags(user.groups), user.name, user.password)
    for user in users().values():
        mnt(
            "createBotPassword",
            "--appid",
            SEED_APP_ID,
            "--grants",
            ",".join(user.seed_grants),
            user.name,
            user.seed_token,
        )
    mnt(
        "createBotPassword",
        "--appid",
        BOT_APP_ID,
        "--grants",
        ",".join(BOT_GRANTS),
        BOT_USER,
        bot_token(),
    )
    mnt("runJobs")
    extensions.seed_abuse_filter(target / "data" / "wiki.sqlite")
    (target / "TEMPLATE.json").write_text(
        json.dumps({"recipe": RECIPE_VERSION, "hash": recipe_hash(), "mw": mw_version()}) + "\n",
        encoding="utf-8",
    )


def build_template(root: Path | None = None, *, force: bool = False) -> Path:
    """Return the template directory, building it first if needed (safe if concurrent)."""
    root = root or cache_root()
    path = template_dir(root)
    marker = path / "TEMPLATE.json"
    if marker.is_file() and not force:
        return path
    root.mkdir(parents=True, exist_ok=True)
    with open(root / f"{path.name}.lock", "w", encoding="utf-8") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if marker.is_file() and not force:
            return path
        tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}.build-", dir=root))
        try:
            _build_into(tmp)
            if path.exists():
                old = Path(tempfile.mkdtemp(prefix=f".{path.name}.old-", dir=root))
                path.rename(old / "t")
                shutil.rmtree(old, ignore_errors=True)
            tmp.rename(path)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
    _prune_stale_templates(root, keep=path)
    return path


def _prune_stale_templates(root: Path, keep: Path) -> None:
    """Remove templates of older recipes (and their lock files)."""
    for old in root.glob("template-*"):
        if old.is_dir() and old != keep:
            shutil.rmtree(old, ignore_errors=True)
        elif old.suffix == ".lock" and old.name != f"{keep.name}.lock":
            old.unlink(missing_ok=True)
