"""The project's exceptions. The CLI turns each into one line and an exit code.

    Lib1RefError                 exit 1   base: an error the CLI reports as one line
    ├── ConfigError              exit 2   the configuration file is missing or invalid
    ├── UsageError               exit 2   a command-line argument is wrong
    ├── DataFileError            exit 2   a packaged or configured data file is invalid
    ├── PageLayoutError          exit 1   a wiki page's bot markers are broken (names the page)
    ├── WikiError                exit 1   a wiki could not be reached or refused a request
    │   ├── LoginError           exit 1   missing or wrong BotPassword, session lost
    │   ├── HostBusy             exit 1   another job kept the wiki's host past `host_wait`
    │   └── SaveRefused          exit 1   the wiki (or the bot's own rules) refused one save
    │       ├── PageProtected        retryable=False  protectedpage, cascadeprotected, …
    │       ├── AbuseFilterRefused   retryable=False  abusefilter-disallowed, abusefilter-warning
    │       ├── SpamBlacklisted      retryable=False  spamblacklist
    │       ├── TitleBlacklisted     retryable=False  titleblacklist-forbidden
    │       ├── BotBlocked           retryable=False  blocked, autoblocked: stop editing that wiki
    │       ├── ExclusionRefused     retryable=False  {{bots}}/{{nobots}} on the talk page
    │       ├── RedirectRefused      retryable=False  a user talk page that is a redirect
    │       ├── EditConflict         retryable=True   editconflict twice in a row
    │       └── OtherRefusal         retryable=True   anything else (readonly, ratelimited, …)
    ├── StoreError               exit 1   the database cannot be opened or is too new
    │   └── DatabaseMissing      exit 2   no database file: only `scan` creates one
    ├── PageShrinks              exit 1   a page would lose too many rows (--allow-shrink)
    ├── ShutoffActive            exit 0   the shutoff page says stop: not a failure
    └── AlreadyRunning           exit 0   another run holds the lock: not a failure

`SaveRefused.retryable` says whether the same save may succeed later unchanged, so a
caller retries a conflict but not a protected page; `kind` is a short stable name for
logs and the database. The wiki boundary (`bot.wiki.submit`) maps API error codes onto
these classes, once.
"""

from __future__ import annotations


class Lib1RefError(Exception):
    """Base class: an error the CLI reports as one line."""

    exit_code = 1


class ConfigError(Lib1RefError):
    """The configuration file is missing, unreadable or invalid (exit code 2)."""

    exit_code = 2


class UsageError(Lib1RefError):
    """A command-line argument is wrong (exit code 2)."""

    exit_code = 2


class DataFileError(Lib1RefError):
    """A packaged or configured data file is invalid, or has nothing for a language (exit 2).

    The message names the file (and the key, where there is one).
    """

    exit_code = 2


class PageLayoutError(Lib1RefError):
    """A wiki page's bot markers are broken, duplicated or unbalanced (exit code 1).

    Raised by pure code that does not know the page; the save path adds the title.
    """

    def __init__(self, reason: str, title: str = "") -> None:
        super().__init__(f"[[{title}]]: {reason}" if title else reason)
        self.reason = reason
        self.title = title


class WikiError(Lib1RefError):
    """A wiki could not be reached or refused a request (exit code 1).

    `code` is the API's error code when the API answered with one, else "".
    """

    def __init__(self, message: str, code: str = "") -> None:
        super().__init__(message)
        self.code = code


class LoginError(WikiError):
    """The bot could not log in: missing or wrong BotPassword."""


class HostBusy(WikiError):
    """Another process (another scheduled job) is using the wiki's host, and went on using it
    for as long as this one would wait (`host_wait`; a scan does not wait: it reads the wiki
    next cycle). Nothing was sent to the wiki."""

    def __init__(self, key: str, waited: float) -> None:
        super().__init__(f"another job is using it (waited {waited:g} s); nothing was sent")
        self.key = key
        self.waited = waited


class SaveRefused(WikiError):
    """The wiki refused a save. Base of the typed refusals below.

    `retryable`: may the same save succeed later (a conflict, a read-only moment)?
    `kind`: a short stable name of the refusal, for logs and the database.
    """

    retryable: bool = True
    kind: str = "refused"

    def __init__(self, title: str, reason: str, code: str = "") -> None:
        super().__init__(f"save of [[{title}]] refused: {reason}", code)
        self.title = title
        self.reason = reason


class PageProtected(SaveRefused):
    """The page or title is protected (or cascade-protected) above the bot's rights."""

    retryable = False
    kind = "protected"


class AbuseFilterRefused(SaveRefused):
    """An abuse filter disallowed the edit.

    A filter that only warns (`abusefilter-warning`) counts too: resubmitting would pass,
    but a warning is meant for a human to read, and a bot does not click through it.
    """

    retryable = False
    kind = "abuse-filter"


class SpamBlacklisted(SaveRefused):
    """The new text links to a spam-blacklisted domain."""

    retryable = False
    kind = "spam-blacklist"


class TitleBlacklisted(SaveRefused):
    """The title blacklist forbids creating or editing this title."""

    retryable = False
    kind = "title-blacklist"


class BotBlocked(SaveRefused):
    """The bot itself is blocked: callers should stop editing this wiki."""

    retryable = False
    kind = "blocked"


class ExclusionRefused(SaveRefused):
    """The page's {{bots}}/{{nobots}} excludes the bot (checked on the fresh text)."""

    retryable = False
    kind = "excluded"


class RedirectRefused(SaveRefused):
    """The user talk page is a redirect: a message appended below `#REDIRECT` is never
    shown, so the bot does not save there (the caller may follow the redirect)."""

    retryable = False
    kind = "redirect"


class EditConflict(SaveRefused):
    """Someone else saved the page between the bot's read and its save, twice in a row."""

    retryable = True
    kind = "conflict"


class MissingGrant(SaveRefused):
    """The bot's account may not edit: its BotPassword lacks a grant (the message names it).
    Not retryable: an operator must add the grant at Special:BotPasswords."""

    retryable = False
    kind = "grant"


class OtherRefusal(SaveRefused):
    """Any other refusal (read-only wiki, rate limit, unexpected answer): may pass later."""

    retryable = True
    kind = "other"


class ShutoffActive(Lib1RefError):
    """The shutoff page says stop. Not a failure: the job exits 0."""

    exit_code = 0


class StoreError(Lib1RefError):
    """The database could not be opened or is from a newer version."""


class DatabaseMissing(StoreError):
    """The database file does not exist (lost, or the config path changed). Exit code 2.

    Only `scan` (and `run`, which scans first) creates the database; every other command
    refuses to start from an empty one, so a lost file never publishes an empty leaderboard.
    """

    exit_code = 2

    def __init__(self, path: object) -> None:
        super().__init__(
            f"{path}: no database (only 'lib1ref scan' creates it; check the config's "
            "'database' path or restore a backup)"
        )
        self.path = path


class PageShrinks(Lib1RefError):
    """A published page would lose more of its rows than `max_shrink` allows (exit code 1).

    Saved only with `--allow-shrink`: a sudden drop (21 rows to none) is far more often a
    lost or wrong database than a real change.
    """

    def __init__(self, title: str, before: int, after: int, max_shrink: float) -> None:
        super().__init__(
            f"not saved: the page would shrink from {before} rows to {after} (more than "
            f"max_shrink {max_shrink:.0%}); rerun with --allow-shrink if this is right"
        )
        self.title = title
        self.before = before
        self.after = after


class AlreadyRunning(Lib1RefError):
    """Another run holds the lock on this database. Not a failure: exit 0."""

    exit_code = 0
