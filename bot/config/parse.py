"""The config file's TOML into `bot.config.model` records, every problem named.

Every error is a `ConfigError` whose message is one line naming the file, the key and
what is wrong.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import ConfigError, DataFileError
from ..languages import load_bundle
from ..timestamps import parse_moment
from .model import (
    DEFAULT_HASHTAGS,
    FAMILIES,
    JUDGES,
    CampaignConfig,
    Config,
    Judge,
    SitematrixConfig,
    WikiConfig,
)

_KEY_RE = re.compile(r"^[a-z0-9_][a-z0-9_.-]{0,63}$")
_TAG_RE = re.compile(r"^\w+$")


def available_languages() -> frozenset[str]:
    """Languages with a citation/message profile among the packaged data files."""
    folder = resources.files("bot") / "data" / "profiles"
    return frozenset(
        p.name.removesuffix(".json") for p in folder.iterdir() if p.name.endswith(".json")
    )


class _Reader:
    """Takes keys out of one TOML table, naming the full key in every error."""

    def __init__(self, path: Path, table: Mapping[str, Any], prefix: str) -> None:
        self.path, self.table, self.prefix = path, table, prefix
        self.seen: set[str] = set()

    def fail(self, key: str, what: str) -> ConfigError:
        return ConfigError(f"{self.path}: {self.prefix}{key}: {what}")

    def get(
        self, key: str, kind: type | tuple[type, ...], default: Any = ..., what: str = ""
    ) -> Any:
        self.seen.add(key)
        if key not in self.table:
            if default is ...:
                return self._missing(key)
            return default
        value = self.table[key]
        if not isinstance(value, kind) or (isinstance(value, bool) and bool not in _kinds(kind)):
            raise self.fail(key, f"must be {what or _kind_name(kind)}, got {value!r}")
        return value

    def _missing(self, key: str) -> Any:
        raise self.fail(key, "missing (required)")

    def string(self, key: str, default: Any = ...) -> str:
        value: str = self.get(key, str, default, "a string")
        if key in self.table and not value.strip():
            raise self.fail(key, "must not be empty")
        return value

    def number(self, key: str, default: float, low: float, high: float) -> float:
        value = self.get(key, (int, float), default, "a number")
        if not low <= value <= high:
            raise self.fail(key, f"must be between {low:g} and {high:g}, got {value!r}")
        return float(value)

    def finish(self) -> None:
        for key in self.table:
            if key not in self.seen:
                raise self.fail(key, "unknown key")


def _kinds(kind: type | tuple[type, ...]) -> tuple[type, ...]:
    return kind if isinstance(kind, tuple) else (kind,)


def _kind_name(kind: type | tuple[type, ...]) -> str:
    names = {str: "a string", int: "an integer", float: "a number", bool: "true or false"}
    names |= {list: "a list", dict: "a table"}
    return " or ".join(names.get(k, k.__name__) for k in _kinds(kind))


def parse_config(raw: Mapping[str, Any], path: Path) -> Config:
    top = _Reader(path, raw, "")
    database = top.string("database")
    contact = top.string("contact")
    edit_delay = top.number("edit_delay", 10, 0, 3600)
    maxlag = int(top.number("maxlag", 5, 1, 60))
    max_retries = int(top.number("max_retries", 5, 0, 50))
    retry_wait = top.number("retry_wait", 5, 0, 600)
    timeout = top.number("timeout", 30, 1, 600)
    rc_limit = int(top.number("rc_limit", 0, 0, 5000))
    max_shrink = top.number("max_shrink", 0.5, 0, 1)
    retry_max = top.number("retry_max", 20, 0, 600)
    concurrency = int(top.number("concurrency", 8, 1, 64))
    cycle_budget = top.number("cycle_budget", 300, 1, 86400)
    host_wait = top.number("host_wait", 120, 0, 3600)
    if retry_max < retry_wait:
        raise top.fail(
            "retry_max", f"must be at least retry_wait ({retry_wait:g}), got {retry_max:g}"
        )
    sitematrix = _parse_sitematrix(path, top.get("sitematrix", dict, None, "a table"))
    wikis_raw: dict[str, Any] = top.get(
        "wikis", dict, {} if sitematrix else ..., "a table of [wikis.KEY] tables"
    )
    if not wikis_raw and sitematrix is None:
        raise top.fail("wikis", "at least one [wikis.KEY] table is required "
                       "(or a [sitematrix] for campaigns over families)")  # fmt: skip
    wikis = {key: _parse_wiki(path, key, value) for key, value in wikis_raw.items()}
    campaigns_raw: list[Any] = top.get("campaigns", list, [], "a list of [[campaigns]] tables")
    campaigns = tuple(_parse_campaign(path, i, c, wikis) for i, c in enumerate(campaigns_raw))
    for i, c in enumerate(campaigns):
        if c.families and sitematrix is None:
            raise ConfigError(f"{path}: campaigns[{i}].families: needs a [sitematrix] table "
                              "(where the family's wikis are listed)")  # fmt: skip
    ids = [c.id for c in campaigns]
    for i, cid in enumerate(ids):
        if cid in ids[:i]:
            raise ConfigError(f"{path}: campaigns[{i}].id: duplicate campaign id {cid!r}")
    top.finish()
    db_path = Path(database)
    if not db_path.is_absolute():
        db_path = path.parent / db_path
    return Config(
        path=path,
        database=db_path,
        contact=contact,
        wikis=wikis,
        campaigns=campaigns,
        edit_delay=edit_delay,
        maxlag=maxlag,
        max_retries=max_retries,
        retry_wait=retry_wait,
        timeout=timeout,
        rc_limit=rc_limit,
        max_shrink=max_shrink,
        retry_max=retry_max,
        sitematrix=sitematrix,
        concurrency=concurrency,
        cycle_budget=cycle_budget,
        host_wait=host_wait,
    )


def _parse_sitematrix(path: Path, raw: dict[str, Any] | None) -> SitematrixConfig | None:
    if raw is None:
        return None
    r = _Reader(path, raw, "sitematrix.")
    api = r.string("api")
    if not re.match(r"^https?://[^\s/]+/\S*api\.php$", api):
        raise r.fail("api", f"must be the http(s) URL of a MediaWiki api.php, got {api!r}")
    api_path = r.string("api_path", "/w/api.php")
    if not re.match(r"^(/[^\s/]+)*/api\.php$", api_path):
        raise r.fail("api_path", f"must be the path of api.php, like /w/api.php, got {api_path!r}")
    sm = SitematrixConfig(api, api_path, r.number("refresh_hours", 24, 0, 24 * 30))
    r.finish()
    return sm


def _parse_wiki(path: Path, key: str, raw: Any) -> WikiConfig:
    prefix = f"wikis.{key}."
    if not _KEY_RE.match(key):
        raise ConfigError(f"{path}: wikis.{key}: a wiki key is lowercase letters, digits, _ . -")
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: wikis.{key}: must be a table")
    r = _Reader(path, raw, prefix)
    api = r.string("api")
    if not re.match(r"^https?://[^\s/]+/\S*api\.php$", api):
        raise r.fail("api", f"must be the http(s) URL of a MediaWiki api.php, got {api!r}")
    lang = r.string("lang")
    try:
        load_bundle(lang)  # any language code; its bundle, when there is one, whole and valid
    except DataFileError as e:
        raise r.fail("lang", str(e)) from e
    username = r.string("username")
    if username.count("@") != 1 or username.startswith("@") or username.endswith("@"):
        raise r.fail("username", f"must be a BotPassword login name USER@APP, got {username!r}")
    wiki = WikiConfig(
        key=key,
        api=api,
        lang=lang,
        username=username,
        leaderboard_page=_title(r, "leaderboard_page"),
        report_page=_title(r, "report_page"),
        shutoff_page=_title(r, "shutoff_page"),
        optout_page=_title(r, "optout_page", ""),
        texts_page=_title(r, "texts_page", ""),
        welcome_contact=_title(r, "welcome_contact", ""),
        judge=_judge(r),
        judge_batch=int(r.number("judge_batch", 50, 1, 500)),
        judge_limit=int(r.number("judge_limit", 1000, 0, 1_000_000)),
        interwiki=_interwiki(r),
    )
    r.finish()
    return wiki


def _interwiki(r: _Reader) -> str:
    value = r.string("interwiki", "")
    if value and not re.fullmatch(r"[a-z0-9-]+(:[a-z0-9-]+)?", value):
        raise r.fail("interwiki", f"an interwiki prefix like 'en' or 's:fr', got {value!r}")
    return value


def _judge(r: _Reader) -> Judge:
    value = r.get("judge", str, "local", "a string")
    for judge in JUDGES:
        if value == judge:
            return judge
    raise r.fail("judge", f"must be one of {', '.join(JUDGES)}, got {value!r}")


def _title(r: _Reader, key: str, default: Any = ...) -> str:
    value = r.string(key, default)
    if re.search(r"[\[\]{}|#<>\n]", value):
        raise r.fail(key, f"not a valid page title: {value!r}")
    return value


def _parse_campaign(
    path: Path, i: int, raw: Any, wikis: Mapping[str, WikiConfig]
) -> CampaignConfig:
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: campaigns[{i}]: must be a table")
    r = _Reader(path, raw, f"campaigns[{i}].")
    cid = r.string("id")
    if not _KEY_RE.match(cid):
        raise r.fail("id", f"use letters, digits, _ . - (e.g. '2027-01'), got {cid!r}")
    hashtags = tuple(_list_of(r, "hashtags", str, list(DEFAULT_HASHTAGS)))
    for tag in hashtags:
        if not _TAG_RE.match(tag.lstrip("#")):
            raise r.fail("hashtags", f"{tag!r} is not a hashtag (letters, digits, underscore)")
    hashtags = tuple(t.lstrip("#") for t in hashtags)
    if not hashtags:
        raise r.fail("hashtags", "must not be empty")
    start = _moment(r, "start", end_of_day=False)
    end = _moment(r, "end", end_of_day=True)
    if end <= start:
        raise r.fail("end", f"must be after start ({start.isoformat()})")
    families = tuple(_list_of(r, "families", str, []))
    for family in families:
        if family not in FAMILIES:
            raise r.fail("families", f"{family!r} is not a family (one of "
                         f"{', '.join(sorted(FAMILIES))})")  # fmt: skip
    wiki_keys = tuple(_list_of(r, "wikis", str, [] if families else ...))
    if not wiki_keys and not families:
        raise r.fail("wikis", "must name at least one wiki (or give families)")
    for key in wiki_keys:
        if key not in wikis:
            raise r.fail("wikis", f"no [wikis.{key}] table for {key!r}")
    namespaces = tuple(_list_of(r, "namespaces", int, [0]))
    if not namespaces:
        raise r.fail("namespaces", "must not be empty")
    global_wiki = r.get("global_wiki", str, "", "a wiki key")
    if global_wiki and global_wiki not in wikis:
        raise r.fail("global_wiki", f"no [wikis.{global_wiki}] table for {global_wiki!r}")
    global_page = _title(r, "global_page", "")
    if bool(global_wiki) != bool(global_page):
        raise r.fail("global_page" if global_wiki else "global_wiki",
                     "global_wiki and global_page go together")  # fmt: skip
    hub_wiki = r.get("hub_wiki", str, "", "a wiki key")
    if hub_wiki and hub_wiki not in wikis:
        raise r.fail("hub_wiki", f"no [wikis.{hub_wiki}] table for {hub_wiki!r}")
    hub_page = _title(r, "hub_page", "")
    if bool(hub_wiki) != bool(hub_page):
        raise r.fail("hub_page" if hub_wiki else "hub_wiki", "hub_wiki and hub_page go together")
    campaign = CampaignConfig(
        id=cid,
        start=start,
        end=end,
        wikis=wiki_keys,
        hashtags=hashtags,
        namespaces=namespaces,
        rank_unregistered=r.get("rank_unregistered", bool, False, "true or false"),
        global_wiki=global_wiki,
        global_page=global_page,
        report_limit=int(r.number("report_limit", 500, 1, 100_000)),
        welcome=r.get("welcome", bool, True, "true or false"),
        welcome_limit=int(r.number("welcome_limit", 20, 0, 1000)),
        welcome_grace_days=int(r.number("welcome_grace_days", 7, 0, 90)),
        families=tuple(dict.fromkeys(families)),
        hub_wiki=hub_wiki,
        hub_page=hub_page,
    )
    r.finish()
    return campaign


def _list_of(r: _Reader, key: str, kind: type, default: Any = ...) -> list[Any]:
    values: list[Any] = r.get(key, list, default, "a list")
    for v in values:
        if not isinstance(v, kind) or isinstance(v, bool):
            raise r.fail(key, f"every item must be {_kind_name(kind)}, got {v!r}")
    return values


def _moment(r: _Reader, key: str, *, end_of_day: bool) -> datetime:
    value = r.get(key, (str, date, datetime), what="an ISO date or date-time")
    try:
        return parse_moment(value, end_of_day=end_of_day)
    except ValueError:
        raise r.fail(key, f"not an ISO date or date-time: {value!r}") from None
