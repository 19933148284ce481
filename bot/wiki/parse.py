"""API rows into frozen records. Pure: plain dicts in, records out, no pywikibot.

The rows are those of `list=recentchanges`, `prop=revisions` (with `rvslots=main`)
and `list=users` in the API's JSON (format version 1: flags are present-or-absent
keys such as `"anon": ""`, `"texthidden": ""`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..errors import WikiError
from ..records import Change, Revision, user_kind
from ..renames import Rename
from ..timestamps import parse_ts

_HIDDEN_KEYS = ("texthidden", "sha1hidden", "userhidden", "commenthidden", "suppressed")


@dataclass(frozen=True)
class UserInfo:
    name: str
    exists: bool
    groups: tuple[str, ...]
    blocked: bool
    locked: bool
    temporary: bool = False  # the wiki says so (implicit group `temp`), never the name


@dataclass(frozen=True)
class PageState:
    """A page as read just before a save: its text (None when missing), revision, namespace."""

    title: str
    text: str | None
    revid: int
    namespace: int
    redirect: bool = False


@dataclass(frozen=True)
class CurrentPage:
    """A page's current text (None when missing or hidden) and its latest revision: id, user
    ("" when hidden or unknown) and ISO 8601 timestamp. `text_hidden`: the page is there but
    its latest revision's text is revision-deleted (not to be taken for a deleted page)."""

    text: str | None
    revid: int = 0
    user: str = ""
    timestamp: str = ""
    text_hidden: bool = False


def parse_change(row: dict[str, Any]) -> Change:
    """A `list=recentchanges` row (an edit or a creation) as a `Change`."""
    user = row.get("user", "")
    is_new = row.get("type") == "new"
    return Change(
        rcid=int(row.get("rcid", 0)),
        revid=int(row.get("revid", 0)),
        parent_revid=0 if is_new else int(row.get("old_revid", 0)),
        page_id=int(row.get("pageid", 0)),
        title=row.get("title", ""),
        namespace=int(row.get("ns", 0)),
        user=user,
        user_kind=user_kind(user, anon=_flag(row, "anon"), temp=_flag(row, "temp")),
        timestamp=_timestamp(row),
        comment=row.get("comment", ""),
        bot=_flag(row, "bot"),
        comment_hidden=_flag(row, "commenthidden") or _flag(row, "suppressed"),
        user_hidden=_flag(row, "userhidden"),
        is_creation=is_new,
    )


def parse_revision(title: str, rev: dict[str, Any]) -> Revision:
    """A `prop=revisions` entry of page `title` as a `Revision` (text None when hidden)."""
    slot = rev.get("slots", {}).get("main", {})
    text = slot.get("content", slot.get("*", rev.get("*")))
    if _flag(slot, "texthidden") or _flag(rev, "texthidden"):
        text = None
    return Revision(
        revid=int(rev["revid"]),
        parent_revid=int(rev.get("parentid", 0)),
        title=title,
        text=text,
        tags=tuple(rev.get("tags", ())),
        timestamp=_timestamp(rev) if "timestamp" in rev else None,
        hidden=any(_flag(rev, k) or _flag(slot, k) for k in _HIDDEN_KEYS),
    )


def parse_revisions(result: dict[str, Any]) -> list[Revision]:
    """Every revision of every page in a `prop=revisions` answer."""
    return [
        parse_revision(page.get("title", ""), rev)
        for page in _pages(result)
        for rev in page.get("revisions", [])
    ]


def parse_latest_revision(result: dict[str, Any]) -> tuple[Revision, str] | None:
    """The first revision of the first page of a `prop=revisions` answer, and its user
    ("" when hidden); None when the page is missing."""
    for page in _pages(result):
        for rev in page.get("revisions", []):
            return parse_revision(page.get("title", ""), rev), str(rev.get("user", ""))
    return None


def parse_user(row: dict[str, Any]) -> UserInfo:
    """A `list=users` row (`usprop=groups|blockinfo`) as a `UserInfo` (never locked here)."""
    return UserInfo(
        name=row.get("name", ""),
        exists=not (_flag(row, "missing") or _flag(row, "invalid")),
        groups=tuple(row.get("groups", ())),
        blocked="blockid" in row,
        locked=False,
        temporary=_flag(row, "temp") or "temp" in row.get("groups", ()),
    )


def parse_page(result: dict[str, Any], title: str) -> PageState:
    """The one page of a `prop=revisions&titles=…` answer (missing: text None, revid 0)."""
    for page in _pages(result):
        name, namespace = page.get("title", title), int(page.get("ns", 0))
        for rev in page.get("revisions", []):
            return PageState(name, parse_revision(name, rev).text or "", int(rev["revid"]),
                             namespace, _flag(page, "redirect"))  # fmt: skip
        return PageState(name, None, 0, namespace)
    return PageState(title, None, 0, 0)


