"""Reading a wiki: recent changes, revisions in batches, statuses, users, page text.

Functions named `fetch_*` only read; each takes the `Api` of one wiki and returns
records from `parse`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any

from ..errors import WikiError
from ..exclusion import TEMPLATE_NAMESPACE, ExclusionTemplates
from ..records import Change, EditStatus, Revision
from ..renames import Rename
from .parse import (
    CurrentPage,
    PageState,
    UserInfo,
    globally_locked,
    parse_change,
    parse_current_pages,
    parse_page,
    parse_redirect_targets,
    parse_redirects,
    parse_renames,
    parse_revisions,
    parse_transcluding,
    parse_user,
)
from .submit import Api, json_brief

USERS_BATCH = 50  # names per list=users request
HIGH_BATCH = 500  # ids per request with `apihighlimits`
LOW_BATCH = 50  # ids per request without it (an anonymous reader)


def fetch_recent_changes(
    api: Api, start: str, end: str, namespaces: Sequence[int], limit: int | None
) -> Iterator[list[Change]]:
    """Edits and page creations from `start` to `end`, oldest first, a page at a time."""
    params = {
        "list": "recentchanges",
        "rcdir": "newer",
        "rcstart": start,
        "rcend": end,
        "rcnamespace": "|".join(str(n) for n in namespaces),
        "rctype": "edit|new",
        "rcprop": "user|userid|comment|flags|timestamp|title|ids",
        "rclimit": limit or "max",
    }
    for result in api.query(params):
        rows = result.get("query", {}).get("recentchanges", [])
        yield [parse_change(row) for row in rows]


def fetch_revisions(
    api: Api, revids: Sequence[int], *, content: bool, batch: int
) -> dict[int, Revision]:
    """Revisions by id, `batch` ids per request (with content) or as many as allowed."""
    out: dict[int, Revision] = {}
    size = batch if content else ids_batch(api.site)
    prop = "ids|timestamp|tags|user|comment|sha1" + ("|content" if content else "")
    for i in range(0, len(revids), size):
        chunk = revids[i : i + size]
        params = {"prop": "revisions", "revids": "|".join(map(str, chunk)), "rvprop": prop}
        if content:
            params["rvslots"] = "main"
        for result in api.query(params):
            out.update((rev.revid, rev) for rev in parse_revisions(result))
    return out


def fetch_revision_pair(api: Api, revid: int, batch: int) -> tuple[str, str, date | None]:
    """A revision's parent text ("" for a creation), its text, and its date."""
    new = fetch_revisions(api, [revid], content=True, batch=batch).get(revid)
    if new is None:
        raise WikiError(f"{api.key}: no revision {revid} (missing or deleted)")
    old = ""
    if new.parent_revid:
        parents = fetch_revisions(api, [new.parent_revid], content=True, batch=batch)
        parent = parents.get(new.parent_revid)
        if parent is None or parent.text is None:
            raise WikiError(f"{api.key}: the parent of r{revid} cannot be read")
        old = parent.text
    if new.text is None:
        raise WikiError(f"{api.key}: the text of r{revid} is hidden")
    return old, new.text, new.timestamp_date


def ids_batch(site: Any) -> int:
    """Revisions per request: 500 with `apihighlimits`, else 50 (MediaWiki's limits for ids,
    and for content by revision ids). Not logged in: 50, without asking the wiki."""
    if not site.logged_in():
        return LOW_BATCH
    try:
        return HIGH_BATCH if site.has_right("apihighlimits") else LOW_BATCH
    except Exception:  # noqa: BLE001 - rights unknown: the safe size
        return LOW_BATCH


def page_limit(site: Any) -> int | None:
    """siteinfo `maxarticlesize` in bytes (already loaded by `setup`), or None if absent."""
    try:
        value = site.siteinfo.get("maxarticlesize")
    except Exception:  # noqa: BLE001 - site info unavailable: the caller uses the default
        return None
    return value if isinstance(value, int) and value > 0 else None


def fetch_revision_statuses(api: Api, revids: Sequence[int], batch: int) -> list[EditStatus]:
    """Reverted (`mw-reverted` tag) and deleted or hidden revisions, in batches."""
    found = fetch_revisions(api, revids, content=False, batch=batch)
    statuses = []
    for revid in revids:
        rev = found.get(revid)
        if rev is None:
            statuses.append(EditStatus(revid, reverted=False, deleted=True))
        else:
            reverted = "mw-reverted" in rev.tags
            statuses.append(EditStatus(revid, reverted=reverted, deleted=rev.hidden))
    return statuses


def fetch_users_info(api: Api, names: Sequence[str]) -> dict[str, UserInfo]:
    """Groups and blocks of users, 50 names per request."""
    out: dict[str, UserInfo] = {}
    for i in range(0, len(names), USERS_BATCH):
        chunk = names[i : i + USERS_BATCH]
        params = {"list": "users", "ususers": "|".join(chunk), "usprop": "groups|blockinfo"}
        for result in api.query(params):
            for row in result.get("query", {}).get("users", []):
                user = parse_user(row)
                out[user.name] = user
    return out


