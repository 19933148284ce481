"""The Lua patterns of bot/citations/content.py against the module's own code: the
functions and tables that judge names, extra text, external links and italic markup are
cut out of ../shared/testdata/cs1 (Module:Citation/CS1 and its Configuration), run with
lua5.1 on the rows of tests/data/citations/cs1_values.json and on every value of the
corpus's citation templates, and must give the same verdict as the Python port."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from bot.citations.template import read_call, templates
from tests.citation_cases import CS1_VALUE_CHECKS

SHARED = Path(__file__).resolve().parents[2] / "shared" / "testdata"
PAGES = SHARED / "cs1" / "pages"
LUA = shutil.which("lua5.1")
pytestmark = [
    pytest.mark.skipif(not PAGES.is_dir(), reason=f"{PAGES} is absent (a plain clone)"),
    pytest.mark.skipif(LUA is None, reason="lua5.1 is not installed (apt-get install lua5.1)"),
]
ROWS = json.loads(
    (Path(__file__).parent / "data" / "citations" / "cs1_values.json").read_text(encoding="utf-8")
)["rows"]
PORTS = CS1_VALUE_CHECKS
PRELUDE = """
local is_Latn = 'A-Za-z\\195\\128-\\195\\150\\195\\152-\\195\\182'
	.. '\\195\\184-\\198\\191\\199\\132-\\201\\143';
local flagged = false
local utilities = {is_set = function (v) return v ~= nil and v ~= '' end,
	set_message = function () flagged = true end}
local function one_byte (text) return (text:gsub ('\\226\\128\\147', '\\1')) end  -- en dash
local mw = {ustring = {lower = string.lower, find = string.find,
	match = function (text, pattern) return one_byte (text):match (one_byte (pattern)) end}}
local set_message = utilities.set_message
local substitute = function (s) return s end
"""
CFG = """
local cfg = {et_al_patterns = et_al_patterns, vol_iss_pg_patterns = vol_iss_pg_patterns,
	special_case_translation = {generic_names = generic_names},
	messages = {mismatch = 'mismatch'},
	err_msg_supl = {save = 'save command', liveweb = 'liveweb', timestamp = 'timestamp',
		path = 'path', flag = 'flag'}}
"""
RUNNER = """
local function any_match (val, patterns)
	for _, pattern in ipairs (patterns) do if val:match (pattern) then return true end end
	return false
end
local vip = vol_iss_pg_patterns
local tests = {
	generic_name = function (v) return is_generic ('generic_names', v) == true end,
	et_al = function (v) return any_match (v, et_al_patterns) end,
	page = function (v)
		return not v:match (vip.good_ppattern) and any_match (v, vip.bad_ppatterns)
	end,
	volume = function (v) return any_match (v:lower (), vip.vpatterns) end,
	issue = function (v) return any_match (v:lower (), vip.ipatterns) end,
	external_link = function (v) return is_parameter_ext_wikilink (v) == true end,
	apostrophe = function (v) return v:find ("''", 1, true) ~= nil end,
	archive_url = function (v) flagged = false; archive_url_check (v, ''); return flagged end,
	year_date = function (v)
		local year, date = v:match ('^(.-) ## (.*)$')
		local errors = {}
		year_date_check (year, 'year', date, 'date', errors)
		return #errors > 0
	end,
}
for line in io.lines () do
	local test, value = line:match ('^([^\\t]*)\\t(.*)$')
	print (tostring (tests[test] (value)))
end
"""


FUNCTIONS = ("is_scheme", "is_domain_name", "is_url", "split_url", "is_parameter_ext_wikilink",
             "is_generic", "archive_url_check")  # fmt: skip


def _block(text: str, start: str, end: str = r"^end$") -> str:
    m = re.search(rf"^{start}.*?{end}", text, re.M | re.S)
    if m is None:
        raise AssertionError(f"{start!r} not found in the module")
    return m.group(0)


def harness() -> str:
    main = (PAGES / "Module_Citation_CS1.lua").read_text(encoding="utf-8")
    config = (PAGES / "Module_Citation_CS1_Configuration.lua").read_text(encoding="utf-8")
    dates = (PAGES / "Module_Citation_CS1_Date_validation.lua").read_text(encoding="utf-8")
    generic = _block(config, r"\t\['generic_names'\] = \{", r"^\t\t\t\}\n\t\}")
    parts = [
        PRELUDE,
        _block(config, r"local et_al_patterns = \{", r"^\t\}"),
        "local " + generic.strip().replace("['generic_names']", "generic_names", 1),
        _block(config, r"local vol_iss_pg_patterns = \{", r"^\t\}"),
        CFG,
        *(_block(main, rf"local function {name} ") for name in FUNCTIONS),
        _block(dates, r"local function year_date_check "),
        RUNNER,
    ]
    return "\n".join(parts)


def lua_verdicts(rows: list[tuple[str, str]], tmp_path: Path) -> list[bool]:
    script = tmp_path / "harness.lua"
    script.write_text(harness(), encoding="utf-8")
    stdin = "".join(f"{test}\t{value}\n" for test, value in rows)
    command = [str(LUA), str(script)]
    done = subprocess.run(command, input=stdin.encode(), capture_output=True, check=False)
    assert done.returncode == 0, done.stderr.decode()
    return [line == "true" for line in done.stdout.decode().splitlines()]


def test_the_value_rows_agree_with_the_module(tmp_path: Path) -> None:
    rows = [(r[0], r[1]) for r in ROWS]
    lua = lua_verdicts(rows, tmp_path)
    assert len(lua) == len(rows)
    assert [(t, v) for (t, v), ok in zip(rows, lua, strict=True) if ok != PORTS[t](v)] == []
    assert lua == [r[2] for r in ROWS]  # and the file's expectations are the module's


def _corpus_rows() -> list[tuple[str, str]]:
    rows: set[tuple[str, str]] = set()
    for path in sorted((SHARED / "wikitext-corpus").rglob("*.wiki")):
        for node in templates(path.read_text(encoding="utf-8")):
            call = read_call(node)
            if not call.name.lower().startswith(("cite", "citation")):
                continue
            for p in call.params:
                if p.value and "\n" not in p.value and "\t" not in p.value:
                    rows.update((test, p.value) for test in PORTS if test != "year_date")
    return sorted(rows)


@pytest.mark.slow
def test_every_corpus_value_agrees_with_the_module(tmp_path: Path) -> None:
    rows = _corpus_rows()
    lua = lua_verdicts(rows, tmp_path)
    assert len(lua) == len(rows) > 100_000
    differ = [(t, v) for (t, v), ok in zip(rows, lua, strict=True) if ok != PORTS[t](v)]
    assert differ == []
