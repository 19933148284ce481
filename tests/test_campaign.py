"""The campaign calendar (pure): which jobs run when, what a scan reads, the daily series."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from bot.campaign import (
    advance,
    campaign_days,
    lag_seconds,
    publishing,
    rechecking,
    scan_window,
    scanning,
    totals,
    welcoming,
)
from bot.config import CampaignConfig
from bot.records import Change, Checkpoint
from bot.render.model import Standing
from bot.timestamps import parse_ts

DATA = Path(__file__).parent / "data" / "core"
CAMPAIGN = CampaignConfig(
    id="jan",
    start=datetime(2027, 1, 15, tzinfo=UTC),
    end=datetime(2027, 2, 5, 23, 59, 59, tzinfo=UTC),
    wikis=("en",),
    welcome_grace_days=3,
)


def _cases(name: str) -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = json.loads((DATA / name).read_text(encoding="utf-8"))
    return cases


def _t(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


@pytest.mark.parametrize("case", _cases("scan_windows.json"), ids=lambda c: c["id"])
def test_scan_window(case: dict[str, Any]) -> None:
    now = _t(case["now"])
    assert now is not None
    window = scan_window(CAMPAIGN, _t(case["checkpoint"]), _t(case["since"]), now)
    if case["expect"] is None:
        assert window is None
    else:
        assert window is not None
        assert (window.start, window.end) == tuple(_t(x) for x in case["expect"])


@pytest.mark.parametrize("case", _cases("windows.json"), ids=lambda c: c["id"])
def test_which_jobs_run_when(case: dict[str, Any]) -> None:
    now = _t(case["now"])
    assert now is not None
    assert publishing(CAMPAIGN, now) is case["publishing"]
    assert welcoming(CAMPAIGN, now) is case["welcoming"]
    assert rechecking(CAMPAIGN, now) is case["rechecking"]
    assert scanning(CAMPAIGN, now) is case["scanning"]


def test_no_welcomes_when_the_campaign_turns_them_off() -> None:
    from dataclasses import replace

    quiet = replace(CAMPAIGN, welcome=False)
    assert not welcoming(quiet, datetime(2027, 1, 20, tzinfo=UTC))


def _change(rcid: int, ts: str) -> Change:
    return Change(rcid=rcid, revid=rcid, parent_revid=0, page_id=1, title="A", namespace=0,
                  user="U", user_kind="registered", timestamp=parse_ts(ts), comment="")  # fmt: skip


def test_checkpoint_advances_to_the_last_change_and_never_back() -> None:
    page = [_change(5, "2027-01-16T10:00:00Z"), _change(9, "2027-01-16T10:00:01Z")]
    assert advance(None, page) == Checkpoint(parse_ts("2027-01-16T10:00:01Z"), 9)
    later = Checkpoint(parse_ts("2027-01-16T11:00:00Z"), 20)
    assert advance(later, page) == later  # an overlapping re-read does not move it back
    assert advance(later, []) == later
    same_second = Checkpoint(parse_ts("2027-01-16T10:00:01Z"), 7)
    assert advance(same_second, page) == Checkpoint(parse_ts("2027-01-16T10:00:01Z"), 9)


def test_every_campaign_day_is_in_the_series_and_totals_add_up() -> None:
    days = campaign_days(CAMPAIGN, {"2027-01-15": 3, "2027-02-05": 1, "2027-03-01": 9})
    assert len(days) == 22
    assert days[0] == ("2027-01-15", 3) and days[-1] == ("2027-02-05", 1)
    assert days[1] == ("2027-01-16", 0)
    assert date.fromisoformat(days[10][0]) == date(2027, 1, 25)
    a = Standing("A", "registered", 2, 3, 1, 4, ("fr", "en"), "2027-01-15T01:00:00Z",
                 "2027-01-16T01:00:00Z")  # fmt: skip
    b = Standing("10.0.0.1", "ip", 0, 1, 0, 1, ("en",), "2027-01-15T02:00:00Z",
                 "2027-01-15T02:00:00Z")  # fmt: skip
    t = totals([a, b], days)
    assert (t.participants, t.edits, t.citations, t.well_formed) == (2, 5, 4, 2)
    assert t.wikis == ("en", "fr")
    assert t.daily == days


def test_lag_counts_up_to_now_or_the_campaign_end() -> None:
    at = datetime(2027, 1, 20, 12, 0, tzinfo=UTC)
    assert lag_seconds(CAMPAIGN, None, at) is None
    assert lag_seconds(CAMPAIGN, at, datetime(2027, 1, 20, 12, 5, tzinfo=UTC)) == 300
    assert lag_seconds(CAMPAIGN, CAMPAIGN.end, datetime(2027, 3, 1, tzinfo=UTC)) == 0
    assert lag_seconds(CAMPAIGN, at, datetime(2027, 1, 20, 11, 0, tzinfo=UTC)) == 0
