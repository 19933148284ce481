"""Shared pytest fixtures."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from scripts.devwiki import (
    BOT_TOKEN,
    DevWiki,
    DevWikiError,
    build_cs1_template,
    build_template,
    ensure_packages,
)
from scripts.devwiki.cs1 import DEFAULT_CS1_DIR
from tests.helpers import WIKI_FIXTURES

# =============================================================================================
# Local MediaWiki (scripts/devwiki/)
#
#   devwiki  (session)   one real MediaWiki 1.39 served by `php -S` on 127.0.0.1, cloned from
#                        the per-machine template; state accumulates across tests.
#   wiki     (function)  the same wiki, reset to the snapshot taken right after start.
#   botwiki  (function)  a fresh clone on its own port, for tests that run the bot.
#   otherwiki (function) a second fresh clone beside botwiki, for tests that run the bot on two.
#   cs1wiki  (session)   a wiki running English Wikipedia's Module:Citation/CS1 under Scribunto
#                        (pages read from ../shared/testdata/cs1), to render citations through;
#                        with TemplateData, as langwiki.
#   cs1botwiki (function) a fresh clone of that wiki on its own port, for tests that run the bot.
#   langwiki (function)  a fresh clone whose content language is the test's parameter
#                        (`$wgLanguageCode`: localized namespaces, messages, digits), with
#                        TemplateData (`action=templatedata`).
#
# Never skipped: if the wiki cannot be installed, built or started, the test fails with why.
# =============================================================================================


@pytest.fixture(scope="session")
def devwiki(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DevWiki]:
    try:
        ensure_packages()
        template = build_template()
        instance = DevWiki.create(tmp_path_factory.mktemp("devwiki") / "wiki", template)
        instance.start()
    except (DevWikiError, OSError) as exc:
        pytest.fail(f"local MediaWiki unavailable: {exc}", pytrace=False)
    try:
        instance.snapshot()
        yield instance
    finally:
        instance.stop()


@pytest.fixture
def wiki(devwiki: DevWiki) -> DevWiki:
    devwiki.restore()
    return devwiki


# The TemplateData extension (bundled by Debian's mediawiki; no tables of its own): the
# langwiki and CS1 wikis' templates can carry TemplateData, as on the wikis.
TEMPLATEDATA = '\nwfLoadExtension( "TemplateData" );\n'


def _running(
    folder: Path, template: Callable[[], Path], *, settings: str = "", what: str = "local MediaWiki"
) -> Iterator[DevWiki]:
    """A wiki cloned from `template()` into `folder` (with `settings` appended to its
    LocalSettings), started, and stopped afterwards; a wiki that cannot start fails the test."""
    try:
        instance = DevWiki.create(folder, template())
        if settings:
            with instance.settings_file.open("a", encoding="utf-8") as f:
                f.write(settings)
        instance.start()
    except (DevWikiError, OSError) as exc:
        pytest.fail(f"{what} unavailable: {exc}", pytrace=False)
    try:
        yield instance
    finally:
        instance.stop()


@pytest.fixture
def botwiki(devwiki: DevWiki, tmp_path_factory: pytest.TempPathFactory) -> Iterator[DevWiki]:
    """A wiki of its own (clone + start: about 0.1 s) for a test that runs the bot.

    pywikibot keeps sites and a cookie jar per process; a restored database behind a
    running server would invalidate the bot's session under it. A new port is a new site.
    """
    yield from _running(tmp_path_factory.mktemp("botwiki") / "wiki", build_template)


@pytest.fixture
def otherwiki(botwiki: DevWiki, tmp_path_factory: pytest.TempPathFactory) -> Iterator[DevWiki]:
    """A second wiki of its own beside `botwiki`. Reach it as `localhost` (its API URL with
    `127.0.0.1` replaced): cookies are kept per host name, not per port, so the bot's sessions
    on the two wikis stay apart."""
    yield from _running(tmp_path_factory.mktemp("otherwiki") / "wiki", build_template)


@pytest.fixture
def langwiki(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[DevWiki]:
    """Like `botwiki`, with the content language `request.param` (parametrize indirectly),
    and the TemplateData extension (bundled by Debian's mediawiki): its citation templates
    can carry TemplateData, as on the wikis (tests/test_wiki_profiles.py)."""
    lang = request.param
    folder = tmp_path_factory.mktemp(f"langwiki-{lang}") / "wiki"
    settings = f'\n$wgLanguageCode = "{lang}";\n{TEMPLATEDATA}'
    yield from _running(folder, build_template, settings=settings)


def _cs1_instance(tmp_path_factory: pytest.TempPathFactory, name: str) -> Iterator[DevWiki]:
    """A started wiki running the citation module, stopped afterwards. Skipped when the
    module's pages (../shared/testdata/cs1, beside the checkout) are absent, as the other
    tests of that material are."""
    if not (DEFAULT_CS1_DIR / "manifest.json").is_file():
        pytest.skip(f"{DEFAULT_CS1_DIR} is absent (a plain clone has no ../shared)")
    try:
        ensure_packages()
    except (DevWikiError, OSError) as exc:
        pytest.fail(f"local MediaWiki with the CS1 module unavailable: {exc}", pytrace=False)
    folder = tmp_path_factory.mktemp(name) / "wiki"
    yield from _running(folder, build_cs1_template, settings=TEMPLATEDATA,
                        what="local MediaWiki with the CS1 module")  # fmt: skip


@pytest.fixture(scope="session")
def cs1wiki(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DevWiki]:
    """The real citation module: render a saved page in namespace 0 and read its error spans
    (scripts/cs1_render.py). It compares dates with the real clock (no fixed date)."""
    yield from _cs1_instance(tmp_path_factory, "cs1wiki")


@pytest.fixture
def cs1botwiki(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DevWiki]:
    """A wiki of its own running the citation module (like `botwiki`), for a test that runs
    the bot with `judge = "wiki"` or `"both"`."""
    yield from _cs1_instance(tmp_path_factory, "cs1botwiki")


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test that uses a wiki fixture, directly or through another fixture, is marked
    `wiki`, so `-m "not wiki"` (make check) never starts one (tests/test_suite_shape.py)."""
    for item in items:
        if WIKI_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.wiki)


class _Running:
    """The test being run (set before its fixtures), for the guard below."""

    item: pytest.Item | None = None


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    _Running.item = item


@pytest.fixture(scope="session", autouse=True)
def _wiki_only_for_marked_tests() -> Iterator[None]:
    """Starting a wiki in this process (by a fixture of any scope, or directly) from a test
    not marked `wiki` fails, naming the marker. A wiki started by a subprocess is not seen."""
    start = DevWiki.start

    def guarded(self: DevWiki, *args: Any, **kwargs: Any) -> None:
        item = _Running.item
        if item is not None and item.get_closest_marker("wiki") is None:
            raise AssertionError(f"{item.nodeid} starts a wiki: mark it @pytest.mark.wiki")
        start(self, *args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(DevWiki, "start", guarded)
        yield


# ---- end of local MediaWiki fixtures --------------------------------------------------------


@pytest.fixture
def password(monkeypatch: pytest.MonkeyPatch) -> str:
    """The local bot's BotPassword token in the environment, as on Toolforge."""
    monkeypatch.setenv("LIB1REF_BOT_PASSWORD", BOT_TOKEN)
    return BOT_TOKEN
