"""Campaign scale against the real local MediaWiki: no request where no work is due, the
largest revision batches the account may ask for, and the wiki's page size limit."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from bot.config import load_config
from bot.wiki import connect, prepare
from scripts.devwiki import ADMIN, DevWiki
from tests.helpers import lib1ref, write_config


class Requests:
    """Every HTTP request pywikibot sends to one host (login and site info included)."""

    def __init__(self, api_url: str) -> None:
        self.host = urlsplit(api_url).netloc
        self.count = 0

    def __call__(self, response: Any, *args: Any, **kwargs: Any) -> None:
        if urlsplit(response.url).netloc == self.host:
            self.count += 1


@pytest.fixture
def requests_to(tmp_path: Path) -> Iterator[Any]:
    hooks: list[Any] = []

    def install(config: Path, api_url: str) -> Requests:
        prepare(load_config(config), None)  # pywikibot imported the project's way
        from pywikibot.comms import http

        counter = Requests(api_url)
        http.session.hooks.setdefault("response", []).append(counter)
        hooks.append(counter)
        return counter

    yield install
    from pywikibot.comms import http

    for counter in hooks:
        http.session.hooks["response"].remove(counter)


def test_a_wiki_outside_every_campaign_gets_no_request(
    botwiki: DevWiki, tmp_path: Path, password: str, requests_to: Any
) -> None:
    botwiki.edit("Alice", "Alpha", "Text.<ref>{{cite web |title=T}}</ref>", summary="#1Lib1Ref")
    now = datetime.now(UTC)
    early = write_config(tmp_path, botwiki.api_url, start=now + timedelta(days=1),
                         end=now + timedelta(days=20), name="early.toml")  # fmt: skip
    over = write_config(tmp_path, botwiki.api_url, start=now - timedelta(days=40),
                        end=now - timedelta(days=8, minutes=1), name="over.toml")  # fmt: skip
    counter = requests_to(early, botwiki.api_url)
    assert lib1ref(early, "scan") == 0
    assert lib1ref(over, "scan") == 0
    assert counter.count == 0
    # The same wiki during its campaign is read (the counter sees the bot's requests).
    running = write_config(tmp_path, botwiki.api_url, name="running.toml")
    assert lib1ref(running, "scan") == 0
    assert counter.count > 0


@pytest.mark.parametrize(("highlimits", "requests"), [(True, 1), (False, 2)])
def test_revision_texts_come_500_a_request_with_apihighlimits(
    botwiki: DevWiki, tmp_path: Path, password: str, highlimits: bool, requests: int
) -> None:
    if not highlimits:  # the bot group has the right by default; take it away
        botwiki.add_settings(
            "$wgGroupPermissions['bot']['apihighlimits'] = false;\n"
            "$wgGroupPermissions['sysop']['apihighlimits'] = false;",
            lambda: not any("apihighlimits" in g.get("rights", []) for g in _groups(botwiki)),
            "apihighlimits taken from bots and sysops",
        )
    revids = [botwiki.edit(ADMIN, f"Page {i}", f"Text {i}.", summary="seed") for i in range(60)]
    config = load_config(write_config(tmp_path, botwiki.api_url))
    wiki = connect(config, "local", password)
    try:
        assert wiki.site.has_right("apihighlimits") is highlimits
        before = wiki.requests
        texts = wiki.revisions(revids)
        assert wiki.requests - before == requests  # 60 texts: 1 request of 500, or 2 of 50
        assert {r: t.text for r, t in texts.items()} == {
            r: f"Text {i}." for i, r in enumerate(revids)
        }
    finally:
        wiki.close()


def test_the_wiki_says_how_large_a_page_may_be(botwiki: DevWiki, tmp_path: Path) -> None:
    import json
    import urllib.request

    config = load_config(write_config(tmp_path, botwiki.api_url))
    url = f"{botwiki.api_url}?action=query&meta=siteinfo&siprop=general&format=json"
    with urllib.request.urlopen(url) as r:
        expected = json.load(r)["query"]["general"]["maxarticlesize"]
    wiki = connect(config, "local", None, login=False)
    try:
        assert wiki.page_limit == expected
    finally:
        wiki.close()


def _groups(wiki: DevWiki) -> list[dict[str, Any]]:
    """The wiki's user groups with their rights, as its server answers now."""
    info = wiki.api_get(action="query", meta="siteinfo", siprop="usergroups")
    return info["query"]["usergroups"]
