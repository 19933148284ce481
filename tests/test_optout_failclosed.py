"""Fail closed: a participant who asked, on their own wiki, not to be listed is not named on
the global and hub pages when that wiki's opt-outs could not be read in this run (the wiki
was down): those two pages wait for a run that reads them; the wikis' own pages still go out.
Two real local wikis; the one that fails is reached through tests/faultproxy.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from scripts.devwiki import DevWiki, build_template
from tests.faultproxy import Fault, fault_proxy
from tests.helpers import lib1ref, write_config

GOOD = "A.<ref>{{cite book |title=A History |publisher=P |isbn=978-0-306-40615-7}}</ref>"
BOARD = "Project:1Lib1Ref/Leaderboard"
GLOBAL = "Project:1Lib1Ref/Global"
HUB = "Project:1Lib1Ref/Hub"
HIDDEN = "a participant who asked not to be listed"


@pytest.mark.usefixtures("password")
def test_global_and_hub_wait_for_a_wiki_whose_optouts_could_not_be_read(
    botwiki: DevWiki,
    tmp_path: Path,
    tmp_path_factory: pytest.TempPathFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    other = DevWiki.create(tmp_path_factory.mktemp("other") / "wiki", build_template())
    other.start()
    try:
        botwiki.edit("Bob", "Beta", GOOD, summary="#1Lib1Ref")
        botwiki.edit("Bob", "User:Bob", "{{bots|optout=lib1ref-leaderboard}}")
        other.edit("Alice", "Alpha", GOOD, summary="#1Lib1Ref")
        with fault_proxy(botwiki.api_url) as proxy:
            # `localhost`: the same machine under another cookie domain (one cookie jar).
            second = other.api_url.replace("127.0.0.1", "localhost")
            config = write_config(tmp_path, proxy.api_url, second_wiki_api=second,
                                  extra_top="retry_max = 1",
                                  campaign_extra=f'global_wiki = "other"\nglobal_page = "{GLOBAL}"'
                                  f'\nhub_wiki = "other"\nhub_page = "{HUB}"')  # fmt: skip
            assert lib1ref(config, "scan") == 0
            down = proxy.add(Fault("", 503, {"Retry-After": "1"}, "<h1>down</h1>", times=-1))
            caplog.clear()
            assert lib1ref(config, "leaderboard") == 1
            assert down.hits > 0
            assert "Alice" in (other.page_text(BOARD) or "")  # the wiki's own page went out
            assert other.page_text(GLOBAL) is None and other.page_text(HUB) is None
            skipped = [r.getMessage() for r in caplog.records if "skipped" in r.getMessage()]
            assert skipped == ["leaderboard: global and hub pages of test skipped: the opt-outs "
                               "of local could not be read"]  # fmt: skip

            proxy.faults.clear()  # back up: the next run reads its opt-outs, and publishes
            assert lib1ref(config, "leaderboard") == 0
        for title in (GLOBAL, HUB):
            text = other.page_text(title) or ""
            assert "Alice" in text and HIDDEN in text and "Bob" not in text, title
    finally:
        other.stop()
