"""`judge = "wiki" | "both"` end to end: a scan takes citation verdicts from the real
Module:Citation/CS1 running on a local wiki (the `cs1botwiki` fixture), the organizer report
shows where it disagrees with our rules, and a wiki that cannot judge leaves our verdicts."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import pytest

from bot import store
from bot.citations.cs1_html import cs1_problems
from bot.cli import main
from scripts.cs1_render import Cs1Renderer
from scripts.devwiki import ADMIN, DevWiki
from tests.helpers import write_config

# Citations on which our rules and the module have been seen to differ (issue 12), and two
# on which they agree. Which ones differ is measured, not assumed: see `_differing`.
CANDIDATES = (
    "{{cite book |last=Hale |title=A History |publisher=Press |year=1999 |ref=harv}}",
    "{{cite book |last=Hale |title=A History |publisher=''Press'' |year=1999}}",
    "{{cite book |editor=Jane Doe (eds.) |title=A History |publisher=Press |year=1999}}",
    "{{cite web |url=https://example.org/x |title=A page |date=August 2002a}}",
    "{{cite book |last=Hale |title=A History |publisher=Press |chapterurl=https://example.org}}",
    "{{cite journal |last=Hale |title=A paper |volume=Vol. 12 |doi=10.1000/182}}",
    "{{cite book |trans-title=A Book |url=https://example.org/b |publisher=Press |year=1999}}",
    "{{cite web |url=https://example.org/f |title=A page |first=John}}",
)
AGREED = (
    "{{cite book |last=Hale |title=A History |year=1999 |isbn=978-0-306-40615-8}}",  # checksum
    "{{cite web |url=https://example.org/a |title=A page |access-date=2 March 2020}}",
)
BASE = "Lead sentence.\n\n== References ==\n{{reflist}}\n"


def _add(wiki: DevWiki, user: str, title: str, templates: tuple[str, ...]) -> int:
    refs = "".join(f"Claim {i}.<ref>{t}</ref>\n" for i, t in enumerate(templates))
    wiki.edit(ADMIN, title, BASE, summary="stub")
    return wiki.edit(user, title, refs + BASE, summary="sources #1Lib1Ref")


def _citations(config: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, dict[str, Any]]:
    """Exported citations by wikitext (each template is added once)."""
    capsys.readouterr()
    assert main(["--config", str(config), "export", "citations", "--format", "json"]) == 0
    rows: list[dict[str, Any]] = json.loads(capsys.readouterr().out)
    return {r["wikitext"].removeprefix("<ref>").removesuffix("</ref>"): r for r in rows}


def _scan(wiki: DevWiki, tmp_path: Path, name: str, wiki_extra: str, *extra: str) -> Path:
    config = write_config(tmp_path, wiki.api_url, name=f"{name}.toml",
                          database=f"{name}.sqlite", wiki_extra=wiki_extra)  # fmt: skip
    assert main(["--config", str(config), "scan", *extra]) == 0
    return config


def _requests(summary: str) -> int:
    return int(summary.rsplit("API requests: ", 1)[1])


def _module(wiki: DevWiki, templates: tuple[str, ...]) -> dict[str, tuple[bool, list[str]]]:
    """The module's own verdict and problem codes on each template (rendered apart)."""
    out = {}
    for template, r in zip(templates, Cs1Renderer(wiki).render(templates), strict=True):
        out[template] = (not r.render.has_error, sorted(code for code, _ in cs1_problems(r.render)))
    return out


