"""A real local MediaWiki (Debian's 1.39 package, SQLite, ``php -S``) for tests and the demo.

A *template* instance is built once per machine (``install.php`` + accounts + bot passwords)
in a cache directory and reused; every test session or demo copies it to a directory of its
own (a plain file copy, a few milliseconds) and serves it with PHP's built-in web server.

Library use::

    from scripts.devwiki import DevWiki, ensure_packages, build_template

    ensure_packages()
    with DevWiki.create(tmp_dir) as wiki:      # copies the template, starts ``php -S``
        wiki.snapshot()
        revid = wiki.edit("Alice", "Sandbox", "hello", summary="test")
        wiki.restore()                          # back to the snapshot

Command line (``python -m scripts.devwiki --help`` or the ``scripts/devwiki`` wrapper)::

    template                      build (or find) the template and print its path
    start [--dir DIR] [--port N]  clone into DIR if needed and serve it in the background
    stop [--dir DIR]              stop the background server
    status [--dir DIR]            say whether it is running

Only the standard library and ``requests`` are used here (no pywikibot).
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, Self

import requests

__all__ = [
    "ABUSE_FILTER_ID",
    "ABUSE_PHRASE",
    "ADMIN",
    "ADMIN_GRANTS",
    "BLACKLISTED_TITLE",
    "BOT_APP_ID",
    "BOT_GRANTS",
    "BOT_LOGIN",
    "BOT_TOKEN",
    "BOT_USER",
    "EDITORS",
    "HELPER_BOT",
    "MW_DIR",
    "RECIPE_VERSION",
    "SEED_APP_ID",
    "SEED_GRANTS",
    "SITENAME",
    "SPAM_DOMAIN",
    "TITLE_BLACKLIST_PATTERN",
    "USERS",
    "DevWiki",
    "DevWikiApiError",
    "DevWikiError",
    "WikiUser",
    "build_template",
    "cache_root",
    "ensure_packages",
    "login",
    "template_dir",
]

# Bump when the recipe below changes in a way the hash cannot see (it already covers the
# users, grants, LocalSettings overrides and the installed MediaWiki version).
RECIPE_VERSION = "lib1ref-devwiki-4"

MW_DIR = Path("/usr/share/mediawiki")
SITENAME = "DevWiki"
CACHE_ENV = "LIB1REF_DEVWIKI_CACHE"
APT_PACKAGES = (
    "mediawiki",
    "php8.2-cli",
    "php8.2-cgi",
    "php8.2-sqlite3",
    "php8.2-mbstring",
    "php8.2-xml",
    "php8.2-intl",
    "micro-httpd",
)
PHP_EXTENSIONS = ("pdo_sqlite", "mbstring", "intl", "xml", "dom")
START_TIMEOUT = 20.0
HTTP_TIMEOUT = 60.0
USER_AGENT = "lib1ref-devwiki/1 (local test harness)"

# ---------------------------------------------------------------------------------------------
# Accounts
# ---------------------------------------------------------------------------------------------


def _machine_secret() -> str:
    """A random secret made once per machine (mode 0600, in the cache folder, never in the
    repo); every password and bot-password token of the dev wiki derives from it."""
    root = Path(os.environ.get(CACHE_ENV) or Path.home() / ".cache" / "lib1ref-devwiki")
    root.mkdir(parents=True, exist_ok=True)
    path = root / "secret"
    with contextlib.suppress(FileExistsError):
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(os.urandom(16).hex())
    for _ in range(50):  # another process may be writing it right now
        secret = path.read_text().strip()
        if secret:
            return secret
        time.sleep(0.01)
    raise RuntimeError(f"{path} is empty")


def _derive(purpose: str) -> str:
    """A 32-character token (hex: within the bot-password alphabet) for one purpose."""
    return hashlib.sha256(f"{_SECRET}:{purpose}".encode()).hexdigest()[:32]


_SECRET = _machine_secret()
SEED_APP_ID = "seed"
BOT_APP_ID = "lib1ref"
BOT_USER = "Lib1RefBot"
BOT_LOGIN = f"{BOT_USER}@{BOT_APP_ID}"
# Bot-password tokens must match ^[0-9a-w]{32,}$ or login fails with a misleading
# "Incorrect username or password" (createBotPassword.php accepts anything).
BOT_TOKEN = _derive("bot")
# Edit and create normal pages and user talk pages, mark edits bot, no rate limits;
# deliberately NOT editprotected/protect, so protected pages refuse the bot.
BOT_GRANTS = ("basic", "highvolume", "editpage", "createeditmovepage")
SEED_GRANTS = ("basic", "highvolume", "editpage", "createeditmovepage")
ADMIN_GRANTS = (
    "basic",
    "highvolume",
    "editpage",
    "createeditmovepage",
    "editprotected",
    "protect",
    "delete",
    "blockusers",
    "rollback",
    "patrol",
    "viewdeleted",
    "viewrestrictedlogs",
    "oversight",
    "editinterface",
    "editsiteconfig",
    "mergehistory",
    "import",
)

ADMIN = "Admin"
HELPER_BOT = "HelperBot"
EDITORS = ("Alice", "Bob", "Carol", "Dave")


@dataclass(frozen=True)
class WikiUser:
    """An account of the dev wiki.

    ``password`` is the main password (web login); ``seed_token`` is the bot password of
    the app ``seed`` (login name ``seed_login``) that the HTTP helpers use.
    """

    name: str
    password: str
    groups: tuple[str, ...]
    seed_token: str
    seed_grants: tuple[str, ...] = SEED_GRANTS

    @property
    def seed_login(self) -> str:
        return f"{self.name}@{SEED_APP_ID}"


def _seed_token(name: str) -> str:
    return _derive(f"seed:{name}")


def _user(name: str, groups: tuple[str, ...], grants: tuple[str, ...] = SEED_GRANTS) -> WikiUser:
    return WikiUser(
        name=name,
        password=f"{name}-{_derive(f'password:{name}')[:16]}",
        groups=groups,
        seed_token=_seed_token(name),
        seed_grants=grants,
    )


USERS: dict[str, WikiUser] = {
    u.name: u
    for u in (
        _user(ADMIN, ("sysop", "bureaucrat", "interface-admin", "suppress"), ADMIN_GRANTS),
        _user(BOT_USER, ("bot",)),
        _user(HELPER_BOT, ("bot",)),
        *(_user(name, ()) for name in EDITORS),
    )
}

# ---------------------------------------------------------------------------------------------
# LocalSettings.php additions
# ---------------------------------------------------------------------------------------------

SERVER_PHP = (
    "$wgServer = isset( $_SERVER['HTTP_HOST'] ) ? 'http://' . $_SERVER['HTTP_HOST']"
    " : ( getenv( 'DEVWIKI_SERVER' ) ?: 'http://127.0.0.1' );"
)

OVERRIDES_PHP = """
# ---- lib1ref devwiki overrides ----
$wgCanonicalServer = $wgServer;
$wgCacheDirectory = __DIR__ . '/cache';
$wgEnableUploads = false;
$wgUseImageMagick = false;
$wgUseInstantCommons = false;
$wgEnableEmail = false;
$wgEnableUserEmail = false;
$wgEmailAuthentication = false;
$wgEnotifUserTalk = false;
$wgEnotifWatchlist = false;
$wgShowExceptionDetails = true;
$wgShowDBErrorBacktrace = true;
$wgJobRunRate = 0;
$wgRCMaxAge = 10 * 365 * 24 * 3600;
$wgGroupPermissions['user']['noratelimit'] = true;
# As on Wikimedia wikis: admins can revision-delete (1.39 gives it only to 'suppress').
$wgGroupPermissions['sysop']['deleterevision'] = true;
$wgGroupPermissions['sysop']['deletelogentry'] = true;
$wgRateLimits = [];
$wgPingback = false;
$wgMiserMode = false;
$wgPasswordAttemptThrottle = [];
$wgAccountCreationThrottle = [];
$wgTempAccountCreationThrottle = [];
$wgDBerrorLog = __DIR__ . '/logs/dberror.log';
$wgDebugLogGroups['exception'] = __DIR__ . '/logs/exception.log';
$wgDebugLogGroups['fatal'] = __DIR__ . '/logs/exception.log';
$wgDebugLogGroups['error'] = __DIR__ . '/logs/exception.log';
"""


# ---------------------------------------------------------------------------------------------
# Anti-abuse extensions (bundled by Debian's mediawiki package), all lists local: no network
# ---------------------------------------------------------------------------------------------

# An edit whose added text contains this phrase is refused by abuse filter 1 (``disallow``):
# API error code ``abusefilter-disallowed``.
ABUSE_PHRASE = "Lib1Ref devwiki forbidden phrase"
ABUSE_FILTER_ID = 1
# An edit adding an external link to this domain (``http://devwiki-spam.example/...``) is
# refused by SpamBlacklist: API error code ``spamblacklist``.
SPAM_DOMAIN = "devwiki-spam.example"
# Creating a page whose full title matches this TitleBlacklist line (case-insensitive) is
# refused to every account, Admin included: API error code ``titleblacklist-forbidden``.
TITLE_BLACKLIST_PATTERN = ".*Blacklisted by devwiki.*"
BLACKLISTED_TITLE = "Blacklisted by devwiki"

BLACKLIST_DIR = "blacklists"
SPAM_BLACKLIST_FILE = f"{BLACKLIST_DIR}/spam-blacklist.txt"
TITLE_BLACKLIST_FILE = f"{BLACKLIST_DIR}/title-blacklist.txt"
ABUSE_FILTER_PATTERN = f'action == "edit" & "{ABUSE_PHRASE}" in added_lines'
ABUSE_FILTER_TABLES = "extensions/AbuseFilter/db_patches/sqlite/tables-generated.sql"
# Rights that would let an account through the three extensions; revoked from the implicit
# group 'user', so from every account (1.39 grants tboverride to sysop by default).
BYPASS_RIGHTS = (
    "sboverride",
    "tboverride",
    "tboverride-account",
    "abusefilter-bypass-blocked-external-domains",
)

EXTENSIONS_PHP = f"""
# ---- lib1ref devwiki anti-abuse extensions (local lists only: never any network) ----
wfLoadExtension( 'AbuseFilter' );
wfLoadExtension( 'SpamBlacklist' );
wfLoadExtension( 'TitleBlacklist' );
# The defaults fetch lists from meta.wikimedia.org; these replace them with local files
# (the local pages MediaWiki:Spam-blacklist and MediaWiki:Titleblacklist still count).
$wgBlacklistSettings = [
\t'spam' => [ 'files' => [ __DIR__ . '/{SPAM_BLACKLIST_FILE}' ] ],
\t'email' => [ 'files' => [] ],
];
$wgTitleBlacklistSources = [
\t'devwiki' => [ 'type' => 'file', 'src' => __DIR__ . '/{TITLE_BLACKLIST_FILE}' ],
];
foreach ( [ {", ".join(f"'{r}'" for r in BYPASS_RIGHTS)} ] as $right ) {{
\t$wgRevokePermissions['user'][$right] = true;
}}
"""


def _spam_blacklist_text() -> str:
    escaped = SPAM_DOMAIN.replace(".", r"\.")
    return f"# lib1ref devwiki spam blacklist (one regex per line)\n\\b{escaped}\\b\n"


def _title_blacklist_text() -> str:
    return f"# lib1ref devwiki title blacklist\n{TITLE_BLACKLIST_PATTERN}\n"


def _mw_version() -> str:
    defines = MW_DIR / "includes" / "Defines.php"
    try:
        for line in defines.read_text(encoding="utf-8").splitlines():
            if "MW_VERSION" in line and "define" in line:
                return line.strip()
    except OSError:
        pass
    return "unknown"


def _recipe_hash() -> str:
    recipe = json.dumps(
        {
            "version": RECIPE_VERSION,
            "mw": _mw_version(),
            "users": [repr(u) for u in USERS.values()],
            "bot": [BOT_LOGIN, BOT_TOKEN, BOT_GRANTS],
            "server": SERVER_PHP,
            "overrides": OVERRIDES_PHP,
            "extensions": EXTENSIONS_PHP,
            "lists": [_spam_blacklist_text(), _title_blacklist_text(), ABUSE_FILTER_PATTERN],
        },
        sort_keys=True,
    )
    return hashlib.sha256(recipe.encode()).hexdigest()[:12]


# ---------------------------------------------------------------------------------------------
# Errors and small helpers
# ---------------------------------------------------------------------------------------------


class DevWikiError(RuntimeError):
    """Anything that went wrong with the local wiki (one-line message)."""


class DevWikiApiError(DevWikiError):
    """The API answered with an error: ``code`` is its error code (e.g. ``spamblacklist``)."""

    def __init__(self, message: str, code: str, info: str) -> None:
        super().__init__(message)
        self.code = code
        self.info = info


class _EarlyExitError(DevWikiError):
    """php -S died before answering (e.g. its port was taken)."""


def _tail(path: Path, lines: int = 20) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return "(no log)"
    return "\n".join(text.splitlines()[-lines:]) or "(empty log)"


def _one_line(text: str, limit: int = 400) -> str:
    flat = " | ".join(line.strip() for line in text.strip().splitlines() if line.strip())
    return flat[-limit:] if len(flat) > limit else flat


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _php_env(config_file: Path | None, server: str | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("MW_CONFIG_FILE", None)
    if config_file is not None:
        env["MW_CONFIG_FILE"] = str(config_file)
    if server is not None:
        env["DEVWIKI_SERVER"] = server
    return env


def _run_maintenance(
    config_file: Path | None,
    script: str,
    *args: str,
    stdin: str | None = None,
    server: str | None = None,
    check: bool = True,
) -> subprocess.CompletedProcess[str]:
    name = script if script.endswith(".php") else f"{script}.php"
    path = MW_DIR / "maintenance" / name
    if not path.is_file():
        raise DevWikiError(f"no such maintenance script: {path}")
    proc = subprocess.run(
        ["php", str(path), *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=_php_env(config_file, server),
        check=False,
    )
    if check and proc.returncode != 0:
        raise DevWikiError(
            f"maintenance/{name} {' '.join(args)} failed (exit {proc.returncode}): "
            f"{_one_line(proc.stdout + proc.stderr)}"
        )
    return proc


# ---------------------------------------------------------------------------------------------
# Packages
# ---------------------------------------------------------------------------------------------


def _packages_ok() -> bool:
    if shutil.which("php") is None or not (MW_DIR / "maintenance" / "install.php").is_file():
        return False
    check = " && ".join(f"extension_loaded('{ext}')" for ext in PHP_EXTENSIONS)
    proc = subprocess.run(
        ["php", "-r", f"exit(({check}) ? 0 : 1);"], capture_output=True, check=False
    )
    return proc.returncode == 0


def ensure_packages() -> None:
    """Install MediaWiki and PHP with apt if they are missing (sudo when not root)."""
    if _packages_ok():
        return
    prefix: list[str] = []
    if os.geteuid() != 0:
        if shutil.which("sudo") is None:
            raise DevWikiError("MediaWiki/PHP missing and not root and no sudo to install them")
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
                f"{_one_line(proc.stderr or proc.stdout)}"
            )
    if not _packages_ok():
        raise DevWikiError("apt-get install finished but php/MediaWiki are still unusable")


# ---------------------------------------------------------------------------------------------
# Template
# ---------------------------------------------------------------------------------------------


def cache_root() -> Path:
    """``$LIB1REF_DEVWIKI_CACHE`` or ``~/.cache/lib1ref-devwiki``."""
    env = os.environ.get(CACHE_ENV)
    return Path(env).expanduser() if env else Path.home() / ".cache" / "lib1ref-devwiki"


def template_dir(root: Path | None = None) -> Path:
    return (root or cache_root()) / f"template-{_recipe_hash()}"


def _opcache_dir(root: Path | None = None) -> Path:
    path = (root or cache_root()) / "opcache"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _rewrite_settings(settings: Path) -> None:
    lines = settings.read_text(encoding="utf-8").splitlines()
    out: list[str] = []
    seen = {"server": False, "data": False}
    for line in lines:
        stripped = line.lstrip()
        if stripped.startswith("$wgServer ="):
            out.append(SERVER_PHP)
            seen["server"] = True
        elif stripped.startswith("$wgSQLiteDataDir ="):
            out.append("$wgSQLiteDataDir = __DIR__ . '/data';")
            seen["data"] = True
        else:
            out.append(line)
    missing = [k for k, v in seen.items() if not v]
    if missing:
        raise DevWikiError(f"install.php wrote an unexpected LocalSettings.php (no {missing})")
    out.append(OVERRIDES_PHP)
    out.append(EXTENSIONS_PHP)
    settings.write_text("\n".join(out) + "\n", encoding="utf-8")


def _group_flags(groups: tuple[str, ...]) -> list[str]:
    roles = ("sysop", "bureaucrat", "interface-admin", "bot")
    flags = [f"--{g}" for g in groups if g in roles]
    custom = [g for g in groups if g not in roles]
    if custom:
        flags.append(f"--custom-groups={','.join(custom)}")
    return flags


def _build_into(target: Path) -> None:
    admin = USERS[ADMIN]
    data = target / "data"
    proc = subprocess.run(
        [
            "php",
            str(MW_DIR / "maintenance" / "install.php"),
            "--dbtype",
            "sqlite",
            "--dbpath",
            str(data),
            "--dbname",
            "wiki",
            "--confpath",
            str(target),
            "--server",
            "http://127.0.0.1",
            "--scriptpath",
            "",
            "--lang",
            "en",
            "--pass",
            admin.password,
            "--skins",
            "Vector",
            "--extensions",
            "Cite,ParserFunctions",
            SITENAME,
            admin.name,
        ],
        capture_output=True,
        text=True,
        env=_php_env(None),
        check=False,
    )
    settings = target / "LocalSettings.php"
    if proc.returncode != 0 or not settings.is_file():
        raise DevWikiError(f"install.php failed: {_one_line(proc.stdout + proc.stderr)}")
    _rewrite_settings(settings)
    (target / "cache").mkdir(exist_ok=True)
    (target / "logs").mkdir(exist_ok=True)
    (target / BLACKLIST_DIR).mkdir(exist_ok=True)
    (target / SPAM_BLACKLIST_FILE).write_text(_spam_blacklist_text(), encoding="utf-8")
    (target / TITLE_BLACKLIST_FILE).write_text(_title_blacklist_text(), encoding="utf-8")

    def mnt(script: str, *args: str) -> None:
        _run_maintenance(settings, script, *args)

    # AbuseFilter's tables: its own schema file (0.2 s; update.php --quick takes 2-10 s).
    mnt("sql", str(MW_DIR / ABUSE_FILTER_TABLES))
    mnt("rebuildLocalisationCache", "--lang=en")
    for user in USERS.values():
        if user.name == ADMIN:
            # Exists already (install.php); passing a password would reset it and with it
            # any bot password, so only add the groups.
            mnt("createAndPromote", "--force", *_group_flags(user.groups), user.name)
        else:
            mnt("createAndPromote", *_group_flags(user.groups), user.name, user.password)
    for user in USERS.values():
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
        BOT_TOKEN,
    )
    mnt("runJobs")
    _seed_abuse_filter(data / "wiki.sqlite")
    (target / "TEMPLATE.json").write_text(
        json.dumps({"recipe": RECIPE_VERSION, "hash": _recipe_hash(), "mw": _mw_version()}) + "\n",
        encoding="utf-8",
    )


def _seed_abuse_filter(db_file: Path) -> None:
    """Abuse filter ``ABUSE_FILTER_ID``: disallow edits adding ``ABUSE_PHRASE``.

    AbuseFilter has no API to create filters: these are the rows Special:AbuseFilter
    writes (without its history entry), owned by Admin.
    """
    with contextlib.closing(sqlite3.connect(db_file)) as db, db:
        row = db.execute("SELECT user_id FROM user WHERE user_name = ?", (ADMIN,)).fetchone()
        if row is None:
            raise DevWikiError(f"no {ADMIN} in {db_file}")
        db.execute(
            "INSERT INTO abuse_filter (af_id, af_pattern, af_user, af_user_text, af_timestamp,"
            " af_enabled, af_comments, af_public_comments, af_hidden, af_hit_count,"
            " af_throttled, af_deleted, af_actions, af_global, af_group)"
            " VALUES (?, ?, ?, ?, ?, 1, '', ?, 0, 0, 0, 0, 'disallow', 0, 'default')",
            (
                ABUSE_FILTER_ID,
                ABUSE_FILTER_PATTERN,
                row[0],
                ADMIN,
                "20240101000000",
                "devwiki: forbidden phrase",
            ),
        )
        db.execute(
            "INSERT INTO abuse_filter_action (afa_filter, afa_consequence, afa_parameters)"
            " VALUES (?, 'disallow', ?)",
            (ABUSE_FILTER_ID, "abusefilter-disallowed"),
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


# ---------------------------------------------------------------------------------------------
# HTTP
# ---------------------------------------------------------------------------------------------


def _new_session() -> requests.Session:
    session = requests.Session()
    session.headers["User-Agent"] = USER_AGENT
    return session


def _check(data: dict[str, Any], what: str) -> dict[str, Any]:
    if "error" in data:
        err = data["error"]
        code, info = str(err.get("code")), str(err.get("info"))
        raise DevWikiApiError(f"{what}: API error {code}: {info}", code, info)
    return data


def _api(
    session: requests.Session, api_url: str, params: dict[str, Any], *, post: bool = False
) -> dict[str, Any]:
    full = {"format": "json", "formatversion": "2", **params}
    clean = {k: v for k, v in full.items() if v is not None and v is not False}
    try:
        if post:
            resp = session.post(api_url, data=clean, timeout=HTTP_TIMEOUT)
        else:
            resp = session.get(api_url, params=clean, timeout=HTTP_TIMEOUT)
    except requests.RequestException as exc:
        raise DevWikiError(f"HTTP request to {api_url} failed: {exc}") from exc
    if resp.status_code != 200:
        raise DevWikiError(f"HTTP {resp.status_code} from {api_url}: {_one_line(resp.text)}")
    try:
        data: dict[str, Any] = resp.json()
    except ValueError as exc:
        raise DevWikiError(f"non-JSON answer from {api_url}: {_one_line(resp.text)}") from exc
    return data


def login(api_url: str, login_name: str, password: str) -> requests.Session:
    """A ``requests.Session`` logged in with ``action=login`` (bot password: ``User@app``)."""
    session = _new_session()
    token = _check(
        _api(session, api_url, {"action": "query", "meta": "tokens", "type": "login"}),
        "login token",
    )["query"]["tokens"]["logintoken"]
    result = _check(
        _api(
            session,
            api_url,
            {
                "action": "login",
                "lgname": login_name,
                "lgpassword": password,
                "lgtoken": token,
            },
            post=True,
        ),
        f"login as {login_name}",
    )["login"]
    if result.get("result") != "Success":
        raise DevWikiError(
            f"login as {login_name} failed: {result.get('result')}: {result.get('reason', '')}"
        )
    return session


# ---------------------------------------------------------------------------------------------
# An instance
# ---------------------------------------------------------------------------------------------

STATE_FILE = "server.json"
LOG_FILE = "logs/php-server.log"
SNAPSHOT_DIR = "snapshot"
_RELOGIN_CODES = frozenset({"badtoken", "assertuserfailed", "assertbotfailed", "notloggedin"})


class DevWiki:
    """One instance directory (a copy of the template) and, once started, its ``php -S``."""

    def __init__(self, directory: Path | str) -> None:
        self._dir = Path(directory).resolve()
        if not (self._dir / "LocalSettings.php").is_file():
            raise DevWikiError(f"{self._dir} is not a dev wiki (no LocalSettings.php)")
        self._proc: subprocess.Popen[bytes] | None = None
        self._port: int | None = None
        self._pid: int | None = None
        self._sessions: dict[str, requests.Session] = {}
        self._tokens: dict[tuple[str, str], str] = {}
        self._anon = _new_session()
        self._load_state()

    # -- creation ----------------------------------------------------------------------------

    @classmethod
    def create(cls, dest_dir: Path | str, template: Path | None = None) -> DevWiki:
        """Copy the template (built if needed) to ``dest_dir``, which must not hold a wiki."""
        src = template or build_template()
        dest = Path(dest_dir)
        if (dest / "LocalSettings.php").exists():
            raise DevWikiError(f"{dest} already holds a wiki")
        if dest.exists() and any(dest.iterdir()):
            raise DevWikiError(f"{dest} exists and is not empty")
        if dest.exists():
            dest.rmdir()
        shutil.copytree(src, dest, ignore=shutil.ignore_patterns("*.lock", SNAPSHOT_DIR))
        return cls(dest)

    # -- properties --------------------------------------------------------------------------

    @property
    def dir(self) -> Path:
        return self._dir

    @property
    def settings_file(self) -> Path:
        return self._dir / "LocalSettings.php"

    @property
    def data_dir(self) -> Path:
        return self._dir / "data"

    @property
    def log_file(self) -> Path:
        return self._dir / LOG_FILE

    @property
    def port(self) -> int:
        if self._port is None:
            raise DevWikiError("the wiki is not started")
        return self._port

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT`` (no trailing slash)."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_url(self) -> str:
        return f"{self.base_url}/api.php"

    @property
    def index_url(self) -> str:
        return f"{self.base_url}/index.php"

    def page_url(self, title: str) -> str:
        return f"{self.index_url}?title={urllib.parse.quote(title.replace(' ', '_'))}"

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else self._pid

    # -- server ------------------------------------------------------------------------------

    def _load_state(self) -> None:
        state_path = self._dir / STATE_FILE
        if not state_path.is_file():
            return
        try:
            state = json.loads(state_path.read_text(encoding="utf-8"))
            pid, port = int(state["pid"]), int(state["port"])
        except (OSError, ValueError, KeyError, TypeError):
            return
        if _pid_alive(pid):
            self._pid, self._port = pid, port
        else:
            state_path.unlink(missing_ok=True)

    def is_running(self) -> bool:
        if self._proc is not None:
            return self._proc.poll() is None
        return self._pid is not None and _pid_alive(self._pid)

    def start(self, port: int | None = None, *, detach: bool = False) -> None:
        """Serve the instance on 127.0.0.1 (a free port unless given); wait for the API.

        ``detach=True`` puts the server in its own session so it outlives this process
        (used by the CLI); :meth:`stop` still finds it through ``server.json``.
        """
        if self.is_running():
            raise DevWikiError(f"already running on {self.base_url}")
        attempts = 1 if port else 3
        for attempt in range(attempts):
            try:
                self._start_once(port or _free_port(), detach)
                return
            except _EarlyExitError:
                # Another process took the free port between bind() and php -S: try another.
                if attempt == attempts - 1:
                    raise

    def _start_once(self, port: int, detach: bool) -> None:
        self._port = port
        self.log_file.parent.mkdir(parents=True, exist_ok=True)
        with open(self.log_file, "ab") as log:
            self._proc = subprocess.Popen(
                [
                    "php",
                    "-q",  # no access log; PHP errors are still logged
                    "-d",
                    "display_errors=0",
                    "-d",
                    "log_errors=1",
                    "-d",
                    f"opcache.file_cache={_opcache_dir()}",
                    "-S",
                    f"127.0.0.1:{port}",
                    "-t",
                    str(MW_DIR),
                ],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=_php_env(self.settings_file, f"http://127.0.0.1:{port}"),
                cwd=self._dir,
                start_new_session=detach,
            )
        self._pid = self._proc.pid
        if not detach:
            # Do not leave an orphaned php -S behind if the caller forgets stop().
            atexit.register(self.stop)
        (self._dir / STATE_FILE).write_text(
            json.dumps({"pid": self._proc.pid, "port": port}) + "\n", encoding="utf-8"
        )
        try:
            self._wait_ready()
        except BaseException:
            self.stop()
            raise

    def _wait_ready(self, timeout: float = START_TIMEOUT) -> None:
        deadline = time.monotonic() + timeout
        params = {"action": "query", "meta": "siteinfo", "format": "json"}
        last = "no answer"
        server_errors = 0
        while time.monotonic() < deadline:
            if self._proc is not None and self._proc.poll() is not None:
                raise _EarlyExitError(
                    f"php -S exited with {self._proc.returncode} at start; {self._diagnose()}"
                )
            try:
                resp = self._anon.get(self.api_url, params=params, timeout=5)
                if resp.status_code == 200 and "general" in resp.json().get("query", {}):
                    return
                last = f"HTTP {resp.status_code}: {_one_line(resp.text, 200)}"
                server_errors = server_errors + 1 if resp.status_code >= 500 else 0
                if server_errors >= 3:  # PHP fatal error (e.g. broken LocalSettings.php)
                    raise DevWikiError(f"wiki at {self.api_url} answers {last}; {self._diagnose()}")
            except (requests.RequestException, ValueError) as exc:
                last = str(exc)
            time.sleep(0.05)
        raise DevWikiError(
            f"wiki at {self.api_url} not answering after {timeout:.0f}s ({_one_line(last, 200)});"
            f" {self._diagnose()}"
        )

    def _diagnose(self) -> str:
        """Syntax check of LocalSettings.php and the tails of the server and exception logs."""
        parts = []
        lint = subprocess.run(
            ["php", "-l", str(self.settings_file)], capture_output=True, text=True, check=False
        )
        if lint.returncode != 0:
            parts.append(f"php -l: {_one_line(lint.stdout + lint.stderr, 300)}")
        parts.append(f"log tail: {_one_line(_tail(self.log_file), 300)}")
        exceptions = self._dir / "logs" / "exception.log"
        if exceptions.is_file():
            parts.append(f"exception.log tail: {_one_line(_tail(exceptions, 5), 600)}")
        return "; ".join(parts)

    def stop(self) -> None:
        """Stop the server (SIGTERM, then SIGKILL after 5 s). No-op when not running."""
        if self._proc is not None:
            if self._proc.poll() is None:
                self._proc.terminate()
                try:
                    self._proc.wait(5)
                except subprocess.TimeoutExpired:
                    self._proc.kill()
                    self._proc.wait(5)
        elif self._pid is not None and _pid_alive(self._pid):
            _terminate_pid(self._pid)
        if self._proc is not None:
            atexit.unregister(self.stop)
        self._proc = None
        self._pid = None
        (self._dir / STATE_FILE).unlink(missing_ok=True)
        self._sessions.clear()
        self._tokens.clear()

    def __enter__(self) -> Self:
        if not self.is_running():
            self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # -- maintenance ---------------------------------------------------------------------------

    def maintenance(
        self, script: str, *args: str, stdin: str | None = None, check: bool = True
    ) -> subprocess.CompletedProcess[str]:
        """Run ``maintenance/<script>.php`` for this instance; raise on failure if ``check``."""
        server = self.base_url if self._port is not None else None
        return _run_maintenance(
            self.settings_file, script, *args, stdin=stdin, server=server, check=check
        )

    def run_jobs(self) -> str:
        """Run the whole job queue (``$wgJobRunRate`` is 0); return the script's output."""
        return self.maintenance("runJobs").stdout

    # -- snapshots ---------------------------------------------------------------------------

    def _db_files(self) -> list[Path]:
        return sorted(self.data_dir.glob("*.sqlite"))

    def snapshot(self) -> None:
        """Copy the SQLite files aside (call when no request is in flight)."""
        snap = self._dir / SNAPSHOT_DIR
        shutil.rmtree(snap, ignore_errors=True)
        snap.mkdir()
        for db in self._db_files():
            shutil.copy2(db, snap / db.name)

    def restore(self) -> None:
        """Put the snapshot's SQLite files back, even under a running server.

        Logins are lost (sessions live in the database): the helpers log in again.
        """
        snap = self._dir / SNAPSHOT_DIR
        saved = sorted(snap.glob("*.sqlite"))
        if not saved:
            raise DevWikiError(f"no snapshot in {snap}")
        names = {p.name for p in saved}
        for db in self._db_files():
            if db.name not in names:
                db.unlink()
        for pattern in ("*.sqlite-journal", "*.sqlite-wal", "*.sqlite-shm"):
            for extra in self.data_dir.glob(pattern):
                extra.unlink()
        for src in saved:
            tmp = self.data_dir / f".{src.name}.restore"
            shutil.copyfile(src, tmp)
            os.chmod(tmp, 0o600)
            os.replace(tmp, self.data_dir / src.name)
        self._sessions.clear()
        self._tokens.clear()

    # -- HTTP helpers ------------------------------------------------------------------------

    def api_get(self, **params: Any) -> dict[str, Any]:
        """Anonymous GET to api.php (format=json, formatversion=2); raise on API error."""
        return _check(_api(self._anon, self.api_url, params), f"api {params.get('action')}")

    def session(self, user: str) -> requests.Session:
        """A cached session logged in as ``user`` with its ``seed`` bot password."""
        if user not in self._sessions:
            account = USERS.get(user)
            if account is None:
                raise DevWikiError(f"unknown dev-wiki user {user!r} (known: {', '.join(USERS)})")
            self._sessions[user] = login(self.api_url, account.seed_login, account.seed_token)
        return self._sessions[user]

    def _token(self, user: str, kind: str) -> str:
        key = (user, kind)
        if key not in self._tokens:
            data = _check(
                _api(
                    self.session(user),
                    self.api_url,
                    {"action": "query", "meta": "tokens", "type": kind},
                ),
                f"{kind} token for {user}",
            )
            self._tokens[key] = data["query"]["tokens"][f"{kind}token"]
        return self._tokens[key]

    def api_post(
        self, as_user: str, /, token: str | None = "csrf", **params: Any
    ) -> dict[str, Any]:
        """POST to api.php as ``as_user`` (with a ``token`` of that type); raise on API error.

        Logs in again once if the session was lost (e.g. after :meth:`restore`).
        """
        what = f"{params.get('action')} as {as_user}"
        data: dict[str, Any] = {}
        for attempt in range(2):
            full = {**params, "assert": "user"}
            if token is not None:
                full["token"] = self._token(as_user, token)
            data = _api(self.session(as_user), self.api_url, full, post=True)
            code = data.get("error", {}).get("code")
            if attempt == 0 and code in _RELOGIN_CODES:
                self._sessions.pop(as_user, None)
                self._tokens = {k: v for k, v in self._tokens.items() if k[0] != as_user}
                continue
            break
        return _check(data, what)

    def edit(
        self,
        user: str,
        title: str,
        text: str,
        summary: str = "",
        minor: bool = False,
        bot: bool = False,
        **extra: Any,
    ) -> int:
        """Save ``text`` on ``title`` as ``user``; return the new revision id.

        On a null edit (text unchanged) return the page's current revision id.
        """
        result = self.api_post(
            user,
            action="edit",
            title=title,
            text=text,
            summary=summary,
            minor=minor or None,
            notminor=None if minor else True,
            bot=bot or None,
            **extra,
        )["edit"]
        if result.get("result") != "Success":
            raise DevWikiError(f"edit of {title!r} as {user} failed: {result}")
        if "newrevid" in result:
            return int(result["newrevid"])
        return self.latest_revid(title)

    def rollback(
        self,
        admin_user: str,
        title: str,
        user_to_revert: str,
        *,
        summary: str | None = None,
        markbot: bool = False,
    ) -> int:
        """Roll back the last edits of ``user_to_revert`` on ``title``; return the new revid."""
        result = self.api_post(
            admin_user,
            token="rollback",
            action="rollback",
            title=title,
            user=user_to_revert,
            summary=summary,
            markbot=markbot or None,
        )["rollback"]
        return int(result["revid"])

    def hide_revision(
        self,
        revid: int,
        hide: Iterable[str] = ("comment",),
        *,
        unhide: Iterable[str] = (),
        reason: str = "",
        suppress: bool = False,
        user: str = ADMIN,
    ) -> None:
        """Revision-delete parts (``content``, ``comment``, ``user``) of a revision as Admin."""
        result = self.api_post(
            user,
            action="revisiondelete",
            type="revision",
            ids=str(revid),
            hide="|".join(hide) or None,
            show="|".join(unhide) or None,
            reason=reason,
            suppress="yes" if suppress else None,
        )["revisiondelete"]
        problems = [item.get("errors") for item in result.get("items", []) if item.get("errors")]
        if result.get("status") != "Success" or problems:
            raise DevWikiError(f"revisiondelete of {revid} failed: {result}")

    def protect(
        self,
        title: str,
        edit: str | None = "sysop",
        *,
        move: str | None = None,
        create: str | None = None,
        expiry: str = "infinite",
        reason: str = "",
        user: str = ADMIN,
    ) -> None:
        """Protect ``title`` (``create=`` for a missing page) as Admin."""
        levels = {"edit": edit, "move": move, "create": create}
        protections = "|".join(f"{k}={v}" for k, v in levels.items() if v)
        if not protections:
            raise DevWikiError("protect: no protection level given")
        self.api_post(
            user,
            action="protect",
            title=title,
            protections=protections,
            expiry=expiry,
            reason=reason,
        )

    def block(
        self, user: str, *, expiry: str = "infinite", reason: str = "", by: str = ADMIN
    ) -> None:
        self.api_post(by, action="block", user=user, expiry=expiry, reason=reason)

    def delete_page(self, title: str, *, reason: str = "", user: str = ADMIN) -> None:
        self.api_post(user, action="delete", title=title, reason=reason)

    def page_text(self, title: str) -> str | None:
        """Current wikitext of ``title``, or None if the page does not exist."""
        pages = self.api_get(
            action="query", prop="revisions", titles=title, rvprop="content", rvslots="main"
        )["query"]["pages"]
        page = pages[0]
        if page.get("missing") or page.get("invalid"):
            return None
        return str(page["revisions"][0]["slots"]["main"]["content"])

    def latest_revid(self, title: str) -> int:
        pages = self.api_get(action="query", prop="info", titles=title)["query"]["pages"]
        if pages[0].get("missing"):
            raise DevWikiError(f"page {title!r} does not exist")
        return int(pages[0]["lastrevid"])


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie child of ours still "exists"; reap it if it is ours.
    with contextlib.suppress(ChildProcessError):
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done == pid:
            return False
    return True


