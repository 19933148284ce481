"""Who is welcomed (pure): accounts, the opt-out page, the talk page."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bot import errors
from bot.eligibility import (
    Account,
    account_reason,
    refusal_status,
    talk_decision,
    talk_page,
    without_counted_edit,
)
from bot.optout import parse_optout
from bot.records import EditStatus
from bot.welcome import load_welcome

CASES = json.loads(
    (Path(__file__).parent / "data" / "core" / "welcome_decisions.json").read_text("utf-8")
)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["id"])
def test_talk_page_decides(case: dict[str, Any]) -> None:
    assert talk_decision(case["talk"], "test", "Lib1RefBot").verdict == case["expect"]


@pytest.mark.parametrize(
    ("account", "user", "reason"),
    [
        (None, "Ghost", "no such user"),
        (Account(exists=False), "Ghost", "no such user"),
        (Account(exists=True, groups=("bot",)), "HelperBot", "a bot account"),
        (Account(exists=True, temporary=True), "~2026-1", "a temporary account"),
        (Account(exists=True, groups=("user",)), "~2026-12345-6", ""),
        (Account(exists=True, blocked=True), "Vandal", "blocked"),
        (Account(exists=True), "Opted Out", "listed on the opt-out page"),
        (Account(exists=True, locked=True), "Locked", "globally locked"),
        (Account(exists=True, groups=("user", "autoconfirmed")), "Alice", ""),
    ],
)
def test_accounts_never_welcomed(account: Account | None, user: str, reason: str) -> None:
    assert account_reason(account, user, {"opted out"}) == reason


OPTOUT = json.loads((Path(__file__).parent / "data" / "core" / "optout.json").read_text("utf-8"))


@pytest.mark.parametrize("case", OPTOUT, ids=lambda c: c["id"])
def test_optout_page_names(case: dict[str, Any]) -> None:
    forms = load_welcome(case["lang"]).optout_forms
    assert parse_optout(case["text"], forms) == set(case["names"]), case["why"]


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (errors.PageProtected, "refused"),
        (errors.AbuseFilterRefused, "refused"),
        (errors.SpamBlacklisted, "refused"),
        (errors.TitleBlacklisted, "refused"),
        (errors.EditConflict, "failed"),
        (errors.OtherRefusal, "failed"),
        (errors.ExclusionRefused, "skipped"),
    ],
)
def test_a_refused_welcome_is_retried_only_when_it_can_succeed(
    error: type[errors.SaveRefused], status: str
) -> None:
    assert refusal_status(error("User talk:Alice", "why")) == status


def test_a_candidate_is_dropped_only_when_every_counted_edit_is_gone() -> None:
    revids = {"Reverted": [1], "Deleted": [2], "Half": [3, 4], "Fine": [5], "Hidden": [6]}
    statuses = [
        EditStatus(1, reverted=True, deleted=False),
        EditStatus(2, reverted=False, deleted=True),
        EditStatus(3, reverted=True, deleted=False),
        EditStatus(4, reverted=False, deleted=False),
        EditStatus(5, reverted=False, deleted=False),
        EditStatus(6, reverted=False, deleted=True),
    ]
    candidates = [*revids, "NoEditsLeft"]
    assert without_counted_edit(candidates, revids, statuses) == {
        "Reverted", "Deleted", "Hidden", "NoEditsLeft"
    }  # fmt: skip


@pytest.mark.parametrize(
    ("redirect", "renamed_to", "talk"),
    [
        (None, None, "User talk:Alice"),
        (("User talk:Alice", 3), None, "User talk:Alice"),
        (("User talk:Alice B", 3), "Alice B", "User talk:Alice B"),
        (("Usuario discusión:Alice", 3), None, "Usuario discusión:Alice"),
        (("User talk:Bob", 3), None, ""),
        (("User talk:Alice/Archive", 3), None, ""),
        (("User:Alice", 2), None, ""),
        (("Project:Help desk", 4), None, ""),
    ],
    ids=["no-redirect", "own", "rename-target", "localized-namespace", "other-user",
         "subpage", "user-page", "project-page"],
)  # fmt: skip
def test_a_redirecting_talk_page_is_followed_only_to_the_users_own(
    redirect: tuple[str, int] | None, renamed_to: str | None, talk: str
) -> None:
    title, reason = talk_page("Alice", redirect, renamed_to)
    assert title == talk
    assert bool(reason) is (talk == "")
