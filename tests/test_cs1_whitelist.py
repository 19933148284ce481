"""The parameter names come from Module:Citation/CS1/Whitelist: the committed
bot/data/cs1_whitelist.json is what scripts/cs1_whitelist.py makes of the module in
../shared/testdata/cs1, and names are judged per template class as the module does."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.citations.cite import param_state
from bot.citations.profiles import load_cs1, load_profile
from scripts import cs1_whitelist

PAGES = Path(__file__).resolve().parents[2] / "shared" / "testdata" / "cs1" / "pages"
WHITELIST = PAGES / "Module_Citation_CS1_Whitelist.lua"


@pytest.mark.skipif(
    not PAGES.is_dir(), reason=f"{PAGES} is absent (a plain clone has no ../shared)"
)
def test_committed_data_is_the_scripts_output() -> None:
    committed = cs1_whitelist.OUTPUT.read_text(encoding="utf-8")
    assert committed == cs1_whitelist.dumps(cs1_whitelist.generate(WHITELIST))


def test_the_reader_takes_states_and_nested_tables() -> None:
    text = """
local basic_arguments = {
	['url'] = true,														-- a comment
	['lay-url'] = false,
	['gone'] = nil,
	['odd'] = 'tracked',
	}
local numbered_arguments = {
	['last#'] = true,
	}
local limited_basic_arguments = {
	['title'] = true,
	}
local limited_numbered_arguments = {
	['first#'] = true,
	}
local preprint_arguments = {
	arxiv = {
		['eprint'] = true,
		},
	}
local unique_arguments = {
	['audio-visual'] = {
		['transcript'] = true,
		},
	}
"""
    data = cs1_whitelist.parse_whitelist(text)
    assert data["basic"] == {"gone": "removed", "lay-url": "deprecated", "odd": "tracked",
                             "url": "supported"}  # fmt: skip
    assert data["preprint"] == {"arxiv": {"eprint": "supported"}}
    assert data["unique"] == {"audio-visual": {"transcript": "supported"}}


def test_an_unreadable_line_is_refused() -> None:
    text = "".join(f"local {t} = {{\n\t['url'] = true,\n\t}}\n" for t in cs1_whitelist.TABLES)
    text = text.replace("= true", "= maybe", 1)
    with pytest.raises(cs1_whitelist.WhitelistError, match="cannot read"):
        cs1_whitelist.parse_whitelist(text)


def test_removed_names_are_the_suggestions_marked_old() -> None:
    text = """
	['chapterurl'] = 'chapter-url',  -- old parameter name
	['auther'] = 'author',
	['^editorlink(%d+)$'] = 'editor-link$1',  -- old parameter name, enumerated
"""
    assert cs1_whitelist.parse_removed(text) == {
        "chapterurl": "chapter-url",
        "editorlink#": "editor-link#",
    }


def test_check_mode_reports_a_stale_file(tmp_path: Path) -> None:
    if not PAGES.is_dir():
        pytest.skip(f"{PAGES} is absent")
    out = tmp_path / "cs1_whitelist.json"
    out.write_text("{}", encoding="utf-8")
    assert cs1_whitelist.main([str(WHITELIST), "--output", str(out), "--check"]) == 1
    assert cs1_whitelist.main([str(WHITELIST), "--output", str(out)]) == 0
    assert cs1_whitelist.main([str(WHITELIST), "--output", str(out), "--check"]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["source"] == WHITELIST.name


@pytest.mark.parametrize(
    ("name", "cls", "state"),
    [
        ("access-date", "web", "supported"),
        ("last12", "book", "supported"),  # numbered: last#
        ("lay-url", "journal", "deprecated"),
        ("chapterurl", "book", None),  # removed
        ("network", "web", None),  # cite episode and cite serial only
        ("network", "episode", "supported"),
        ("transcript-url", "av-media", "supported"),  # profile class -> audio-visual
        ("publisher", "arxiv", None),  # preprints take a limited list
        ("eprint", "arxiv", "supported"),
        ("author3", "arxiv", "supported"),
        ("ti#tle", "web", None),  # '#' is reserved
    ],
)
def test_names_are_judged_per_template_class(name: str, cls: str, state: str | None) -> None:
    assert param_state(name, load_profile("en"), cls) == state


def test_removed_names_are_legacy_and_name_their_replacement() -> None:
    cs1 = load_cs1()
    assert {"chapterurl", "deadurl", "displayauthors", "nopp", "laydate"} <= cs1.legacy_params
    assert cs1.replacements["chapterurl"] == "chapter-url"
    assert not cs1.legacy_params & cs1.known_params
