"""`Wiki`: one configured wiki, reached through pywikibot. The face tasks call.

Each method is a line or two over `read` and `save`; the `Api` of this wiki
(`submit`) is the only thing that talks to the server.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from math import ceil
from typing import Any

from ..citations.derive import Publication
from ..config import Config, WikiConfig
from ..exclusion import ExclusionTemplates
from ..judging import Answer, batch_text, read_answers
from ..pages import SaveResult
from ..records import Change, EditStatus, Revision
from ..renames import Rename
from . import publication, read, reconcile, save, setup, siteinfo
from .hostlock import HostLock
from .parse import CurrentPage, UserInfo
from .submit import Api

DEFAULT_TEXT_BATCH = None  # revisions per request with content: by the account's rights
# Requests a login costs (pywikibot: who is logged in, two paraminfo, the login token, the
# login, who is logged in now); a lazy session logs in when that saves requests.
LOGIN_REQUESTS = 6
log = logging.getLogger("lib1ref")


class Wiki:
    """One configured wiki, reached through pywikibot."""

    def __init__(
        self,
        config: Config,
        wiki: WikiConfig,
        site: Any,
        *,
        text_batch: int | None = DEFAULT_TEXT_BATCH,
        lazy_login: bool = False,
        host_lock: HostLock | None = None,
    ) -> None:
        self.config = config
        self.cfg = wiki
        self.site = site
        self._fixed_batch = text_batch
        # 500 revisions a request with `apihighlimits` (the bot group has it), else 50.
        self.text_batch = text_batch or read.ids_batch(site)
        self.api = Api(site, wiki.key, wiki.api, wiki.bot_user, config.maxlag)
        self._exclusion: ExclusionTemplates | None = None
        self._lazy_login = lazy_login  # not logged in yet, but may log in when it pays
        self._checked_siteinfo = not getattr(site, "lib1ref_cached_siteinfo", False)
        self._host_lock = host_lock  # released by `close`

    @property
    def requests(self) -> int:
        """Requests sent to this wiki's host since it was connected."""
        return self.api.requests

    @property
    def page_limit(self) -> int | None:
        """The largest page the wiki accepts, in bytes (siteinfo `maxarticlesize`, read when
        connecting); None when the wiki does not say."""
        return read.page_limit(self.site)

    @property
    def logged_in(self) -> bool:
        return bool(self.site.logged_in())

    def close(self) -> None:
        """Close the session and let other jobs use the wiki's host again."""
        try:
            self.api.close()
        finally:
            if self._host_lock is not None:
                self._host_lock.release()

    # -- the session -------------------------------------------------------

    def log_in(self) -> None:
        """Log in now (a lazily connected wiki, before a write or many batched reads)."""
        if self.site.logged_in():
            return
        log.info("%s: logging in as %s", self.cfg.key, self.cfg.username)
        setup.log_in(self.config, self.cfg.key, self.site)
        self.text_batch = self._fixed_batch or read.ids_batch(self.site)

    def _before_batches(self, count: int, batch: int) -> None:
        """Log in first when reading `count` ids or titles costs fewer requests logged in
        (500 a request with `apihighlimits`) than anonymously, login included."""
        if not self._lazy_login or self.site.logged_in():
            return
        if LOGIN_REQUESTS + ceil(count / read.HIGH_BATCH) < ceil(count / batch):
            self.log_in()

    def _check_siteinfo(self, page: Sequence[Change]) -> None:
        """Read the site info again, once, when cached site info contradicts what the wiki
        just sent (a namespace added or renamed since it was cached)."""
        if self._checked_siteinfo:
            return
        if not siteinfo.matches(self.site, ((c.namespace, c.title) for c in page)):
            log.info("%s: the cached site info is out of date: read again", self.cfg.key)
            setup.refresh_site_info(self.site, self.config, self.cfg.key)
            self._checked_siteinfo = True

    # -- reading -----------------------------------------------------------

    def recent_changes(
        self, start: str, end: str, namespaces: Sequence[int]
    ) -> Iterator[list[Change]]:
        """Edits and page creations from `start` to `end`, oldest first, a page at a time."""
        for page in read.fetch_recent_changes(
            self.api, start, end, namespaces, self.config.rc_limit
        ):
            self._check_siteinfo(page)
            yield page

    def revisions(self, revids: Sequence[int], *, content: bool = True) -> dict[int, Revision]:
        """Revisions by id, `text_batch` per request with content (500 or 50)."""
        self._before_batches(len(revids), self.text_batch)
        return read.fetch_revisions(self.api, revids, content=content, batch=self.text_batch)

    def revision_pair(self, revid: int) -> tuple[str, str, date | None]:
        """A revision's parent text ("" for a creation), its text, and its date."""
        return read.fetch_revision_pair(self.api, revid, self.text_batch)

    def revision_statuses(self, revids: Sequence[int]) -> list[EditStatus]:
        """Reverted (`mw-reverted` tag) and deleted or hidden revisions, in batches."""
        self._before_batches(len(revids), read.ids_batch(self.site))
        return read.fetch_revision_statuses(self.api, revids, self.text_batch)

    def users_info(self, names: Sequence[str]) -> dict[str, UserInfo]:
        """Groups and blocks of users, 50 names per request."""
        return read.fetch_users_info(self.api, names)

    def globally_locked(self, name: str) -> bool:
        """True when CentralAuth says the global account is locked (False without it)."""
        return read.fetch_globally_locked(self.api, name)

    def exclusion_templates(self) -> ExclusionTemplates:
        """This wiki's names of `{{bots}}`/`{{nobots}}` (redirects included), asked once."""
        if self._exclusion is None:
            self._exclusion = read.fetch_exclusion_templates(self.api)
        return self._exclusion

    def redirect_targets(self, titles: Sequence[str]) -> dict[str, tuple[str, int]]:
        """Where each of `titles` that is a redirect leads (final title, namespace), batched."""
        return read.fetch_redirect_targets(self.api, titles)

    def publication(self, cn_seeds: Iterable[str]) -> Publication:
        """What the wiki publishes about its citations (bot/wiki/publication.py)."""
        return publication.fetch_publication(self.api, cn_seeds)

    def renames(self, since: str) -> list[Rename]:
        """User renames logged since `since` (ISO timestamp), oldest first."""
        return read.fetch_renames(self.api, since)

    def render_citations(self, texts: Sequence[str], revid: int) -> list[Answer]:
        """The wiki's citation module on each text, all in one request (a parse with the
        revision id `revid`, so it behaves as on a saved page)."""
        html = read.fetch_rendered_html(self.api, batch_text(texts), revid)
        return read_answers(html, texts)

    def current_texts(self, titles: Sequence[str]) -> dict[str, str | None]:
        """The current text of many pages (50 per request), redirects followed; None for
        a page that is gone."""
        return {t: p.text for t, p in self.current_pages(titles).items()}

    def current_pages(self, titles: Sequence[str]) -> dict[str, CurrentPage]:
        """The current text and latest revision (id, user, time) of many pages, batched
        as `current_texts` (the same requests: the user and time come with the text)."""
        self._before_batches(len(titles), self.text_batch)
        return read.fetch_current_pages(self.api, titles, self.text_batch)

    def transcluding(self, titles: Sequence[str], template: str) -> set[str]:
        """Which of `titles` transclude `template` (50 or 500 titles per request, no text)."""
        self._before_batches(len(titles), read.ids_batch(self.site))
        return read.fetch_transcluding(self.api, titles, template)

    def page_text(self, title: str) -> tuple[str | None, int]:
        """A page's current text and revision id; (None, 0) when it does not exist."""
        page = read.fetch_page(self.api, title)
        return page.text, page.revid

    def bot_save_since(self, title: str, since: str) -> Revision | None:
        """The bot's latest revision of `title` since `since` (ISO 8601), if any."""
        return reconcile.bot_save_since(self.api, title, since)

    # -- the one save path --------------------------------------------------

    def check_shutoff(self) -> None:
        """Raise ShutoffActive unless the shutoff page is missing, empty, or says `run`."""
        save.check_shutoff(self.api, self.cfg)

    def save(
        self,
        title: str,
        build: Callable[[str], str],
        summary: str,
        *,
        ignore: Callable[[str], str] | None = None,
        dry_run: bool = False,
        minor: bool = False,
        message_type: str = "",
    ) -> SaveResult:
        """The one way the bot edits a page (`bot.wiki.save.save_page`).

        `build(current_text)` makes the new text from the fresh one, so an edit conflict
        is retried once. Saves only when the text changed (ignoring what `ignore` strips),
        with `baserevid`, `assertuser` and `maxlag`. On a user talk page the fresh text's
        `{{bots}}`/`{{nobots}}` is honoured for `message_type`. Refusals are typed
        (`bot.errors.SaveRefused` and its subclasses, each with `retryable` and `kind`).
        A lazily connected wiki logs in only once the save is known to change the page
        (never on a dry run, nor for a page left unchanged); a failed login is a
        `LoginError` and nothing is saved.
        """
        return save.save_page(
            self.api, self.cfg, title, build, summary,
            ignore=ignore, dry_run=dry_run, minor=minor, message_type=message_type,
            exclusion=self.exclusion_templates() if message_type else None,
            before_write=self.log_in if self._lazy_login else None,
        )  # fmt: skip