def fetch_globally_locked(api: Api, name: str) -> bool:
    """True when CentralAuth says the global account is locked (False without it)."""
    try:
        result = api.submit({"action": "query", "meta": "globaluserinfo", "guiuser": name})
    except WikiError as e:
        if e.code:  # the API answered: no CentralAuth here, so no global account to lock
            return False
        raise
    return globally_locked(result)


def fetch_page(api: Api, title: str) -> PageState:
    """A page's current text, revision id and namespace (text None when it does not exist)."""
    result = api.submit({"action": "query", "prop": "revisions|info", "titles": title,
                         "rvprop": "ids|content", "rvslots": "main"})  # fmt: skip
    return parse_page(result, title)


def fetch_current_pages(api: Api, titles: Sequence[str], batch: int) -> dict[str, CurrentPage]:
    """The current text and latest revision (id, user, time) of each page, `batch` titles
    per request, redirects followed; text None for a page that is missing (deleted) or
    whose text is hidden (`text_hidden`)."""
    out: dict[str, CurrentPage] = {}
    for i in range(0, len(titles), batch):
        chunk = list(titles[i : i + batch])
        params = {"action": "query", "prop": "revisions", "titles": "|".join(chunk),
                  "rvprop": "ids|content|user|timestamp", "rvslots": "main",
                  "redirects": "1"}  # fmt: skip
        result = api.submit(params)
        out.update(parse_current_pages(result, chunk))
    return out


def fetch_transcluding(api: Api, titles: Sequence[str], template: str) -> set[str]:
    """Which of `titles` transclude `template` (directly or through a redirect to it), as
    many titles per request as allowed (50, 500 with `apihighlimits`), no text read."""
    out: set[str] = set()
    size = ids_batch(api.site)
    for i in range(0, len(titles), size):
        chunk = list(titles[i : i + size])
        params = {"prop": "templates", "titles": "|".join(chunk), "tltemplates": template,
                  "tllimit": "max"}  # fmt: skip
        for result in api.query(params):
            out |= parse_transcluding(result, chunk)
    return out


def fetch_redirect_targets(api: Api, titles: Sequence[str]) -> dict[str, tuple[str, int]]:
    """Where each of `titles` that is a redirect leads (final title, namespace), 50 a request."""
    out: dict[str, tuple[str, int]] = {}
    for i in range(0, len(titles), USERS_BATCH):
        chunk = titles[i : i + USERS_BATCH]
        result = api.submit({"action": "query", "titles": "|".join(chunk), "redirects": 1})
        out.update(parse_redirect_targets(result))
    return out


def fetch_exclusion_templates(api: Api) -> ExclusionTemplates:
    """The names of this wiki's `{{bots}}`/`{{nobots}}`: every redirect to either template
    (one request) and the names of the template namespace (from pywikibot's siteinfo)."""
    found: dict[str, list[str]] = {"Template:Bots": [], "Template:Nobots": []}
    params = {"prop": "redirects", "titles": "|".join(found), "rdprop": "title",
              "rdnamespace": TEMPLATE_NAMESPACE, "rdlimit": "max"}  # fmt: skip
    for result in api.query(params):
        for title, redirects in parse_redirects(result).items():
            found.setdefault(title, []).extend(redirects)
    ns = api.site.namespaces[TEMPLATE_NAMESPACE]
    prefixes = [ns.custom_name, ns.canonical_name, *ns.aliases]
    return ExclusionTemplates.of(found["Template:Bots"], found["Template:Nobots"], prefixes)


def fetch_renames(api: Api, since: str) -> list[Rename]:
    """User renames logged since `since`, oldest first ([] on a wiki that has no rename log)."""
    params = {"list": "logevents", "letype": "renameuser", "ledir": "newer", "lestart": since,
              "leprop": "details|timestamp", "lelimit": "max"}  # fmt: skip
    out: list[Rename] = []
    try:
        for result in api.query(params):
            out.extend(parse_renames(result))
    except WikiError as e:
        if e.code:  # the API answered: no such log type here (no Renameuser)
            return []
        raise
    return out


def fetch_rendered_html(api: Api, text: str, revid: int) -> str:
    """The HTML of `text` parsed as the page of revision `revid` would be, in one request:
    a parse with a revision id (not a preview, so Module:Citation/CS1 runs every check)."""
    result = api.submit({
        "action": "parse", "text": text, "revid": revid, "contentmodel": "wikitext",
        "prop": "text", "disablelimitreport": 1, "disableeditsection": 1, "disabletoc": 1,
    })  # fmt: skip
    html = result.get("parse", {}).get("text")
    if isinstance(html, dict):  # formatversion 1: {"*": html}
        html = html.get("*")
    if not isinstance(html, str):
        raise WikiError(f"{api.key}: action=parse gave no HTML: {json_brief(result)}")
    return html
