"""A slow or failing wiki, against real local wikis (issue 19, point 6: the bot's part).

A lagging wiki answering `Retry-After: 60` is given up on for the run after short, bounded
retries, and the next wiki is scanned; a save whose reply is lost is recognised in the page
history and recorded; a scan that fails half-way says its checkpoint advanced.

The faults are the real server's: `faultywiki` is a local MediaWiki whose LocalSettings.php
reports replica lag through MediaWiki's own `ApiMaxLagInfo` hook (so MediaWiki itself
answers `maxlag` with `Retry-After`), or swallows the reply of one edit after saving it,
while a switch file exists in its directory.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot import store
from scripts.devwiki import ADMIN, BOT_USER, DevWiki, build_template
from tests.helpers import lib1ref, write_config

BOARD = "Project:1Lib1Ref/Leaderboard"
GOOD = "A.<ref>{{cite book |title=A History |publisher=P |isbn=978-0-306-40615-7}}</ref>"

FAULTS_PHP = r"""
// Test faults (tests/test_faults.py), each switched on by a file in this directory.
$wgHooks['ApiMaxLagInfo'][] = static function ( &$lagInfo ) {
	$switch = __DIR__ . '/fault-lag';
	if ( is_file( $switch ) ) {
		$lag = (float)file_get_contents( $switch );
		$lagInfo = [ 'host' => 'replica', 'lag' => $lag, 'type' => 'db' ];
	}
};
if ( PHP_SAPI === 'cli-server' && ( $_POST['action'] ?? '' ) === 'edit'
	&& is_file( __DIR__ . '/fault-lose-edit-reply' ) ) {
	unlink( __DIR__ . '/fault-lose-edit-reply' );
	ob_start( static function ( $buffer ) {
		return '';  // the edit is saved; its reply never arrives
	} );
}
"""

pytestmark = pytest.mark.usefixtures("password")


@pytest.fixture
def faultywiki(botwiki: DevWiki, tmp_path_factory: pytest.TempPathFactory) -> Iterator[DevWiki]:
    instance = DevWiki.create(tmp_path_factory.mktemp("faultywiki") / "wiki", build_template())
    with instance.settings_file.open("a", encoding="utf-8") as f:
        f.write(FAULTS_PHP)
    instance.start()
    try:
        yield instance
    finally:
        instance.stop()


def localhost(wiki: DevWiki) -> str:
    """The wiki's API under another host name, so the bot's session cookies for two wikis on
    127.0.0.1 (kept per host name, not per port) stay apart."""
    return wiki.api_url.replace("127.0.0.1", "localhost")


def set_options(config: Path, **values: object) -> None:
    text = config.read_text(encoding="utf-8")
    for key, value in values.items():
        lines = [ln for ln in text.splitlines() if not ln.startswith(f"{key} =")]
        text = "\n".join([f"{key} = {value}", *lines]) + "\n"
    config.write_text(text, encoding="utf-8")


def test_a_lagging_wiki_is_left_after_bounded_retries_and_the_next_is_scanned(
    faultywiki: DevWiki, botwiki: DevWiki, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    faultywiki.edit("Alice", "Alpha", GOOD, summary="#1Lib1Ref")
    botwiki.edit("Bob", "Beta", GOOD, summary="#1Lib1Ref")
    config = write_config(tmp_path, faultywiki.api_url, second_wiki_api=localhost(botwiki))
    # maxlag = 60: MediaWiki answers a lagged request with `Retry-After: max(maxlag, 5)`.
    set_options(config, maxlag=60, max_retries=1, retry_wait=0.2, retry_max=1)
    (faultywiki.dir / "fault-lag").write_text("120")

    started = time.monotonic()
    assert lib1ref(config, "scan") == 1
    elapsed = time.monotonic() - started
    # Unbounded, pywikibot would wait out Retry-After (60 s) before each retry.
    assert elapsed < 30, f"the lagging wiki held the scan for {elapsed:.0f} s"

    db = store.open_db(tmp_path / "lib1ref.sqlite")
    assert [e["user"] for e in store.export_edits(db, None)] == ["Bob"]  # the next wiki
    assert store.load_checkpoint(db, "test", "local") is None
    capsys.readouterr()
    assert lib1ref(config, "status") == 0
    status = capsys.readouterr().out
    assert "test local: checkpoint -" in status and "FAILED" in status  # the failure, recorded

    (faultywiki.dir / "fault-lag").unlink()  # the lag is over: the next scan catches up
    assert lib1ref(config, "scan") == 0
    assert {e["user"] for e in store.export_edits(db, None)} == {"Alice", "Bob"}


def published(database: Path) -> list[tuple[str, int]]:
    with sqlite3.connect(database) as db:
        rows = db.execute("SELECT title, revid FROM published_pages ORDER BY title").fetchall()
    return [(str(t), int(r)) for t, r in rows]


def bot_revids(wiki: DevWiki, title: str) -> list[int]:
    pages = wiki.api_get(action="query", prop="revisions", titles=title, rvlimit=50,
                         rvprop="ids|user")["query"]["pages"]  # fmt: skip
    page = pages[0] if isinstance(pages, list) else next(iter(pages.values()))
    return [r["revid"] for r in page.get("revisions", []) if r["user"] == BOT_USER]


@pytest.mark.parametrize(
    ("max_retries", "existing"),
    [
        (0, True),  # no answer at all: pywikibot gives up, the history shows the save
        (1, False),  # pywikibot resends the creation: `articleexists`
        (1, True),  # pywikibot resends the edit: `nochange`
    ],
)
def test_a_save_whose_reply_was_lost_is_recorded(
    faultywiki: DevWiki, tmp_path: Path, max_retries: int, existing: bool
) -> None:
    faultywiki.edit("Alice", "Alpha", GOOD, summary="#1Lib1Ref")
    if existing:
        faultywiki.edit(ADMIN, BOARD, "Organizer text.")
    config = write_config(tmp_path, faultywiki.api_url)
    set_options(config, max_retries=max_retries)
    assert lib1ref(config, "scan") == 0
    (faultywiki.dir / "fault-lose-edit-reply").touch()  # the leaderboard is the first save

    assert lib1ref(config, "leaderboard") == 0
    assert not (faultywiki.dir / "fault-lose-edit-reply").exists()  # the fault did happen
    saves = bot_revids(faultywiki, BOARD)
    assert len(saves) == 1  # saved once, not twice
    assert "Alice" in (faultywiki.page_text(BOARD) or "")
    assert (BOARD, saves[0]) in published(tmp_path / "lib1ref.sqlite")


def test_a_scan_that_fails_half_way_says_its_checkpoint_advanced(
    botwiki: DevWiki, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    for i in range(60):
        botwiki.edit(("Alice", "Bob")[i % 2], f"Page {i}", GOOD, summary=f"{i} #1Lib1Ref")
    config = write_config(tmp_path, botwiki.api_url, extra_top="rc_limit = 1")
    database = tmp_path / "lib1ref.sqlite"

    def stop_the_wiki_once_edits_are_stored() -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=1) as db:
                    if db.execute("SELECT count(*) FROM edits").fetchone()[0] > 0:
                        break
            except sqlite3.Error:
                pass
            time.sleep(0.01)
        botwiki.stop()

    stopper = threading.Thread(target=stop_the_wiki_once_edits_are_stored)
    stopper.start()
    try:
        assert lib1ref(config, "scan") == 1
    finally:
        stopper.join()
    db = store.open_db(database)
    checkpoint = store.load_checkpoint(db, "test", "local")
    assert checkpoint is not None
    assert 0 < len(list(store.export_edits(db, None))) < 60, "the scan was not stopped half-way"
    (line,) = [r.getMessage() for r in caplog.records if r.getMessage().startswith("scan failed")]
    assert "checkpoint advanced to" in line and "unchanged" not in line


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("60", "20"),
        ("20", "20"),
        ("5", "5"),
        ("0.5", "0.5"),
        ("Wed, 21 Oct 2026 07:28:00 GMT", "20"),
    ],
)
def test_retry_after_is_capped_at_retry_max(given: str, kept: str) -> None:
    from requests.structures import CaseInsensitiveDict

    from bot.wiki.submit import bound_retry_after

    headers = CaseInsensitiveDict({"retry-after": given})
    bound_retry_after(headers, 20)
    assert headers["Retry-After"] == kept
    empty: CaseInsensitiveDict[str] = CaseInsensitiveDict()
    bound_retry_after(empty, 20)
    assert "Retry-After" not in empty


@pytest.mark.parametrize("max_retries", [0, 1])
def test_a_welcome_whose_reply_was_lost_is_recorded_with_its_revision(
    faultywiki: DevWiki, tmp_path: Path, max_retries: int
) -> None:
    # The welcome is signed (~~~~): the wiki stores it expanded, and the bot still knows it.
    faultywiki.edit(ADMIN, "User talk:Alice", "== Hello ==\nAn older message.")
    faultywiki.edit("Alice", "Alpha", GOOD, summary="#1Lib1Ref")
    config = write_config(tmp_path, faultywiki.api_url)
    set_options(config, max_retries=max_retries)
    assert lib1ref(config, "scan") == 0
    (faultywiki.dir / "fault-lose-edit-reply").touch()

    assert lib1ref(config, "welcome") == 0
    assert not (faultywiki.dir / "fault-lose-edit-reply").exists()
    (revid,) = bot_revids(faultywiki, "User talk:Alice")
    with sqlite3.connect(tmp_path / "lib1ref.sqlite") as db:
        rows = db.execute("SELECT user, status, revid FROM welcomes").fetchall()
    assert rows == [("Alice", "done", revid)]
