"""The configuration as frozen records. Built and validated by `bot.config.parse`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from ..errors import ConfigError

Judge = Literal["local", "wiki", "both"]
JUDGES: tuple[Judge, ...] = ("local", "wiki", "both")
"""Who gives a citation its verdict: our rules, the wiki's Module:Citation/CS1, or our
rules with the module's disagreements recorded for the organizer."""

# A family name in the config -> (the sitematrix site code, special or per language, the
# interwiki prefix Meta-Wiki uses for it: "" for Wikipedia, whose language codes are links).
FAMILIES: dict[str, tuple[str, bool, str]] = {
    "wikipedia": ("wiki", False, ""),
    "wikisource": ("wikisource", False, "s"),
    "wikiquote": ("wikiquote", False, "q"),
    "wiktionary": ("wiktionary", False, "wikt"),
    "wikibooks": ("wikibooks", False, "b"),
    "wikinews": ("wikinews", False, "n"),
    "wikiversity": ("wikiversity", False, "v"),
    "wikivoyage": ("wikivoyage", False, "voy"),
    "wikidata": ("wikidata", True, "d"),
}

NO_CITATIONS = frozenset({"wikidata"})
"""Families whose pages are not wikitext (Wikidata's items): their edits count as edits,
with no citation analysis (and no revision texts fetched)."""

DEFAULT_HASHTAGS = ("1Lib1Ref", "1Bib1Ref")
ENV_CONFIG = "LIB1REF_CONFIG"
ENV_PASSWORD = "LIB1REF_BOT_PASSWORD"  # noqa: S105 - the variable's name, not a secret
DEFAULT_PATH = "lib1ref.toml"


@dataclass(frozen=True)
class WikiConfig:
    key: str
    api: str
    lang: str
    username: str
    leaderboard_page: str
    report_page: str
    shutoff_page: str
    optout_page: str = ""
    texts_page: str = ""  # a JSON page of organizer-worded texts (bot/overrides.py)
    welcome_contact: str = ""  # a human contact's user name, named in each welcome
    judge: Judge = "local"
    judge_batch: int = 50  # citations rendered per action=parse request
    judge_limit: int = 1000  # citations sent to the wiki per scan run; the rest: local rules
    interwiki: str = ""  # its link prefix from the campaign's hub wiki ("en", "s:fr"); "": none
    citations: bool = True  # analyse the citations of its edits (not on Wikidata)

    @property
    def posts(self) -> bool:
        """Does the bot log in and write here? Only on a wiki configured with an account and
        pages; a wiki found through a family (no account) is read anonymously, never edited."""
        return bool(self.username)

    @property
    def bot_user(self) -> str:
        """The account name: the BotPassword login name without `@app`."""
        return self.username.split("@", 1)[0]

    @property
    def host(self) -> str:
        """The API's host and port, lower case: wikis sharing one are read by one worker,
        one request at a time (`tasks.cycle`)."""
        return urlsplit(self.api).netloc.lower()


@dataclass(frozen=True)
class CampaignConfig:
    id: str
    start: datetime
    end: datetime
    wikis: tuple[str, ...]
    hashtags: tuple[str, ...] = DEFAULT_HASHTAGS
    namespaces: tuple[int, ...] = (0,)
    rank_unregistered: bool = False
    global_wiki: str = ""
    global_page: str = ""
    report_limit: int = 500
    welcome: bool = True
    welcome_limit: int = 20
    welcome_grace_days: int = 7
    families: tuple[str, ...] = ()  # every open wiki of these families (bot.families)
    hub_wiki: str = ""  # the campaign's hub page (every wiki's totals) is on this wiki
    hub_page: str = ""

    def contains(self, when: datetime) -> bool:
        return self.start <= when <= self.end


@dataclass(frozen=True)
class SitematrixConfig:
    """Where a campaign's families are looked up (`action=sitematrix`, Meta-Wiki's)."""

    api: str
    api_path: str = "/w/api.php"  # api.php under each listed wiki's URL
    refresh_hours: float = 24.0  # the list is asked again after this long


@dataclass(frozen=True)
class Config:
    path: Path
    database: Path
    contact: str
    wikis: Mapping[str, WikiConfig]
    campaigns: tuple[CampaignConfig, ...]
    edit_delay: float = 10.0
    maxlag: int = 5
    max_retries: int = 5
    retry_wait: float = 5.0
    timeout: float = 30.0
    rc_limit: int = 0  # recent changes per request; 0 = the API's maximum
    max_shrink: float = 0.5  # a published page losing more of its rows needs --allow-shrink
    retry_max: float = 20.0  # the longest single wait before a retry (caps Retry-After)
    sitematrix: SitematrixConfig | None = None  # needed by campaigns that name families
    concurrency: int = 8  # wikis scanned at once (one request at a time to any one wiki)
    cycle_budget: float = 300.0  # seconds a scan starts wikis for; the rest: first next time
    host_wait: float = 120.0  # seconds a leaderboard or welcome waits for a wiki another job uses

    def campaign(self, campaign_id: str) -> CampaignConfig:
        for c in self.campaigns:
            if c.id == campaign_id:
                return c
        raise ConfigError(f"{self.path}: no campaign with id {campaign_id!r}")

    def wiki(self, key: str) -> WikiConfig:
        try:
            return self.wikis[key]
        except KeyError:
            known = ", ".join(sorted(self.wikis)) or "none"
            raise ConfigError(f"{self.path}: no wiki {key!r} (configured: {known})") from None
