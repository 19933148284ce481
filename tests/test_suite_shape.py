"""The shape of the suite itself: the fast subset (make check) never starts a wiki, and
scripts/ never imports tests/ (tests may import scripts, not the other way round)."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

from scripts.devwiki import DevWiki
from tests.helpers import WIKI_FIXTURES

ROOT = Path(__file__).resolve().parents[1]

# Collects the suite as `pytest -m EXPR` would, and writes each selected test's wiki
# fixtures (the whole fixture closure, so fixtures reached through other fixtures count).
PROBE = """
import json, sys
import pytest

class Probe:
    def pytest_collection_finish(self, session):
        wiki = set(sys.argv[3].split(","))
        rows = {i.nodeid: sorted(wiki & set(getattr(i, "fixturenames", ()))) for i in session.items}
        with open(sys.argv[2], "w") as out:
            json.dump(rows, out)

args = ["--collect-only", "-q", "-p", "no:cacheprovider", "-m", sys.argv[1], "tests"]
sys.exit(pytest.main(args, plugins=[Probe()]))
"""


def collected(tmp_path: Path, expression: str) -> dict[str, list[str]]:
    out = tmp_path / "collected.json"
    argv = [sys.executable, "-c", PROBE, expression, str(out), ",".join(WIKI_FIXTURES)]
    run = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode == 0, run.stdout + run.stderr
    rows: dict[str, list[str]] = json.loads(out.read_text(encoding="utf-8"))
    return rows


@pytest.mark.slow  # collects the whole suite again (3 s); make check has the guard below
def test_fast_subset_uses_no_wiki_fixture(tmp_path: Path) -> None:
    fast = collected(tmp_path, "not wiki")
    assert len(fast) > 500  # the suite was collected, not an empty selection
    assert {test: used for test, used in fast.items() if used} == {}


def test_starting_a_wiki_in_an_unmarked_test_fails() -> None:
    """tests/conftest.py refuses to start a wiki (through a fixture of any scope, or directly)
    in a test not marked `wiki`: were the marking wrong, make check would fail, not start one."""
    with pytest.raises(AssertionError, match=r"mark it @pytest.mark.wiki"):
        DevWiki.start(None)  # type: ignore[arg-type]


def _imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "import_module":
            names.update(a.value for a in node.args if isinstance(a, ast.Constant))
    return names


def test_scripts_never_import_tests() -> None:
    sources = sorted((ROOT / "scripts").rglob("*.py"))
    assert sources
    wrong = {
        str(path.relative_to(ROOT)): sorted(
            name for name in _imported_modules(path) if name == "tests" or name.startswith("tests.")
        )
        for path in sources
    }
    assert {path: names for path, names in wrong.items() if names} == {}