def _terminate_pid(pid: int, timeout: float = 5.0) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not _pid_alive(pid):
            return
        time.sleep(0.05)
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)


# ---------------------------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------------------------


def _cmd_template(_args: argparse.Namespace) -> int:
    ensure_packages()
    started = time.monotonic()
    path = build_template()
    print(path)
    print(f"(ready in {time.monotonic() - started:.1f}s)", file=sys.stderr)
    return 0


def _print_urls(wiki: DevWiki) -> None:
    admin = USERS[ADMIN]
    print(f"Main Page: {wiki.page_url('Main Page')}")
    print(f"API:       {wiki.api_url}")
    print(f"Admin:     {admin.name} / {admin.password}")
    print(f"Bot:       {BOT_LOGIN} / {BOT_TOKEN}")
    print(f"Dir:       {wiki.dir} (pid {wiki.pid}, log {wiki.log_file})")


def _cmd_start(args: argparse.Namespace) -> int:
    directory = Path(args.dir)
    ensure_packages()
    if (directory / "LocalSettings.php").is_file():
        wiki = DevWiki(directory)
    else:
        wiki = DevWiki.create(directory)
        print(f"Created {wiki.dir} from the template", file=sys.stderr)
    if wiki.is_running():
        print("Already running.", file=sys.stderr)
    else:
        wiki.start(args.port, detach=True)
    _print_urls(wiki)
    return 0


