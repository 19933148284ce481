"""Generate bot/data/cs1_whitelist.json from Module:Citation/CS1/Whitelist.

    python -m scripts.cs1_whitelist ../shared/testdata/cs1/pages/Module_Citation_CS1_Whitelist.lua

The parameter names CS1 accepts are the module's, not a hand-kept list. The Whitelist marks
each name `true` (supported), `false` (deprecated: still works, shown as an error),
`'tracked'` (supported, tracked in a properties category) or `nil` (no longer supported);
its tables are the general lists (`basic_arguments`, `numbered_arguments`, `#` standing for
an enumerator), the limited lists of the preprint templates (cite arXiv, bioRxiv,
CiteSeerX, SSRN) and the template-specific ones. Names CS1 removed are read from the
Suggestions module beside it (Module:Citation/CS1/Suggestions), where each suggestion for
a removed name is marked `-- old parameter name`; they map to the name to use instead.

The names CS1 reads as one parameter (its `aliases` table: meta-parameter -> names; two of
them set is `redundant_parameters`) are read from the Configuration module beside it.

Only the table text is read (a small reader for the Lua table literals these two modules
are written in), never executed. `--check` exits 1 when the committed file differs.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

OUTPUT = Path(__file__).resolve().parents[1] / "bot" / "data" / "cs1_whitelist.json"
STATES = {"true": "supported", "false": "deprecated", "'tracked'": "tracked", "nil": "removed"}
TABLES = {
    "basic_arguments": "basic",
    "numbered_arguments": "numbered",
    "limited_basic_arguments": "limited_basic",
    "limited_numbered_arguments": "limited_numbered",
    "preprint_arguments": "preprint",
    "unique_arguments": "unique",
}
_TABLE_RE = re.compile(r"^local (\w+) = \{", re.M)
_ENTRY_RE = re.compile(r"^\s*\[(['\"])(.+?)\1\]\s*=\s*(true|false|'tracked'|nil)\s*,?\s*$")
_NESTED_RE = re.compile(r"^\s*(?:\[(['\"])(.+?)\1\]|([\w-]+))\s*=\s*\{\s*$")
_SUGGESTION_RE = re.compile(
    r"^\s*\[(['\"])(.+?)\1\]\s*=\s*(['\"])(.+?)\3\s*,?\s*--.*old parameter name"
)


class WhitelistError(ValueError):
    """The Whitelist text does not have the shape this reader knows."""


def _strip_comment(line: str) -> str:
    """The line without a trailing `--` comment (names and values never hold `--`)."""
    return line.split("--", 1)[0].rstrip()


def _read_table(lines: list[str], start: int) -> tuple[dict[str, Any], int]:
    """The table whose `{` ends line `start - 1`: {name: state} or {key: nested table};
    and the index of the line after its closing brace."""
    out: dict[str, Any] = {}
    i = start
    while i < len(lines):
        line = _strip_comment(lines[i])
        i += 1
        if not line.strip():
            continue
        if line.strip() in ("}", "},", "};"):
            return out, i
        if m := _ENTRY_RE.match(line):
            out[m.group(2)] = STATES[m.group(3)]
        elif m := _NESTED_RE.match(line):
            out[m.group(2) or m.group(3)], i = _read_table(lines, i)
        else:
            raise WhitelistError(f"line {i}: cannot read {line.strip()!r}")
    raise WhitelistError("a table is not closed")


def parse_whitelist(text: str) -> dict[str, Any]:
    """The Whitelist's parameter tables, by the names of TABLES' values."""
    lines = text.splitlines()
    starts = {m.group(1): text.count("\n", 0, m.start()) + 1 for m in _TABLE_RE.finditer(text)}
    missing = sorted(set(TABLES) - set(starts))
    if missing:
        raise WhitelistError(f"tables not found: {', '.join(missing)}")
    out: dict[str, Any] = {}
    for lua_name, key in TABLES.items():
        table, _ = _read_table(lines, starts[lua_name])
        if not table:
            raise WhitelistError(f"{lua_name} is empty")
        out[key] = _sorted(table)
    return out


def parse_removed(text: str) -> dict[str, str]:
    """{removed name: the name to use}, from the suggestions marked `old parameter name`.
    Pattern suggestions (`^authorfirst(%d+)$` -> `author-first$1`) become `#` names."""
    out: dict[str, str] = {}
    for line in text.splitlines():
        if m := _SUGGESTION_RE.match(line):
            old, new = m.group(2), m.group(4)
            if old.startswith("^"):
                old = old.strip("^$").replace("(%d+)", "#")
                new = new.replace("$1", "#")
            if re.search(r"[%()\[\]^$]", old):
                raise WhitelistError(f"cannot read the suggestion pattern {old!r}")
            out[old] = new
    return dict(sorted(out.items()))


_ALIASES_RE = re.compile(r"^local aliases = \{\n(.*?)^\t?\}\n", re.M | re.S)
_ALIAS_RE = re.compile(r"\[(['\"])(.+?)\1\]\s*=\s*(\{.*?\}|'[^']*'|\"[^\"]*\")", re.S)
_QUOTED_RE = re.compile(r"'([^']*)'|\"([^\"]*)\"")


def parse_aliases(text: str) -> dict[str, list[str]]:
    """The Configuration's `aliases` table: {meta-parameter: [names, in its order]}."""
    m = _ALIASES_RE.search(text)
    if m is None:
        raise WhitelistError("the Configuration has no aliases table")
    body = "\n".join(_strip_comment(line) for line in m.group(1).splitlines())
    out = {
        key: [a or b for a, b in _QUOTED_RE.findall(value)]
        for _, key, value in _ALIAS_RE.findall(body)
    }
    if not out:
        raise WhitelistError("the aliases table is empty")
    return dict(sorted(out.items()))


