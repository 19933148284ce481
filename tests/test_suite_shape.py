"""The shape of the suite itself: the fast subset (make check) never starts a wiki, and
scripts/ never imports tests/ (tests may import scripts, not the other way round)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from scripts.devwiki import DevWiki
from tests.helpers import WIKI_FIXTURES

ROOT = Path(__file__).resolve().parents[1]


def test_no_unmarked_test_uses_a_wiki_fixture(request: pytest.FixtureRequest) -> None:
    """Checks the tests of the session it runs in, as collected and selected: in make check
    (`-m "not wiki and not slow"`) the fast subset itself, in make test every test. The
    fixture closure counts: a fixture reached through another fixture is used too."""
    items = request.session.items
    assert request.node in items
    unmarked = {
        item.nodeid: sorted(WIKI_FIXTURES & set(getattr(item, "fixturenames", ())))
        for item in items
        if item.get_closest_marker("wiki") is None
    }
    assert {test: used for test, used in unmarked.items() if used} == {}
    if "not wiki" in (request.config.option.markexpr or ""):  # what was selected, and why
        assert not [item for item in items if item.get_closest_marker("wiki")]


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
