"""Reading Module:Citation/CS1's verdicts: the batch page text, its HTML, the anchor table,
and the real module on the local wiki (the `cs1wiki` fixture)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from bot.citations.cs1_html import (
    Cs1Finding,
    Cs1Render,
    anchor_codes,
    batch_wikitext,
    cs1_problems,
    read_findings,
    split_html,
)
from bot.problems import problem_codes
from scripts.cs1_render import Cs1Renderer
from scripts.devwiki import DevWiki
from scripts.devwiki.cs1 import DEFAULT_CS1_DIR, manifest_pages

CODES = problem_codes()

CASES = json.loads((Path(__file__).parent / "data" / "cs1" / "html_findings.json").read_text())
CONFIGURATION = DEFAULT_CS1_DIR / "pages" / "Module_Citation_CS1_Configuration.lua"


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["id"])
def test_findings_read_from_html(case: dict[str, Any]) -> None:
    render = read_findings(case["html"])
    assert [[f.anchor, f.hidden] for f in render.findings] == case["findings"]
    assert render.script_error == case["script_error"]
    visible = any(not hidden for _, hidden in case["findings"])
    assert render.has_error == (visible or case["script_error"])


def _fake_html(wikitext: str, rendered: dict[str, str]) -> str:
    """What MediaWiki makes of a batch, paragraph by paragraph (markers stay as text)."""
    return "".join(f"<p>{rendered.get(p, p)}\n</p>" for p in wikitext.strip().split("\n\n"))


ERROR_SPAN = (
    '<span class="cs1-visible-error citation-comment">x (<a href="/index.php/'
    'Help:CS1_errors#{}">help</a>)</span>'
)


def test_batch_splits_back_per_template() -> None:
    templates = ["{{cite web |title=A}}", "{{cite book |title=B |isbn=1}}", "{{cite web |title=A}}"]
    html = _fake_html(
        batch_wikitext(templates),
        {
            templates[0]: ERROR_SPAN.format("cite_web_url"),
            templates[1]: ERROR_SPAN.format("bad_isbn"),
        },
    )
    renders = split_html(html, templates)
    assert renders == [
        Cs1Render((Cs1Finding("cite_web_url", False),)),
        Cs1Render((Cs1Finding("bad_isbn", False),)),
        Cs1Render((Cs1Finding("cite_web_url", False),)),
    ]


def test_lost_markers_cost_only_the_templates_between_them() -> None:
    templates = ["{{cite web |title=A}}", "{{cite book |title=B}}", "{{cite news |title=C}}"]
    text = batch_wikitext(templates)
    markers = re.findall(r"LIBREFCITE\w+", text)
    assert len(markers) == 4 and len(set(markers)) == 4
    html = _fake_html(text, {}).replace(markers[2], "")  # swallowed by template 2
    assert split_html(html, templates)[0] == Cs1Render()
    assert split_html(html, templates)[1:] == [None, None]


def test_a_template_cannot_forge_the_markers() -> None:
    """Markers derive from the whole batch: text copied from another batch is not one."""
    other = batch_wikitext(["{{cite web |title=Z}}"])
    forged = "{{cite web |title=" + other.replace("\n", " ") + "}}"
    templates = [forged, "{{cite book |title=B |isbn=1}}"]
    html = _fake_html(batch_wikitext(templates), {templates[1]: ERROR_SPAN.format("bad_isbn")})
    assert split_html(html, templates) == [
        Cs1Render(),
        Cs1Render((Cs1Finding("bad_isbn", False),)),
    ]


def _module_error_anchors() -> set[str]:
    text = CONFIGURATION.read_text(encoding="utf-8")
    errors = text[text.index("local error_conditions") : text.index("M A I N T")]
    return set(re.findall(r"anchor = '([^']+)'", errors))


@pytest.mark.skipif(not CONFIGURATION.is_file(), reason=f"{CONFIGURATION} is absent")
def test_anchor_table_lists_every_error_of_the_module() -> None:
    table = anchor_codes()
    assert set(table) == _module_error_anchors()
    assert {code for code in table.values() if code is not None} <= set(CODES)


def test_hidden_findings_are_warnings_and_unmapped_ones_named() -> None:
    render = Cs1Render((Cs1Finding("bad_isbn", False), Cs1Finding("missing_pipe", True)))
    assert cs1_problems(render) == {("bad-isbn", "error"), ("cs1:missing_pipe", "warning")}


# ---- the real module ------------------------------------------------------------------------


def test_the_module_renders_citations_on_the_local_wiki(cs1wiki: DevWiki) -> None:
    renderer = Cs1Renderer(cs1wiki)
    today = renderer.today()
    templates = [
        "{{cite web |url=https://example.org/a |title=A page |date=5 May 2010}}",
        "{{cite book |title=B |isbn=978-0-306-40615-8}}",  # checksum
        "{{cite journal |title=C}}",  # no |journal=: hidden by default
        f"{{{{cite news |title=D |newspaper=P |date={today.year + 3}}}}}",  # too far ahead
        "{{cite web |title=E |access-date=2020-01-01 |foo=bar}}",
        "{{cite book |title=F}}",
    ]
    got = [
        sorted((f.anchor, f.hidden) for f in r.render.findings) for r in renderer.render(templates)
    ]
    assert got == [
        [],
        [("bad_isbn", False)],
        [("missing_periodical", True)],
        [("bad_date", False)],
        [("accessdate_missing_url", False), ("cite_web_url", False), ("parameter_ignored", False)],
        [],
    ]
    assert renderer.requests == 2  # one batch: a save and a parse


def test_a_citation_breaking_out_of_its_paragraph_costs_only_itself(cs1wiki: DevWiki) -> None:
    templates = [
        "{{cite book |title=A |isbn=1}}",
        "{{cite book |title=B}} <!-- never closed",
        "{{cite web |title=C}}",
    ]
    got = [
        sorted(f.anchor for f in r.render.findings) for r in Cs1Renderer(cs1wiki).render(templates)
    ]
    assert got == [["bad_isbn"], [], ["cite_web_url"]]


def test_renders_are_cached_by_text_and_module_version(cs1wiki: DevWiki, tmp_path: Path) -> None:
    cache = tmp_path / "renders.json"
    first = Cs1Renderer(cs1wiki, cache)
    result = first.render(["{{cite book |title=A |isbn=1}}", "{{cite web |title=B}}"])
    first.save()
    again = Cs1Renderer(cs1wiki, cache)
    assert again.render(["{{cite web |title=B}}", "{{cite book |title=A |isbn=1}}"]) == [
        result[1],
        result[0],
    ]
    assert again.rendered == 0 and first.rendered == 2


def test_the_module_pages_keep_their_content_models(cs1wiki: DevWiki) -> None:
    pages = manifest_pages()
    got = {}
    for start in range(0, len(pages), 50):  # the API's limit of titles per request
        titles = "|".join(p.title for p in pages[start : start + 50])
        info = cs1wiki.api_get(action="query", prop="info|revisions", rvprop="size", titles=titles)
        for page in info["query"]["pages"]:
            got[page["title"]] = (page.get("contentmodel"), page["revisions"][0]["size"])
    assert got == {p.title: (p.model, len(p.text.encode())) for p in pages}