def test_judge_wiki_records_the_modules_verdicts(
    cs1botwiki: DevWiki, tmp_path: Path, password: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _add(cs1botwiki, "Alice", "Alpha", CANDIDATES[:3])
    _add(cs1botwiki, "Bob", "Beta", CANDIDATES[3:] + AGREED)
    cs1botwiki.edit("Carol", "Gamma", "Text.<ref>https://example.org/bare</ref>\n" + BASE,
                    summary="#1Lib1Ref bare")  # fmt: skip
    local = _citations(_scan(cs1botwiki, tmp_path, "local", ""), capsys)
    wiki_config = _scan(cs1botwiki, tmp_path, "wiki", 'judge = "wiki"')
    summary = capsys.readouterr().out.strip().splitlines()[-1]
    judged = _citations(wiki_config, capsys)
    module = _module(cs1botwiki, CANDIDATES + AGREED)

    differing = [t for t in CANDIDATES if local[t]["well_formed"] != module[t][0]]
    assert differing, "no candidate citation where our rules and the module differ"
    for template, (well_formed, codes) in module.items():
        row = judged[template]
        assert (row["judge"], row["fallback"]) == ("wiki", "")
        assert (row["well_formed"], sorted(row["problems"])) == (well_formed, codes), template
    for template in differing:
        assert judged[template]["well_formed"] != local[template]["well_formed"]
    bare = judged["https://example.org/bare"]  # nothing for the module to render: ours
    assert (bare["judge"], bare["fallback"]) == ("local", "")
    assert bare == local["https://example.org/bare"]
    assert f"wiki verdicts: {len(module)}, local fallbacks: 0" in summary
    _scan(cs1botwiki, tmp_path, "again", "")  # as warm as the wiki scan was
    again = capsys.readouterr().out.strip().splitlines()[-1]
    # The 8 template citations of 2 edits (and the module's verdicts) in one request more.
    assert _requests(summary) == _requests(again) + 1

    db = store.open_db(tmp_path / "wiki.sqlite")
    edits = {e["page_title"]: e for e in store.export_edits(db, "test")}
    beta = CANDIDATES[3:] + AGREED
    assert edits["Beta"]["citations_well_formed"] == sum(module[t][0] for t in beta)


def test_judge_both_shows_disagreements_in_the_report(
    cs1botwiki: DevWiki, tmp_path: Path, password: str, capsys: pytest.CaptureFixture[str]
) -> None:
    revid = _add(cs1botwiki, "Alice", "Alpha", CANDIDATES + AGREED)
    local = _citations(_scan(cs1botwiki, tmp_path, "local", ""), capsys)
    config = _scan(cs1botwiki, tmp_path, "both", 'judge = "both"')
    both = _citations(config, capsys)
    module = _module(cs1botwiki, CANDIDATES + AGREED)
    assert both == local  # our verdicts are kept
    differing = [t for t in CANDIDATES if local[t]["well_formed"] != module[t][0]]
    assert differing

    assert main(["--config", str(config), "leaderboard"]) == 0
    report = cs1botwiki.page_text("Project:1Lib1Ref/Citations to check") or ""
    assert "Where the wiki's citation module disagrees" in report
    section = report.split("Where the wiki's citation module disagrees", 1)[1]
    assert f"Special:Diff/{revid}" in section
    rows = section.split("|-")[1:]
    for template in differing:
        ours = "well-formed" if local[template]["well_formed"] else "error"
        theirs = "well-formed" if module[template][0] else "error"
        shown = [r for r in rows if f"<ref>{template}</ref>" in _unescape(r)]
        assert len(shown) == 1, template
        cells = [c.strip() for c in _unescape(shown[0]).split("||")]
        assert cells[3].split(":")[0] == ours and cells[4].split(":")[0] == theirs
    agreed = [r for r in rows if "978-0-306-40615-8" in _unescape(r)]
    assert agreed == []  # both call the bad ISBN an error, for the same reason


def _unescape(text: str) -> str:
    import html

    return html.unescape(text)


def _warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]