def parse_redirects(result: dict[str, Any]) -> dict[str, list[str]]:
    """The titles redirecting to each page of a `prop=redirects` answer."""
    return {
        page.get("title", ""): [r["title"] for r in page.get("redirects", []) if "title" in r]
        for page in _pages(result)
    }


def parse_redirect_targets(result: dict[str, Any]) -> dict[str, tuple[str, int]]:
    """For each redirect of a `titles=…&redirects=1` answer, the page it leads to (title,
    namespace), keyed by the title asked for (the API's normalized form)."""
    query = result.get("query", {})
    namespaces = {p.get("title", ""): int(p.get("ns", 0)) for p in _pages(result)}
    hops = {r["from"]: r["to"] for r in query.get("redirects", []) if "from" in r and "to" in r}
    out = {}
    for start in hops:
        end, seen = start, {start}
        while end in hops and hops[end] not in seen:  # chains: the API lists each hop
            end = hops[end]
            seen.add(end)
        out[start] = (end, namespaces.get(end, 0))
    return out


def parse_current_texts(result: dict[str, Any], asked: Sequence[str]) -> dict[str, str | None]:
    """Each title asked for with its current text (`parse_current_pages`, the text only)."""
    return {title: page.text for title, page in parse_current_pages(result, asked).items()}


def parse_current_pages(result: dict[str, Any], asked: Sequence[str]) -> dict[str, CurrentPage]:
    """Each title asked for in a `prop=revisions&titles=…&redirects=1` answer, with the
    current text and latest revision of the page it leads to (through normalisation and
    redirects); text None when that page is missing or its text hidden (`text_hidden`). A
    title the answer says nothing certain about (a page returned without revisions because
    the answer reached its size limit, or not returned at all) is left out: unknown is not
    gone."""
    query = result.get("query", {})
    renamed = {r["from"]: r["to"] for r in query.get("normalized", []) if "from" in r}
    hops = parse_redirect_targets(result)
    pages: dict[str, CurrentPage] = {}
    for page in _pages(result):
        revisions = page.get("revisions", [])
        title = page.get("title", "")
        if revisions:
            rev = revisions[0]
            user = "" if _flag(rev, "userhidden") else str(rev.get("user", ""))
            text = parse_revision(title, rev).text
            pages[title] = CurrentPage(text, int(rev.get("revid", 0)), user,
                                       str(rev.get("timestamp", "")), text is None)  # fmt: skip
        elif "missing" in page or "invalid" in page:
            pages[title] = CurrentPage(None)
    out: dict[str, CurrentPage] = {}
    for title in asked:
        name = renamed.get(title, title)
        name = hops.get(name, (name, 0))[0]
        if name in pages:
            out[title] = pages[name]
    return out


def parse_transcluding(result: dict[str, Any], asked: Sequence[str]) -> set[str]:
    """The titles asked for (as asked, through normalisation) whose page a
    `prop=templates&tltemplates=…` answer lists with one of the templates."""
    query = result.get("query", {})
    renamed = {r["from"]: r["to"] for r in query.get("normalized", []) if "from" in r}
    found = {page.get("title", "") for page in _pages(result) if page.get("templates")}
    return {title for title in asked if renamed.get(title, title) in found}


def parse_renames(result: dict[str, Any]) -> list[Rename]:
    """The entries of a `list=logevents&letype=renameuser` answer."""
    out = []
    for row in result.get("query", {}).get("logevents", []):
        params = row.get("params", {})
        old, new = params.get("olduser"), params.get("newuser")
        if old and new and "timestamp" in row:
            out.append(Rename(str(old), str(new), _timestamp(row)))
    return out


def globally_locked(result: dict[str, Any]) -> bool:
    """Whether a `meta=globaluserinfo` answer says the global account is locked."""
    return "locked" in result.get("query", {}).get("globaluserinfo", {})


def _flag(row: dict[str, Any], key: str) -> bool:
    """A flag of either JSON format: present as "" (version 1) or true (version 2)."""
    return key in row and row[key] is not False


def _pages(result: dict[str, Any]) -> list[dict[str, Any]]:
    pages = result.get("query", {}).get("pages", {})
    return list(pages.values()) if isinstance(pages, dict) else list(pages)


def _timestamp(row: dict[str, Any]) -> datetime:
    """The row's timestamp, parsed here once, as an aware UTC datetime."""
    try:
        return parse_ts(str(row.get("timestamp", "")))
    except ValueError:
        raise WikiError(f"the wiki sent a row without a readable timestamp: {row!r:.200}") from None