def _cmd_stop(args: argparse.Namespace) -> int:
    directory = Path(args.dir)
    if not (directory / "LocalSettings.php").is_file():
        print(f"No dev wiki in {directory}", file=sys.stderr)
        return 1
    wiki = DevWiki(directory)
    if not wiki.is_running():
        print("Not running.")
        return 0
    pid = wiki.pid
    wiki.stop()
    print(f"Stopped (pid {pid}).")
    return 0


def _cmd_status(args: argparse.Namespace) -> int:
    directory = Path(args.dir)
    if not (directory / "LocalSettings.php").is_file():
        print(f"No dev wiki in {directory}")
        return 1
    wiki = DevWiki(directory)
    if not wiki.is_running():
        print(f"Stopped ({wiki.dir}).")
        return 3
    try:
        info = wiki.api_get(action="query", meta="siteinfo")["query"]["general"]
        print(f"Running: {info.get('sitename')} ({info.get('generator')})")
    except DevWikiError as exc:
        print(f"Process {wiki.pid} alive but the API does not answer: {exc}")
        return 2
    _print_urls(wiki)
    return 0


def _cmd_packages(args: argparse.Namespace) -> int:
    ensure_packages()
    print("devwiki: MediaWiki and PHP packages are installed")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m scripts.devwiki", description="A local MediaWiki for tests and demos."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("packages", help="install the Debian packages when missing")
    sub.add_parser("template", help="build (or reuse) the template; print its path")
    for name, helptext in (
        ("start", "clone the template into DIR if needed and serve it in the background"),
        ("stop", "stop the background server of DIR"),
        ("status", "is the wiki in DIR running?"),
    ):
        p = sub.add_parser(name, help=helptext)
        p.add_argument("--dir", default=".devwiki", help="instance directory (default .devwiki)")
        if name == "start":
            p.add_argument("--port", type=int, default=None, help="port (default: a free one)")
    args = parser.parse_args(argv)
    handlers = {
        "packages": _cmd_packages,
        "template": _cmd_template,
        "start": _cmd_start,
        "stop": _cmd_stop,
        "status": _cmd_status,
    }
    try:
        return handlers[args.command](args)
    except DevWikiError as exc:
        print(f"devwiki: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