def test_the_cap_per_scan_leaves_the_rest_to_our_rules(
    cs1botwiki: DevWiki, tmp_path: Path, password: str, capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:  # fmt: skip
    _add(cs1botwiki, "Alice", "Alpha", AGREED)
    _add(cs1botwiki, "Bob", "Beta", CANDIDATES[:2])
    config = _scan(
        cs1botwiki, tmp_path, "capped", 'judge = "wiki"\njudge_limit = 3\njudge_batch = 2'
    )
    rows = _citations(config, capsys)
    judges = sorted((r["judge"], r["fallback"]) for r in rows.values())
    reason = "the cap of 3 citations per scan was reached"
    assert judges == [("local", reason), ("wiki", ""), ("wiki", ""), ("wiki", "")]
    assert [m for m in _warnings(caplog) if reason in m] == [
        f"scan local: {reason}; our rules' verdicts kept for the rest of this scan"
    ]


def test_a_wiki_without_the_module_leaves_our_verdicts(
    cs1botwiki: DevWiki, tmp_path: Path, password: str, capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:  # fmt: skip
    cs1botwiki.delete_page("Module:Citation/CS1")
    _add(cs1botwiki, "Alice", "Alpha", CANDIDATES[:2] + AGREED)
    local = _citations(_scan(cs1botwiki, tmp_path, "local", ""), capsys)
    rows = _citations(_scan(cs1botwiki, tmp_path, "wiki", 'judge = "wiki"'), capsys)
    for template, row in rows.items():
        assert row["judge"] == "local"
        assert "script error" in row["fallback"]
        assert {**row, "fallback": ""} == local[template]
    said = [m for m in _warnings(caplog) if "no verdict from the wiki's citation module" in m]
    assert said == [
        "scan local: no verdict from the wiki's citation module on 4 of 4 citations (the "
        "module failed (script error) by the wiki's citation module); our rules' verdicts kept"
    ]


def test_a_wiki_that_times_out_leaves_our_verdicts(
    cs1botwiki: DevWiki, tmp_path: Path, password: str, capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:  # fmt: skip
    """The module takes longer than the bot's request timeout (1 s) on every citation."""
    _add(cs1botwiki, "Alice", "Alpha", AGREED)
    module = cs1botwiki.page_text("Module:Citation/CS1") or ""
    slow = "local started = os.clock() while os.clock() - started < 1.3 do end\n"
    cs1botwiki.edit(ADMIN, "Module:Citation/CS1", slow + module, summary="slow")
    config = write_config(tmp_path, cs1botwiki.api_url, wiki_extra='judge = "both"')
    config.write_text(config.read_text().replace("timeout = 10", "timeout = 1"))
    code = main(["--config", str(config), "scan"])
    rows = _citations(config, capsys)
    assert len(rows) == 2
    assert all(r["judge"] == "local" and r["fallback"].startswith("the wiki failed:")
               for r in rows.values())  # fmt: skip
    said = [m for m in _warnings(caplog) if "the wiki failed" in m]
    assert len(said) == 1 and said[0].startswith("scan local: the wiki failed: ")
    assert said[0].endswith("our rules' verdicts kept for the rest of this scan")
    assert code == 1  # the busy server also fails the re-check of recorded edits


def test_the_modules_errors_stay_on_the_report_while_the_citation_is_unchanged(
    cs1botwiki: DevWiki, tmp_path: Path, password: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 15, "fixed by", under `judge = "wiki"`: a citation only the module calls wrong is
    not taken for fixed (nor credited to anyone) by the report's recheck, which runs our rules."""
    _add(cs1botwiki, "Alice", "Alpha", CANDIDATES)
    local = _citations(_scan(cs1botwiki, tmp_path, "local", ""), capsys)
    config = _scan(cs1botwiki, tmp_path, "wiki", 'judge = "wiki"')
    judged = _citations(config, capsys)
    only_module = [t for t in CANDIDATES
                   if local[t]["well_formed"] and not judged[t]["well_formed"]]  # fmt: skip
    assert only_module, "no candidate citation only the module calls wrong"

    assert main(["--config", str(config), "leaderboard"]) == 0
    report = _unescape(cs1botwiki.page_text("Project:1Lib1Ref/Citations to check") or "")
    assert "Recently fixed" not in report
    for template in only_module:
        assert f"<ref>{template}</ref>" in report, template
    assert all(r["left_report"] in ("", None) for r in _citations(config, capsys).values())
