"""The one save path: every edit the bot makes goes through `save_page`.

In order: a fresh read of the page, `{{bots}}`/`{{nobots}}` on a user talk page, the
caller's `build(current_text)`, change detection, dry-run, the login of a lazily connected
wiki, the `edit_delay` wait, the shutoff page (read after the wait, right before the save,
so a stop written during the wait is obeyed), then one `action=edit` with `assertuser`,
`baserevid` and `maxlag`. An edit conflict is retried once on fresh text; a second one is
an `EditConflict`. When the save's reply is lost (no answer, or pywikibot's resent copy
conflicts or changes nothing), the page history decides (`reconcile.own_save`): the bot's
own latest revision with the text it sent means saved.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from ..config import WikiConfig
from ..errors import (
    EditConflict,
    ExclusionRefused,
    OtherRefusal,
    PageLayoutError,
    RedirectRefused,
    SaveRefused,
    ShutoffActive,
    WikiError,
)
from ..exclusion import DEFAULT_TEMPLATES, ExclusionTemplates, bots_allowed
from ..hashtags import defuse_hashtags
from ..pages import SaveResult, shutoff_says_run, unchanged, unified_diff
from .read import fetch_page
from .reconcile import own_save
from .submit import Api, json_brief, refusal

log = logging.getLogger(__name__)

USER_TALK = 3  # the namespace number of User talk on every MediaWiki, whatever its name
NO_CHANGE = -1  # `_edit`'s answer when the wiki found nothing to change


def check_shutoff(api: Api, cfg: WikiConfig) -> None:
    """Raise ShutoffActive unless the shutoff page is missing, empty, or says `run`."""
    if not shutoff_says_run(fetch_page(api, cfg.shutoff_page).text):
        raise ShutoffActive(f"{cfg.key}: [[{cfg.shutoff_page}]] does not say 'run': not editing")


def save_page(
    api: Api,
    cfg: WikiConfig,
    title: str,
    build: Callable[[str], str],
    summary: str,
    *,
    ignore: Callable[[str], str] | None = None,
    dry_run: bool = False,
    minor: bool = False,
    message_type: str = "",
    exclusion: ExclusionTemplates | None = None,
    before_write: Callable[[], None] | None = None,
) -> SaveResult:
    """Save `build(current_text)` to `title` if it changes anything (see the module doc).

    `before_write` is called once the save is known to change the page, and not in a dry
    run, before the shutoff page is read: a lazily connected wiki logs in there, so a run
    that changes nothing never logs in (a failed login raises, and nothing is sent).

    The summary is saved without hashtags (`bot.hashtags.defuse_hashtags`): the bot's own
    edits are never counted as campaign edits.

    A user talk page that is a redirect is never edited (`RedirectRefused`). On a user
    talk page (namespace 3), the fresh text's `{{bots}}`/`{{nobots}}` must
    allow the bot and `message_type` (`{{bots|optout=…}}`), or `ExclusionRefused`;
    `exclusion` names the wiki's redirects to those templates.
    """
    summary = defuse_hashtags(summary)
    for attempt in (1, 2):
        page = fetch_page(api, title)
        current = page.text or ""
        if page.namespace == USER_TALK and page.redirect:
            raise RedirectRefused(title, "the talk page is a redirect: not appending below it")
        templates = exclusion or DEFAULT_TEMPLATES
        if page.namespace == USER_TALK and not bots_allowed(
            current, cfg.bot_user, message_type, templates
        ):
            what = f"{cfg.bot_user} ({message_type})" if message_type else cfg.bot_user
            raise ExclusionRefused(title, f"{{{{bots}}}}/{{{{nobots}}}} excludes {what}")
        try:
            new = build(current)
        except PageLayoutError as e:
            if e.title:
                raise
            raise PageLayoutError(e.reason, title) from e
        if page.text is not None and unchanged(page.text, new, ignore):
            return SaveResult(title, "unchanged", page.revid)
        if dry_run:
            check_shutoff(api, cfg)
            return SaveResult(title, "dry-run", page.revid, unified_diff(title, current, new))
        if before_write is not None:
            before_write()
        api.wait_for_write_slot()
        check_shutoff(api, cfg)
        try:
            revid = _edit(api, cfg, title, new, summary, page.revid, minor=minor)
        except EditConflict as e:
            # pywikibot resends a save whose reply was lost: the second copy conflicts with
            # the first (`articleexists` on a creation). The page history tells.
            if (own := own_save(api, title, page.revid, new)) is not None:
                return SaveResult(title, "saved", own)
            if attempt == 2:
                raise EditConflict(title, "edit conflict twice in a row", e.code) from e
            log.warning("save %s [[%s]]: edit conflict; retrying once on fresh text",
                        cfg.key, title)  # fmt: skip
            continue
        except SaveRefused:
            raise
        except WikiError as e:  # no answer (timeout, dropped reply): maybe it was saved
            if e.code or (own := own_save(api, title, page.revid, new)) is None:
                raise
            return SaveResult(title, "saved", own)
        if revid == NO_CHANGE:  # a resent save whose first copy went through
            revid = own_save(api, title, page.revid, new) or page.revid
        log.debug("save %s [[%s]]: saved r%d (%s)", cfg.key, title, revid, summary)
        return SaveResult(title, "saved", revid)
    raise AssertionError("unreachable")  # pragma: no cover


def _edit(
    api: Api, cfg: WikiConfig, title: str, text: str, summary: str, base: int, *, minor: bool
) -> int:
    params: dict[str, Any] = {
        "action": "edit", "title": title, "text": text, "summary": summary,
        "assert": "user", "assertuser": cfg.bot_user, "bot": 1,
        "token": api.site.tokens["csrf"],
    }  # fmt: skip
    params["minor" if minor else "notminor"] = 1
    if base:
        params["baserevid"] = base
    else:
        params["createonly"] = 1
    edit = api.submit(params).get("edit", {})
    if edit.get("result") != "Success":
        if "spamblacklist" in edit:  # older SpamBlacklist answers this way, not as an error
            raise refusal("spamblacklist", title, str(edit["spamblacklist"]))
        if edit.get("code"):
            raise refusal(str(edit["code"]), title, str(edit.get("info", "")))
        raise OtherRefusal(title, f"not saved: {edit.get('info') or json_brief(edit)}")
    if "nochange" in edit:
        return NO_CHANGE
    return int(edit.get("newrevid") or edit.get("oldrevid") or 0)
