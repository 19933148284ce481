"""`lib1ref check-text` (two files) and `lib1ref check` (a revision of the local wiki)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bot.cli import main
from scripts.devwiki import ADMIN, DevWiki
from tests.helpers import lib1ref, write_config

OLD = "Claim.{{citation needed|date=May 2020}}\n\n== References ==\n{{reflist}}\n"
GOOD = "{{cite web |url=https://example.org/a |title=A page |access-date=3 March 2020}}"
BAD = "{{cite web |url=https://example.org/b |title=B |access-date=31 February 2020}}"
NEW = OLD.replace("{{citation needed|date=May 2020}}", f"<ref>{GOOD}</ref> More.<ref>{BAD}</ref>")


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, Any]:
    capsys.readouterr()
    assert main([*argv, "--json"]) == 0
    result: dict[str, Any] = json.loads(capsys.readouterr().out)
    return result


def files(tmp_path: Path, old: str, new: str) -> tuple[str, str]:
    (tmp_path / "old.txt").write_text(old, encoding="utf-8")
    (tmp_path / "new.txt").write_text(new, encoding="utf-8")
    return str(tmp_path / "old.txt"), str(tmp_path / "new.txt")


def test_check_text_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old, new = files(tmp_path, OLD, NEW)
    result = run_json(capsys, "check-text", old, new, "--today", "2026-11-21")
    assert result == {
        "added": [
            {"kind": "template", "template": "cite web", "wikitext": f"<ref>{GOOD}</ref>",
             "well_formed": True, "problems": []},
            {"kind": "template", "template": "cite web", "wikitext": f"<ref>{BAD}</ref>",
             "well_formed": False,
             "problems": [{"code": "bad-date", "severity": "error", "param": "access-date",
                           "message": "Check date values in |access-date=: no such day."}]},
        ],
        "reused": 0,
        "cn_removed": 1,
    }  # fmt: skip


def test_check_text_for_a_person(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old, new = files(tmp_path, OLD, NEW)
    assert main(["check-text", old, new]) == 0
    out = capsys.readouterr().out.splitlines()
    assert (
        out[0] == "2 citation(s) added, 0 reuse(s) of named refs, 1 citation-needed tag(s) removed"
    )
    assert out[1].startswith("1. template (cite web), well-formed: <ref>{{cite web")
    assert out[2].startswith("2. template (cite web), has errors: <ref>{{cite web")
    assert (
        out[3]
        == "   - error bad-date |access-date=: Check date values in |access-date=: no such day."
    )
    assert out[4] == "     https://en.wikipedia.org/wiki/Help:CS1_errors#bad_date"


def test_check_text_empty_old_file_is_a_creation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = files(tmp_path, "", NEW)
    result = run_json(capsys, "check-text", old, new)
    assert [c["wikitext"] for c in result["added"]] == [f"<ref>{GOOD}</ref>", f"<ref>{BAD}</ref>"]
    assert result["cn_removed"] == 0


def test_check_text_languages(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    new = "Texte.<ref>{{Lien web |url=https://e.org |titre=T |consulté le=31 février 2020}}</ref>"
    old, new_file = files(tmp_path, "Texte.", new)
    result = run_json(capsys, "check-text", old, new_file, "--lang", "fr")
    [citation] = result["added"]
    assert citation["template"] == "Lien web"  # as written
    assert [(p["code"], p["param"]) for p in citation["problems"]] == [("bad-date", "consulté le")]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["check-text", "missing.txt", "NEW"], "missing.txt: no such file"),
        (["check-text", "OLD", "NEW", "--lang", "../en"], "--lang: not a language code"),
        (["check-text", "OLD", "NEW", "--today", "21/11/2026"], "--today: not a date"),
        (["check-text", "OLD", "LATIN1"], "LATIN1: not UTF-8 text"),
    ],
)
def test_check_text_bad_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    old, new = files(tmp_path, OLD, NEW)
    (tmp_path / "latin1.txt").write_bytes("café".encode("latin-1"))
    paths = {"OLD": old, "NEW": new, "LATIN1": str(tmp_path / "latin1.txt")}
    argv = [paths.get(a, a) for a in argv]
    message = message.replace("LATIN1", paths["LATIN1"])
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err and "Traceback" not in err


def test_check_a_revision_on_the_wiki(
    botwiki: DevWiki, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    created = botwiki.edit(ADMIN, "Checked", OLD, summary="new")
    edited = botwiki.edit("Alice", "Checked", NEW, summary="#1Lib1Ref sources")
    config = write_config(tmp_path, botwiki.api_url)

    capsys.readouterr()
    assert lib1ref(config, "check", "--wiki", "local", str(edited), "--json") == 0
    result = json.loads(capsys.readouterr().out)
    assert [c["well_formed"] for c in result["added"]] == [True, False]
    assert result["cn_removed"] == 1

    assert lib1ref(config, "check", "--wiki", "local", str(created), "--json") == 0
    creation = json.loads(capsys.readouterr().out)
    assert creation == {"added": [], "reused": 0, "cn_removed": 0}  # a creation: nothing removed

    assert lib1ref(config, "check", "--wiki", "local", str(edited + 1000)) == 1
    assert f"local: no revision {edited + 1000}" in capsys.readouterr().err


def test_check_a_hidden_revision(
    botwiki: DevWiki, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    botwiki.edit(ADMIN, "Hidden", OLD, summary="new")
    edited = botwiki.edit("Alice", "Hidden", NEW, summary="#1Lib1Ref")
    botwiki.edit(
        ADMIN, "Hidden", NEW + "\nLater.", summary="later"
    )  # the current one can't be hidden
    botwiki.hide_revision(edited, hide=("content",))
    config = write_config(tmp_path, botwiki.api_url)
    capsys.readouterr()
    assert lib1ref(config, "check", "--wiki", "local", str(edited)) == 1
    err = capsys.readouterr().err
    assert "local: the text of r" in err and err.count("\n") == 1
