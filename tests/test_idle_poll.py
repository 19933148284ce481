"""An idle poll costs one request per wiki (issue 17), counted on the real local wiki.

The scan runs every ten minutes in a fresh process. It reads anonymously, even on a wiki it
posts to, and logs in only when a request needs it (a save) or when logging in saves
requests (many revisions to read, 500 a request with `apihighlimits`). The site info
pywikibot needs is kept between runs beside the database (`bot.wiki.siteinfo`): public site
info only, never the token or a cookie.
"""

from __future__ import annotations

import json
import sqlite3
import stat
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from bot.config import load_config
from bot.errors import LoginError
from bot.wiki import client, connect, family_name, siteinfo
from scripts.devwiki import BOT_TOKEN, BOT_USER, DevWiki
from scripts.sitematrix_server import Site, Sitematrix, serve_sitematrix
from tests.helpers import counted_run, kinds, secrets_on_disk, write_config


def scan_requests(config: Path, api_url: str) -> list[dict[str, list[str]]]:
    """The requests (their parameters) one scan in a fresh process sends to the wiki."""
    done = counted_run(config, api_url, "scan")
    assert done.code == 0, done.stderr
    return done.requests


def cache_entry(config: Path, api_url: str) -> Path:
    return siteinfo.folder(load_config(config).database) / f"{family_name(api_url)}.json"


@pytest.fixture(autouse=True)
def _forget_sessions() -> Iterator[None]:
    """A clean cookie jar: the wikis of the suite share the host 127.0.0.1 (a jar is kept by
    host, not port), and these tests count a login."""
    from bot.wiki.setup import _import_pywikibot

    _import_pywikibot()
    from pywikibot.comms import http

    http.session.cookies.clear()
    yield
    http.session.cookies.clear()