def _sorted(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _sorted(value[k]) for k in sorted(value)}
    return value


def generate(whitelist: Path, suggestions: Path | None = None) -> dict[str, Any]:
    """The content of bot/data/cs1_whitelist.json for these module files (the Suggestions
    and Configuration modules are read beside the Whitelist unless named)."""
    suggestions = suggestions or whitelist.with_name("Module_Citation_CS1_Suggestions.lua")
    configuration = whitelist.with_name("Module_Citation_CS1_Configuration.lua")
    data: dict[str, Any] = {
        "_comment": [
            "Generated by scripts/cs1_whitelist.py from Module:Citation/CS1/Whitelist and the",
            "removed names Module:Citation/CS1/Suggestions marks 'old parameter name', and the",
            "aliases of Module:Citation/CS1/Configuration (names read as one parameter). Do not",
            "edit: run the script. States: supported, deprecated (CS1 shows an error),",
            "tracked (supported), removed; '#' stands for an enumerator.",
        ],
        "source": whitelist.name,
    }
    data.update(parse_whitelist(whitelist.read_text(encoding="utf-8")))
    data["removed"] = parse_removed(suggestions.read_text(encoding="utf-8"))
    data["aliases"] = parse_aliases(configuration.read_text(encoding="utf-8"))
    return data


def dumps(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("whitelist", type=Path, help="Module_Citation_CS1_Whitelist.lua")
    parser.add_argument("--suggestions", type=Path, help="Module_Citation_CS1_Suggestions.lua")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument("--check", action="store_true", help="exit 1 if the output differs")
    args = parser.parse_args(argv)
    try:
        text = dumps(generate(args.whitelist, args.suggestions))
    except (OSError, WhitelistError) as e:
        print(f"cs1_whitelist: {e}", file=sys.stderr)
        return 2
    if args.check:
        same = args.output.is_file() and args.output.read_text(encoding="utf-8") == text
        print(f"{args.output}: {'up to date' if same else 'differs: run the script'}")
        return 0 if same else 1
    args.output.write_text(text, encoding="utf-8")
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
