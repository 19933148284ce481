"""What a test does to the wiki over the API: edit, rollback, hide, protect, block, delete,
undelete.

Every action raises :class:`DevWikiApiError` when the wiki refuses it, with the API's error
code in ``.code`` (e.g. ``abusefilter-disallowed``, ``spamblacklist``, ``protectedpage``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .accounts import ADMIN
from .client import WikiClient
from .errors import DevWikiError


class WikiActions(WikiClient):
    """The actions, as any account (Admin for the admin ones unless told otherwise)."""

    def edit(
        self,
        user: str,
        title: str,
        text: str,
        summary: str = "",
        minor: bool = False,
        bot: bool = False,
        **extra: Any,
    ) -> int:
        """Save ``text`` on ``title`` as ``user``; return the new revision id.

        On a null edit (text unchanged) return the page's current revision id.
        """
        result = self.api_post(
            user,
            action="edit",
            title=title,
            text=text,
            summary=summary,
            minor=minor or None,
            notminor=None if minor else True,
            bot=bot or None,
            **extra,
        )["edit"]
        if result.get("result") != "Success":
            raise DevWikiError(f"edit of {title!r} as {user} failed: {result}")
        if "newrevid" in result:
            return int(result["newrevid"])
        return self.latest_revid(title)

    def rollback(
        self,
        admin_user: str,
        title: str,
        user_to_revert: str,
        *,
        summary: str | None = None,
        markbot: bool = False,
    ) -> int:
        """Roll back the last edits of ``user_to_revert`` on ``title``; return the new revid."""
        result = self.api_post(
            admin_user,
            token="rollback",
            action="rollback",
            title=title,
            user=user_to_revert,
            summary=summary,
            markbot=markbot or None,
        )["rollback"]
        return int(result["revid"])

    def hide_revision(
        self,
        revid: int,
        hide: Iterable[str] = ("comment",),
        *,
        unhide: Iterable[str] = (),
        reason: str = "",
        suppress: bool = False,
        user: str = ADMIN,
    ) -> None:
        """Revision-delete parts (``content``, ``comment``, ``user``) of a revision as Admin."""
        result = self.api_post(
            user,
            action="revisiondelete",
            type="revision",
            ids=str(revid),
            hide="|".join(hide) or None,
            show="|".join(unhide) or None,
            reason=reason,
            suppress="yes" if suppress else None,
        )["revisiondelete"]
        problems = [item.get("errors") for item in result.get("items", []) if item.get("errors")]
        if result.get("status") != "Success" or problems:
            raise DevWikiError(f"revisiondelete of {revid} failed: {result}")

    def protect(
        self,
        title: str,
        edit: str | None = "sysop",
        *,
        move: str | None = None,
        create: str | None = None,
        expiry: str = "infinite",
        reason: str = "",
        user: str = ADMIN,
    ) -> None:
        """Protect ``title`` (``create=`` for a missing page) as Admin."""
        levels = {"edit": edit, "move": move, "create": create}
        protections = "|".join(f"{k}={v}" for k, v in levels.items() if v)
        if not protections:
            raise DevWikiError("protect: no protection level given")
        self.api_post(
            user,
            action="protect",
            title=title,
            protections=protections,
            expiry=expiry,
            reason=reason,
        )

    def block(
        self, user: str, *, expiry: str = "infinite", reason: str = "", by: str = ADMIN
    ) -> None:
        self.api_post(by, action="block", user=user, expiry=expiry, reason=reason)

    def delete_page(self, title: str, *, reason: str = "", user: str = ADMIN) -> None:
        self.api_post(user, action="delete", title=title, reason=reason)

    def undelete_page(self, title: str, *, reason: str = "", user: str = ADMIN) -> None:
        """Restore every deleted revision of ``title`` (they keep their revision ids)."""
        self.api_post(user, action="undelete", title=title, reason=reason)
