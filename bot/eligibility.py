"""Who may be welcomed, and what a welcome attempt's outcome means. Pure.

The welcome task gathers the facts (the user's groups and blocks, a global lock,
the opt-out page, the talk page's text) and these functions decide.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .errors import ExclusionRefused, RedirectRefused, SaveRefused
from .exclusion import DEFAULT_TEMPLATES, ExclusionTemplates, bots_allowed, normalize
from .records import EditStatus, WelcomeStatus
from .welcome import MESSAGE_TYPE, already_welcomed

Verdict = Literal["welcome", "skip", "already"]


@dataclass(frozen=True)
class Account:
    """What the wiki says of a candidate's account."""

    exists: bool
    groups: tuple[str, ...] = ()
    blocked: bool = False
    locked: bool = False  # globally locked (CentralAuth)
    temporary: bool = False  # a temporary account, as the wiki says (never from the name)


@dataclass(frozen=True)
class Decision:
    verdict: Verdict
    reason: str = ""


def account_reason(account: Account | None, user: str, optout: set[str]) -> str:
    """Why this account is never welcomed; "" when nothing about the account forbids it."""
    if account is None or not account.exists:
        return "no such user"
    if account.temporary:
        return "a temporary account"
    if "bot" in account.groups:
        return "a bot account"
    if account.blocked:
        return "blocked"
    if normalize(user) in optout:
        return "listed on the opt-out page"
    if account.locked:
        return "globally locked"
    return ""


USER_TALK = 3


def talk_page(
    user: str, redirect: tuple[str, int] | None, renamed_to: str | None = None
) -> tuple[str, str]:
    """The talk page to welcome `user` on and "", or "" and why not.

    A talk page that redirects is followed only to this user's own talk page, or to the
    talk page of the name they were renamed to (`redirect`: the final title and its
    namespace); any other target (another user, a project page, a subpage) is skipped."""
    if redirect is None:
        return f"User talk:{user}", ""
    title, namespace = redirect
    name = title.partition(":")[2]
    own = {normalize(user), normalize(renamed_to or user)}
    if namespace == USER_TALK and normalize(name) in own:
        return title, ""
    return "", f"the talk page redirects to [[{title}]], not to this user's own talk page"


NO_COUNTED_EDIT = "no counted edit left (reverted or deleted since the scan)"


def without_counted_edit(
    candidates: list[str], revids: dict[str, list[int]], statuses: list[EditStatus]
) -> set[str]:
    """The candidates none of whose counted edits (`revids`) still counts, by a re-check's
    `statuses` (reverted since, deleted or hidden)."""
    gone = {s.revid for s in statuses if s.reverted or s.deleted}
    return {u for u in candidates if not set(revids.get(u, ())) - gone}


def talk_decision(
    talk_text: str | None,
    campaign_id: str,
    bot_user: str,
    templates: ExclusionTemplates = DEFAULT_TEMPLATES,
) -> Decision:
    """What the current talk page says: welcomed before (the marker), excluded, or go."""
    if talk_text and already_welcomed(talk_text, campaign_id):
        return Decision("already", "marker found on the talk page")
    if talk_text and not bots_allowed(talk_text, bot_user, MESSAGE_TYPE, templates):
        return Decision("skip", "talk page excludes the bot ({{nobots}}/{{bots}})")
    return Decision("welcome")


def refusal_status(error: SaveRefused) -> WelcomeStatus:
    """How a refused welcome is recorded: `skipped` when the talk page excludes the bot
    (checked again later, costs no attempt), `failed` when the same save may succeed
    later (a conflict: retried up to the attempt limit), `refused` when it cannot (a
    protected page, an abuse filter, a blacklist: never tried again)."""
    if isinstance(error, (ExclusionRefused, RedirectRefused)):
        return "skipped"
    return "failed" if error.retryable else "refused"
