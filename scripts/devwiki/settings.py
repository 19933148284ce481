"""What the template changes in the LocalSettings.php that install.php writes."""

from __future__ import annotations

from pathlib import Path

from .errors import DevWikiError
from .extensions import EXTENSIONS_PHP

# The server follows the Host header (any port), or DEVWIKI_SERVER for maintenance scripts.
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
# Each copy names its cookies after its folder: wikis on one host (127.0.0.1, any port) never
# share a session cookie, which a client's cookie jar keys by host name and not by port.
$wgCookiePrefix = 'devwiki_' . substr( md5( __DIR__ ), 0, 10 );
$wgPasswordAttemptThrottle = [];
$wgAccountCreationThrottle = [];
$wgTempAccountCreationThrottle = [];
$wgDBerrorLog = __DIR__ . '/logs/dberror.log';
$wgDebugLogGroups['exception'] = __DIR__ . '/logs/exception.log';
$wgDebugLogGroups['fatal'] = __DIR__ . '/logs/exception.log';
$wgDebugLogGroups['error'] = __DIR__ . '/logs/exception.log';
"""


def rewrite_settings(settings: Path) -> None:
    """Make install.php's LocalSettings.php serve any port and any copy of the folder,
    and append the overrides and the anti-abuse extensions."""
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
