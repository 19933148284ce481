"""AbuseFilter, SpamBlacklist and TitleBlacklist (bundled by Debian's mediawiki package).

Every list is local, so the wiki never reaches the network: SpamBlacklist and TitleBlacklist
default to fetching theirs from meta.wikimedia.org. The template seeds one refusal of each
kind; tests and other engineers trigger them through these constants.
"""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

from .accounts import ADMIN
from .errors import DevWikiError
from .php import MW_DIR, run_maintenance

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

# The API error codes of the three refusals.
ABUSE_ERROR_CODE = "abusefilter-disallowed"
SPAM_ERROR_CODE = "spamblacklist"
TITLE_ERROR_CODE = "titleblacklist-forbidden"

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


def spam_blacklist_text() -> str:
    escaped = SPAM_DOMAIN.replace(".", r"\.")
    return f"# lib1ref devwiki spam blacklist (one regex per line)\n\\b{escaped}\\b\n"


def title_blacklist_text() -> str:
    return f"# lib1ref devwiki title blacklist\n{TITLE_BLACKLIST_PATTERN}\n"


def write_blacklists(target: Path) -> None:
    """The two list files the settings point at, in the instance folder."""
    (target / BLACKLIST_DIR).mkdir(exist_ok=True)
    (target / SPAM_BLACKLIST_FILE).write_text(spam_blacklist_text(), encoding="utf-8")
    (target / TITLE_BLACKLIST_FILE).write_text(title_blacklist_text(), encoding="utf-8")


def create_abuse_filter_tables(settings: Path) -> None:
    """AbuseFilter's tables from its own schema file (0.2 s; update.php --quick takes 2-10 s).

    The other two extensions have no tables.
    """
    run_maintenance(settings, "sql", str(MW_DIR / ABUSE_FILTER_TABLES))


def seed_abuse_filter(db_file: Path) -> None:
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
