"""The project's exceptions. The CLI turns each into one line and an exit code."""


class Lib1RefError(Exception):
    """Base class: an error the CLI reports as one line."""

    exit_code = 1


class ConfigError(Lib1RefError):
    """The configuration file is missing, unreadable or invalid (exit code 2)."""

    exit_code = 2


class UsageError(Lib1RefError):
    """A command-line argument is wrong (exit code 2)."""

    exit_code = 2


class WikiError(Lib1RefError):
    """A wiki could not be reached or refused a request (exit code 1)."""


class LoginError(WikiError):
    """The bot could not log in: missing or wrong BotPassword."""


class SaveRefused(WikiError):
    """The wiki refused a save: protected page, abuse filter, blacklist, block."""

    def __init__(self, title: str, reason: str) -> None:
        super().__init__(f"save of [[{title}]] refused: {reason}")
        self.title = title
        self.reason = reason


class ShutoffActive(Lib1RefError):
    """The shutoff page says stop. Not a failure: the job exits 0."""

    exit_code = 0


class StoreError(Lib1RefError):
    """The database could not be opened or is from a newer version."""


class AlreadyRunning(Lib1RefError):
    """Another run holds the lock on this database. Not a failure: exit 0."""

    exit_code = 0
