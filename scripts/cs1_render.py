"""Rendering citation templates through the real Module:Citation/CS1 on a local wiki.

`Cs1Renderer(wiki).render(templates)` saves batches of templates as one page in the article
namespace (the module runs every check only on a saved page: a parse with a revision id),
parses that revision and reads each template's findings (bot/citations/cs1_html.py). With a
cache file, renders are kept keyed by the template text and the module version
(scripts/devwiki/cs1.py: `module_version`), so reruns render only what is new.

The module compares dates with the server's clock: each result carries the wiki's date of
the render (`day`), to give our checks as `today`. A cached render is reused on another day
only if the template names no year near that day (one a date check could judge differently).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from bot.citations.cs1_html import Cs1Finding, Cs1Render, batch_wikitext, read_findings, split_html
from scripts.devwiki import ADMIN, DevWiki

REPO = Path(__file__).resolve().parents[1]
CACHE_DIR = REPO / ".cache" / "cs1-renders"
RENDER_TITLE = "CS1 render"
BATCH = 60


@dataclass(frozen=True)
class Rendered:
    """The module's findings on one template, and the wiki's date when it rendered it."""

    render: Cs1Render
    day: date


def cache_file(version: str) -> Path:
    return CACHE_DIR / f"{version}.json"


def _key(template: str) -> str:
    return hashlib.sha256(template.encode()).hexdigest()


def _near_years(day: date) -> tuple[str, ...]:
    return tuple(str(day.year + k) for k in range(-1, 3))


class Cs1Renderer:
    """Renders through `wiki` (a running clone of the CS1 template) as Admin."""

    def __init__(self, wiki: DevWiki, cache: Path | None = None, batch: int = BATCH) -> None:
        self.wiki = wiki
        self.cache = cache
        self.batch = batch
        self.requests = 0  # API requests made (edit + parse per batch)
        self.rendered = 0  # templates sent to the wiki (not from the cache)
        self._entries: dict[str, dict[str, Any]] = self._load()

    def _load(self) -> dict[str, dict[str, Any]]:
        if self.cache is None or not self.cache.is_file():
            return {}
        try:
            data: dict[str, dict[str, Any]] = json.loads(self.cache.read_text(encoding="utf-8"))
            return data
        except ValueError:
            return {}  # a damaged cache is rebuilt

    def save(self) -> None:
        """Write the cache (atomically); no-op without a cache file."""
        if self.cache is None:
            return
        self.cache.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.cache.parent, prefix=".renders-")
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(self._entries, out, sort_keys=True)
        os.replace(tmp, self.cache)

    def today(self) -> date:
        """The wiki's date now (UTC), as the module sees it."""
        now = self.wiki.api_get(action="query", meta="siteinfo")["query"]["general"]["time"]
        return date.fromisoformat(str(now)[:10])

    def _cached(self, template: str, today: date) -> Rendered | None:
        entry = self._entries.get(_key(template))
        if entry is None:
            return None
        day = date.fromisoformat(entry["day"])
        if day != today and any(y in template for y in _near_years(today)):
            return None
        findings = tuple(Cs1Finding(a, bool(h)) for a, h in entry["findings"])
        return Rendered(Cs1Render(findings, bool(entry["script_error"])), day)

    def _store(self, template: str, render: Cs1Render, day: date) -> Rendered:
        self._entries[_key(template)] = {
            "day": day.isoformat(),
            "findings": [[f.anchor, f.hidden] for f in render.findings],
            "script_error": render.script_error,
        }
        return Rendered(render, day)

    def render(self, templates: Sequence[str]) -> list[Rendered]:
        """The module's findings on each template, in order (duplicates rendered once)."""
        today = self.today()
        done: dict[str, Rendered] = {}
        todo: list[str] = []
        for template in dict.fromkeys(templates):
            hit = self._cached(template, today)
            if hit is None:
                todo.append(template)
            else:
                done[template] = hit
        for start in range(0, len(todo), self.batch):
            chunk = todo[start : start + self.batch]
            day = self.today()
            for template, render in zip(chunk, self._render_batch(chunk), strict=True):
                done[template] = self._store(template, render or self._render_alone(template), day)
        return [done[t] for t in templates]

    def _html(self, text: str) -> str:
        revid = self.wiki.edit(ADMIN, RENDER_TITLE, text, summary="render citations")
        parsed = self.wiki.api_get(action="parse", oldid=revid, prop="text")
        self.requests += 2
        return str(parsed["parse"]["text"])

    def _render_batch(self, chunk: list[str]) -> list[Cs1Render | None]:
        self.rendered += len(chunk)
        return split_html(self._html(batch_wikitext(chunk)), chunk)

    def _render_alone(self, template: str) -> Cs1Render:
        """A template that broke out of its paragraph in a batch: on a page of its own."""
        single = split_html(self._html(batch_wikitext([template])), [template])[0]
        return single if single is not None else read_findings(self._html(template))