def test_an_idle_poll_of_a_posting_wiki_costs_one_request(botwiki: DevWiki, tmp_path: Path) -> None:
    botwiki.edit("Alice", "Alpha", "Text.", summary="untagged")
    config = write_config(tmp_path, botwiki.api_url)
    first = scan_requests(config, botwiki.api_url)
    assert kinds(first) == ["siteinfo|userinfo", "recentchanges|userinfo"]
    # Every later poll with nothing new: the recent changes alone, no login, no site info.
    assert kinds(scan_requests(config, botwiki.api_url)) == ["recentchanges|userinfo"]
    assert kinds(scan_requests(config, botwiki.api_url)) == ["recentchanges|userinfo"]
    assert all(r.get("maxlag") for r in first)  # the site info request carries maxlag too

    entry = cache_entry(config, botwiki.api_url)
    assert stat.S_IMODE(entry.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600
    text = entry.read_text(encoding="utf-8")
    assert BOT_USER not in text and "token" not in text.lower()
    assert secrets_on_disk(tmp_path) == []


def test_an_idle_poll_of_a_read_only_wiki_costs_one_request(
    botwiki: DevWiki, tmp_path: Path
) -> None:
    """A wiki of a family (no account, never written): the same single request."""
    botwiki.edit("Alice", "Alpha", "Text.", summary="untagged")
    with serve_sitematrix(Sitematrix([Site("simple", "simplewiki", botwiki.base_url)])) as matrix:
        top = f'[sitematrix]\napi = "{matrix.url}"\napi_path = "/api.php"\n'
        config = write_config(tmp_path, botwiki.api_url, extra_top=top,
                              campaign_extra='families = ["wikipedia"]')  # fmt: skip
        text = config.read_text(encoding="utf-8")
        head, rest = text.split("[wikis.local]", 1)  # the family alone: nothing posts
        config.write_text(head + "[[campaigns]]" + rest.split("[[campaigns]]", 1)[1]
                          .replace('wikis = ["local"]', ""), encoding="utf-8")  # fmt: skip
        first = scan_requests(config, botwiki.api_url)
        later = scan_requests(config, botwiki.api_url)
    assert kinds(first) == ["siteinfo|userinfo", "recentchanges|userinfo"]
    assert kinds(later) == ["recentchanges|userinfo"]


def test_site_info_is_read_again_when_unusable_expired_or_contradicted(
    botwiki: DevWiki, tmp_path: Path
) -> None:
    config = write_config(tmp_path, botwiki.api_url, namespaces=(0, 4))
    scan_requests(config, botwiki.api_url)
    entry = cache_entry(config, botwiki.api_url)
    cached = json.loads(entry.read_text(encoding="utf-8"))
    old_name = cached["query"]["namespaces"]["4"]["name"]

    # An entry pywikibot cannot use (another layout, a truncated file): read again.
    broken = {**cached, "query": {**cached["query"], "general": {"sitename": "DevWiki"}}}
    for text in (json.dumps(broken), entry.read_text(encoding="utf-8")[:100]):
        entry.write_text(text, encoding="utf-8")
        assert kinds(scan_requests(config, botwiki.api_url)) == [
            "siteinfo|userinfo", "recentchanges|userinfo"]  # fmt: skip
    reread = json.loads(entry.read_text(encoding="utf-8"))["query"]
    assert reread["namespaces"] == cached["query"]["namespaces"]
    assert reread["general"].keys() == cached["query"]["general"].keys()

    # Expired (older than a day): read again, once, and kept again.
    cached["fetched"] = (datetime.now(UTC) - siteinfo.TTL - timedelta(minutes=1)).isoformat()
    entry.write_text(json.dumps(cached), encoding="utf-8")
    assert kinds(scan_requests(config, botwiki.api_url)) == [
        "siteinfo|userinfo", "recentchanges|userinfo"]  # fmt: skip
    assert kinds(scan_requests(config, botwiki.api_url)) == ["recentchanges|userinfo"]

    # The wiki renames its project namespace while the entry is fresh: the first change
    # the scan meets there contradicts the entry, which is read again at once.
    rename_project_namespace(botwiki, "Campaignwiki")
    botwiki.edit("Alice", "Campaignwiki:Sources", "Text.<ref>{{cite web |title=T}}</ref>",
                 summary="#1Lib1Ref")  # fmt: skip
    assert "siteinfo|userinfo" in kinds(scan_requests(config, botwiki.api_url))
    fresh = json.loads(entry.read_text(encoding="utf-8"))["query"]["namespaces"]["4"]["name"]
    assert old_name != "Campaignwiki" and fresh == "Campaignwiki"
    # Kept: the next scan reads no site info (it re-checks the recorded edit: renames,
    # reverts and deletions, as any scan during the campaign does).
    assert kinds(scan_requests(config, botwiki.api_url)) == [
        "logevents|userinfo", "recentchanges|userinfo", "revisions|userinfo"]  # fmt: skip
    # ... and the run was right: the edit is recorded under its title, with its citation.
    with sqlite3.connect(load_config(config).database) as db:
        rows = db.execute("SELECT page_title, namespace, citations_added FROM edits").fetchall()
    db.close()
    assert rows == [("Campaignwiki:Sources", 4, 1)]


def rename_project_namespace(wiki: DevWiki, name: str) -> None:
    """Rename the wiki's project namespace, and wait until the running server answers with
    the new name."""

    def renamed() -> bool:
        info = wiki.api_get(action="query", meta="siteinfo", siprop="namespaces",
                            format="json", formatversion="2")  # fmt: skip
        return info["query"]["namespaces"]["4"]["name"] == name

    wiki.add_settings(f'$wgMetaNamespace = "{name}";', renamed, "the project namespace's name")


class Sent:
    """The parameters of every request pywikibot sends to one host."""

    def __init__(self, api_url: str) -> None:
        self.host = urlsplit(api_url).netloc
        self.bodies: list[dict[str, list[str]]] = []

    def __call__(self, response: Any, *args: Any, **kwargs: Any) -> None:
        if urlsplit(response.url).netloc == self.host:
            body = response.request.body or ""
            self.bodies.append(parse_qs(body if isinstance(body, str) else body.decode()))


@pytest.fixture
def sent(botwiki: DevWiki) -> Iterator[Sent]:
    from pywikibot.comms import http

    counter = Sent(botwiki.api_url)
    http.session.hooks.setdefault("response", []).append(counter)
    yield counter
    http.session.hooks["response"].remove(counter)


def test_a_lazy_session_logs_in_when_it_pays_and_before_a_save(
    botwiki: DevWiki, tmp_path: Path, sent: Sent
) -> None:
    config = load_config(write_config(tmp_path, botwiki.api_url))
    wiki = connect(config, "local", BOT_TOKEN, edits=False, lazy=True)
    try:
        assert not wiki.logged_in and wiki.text_batch == 50
        revids = [botwiki.edit("Alice", "Alpha", f"Text {i}.", summary="seed") for i in range(3)]
        unknown = list(range(10**6, 10**6 + 600))
        # 63 revisions: 2 requests anonymously, cheaper than a login: no login.
        before = wiki.requests
        statuses = wiki.revision_statuses(revids + unknown[:60])
        assert wiki.requests - before == 2 and not wiki.logged_in
        assert [s.deleted for s in statuses[:3]] == [False] * 3
        # 603 revisions: 13 requests anonymously, 6 + 2 logged in (500 a request).
        before = wiki.requests
        statuses = wiki.revision_statuses(revids + unknown)
        assert wiki.logged_in and wiki.text_batch == 500
        assert wiki.requests - before == client.LOGIN_REQUESTS + 2
        assert len(statuses) == 603 and all(s.deleted for s in statuses[3:])
        # A save on a lazy session: logged in, with assertuser, as the bot.
        result = wiki.save("Project:Lazy", lambda _: "Saved lazily.", "test")
        assert result.action == "saved"
        edit = [b for b in sent.bodies if b.get("action") == ["edit"]]
        assert edit and edit[-1]["assertuser"] == [BOT_USER]
    finally:
        wiki.close()
    rows = botwiki.api_get(action="query", prop="revisions", titles="Project:Lazy",
                           rvprop="user", format="json", formatversion="2")  # fmt: skip
    assert rows["query"]["pages"][0]["revisions"][0]["user"] == BOT_USER


def test_a_lazy_session_with_a_wrong_password_fails_in_one_line_at_its_first_save(
    botwiki: DevWiki, tmp_path: Path
) -> None:
    config = load_config(write_config(tmp_path, botwiki.api_url))
    wiki = connect(config, "local", "0" * 32, edits=False, lazy=True)  # reads need no login
    try:
        with pytest.raises(LoginError, match="wrong BotPassword") as caught:
            wiki.save("Project:Lazy", lambda _: "Never saved.", "test")
        assert "\n" not in str(caught.value)
    finally:
        wiki.close()
    assert botwiki.api_get(action="query", titles="Project:Lazy", format="json",
                           formatversion="2")["query"]["pages"][0].get("missing")  # fmt: skip


def test_a_lazy_session_logs_in_for_many_pages_only_when_it_pays(
    botwiki: DevWiki, tmp_path: Path
) -> None:
    """The report's recheck (the articles' current text) and the opt-out lookup (which user
    pages transclude {{bots}}) read titles 50 a request anonymously, 500 logged in: a short
    list is read anonymously, a long one after a login (6 requests) when that costs less."""
    botwiki.edit("Alice", "Alpha", "{{bots}} Text.", summary="seed")
    config = load_config(write_config(tmp_path, botwiki.api_url))
    wiki = connect(config, "local", BOT_TOKEN, lazy=True)
    try:
        few = ["Alpha", *[f"Missing {i}" for i in range(59)]]  # 2 requests anonymously
        before = wiki.requests
        assert wiki.transcluding(few, "Template:Bots") == {"Alpha"}
        assert wiki.requests - before == 2 and not wiki.logged_in
        many = ["Alpha", *[f"Missing {i}" for i in range(599)]]  # 12 anonymously, 6 + 2
        before = wiki.requests
        pages = wiki.current_pages(many)
        assert wiki.logged_in and wiki.requests - before == client.LOGIN_REQUESTS + 2
        assert pages["Alpha"].text == "{{bots}} Text." and pages["Missing 9"].text is None
    finally:
        wiki.close()
