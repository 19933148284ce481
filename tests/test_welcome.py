"""`lib1ref welcome` against the real local wiki."""

from __future__ import annotations

from pathlib import Path

import pytest

from scripts.devwiki import ADMIN, BOT_USER, HELPER_BOT, DevWiki
from tests.helpers import lib1ref, write_config

GOOD = (
    "Claim.<ref>{{cite book |last=Hale |title=A History |year=1999 |isbn=978-0-306-40615-7}}</ref>"
)
BAD = (
    "Claim.<ref>{{cite book |last=Hale |title=A History |year=1999 |isbn=978-0-306-40615-8}}</ref>"
)


pytestmark = pytest.mark.usefixtures("password")


def talk(wiki: DevWiki, user: str) -> str | None:
    return wiki.page_text(f"User talk:{user}")


def welcomes_on(wiki: DevWiki, user: str) -> int:
    return (talk(wiki, user) or "").count("lib1ref-bot welcome: test")


def setup(botwiki: DevWiki, tmp_path: Path, *edits: tuple[str, str]) -> Path:
    for i, (user, text) in enumerate(edits):
        botwiki.edit(user, f"Article {i}", text, summary="#1Lib1Ref")
    config = write_config(tmp_path, botwiki.api_url)
    assert lib1ref(config, "scan") == 0
    return config


def test_newcomer_is_welcomed_once_and_existing_talk_kept(botwiki: DevWiki, tmp_path: Path) -> None:
    botwiki.edit(ADMIN, "User talk:Bob", "== Hello ==\nAn older message. ~~~~")
    old_bob = talk(botwiki, "Bob")
    config = setup(botwiki, tmp_path, ("Alice", GOOD), ("Bob", GOOD))
    assert lib1ref(config, "welcome") == 0
    assert lib1ref(config, "welcome") == 0
    assert welcomes_on(botwiki, "Alice") == 1
    assert welcomes_on(botwiki, "Bob") == 1
    bob = talk(botwiki, "Bob") or ""
    assert old_bob and bob.startswith(old_bob)
    assert BOT_USER in (talk(botwiki, "Alice") or "")  # signed


@pytest.mark.parametrize(
    "exclusion", ["{{nobots}}", "{{bots|deny=Lib1RefBot}}", "{{bots|optout=all}}",
                  "{{bots|optout=lib1ref-welcome}}", "{{nobots|all}}", "{{nobots|Lib1RefBot}}",
                  "{{nobots|deny=all}}", "{{Template:Nobots}}", "{{Template:Bots|deny=all}}",
                  "{{bots|allow=none}}"],
)  # fmt: skip
def test_exclusion_templates_are_honoured(botwiki: DevWiki, tmp_path: Path, exclusion: str) -> None:
    botwiki.edit(ADMIN, "User talk:Carol", f"{exclusion}\nNo bots please.")
    config = setup(botwiki, tmp_path, ("Carol", GOOD), ("Alice", GOOD))
    assert lib1ref(config, "welcome") == 0
    assert welcomes_on(botwiki, "Carol") == 0
    assert welcomes_on(botwiki, "Alice") == 1


def test_a_redirect_to_nobots_on_that_wiki_is_honoured(botwiki: DevWiki, tmp_path: Path) -> None:
    botwiki.edit(ADMIN, "Template:Nobots", "Bots are not welcome here.")
    botwiki.edit(ADMIN, "Template:Keine Bots", "#REDIRECT [[Template:Nobots]]")
    botwiki.edit(ADMIN, "User talk:Carol", "{{keine_Bots}}\nNo bots please.")
    botwiki.edit(ADMIN, "User talk:Bob", "{{Keine Robots}}\nNot a redirect.")
    config = setup(botwiki, tmp_path, ("Carol", GOOD), ("Bob", GOOD))
    assert lib1ref(config, "welcome") == 0
    assert welcomes_on(botwiki, "Carol") == 0
    assert welcomes_on(botwiki, "Bob") == 1


def test_blocked_and_bot_accounts_are_not_welcomed(botwiki: DevWiki, tmp_path: Path) -> None:
    config = setup(botwiki, tmp_path, ("Dave", GOOD), (HELPER_BOT, GOOD), ("Alice", GOOD))
    botwiki.block("Dave")
    assert lib1ref(config, "welcome") == 0
    assert talk(botwiki, "Dave") is None
    assert talk(botwiki, HELPER_BOT) is None
    assert welcomes_on(botwiki, "Alice") == 1


