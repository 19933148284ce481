"""Small text helpers shared by the scanner, the oracle and the checks."""

from __future__ import annotations

import re

_SPACES_RE = re.compile(r"\s+")


def readable(text: str) -> str:
    """`text` with each NUL replaced by U+FFFD (same length): mwparserfromhell's C
    tokenizer stops reading at a NUL, which would hide everything after it."""
    return text.replace("\x00", "\ufffd") if "\x00" in text else text


def strip_comments(text: str) -> str:
    """Remove closed HTML comments (an unclosed `<!--` stays as text, as in
    mwparserfromhell). Linear time: no regex backtracking on hostile input."""
    if "<!--" not in text:
        return text
    parts: list[str] = []
    pos = 0
    while (start := text.find("<!--", pos)) >= 0:
        end = text.find("-->", start + 4)
        if end < 0:
            break
        parts.append(text[pos:start])
        pos = end + 3
    parts.append(text[pos:])
    return "".join(parts)


def normalize_body(body: str) -> str:
    """The form two ref bodies are compared in: whitespace runs collapsed to one space,
    no space around `|`, `=`, `{{` and `}}`, no leading or trailing space. Re-spacing or
    re-wrapping a citation does not change it."""
    text = _SPACES_RE.sub(" ", body).strip()
    for mark in ("|", "=", "{{", "}}"):
        if mark in text:
            text = text.replace(" " + mark, mark).replace(mark + " ", mark)
    return text


def normalize_name(raw: str, namespaces: tuple[str, ...] = ("template",)) -> str:
    """A template name as profiles list it.

    Comments removed, underscores read as spaces, whitespace collapsed, a leading
    namespace prefix from `namespaces` (lowercase) dropped, and the first letter
    lowercased: MediaWiki titles are case-insensitive in their first letter only.
    """
    name = _SPACES_RE.sub(" ", strip_comments(raw).replace("_", " ")).strip()
    if ":" in name:
        prefix, rest = name.split(":", 1)
        if prefix.strip().lower() in namespaces:
            name = rest.strip()
    return name[:1].lower() + name[1:]


def is_blank(text: str) -> bool:
    """True when nothing but whitespace and comments is left."""
    return not strip_comments(text).strip()
