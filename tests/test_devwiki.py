"""The local MediaWiki harness itself (scripts/devwiki/)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from scripts.devwiki import (
    ABUSE_PHRASE,
    ADMIN,
    BLACKLISTED_TITLE,
    BOT_LOGIN,
    BOT_TOKEN,
    BOT_USER,
    SPAM_DOMAIN,
    USERS,
    DevWiki,
    DevWikiApiError,
    DevWikiError,
    login,
)

pytestmark = pytest.mark.wiki

REPO = Path(__file__).resolve().parent.parent


def _python(code: str, home: Path) -> str:
    env = {
        **os.environ,
        "HOME": str(home / "home"),
        "XDG_CACHE_HOME": str(home / "home" / ".cache"),
        "LIB1REF_DEVWIKI_CACHE": str(home / "cache"),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_import_creates_no_file(tmp_path: Path) -> None:
    (tmp_path / "home").mkdir()
    (tmp_path / "cache").mkdir()
    _python(
        "import scripts.devwiki, scripts.devwiki.cli\n"
        "from scripts.devwiki import BOT_LOGIN, DevWiki, build_template, main",
        tmp_path,
    )
    assert [p for p in tmp_path.rglob("*") if not p.is_dir()] == []
    # Reading BOT_TOKEN is what makes the per-machine secret, in the cache folder only.
    token = _python("from scripts.devwiki import BOT_TOKEN; print(BOT_TOKEN)", tmp_path)
    assert len(token.strip()) == 32
    assert [p for p in tmp_path.rglob("*") if not p.is_dir()] == [tmp_path / "cache" / "secret"]


def last_revision(wiki: DevWiki, title: str) -> dict[str, object]:
    pages = wiki.api_get(
        action="query", prop="revisions", titles=title, rvprop="ids|user|comment|flags"
    )["query"]["pages"]
    revision: dict[str, object] = pages[0]["revisions"][0]
    return revision


def test_siteinfo(wiki: DevWiki) -> None:
    general = wiki.api_get(action="query", meta="siteinfo")["query"]["general"]
    assert general["generator"].startswith("MediaWiki 1.")
    assert general["sitename"] == "DevWiki"
    assert general["server"] == wiki.base_url
    assert wiki.api_url == f"{wiki.base_url}/api.php"


def test_edit_creates_revision_with_user_and_summary(wiki: DevWiki) -> None:
    revid = wiki.edit("Alice", "Sandbox", "Hello <ref>A source</ref>", summary="add a source")
    revision = last_revision(wiki, "Sandbox")
    assert revision["revid"] == revid
    assert revision["user"] == "Alice"
    assert revision["comment"] == "add a source"
    assert revision["minor"] is False
    assert wiki.page_text("Sandbox") == "Hello <ref>A source</ref>"

    second = wiki.edit("Bob", "Sandbox", "Hello again", summary="tweak", minor=True)
    assert second > revid
    assert last_revision(wiki, "Sandbox")["minor"] is True


def test_restore_gives_a_clean_wiki(wiki: DevWiki) -> None:
    wiki.edit("Carol", "Restore me", "temporary")
    assert wiki.page_text("Restore me") == "temporary"
    wiki.restore()
    assert wiki.page_text("Restore me") is None
    changes = wiki.api_get(action="query", list="recentchanges", rclimit=50)["query"]
    assert [rc["title"] for rc in changes["recentchanges"]] == ["Main Page"]
    # The helpers log in again by themselves after a restore.
    assert wiki.edit("Carol", "Restore me", "again") > 0


def test_bot_password_login_over_http(wiki: DevWiki) -> None:
    session = login(wiki.api_url, BOT_LOGIN, BOT_TOKEN)
    info = session.get(
        wiki.api_url,
        params={"action": "query", "meta": "userinfo", "uiprop": "groups|rights", "format": "json"},
        timeout=30,
    ).json()["query"]["userinfo"]
    assert info["name"] == BOT_USER
    assert "bot" in info["groups"]
    assert {"edit", "createpage", "createtalk", "bot"} <= set(info["rights"])
    assert "editprotected" not in info["rights"]


def test_wrong_bot_password_is_refused(wiki: DevWiki) -> None:
    with pytest.raises(DevWikiError, match="Failed"):
        login(wiki.api_url, BOT_LOGIN, "0" * 32)


def test_bot_flag_only_when_asked(wiki: DevWiki) -> None:
    wiki.edit(BOT_USER, "User talk:Alice", "Hello Alice", summary="note", bot=True)
    wiki.edit("HelperBot", "Helper page", "text", summary="no flag")
    changes = wiki.api_get(
        action="query", list="recentchanges", rcprop="title|user|flags", rclimit=10
    )["query"]["recentchanges"]
    flags = {rc["user"]: rc["bot"] for rc in changes if rc["user"] != "MediaWiki default"}
    assert flags == {BOT_USER: True, "HelperBot": False}


def test_protected_page_refuses_alice_and_the_bot(wiki: DevWiki) -> None:
    wiki.edit("Alice", "Locked", "original")
    wiki.protect("Locked", edit="sysop")
    for user in ("Alice", BOT_USER):
        with pytest.raises(DevWikiError, match="protectedpage"):
            wiki.edit(user, "Locked", "vandalism")
    wiki.edit(ADMIN, "Locked", "admin edit")
    assert wiki.page_text("Locked") == "admin edit"


def test_rollback_revdel_block_delete(wiki: DevWiki) -> None:
    good = wiki.edit("Alice", "Page", "good")
    bad = wiki.edit("Dave", "Page", "bad", summary="rude summary")
    wiki.rollback(ADMIN, "Page", "Dave")
    assert wiki.page_text("Page") == "good"

    wiki.hide_revision(bad, ("comment", "user"))
    hidden = wiki.api_get(action="query", prop="revisions", revids=bad, rvprop="user|comment")
    revision = hidden["query"]["pages"][0]["revisions"][0]
    assert revision.get("commenthidden") and revision.get("userhidden")
    assert "comment" not in revision

    wiki.block("Dave")
    with pytest.raises(DevWikiError, match="blocked"):
        wiki.edit("Dave", "Page", "again")

    wiki.delete_page("Page")
    assert wiki.page_text("Page") is None
    assert good < bad


def test_run_jobs(wiki: DevWiki) -> None:
    wiki.edit("Alice", "Template:Cite me", "cited")
    wiki.edit("Bob", "Uses template", "{{Cite me}}")
    wiki.run_jobs()
    queue = wiki.api_get(action="query", meta="siteinfo", siprop="statistics")
    assert queue["query"]["statistics"]["jobs"] == 0
    result = wiki.maintenance("showJobs")
    assert result.stdout.strip() == "0"


def test_every_account_can_log_in(wiki: DevWiki) -> None:
    for name in USERS:
        session = wiki.session(name)
        info = session.get(
            wiki.api_url,
            params={"action": "query", "meta": "userinfo", "format": "json"},
            timeout=30,
        ).json()["query"]["userinfo"]
        assert info["name"] == name


def test_web_page_served(wiki: DevWiki) -> None:
    response = requests.get(wiki.page_url("Main Page"), timeout=30)
    assert response.status_code == 200
    assert "MediaWiki has been installed" in response.text


# ---- anti-abuse extensions: each refusal through a plain API edit, with its exact code ----


def test_abuse_filter_disallows_the_phrase(wiki: DevWiki) -> None:
    wiki.edit("Alice", "Filtered", "clean text")
    for user in ("Alice", BOT_USER, ADMIN):
        with pytest.raises(DevWikiApiError) as refused:
            wiki.edit(user, "Filtered", f"clean text, then {ABUSE_PHRASE}.")
        assert refused.value.code == "abusefilter-disallowed"
    assert wiki.page_text("Filtered") == "clean text"
    wiki.edit(BOT_USER, "Filtered", "clean text, then a harmless phrase.")


def test_spam_blacklist_refuses_a_link_to_the_domain(wiki: DevWiki) -> None:
    for user in ("Alice", BOT_USER, ADMIN):
        with pytest.raises(DevWikiApiError) as refused:
            wiki.edit(user, "Linked", f"See [http://{SPAM_DOMAIN}/offer cheap].")
        assert refused.value.code == "spamblacklist"
        assert SPAM_DOMAIN in refused.value.info
    assert wiki.page_text("Linked") is None
    wiki.edit(BOT_USER, "Linked", "See [https://example.org/ a fine source].")


def test_title_blacklist_refuses_creation(wiki: DevWiki) -> None:
    for user in (BOT_USER, ADMIN):
        for title in (BLACKLISTED_TITLE, f"Talk:{BLACKLISTED_TITLE} 2"):
            with pytest.raises(DevWikiApiError) as refused:
                wiki.edit(user, title, "new page")
            assert refused.value.code == "titleblacklist-forbidden"
            assert wiki.page_text(title) is None
    wiki.edit(BOT_USER, "An allowed title", "new page")


def test_no_account_may_bypass_the_extensions(wiki: DevWiki) -> None:
    users = wiki.api_get(action="query", list="users", ususers="|".join(USERS), usprop="rights")
    rights = {u["name"]: set(u["rights"]) for u in users["query"]["users"]}
    assert set(rights) == set(USERS)
    assert "edit" in rights[BOT_USER] and "delete" in rights[ADMIN]
    for name, granted in rights.items():
        bypass = {r for r in granted if r.endswith(("override", "override-account"))}
        bypass |= {r for r in granted if "bypass" in r}
        assert not bypass, name


def test_blacklists_are_local_files(wiki: DevWiki) -> None:
    proc = wiki.maintenance(
        "getConfiguration",
        "--settings",
        "wgBlacklistSettings wgTitleBlacklistSources",
        "--format",
        "json",
    )
    settings = json.loads(proc.stdout)
    sources = [
        *(f for kind in settings["wgBlacklistSettings"].values() for f in kind["files"]),
        *(s["src"] for s in settings["wgTitleBlacklistSources"].values()),
    ]
    assert sources
    for source in sources:
        assert source.startswith(str(wiki.dir)), source
        assert "://" not in source