def test_protected_talk_page_fails_and_the_others_go_out(botwiki: DevWiki, tmp_path: Path) -> None:
    botwiki.edit(ADMIN, "User talk:Alice", "Protected talk.")
    botwiki.protect("User talk:Alice", edit="sysop")
    config = setup(botwiki, tmp_path, ("Alice", GOOD), ("Bob", GOOD))
    assert lib1ref(config, "welcome") == 1
    assert talk(botwiki, "Alice") == "Protected talk."
    assert welcomes_on(botwiki, "Bob") == 1
    from bot import store

    db = store.open_db(tmp_path / "lib1ref.sqlite")
    row = db.execute(
        "SELECT status, attempts, reason FROM welcomes WHERE user = 'Alice'"
    ).fetchone()
    assert row[0] == "refused" and row[1] == 1 and "protectedpage" in row[2]
    # final: the next run does not try the protected page again
    assert lib1ref(config, "welcome") == 0
    again = db.execute("SELECT status, attempts FROM welcomes WHERE user = 'Alice'").fetchone()
    assert again == ("refused", 1)


def test_lost_database_never_means_a_second_welcome(botwiki: DevWiki, tmp_path: Path) -> None:
    config = setup(botwiki, tmp_path, ("Alice", GOOD))
    assert lib1ref(config, "welcome") == 0
    (tmp_path / "lib1ref.sqlite").unlink()
    assert lib1ref(config, "scan") == 0
    assert lib1ref(config, "welcome") == 0
    assert welcomes_on(botwiki, "Alice") == 1


def test_broken_citations_get_tips(botwiki: DevWiki, tmp_path: Path) -> None:
    config = setup(botwiki, tmp_path, ("Alice", BAD))
    assert lib1ref(config, "welcome") == 0
    text = talk(botwiki, "Alice") or ""
    assert "Help:CS1 errors#bad_isbn" in text
    revid = botwiki.latest_revid("Article 0")
    page = botwiki.api_get(action="parse", page="User talk:Alice", prop="text|links")["parse"]
    html = page["text"]["*"] if isinstance(page["text"], dict) else page["text"]
    assert "<pre" not in html  # the signature line is a paragraph, not a grey box
    assert f"Special:Diff/{revid}" in html or f"diff={revid}" in html  # the tip's edit
    assert "Article 0" in {link["title"] for link in page["links"]}  # and its article


def test_the_welcome_names_the_wikis_human_contact(botwiki: DevWiki, tmp_path: Path) -> None:
    config = setup(botwiki, tmp_path, ("Alice", GOOD))
    shutoff = 'shutoff_page = "User:Lib1RefBot/shutoff"\n'
    text = config.read_text("utf-8")
    contact = 'welcome_contact = "Ana Organizer"\n'
    config.write_text(text.replace(shutoff, shutoff + contact, 1), "utf-8")
    assert lib1ref(config, "welcome") == 0
    page = botwiki.api_get(action="parse", page="User talk:Alice", prop="text|links")["parse"]
    html = page["text"]["*"] if isinstance(page["text"], dict) else page["text"]
    assert "Questions about the campaign? Ask" in html and "Ana Organizer" in html
    assert "User talk:Ana Organizer" in {link["title"] for link in page["links"]}


