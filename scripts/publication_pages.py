"""The wiki pages that publish a citation profile (bot/citations/derive.py `Publication`):
the Citoid map page, the citation templates with their TemplateData, the redirects to them,
and the citation-needed template with its redirects. Used to set up a local wiki in tests
and benchmarks; `EN` is English Wikipedia's publication as tests/data/derive/en.json
describes it (its `_source` says where each part comes from)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from bot.citations.derive import Publication

EN = Path(__file__).parents[1] / "tests" / "data" / "derive" / "en.json"
CITOID_MAP = "MediaWiki:Citoid-template-type-map.json"


def en_publication() -> Publication:
    return Publication.from_json(EN.read_text(encoding="utf-8"))


def publication_pages(pub: Publication, current: Callable[[str], str | None]) -> dict[str, str]:
    """Title -> text of every page that publishes `pub`, on a wiki where `current(title)` is a
    page's text now (None when missing): TemplateData is added to a template's own text; a
    missing template gets a stub body, a missing redirect is created."""
    pages = {CITOID_MAP: json.dumps(dict(pub.type_map), ensure_ascii=False)}
    for name, data in pub.templatedata.items():
        title = f"Template:{name}"
        body = current(title) or "{{{title|}}}"
        doc = json.dumps(dict(data), ensure_ascii=False)
        pages[title] = f"{body}<noinclude><templatedata>{doc}</templatedata></noinclude>"
    for source, target in pub.redirects.items():
        if current(f"Template:{source}") is None:
            pages[f"Template:{source}"] = f"#REDIRECT [[Template:{target}]]"
    if pub.cn_templates:
        first, *others = pub.cn_templates
        pages[f"Template:{first}"] = "<sup>[citation needed]</sup>"
        pages.update((f"Template:{o}", f"#REDIRECT [[Template:{first}]]") for o in others)
    return pages
