"""Asking Module:Citation/CS1 about citations: the wikitext of a batch and what its HTML says.

Pure: `batch_wikitext` puts citation templates into one page text, each between markers,
and `split_html` reads the page's rendered HTML back into one `Cs1Render` per template:
the anchors of the module's error spans (`cs1-visible-error` / `cs1-hidden-error`, each
linking to `Help:CS1 errors#<anchor>`), with their visibility. The anchors are the same in
every port of the module. `anchor_codes` (bot/data/cs1_anchors.json) says which of our
problem codes each anchor is. Rendering (a saved page in the article namespace, so that
the module runs every check) is the caller's business.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser
from importlib import resources
from types import MappingProxyType
from urllib.parse import unquote

from ..errors import DataFileError
from .model import ERROR, WARNING

VISIBLE_CLASS = "cs1-visible-error"
HIDDEN_CLASS = "cs1-hidden-error"
SCRIPT_ERROR_CLASS = "scribunto-error"
HELP_FRAGMENT_RE = re.compile(r"Help:CS1[ _]errors#(.+)$")


@dataclass(frozen=True, order=True)
class Cs1Finding:
    """One error the module reports: its help anchor and whether readers see it."""

    anchor: str
    hidden: bool


@dataclass(frozen=True)
class Cs1Render:
    """What the module said about one citation template."""

    findings: tuple[Cs1Finding, ...] = ()
    script_error: bool = False  # the module itself failed (a Lua error)

    @property
    def has_error(self) -> bool:
        """True when readers see an error (hidden ones are for editors who opt in)."""
        return self.script_error or any(not f.hidden for f in self.findings)


def _nonce(templates: Sequence[str]) -> str:
    digest = hashlib.sha256("\0".join(templates).encode()).hexdigest()
    return digest[:16]


def _marker(nonce: str, index: int) -> str:
    return f"LIBREFCITE{nonce}N{index}X"


def batch_wikitext(templates: Sequence[str]) -> str:
    """One page text rendering every template, each in a paragraph between two markers
    (plain words the parser keeps, derived from the batch, so no template can forge one)."""
    nonce = _nonce(templates)
    parts = [_marker(nonce, 0)]
    for i, text in enumerate(templates):
        parts += [text, _marker(nonce, i + 1)]
    return "\n\n".join(parts) + "\n"


def split_html(html: str, templates: Sequence[str]) -> list[Cs1Render | None]:
    """Each template's findings, from the HTML of `batch_wikitext(templates)`; None for a
    template whose markers are lost (it broke out of its paragraph, e.g. an unclosed
    comment or nowiki): render that one alone."""
    return [None if part is None else read_findings(part) for part in split_parts(html, templates)]


def split_parts(html: str, templates: Sequence[str]) -> list[str | None]:
    """Each template's own HTML, from the HTML of `batch_wikitext(templates)`; None for a
    template whose markers are lost (see `split_html`)."""
    nonce = _nonce(templates)
    marks = re.compile(rf"LIBREFCITE{nonce}N(\d+)X")
    found = [(int(m.group(1)), m.start(), m.end()) for m in marks.finditer(html)]
    first_at: dict[int, tuple[int, int]] = {}
    counts: dict[int, int] = {}
    for index, start, end in found:
        counts[index] = counts.get(index, 0) + 1
        first_at.setdefault(index, (start, end))
    out: list[str | None] = []
    for i in range(len(templates)):
        a, b = first_at.get(i), first_at.get(i + 1)
        if a is None or b is None or counts[i] != 1 or counts[i + 1] != 1 or a[1] > b[0]:
            out.append(None)
        else:
            out.append(html[a[1] : b[0]])
    return out


class _SpanReader(HTMLParser):
    """Help-page anchors inside the module's error spans, and Lua errors."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str | None] = []  # per open span: "visible", "hidden" or None
        self.findings: list[Cs1Finding] = []
        self.script_error = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        classes = (values.get("class") or "").split()
        if SCRIPT_ERROR_CLASS in classes:
            self.script_error = True
        if tag == "span":
            kind = "visible" if VISIBLE_CLASS in classes else None
            kind = "hidden" if HIDDEN_CLASS in classes else kind
            self.stack.append(kind)
        elif tag == "a":
            m = HELP_FRAGMENT_RE.search(unquote(values.get("href") or ""))
            kinds = [k for k in self.stack if k is not None]
            if m is not None and kinds:
                self.findings.append(Cs1Finding(m.group(1), kinds[-1] == "hidden"))

    def handle_endtag(self, tag: str) -> None:
        if tag == "span" and self.stack:
            self.stack.pop()


def read_findings(html: str) -> Cs1Render:
    """The module's findings in the HTML of one rendered citation."""
    reader = _SpanReader()
    reader.feed(html)
    reader.close()
    return Cs1Render(tuple(sorted(set(reader.findings))), reader.script_error)


@cache
def anchor_codes() -> Mapping[str, str | None]:
    """Each CS1 error anchor -> our problem code (None: not checked by our rules yet)."""
    path = resources.files("bot") / "data" / "cs1_anchors.json"
    try:
        table = json.loads(path.read_text(encoding="utf-8"))["anchors"]
    except (OSError, ValueError, KeyError) as exc:
        raise DataFileError(f"bot/data/cs1_anchors.json: {exc}") from exc
    if not isinstance(table, dict) or not all(
        isinstance(k, str) and (v is None or isinstance(v, str)) for k, v in table.items()
    ):
        raise DataFileError("bot/data/cs1_anchors.json: anchors must map names to a code or null")
    return MappingProxyType(table)


def mappable_codes() -> frozenset[str]:
    """Our problem codes that some CS1 anchor is: the ones the module can confirm."""
    return frozenset(code for code in anchor_codes().values() if code is not None)


def cs1_problems(render: Cs1Render) -> frozenset[tuple[str, str]]:
    """(our code or `cs1:<anchor>` when unmapped, severity) of each finding: what readers
    see is an error, what the module hides by default a warning."""
    table = anchor_codes()
    return frozenset(
        (table.get(f.anchor) or f"cs1:{f.anchor}", WARNING if f.hidden else ERROR)
        for f in render.findings
    )