def test_limit_and_dry_run(
    botwiki: DevWiki, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = setup(botwiki, tmp_path, ("Alice", GOOD), ("Bob", GOOD), ("Carol", GOOD))
    capsys.readouterr()
    assert lib1ref(config, "welcome", "--dry-run") == 0
    out = capsys.readouterr().out
    assert out.count("would welcome") == 3
    assert all(talk(botwiki, u) is None for u in ("Alice", "Bob", "Carol"))
    assert lib1ref(config, "welcome", "--limit", "1") == 0
    assert sum(welcomes_on(botwiki, u) for u in ("Alice", "Bob", "Carol")) == 1
    assert lib1ref(config, "welcome") == 0
    assert all(welcomes_on(botwiki, u) == 1 for u in ("Alice", "Bob", "Carol"))


def test_an_edit_reverted_or_deleted_after_the_scan_earns_no_welcome(
    botwiki: DevWiki, tmp_path: Path
) -> None:
    for i in range(5):
        botwiki.edit(ADMIN, f"Article {i}", "An article.")
    config = setup(botwiki, tmp_path, ("Carol", GOOD), ("Dave", GOOD), ("Alice", GOOD),
                   ("Bob", GOOD), ("Bob", GOOD))  # fmt: skip
    # after the scan: Carol's only edit is rolled back, Dave's page deleted, one of Bob's two
    # edits rolled back
    botwiki.rollback(ADMIN, "Article 0", "Carol")
    botwiki.rollback(ADMIN, "Article 3", "Bob")
    botwiki.run_jobs()  # applies the mw-reverted tag
    botwiki.delete_page("Article 1")
    assert lib1ref(config, "welcome") == 0
    assert talk(botwiki, "Carol") is None
    assert talk(botwiki, "Dave") is None
    assert welcomes_on(botwiki, "Alice") == 1
    assert welcomes_on(botwiki, "Bob") == 1
    from bot import store

    db = store.open_db(tmp_path / "lib1ref.sqlite")
    rows = dict(db.execute("SELECT user, reason FROM welcomes WHERE status = 'skipped'").fetchall())
    assert set(rows) == {"Carol", "Dave"}
    assert all("reverted or deleted since the scan" in r for r in rows.values())


def test_a_registered_account_named_like_a_temporary_one_is_welcomed(
    botwiki: DevWiki, tmp_path: Path
) -> None:
    name = "~2026-12345-6"  # a registered account: this wiki has no temporary accounts
    botwiki.maintenance("createAndPromote", name, "a-long-enough-password-42")
    botwiki.maintenance("edit", "--user", name, "--summary", "#1Lib1Ref", "Tilde", stdin=GOOD)
    config = setup(botwiki, tmp_path)
    assert lib1ref(config, "welcome") == 0
    assert welcomes_on(botwiki, name) == 1
    from bot import store

    db = store.open_db(tmp_path / "lib1ref.sqlite")
    assert db.execute("SELECT user_kind FROM edits").fetchall() == [("registered",)]


def test_users_named_on_the_optout_page_in_any_form_are_not_welcomed(
    botwiki: DevWiki, tmp_path: Path
) -> None:
    botwiki.edit(ADMIN, "User:Lib1RefBot/Opt-out", (
        "Please do not welcome:\n* [[User talk:Carol]]\n* {{user|Dave}}\n"
        "* [[Special:Contributions/Bob|Bob's edits]]\n"
    ))  # fmt: skip
    config = setup(botwiki, tmp_path, ("Alice", GOOD), ("Bob", GOOD), ("Carol", GOOD),
                   ("Dave", GOOD))  # fmt: skip
    text = config.read_text("utf-8")
    shutoff = 'shutoff_page = "User:Lib1RefBot/shutoff"\n'
    config.write_text(
        text.replace(shutoff, shutoff + 'optout_page = "User:Lib1RefBot/Opt-out"\n', 1), "utf-8"
    )
    assert lib1ref(config, "welcome") == 0
    assert welcomes_on(botwiki, "Alice") == 1
    assert all(talk(botwiki, u) is None for u in ("Bob", "Carol", "Dave"))


def test_a_redirecting_talk_page_is_never_appended_below_the_redirect(
    botwiki: DevWiki, tmp_path: Path
) -> None:
    botwiki.edit(ADMIN, "User talk:Carol", "#REDIRECT [[User talk:Bob]]")
    botwiki.edit(ADMIN, "User talk:Dave", "#REDIRECT [[Project:Help desk]]")
    botwiki.edit(ADMIN, "User talk:Alice", "#REDIRECT [[User talk:Alice]]")  # to itself
    config = setup(botwiki, tmp_path, ("Carol", GOOD), ("Dave", GOOD), ("Alice", GOOD),
                   ("Bob", GOOD))  # fmt: skip
    assert lib1ref(config, "welcome") == 0
    assert talk(botwiki, "Carol") == "#REDIRECT [[User talk:Bob]]"
    assert talk(botwiki, "Dave") == "#REDIRECT [[Project:Help desk]]"
    assert talk(botwiki, "Alice") == "#REDIRECT [[User talk:Alice]]"
    assert botwiki.page_text("Project:Help desk") is None
    bob = talk(botwiki, "Bob") or ""
    assert welcomes_on(botwiki, "Bob") == 1 and "Carol" not in bob
    from bot import store

    db = store.open_db(tmp_path / "lib1ref.sqlite")
    rows = dict(db.execute("SELECT user, status FROM welcomes").fetchall())
    assert rows == {"Carol": "skipped", "Dave": "skipped", "Alice": "skipped", "Bob": "done"}
