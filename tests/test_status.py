"""`lib1ref status` as an operator reads it, after a scan and a publish on the real wiki."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from scripts.devwiki import DevWiki
from tests.helpers import lib1ref, write_config

GOOD = "A.<ref>{{cite book |title=A History |publisher=P |isbn=978-0-306-40615-7}}</ref>"

pytestmark = pytest.mark.usefixtures("password")


@pytest.mark.parametrize("welcome", [True, False])
def test_status_shows_one_timestamp_form_and_no_pending_welcomes_when_off(
    botwiki: DevWiki, tmp_path: Path, capsys: pytest.CaptureFixture[str], welcome: bool
) -> None:
    botwiki.edit("Alice", "Alpha", GOOD, summary="#1Lib1Ref")
    extra = "" if welcome else "welcome = false"
    config = write_config(tmp_path, botwiki.api_url, campaign_extra=extra)
    assert lib1ref(config, "scan") == 0
    assert lib1ref(config, "leaderboard") == 0
    capsys.readouterr()
    assert lib1ref(config, "status") == 0
    out = capsys.readouterr().out
    stamps = re.findall(r"\d{4}-\d\d-\d\d[T ][0-9:.+]+Z?", out)
    assert len(stamps) == 4, out  # checkpoint, last scan, leaderboard saved, profile read
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", s) for s in stamps), stamps
    assert "citation profile: packaged (read " in out, out  # the wiki publishes no Citoid map
    assert ("pending" in out) == welcome
    assert ("off for this campaign" in out) != welcome
