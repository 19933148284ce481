"""User-controlled text made safe for wikitext: it shows as plain text and never becomes markup.

Only what can start markup is escaped, so names, titles and citations stay readable in a diff:

- `text(s)` (names, titles, messages): `< > [ ] { } | &` always become numeric character
  references (`&#60;`…); `'`, `_`, `~` and `!` only in runs (`''`, `__NOTOC__`, `~~~~`,
  `!!`), `'` also at either end; the `:` after a URL scheme (`http:`, `mailto:`…: no free
  link); the last letter of `ISBN`, `RFC` and `PMID` (no magic link); a leading space or
  `-*#:;=!` (text is never a line's first thing, but may be put there). Letters of every
  script are kept as they are (NFC-normalised, as MediaWiki stores them); the invisible
  bidi embedding, override and isolate controls are written as references, so a diff shows
  them.
- `code(s)` (citation wikitext): `<code><nowiki>…</nowiki></code>`, where only a `</nowiki`,
  an entity-like `&x`, `-{` and `}-` are escaped.

MediaWiki never parses a character reference as markup, so `</nowiki>`, `{{...}}`,
`[[Category:...]]`, `~~~~`, `__NOTOC__`, table pipes, line-start `*#:;=`, `<ref>`, URLs and
`&` entities all render as the characters they are. On top of that a line break becomes a
visible ` ⏎ ` (so nothing ever starts a new line); characters HTML forbids (C0/C1 controls,
surrogates, noncharacters) become U+FFFD; text longer than the limit is cut and ends with `…`.
`visible(s)` is what a reader sees: `html.unescape(text(s)) == visible(s)`.

Link targets are encoded the same way (MediaWiki decodes character references in link
targets), after removing the characters no title can contain.
"""

from __future__ import annotations

import re
import unicodedata

MAX_TEXT = 300
MAX_CODE = 500
NEWLINE = " \u23ce "  # ⏎, shown where the text had a line break
ELLIPSIS = "\u2026"

_NEWLINES = re.compile(r"\r\n?")
_INVALID = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef"
    + "".join(chr(plane << 16 | 0xFFFE) + chr(plane << 16 | 0xFFFF) for plane in range(17))
    + "]"
)
# MediaWiki's $wgUrlProtocols that can start a free link (a name then ':').
_SCHEMES = (
    "bitcoin|ftps?|geo|git|gopher|https?|ircs?|magnet|mailto|matrix|mms|news|nntp|redis|sftp"
    "|sips?|sms|ssh|svn|tel|telnet|urn|worldwind|xmpp"
)
_RUNS = "'_~!"  # markup only when doubled (or more): escaped in runs
# One pass over everything that could start markup; `'` also at either end (a `''` with
# the text around it).
_UNSAFE = re.compile(
    "[<>\\[\\]{}|&\u202a-\u202e\u2066-\u2069]|^'|'$"
    + "".join(f"|{c}(?={c})|(?<={c}){c}" for c in map(re.escape, _RUNS))
    + r"|(?<=[Ii][Ss][Bb])[Nn]|(?<=[Rr][Ff])[Cc]|(?<=[Pp][Mm][Ii])[Dd]"
    + r"|^[ \-*#:;=!]"
)
_SCHEME_COLON = re.compile(rf"(?i:{_SCHEMES}):")
_NOWIKI_UNSAFE = re.compile(
    r"<(?=/nowiki)|&(?=[#A-Za-z0-9])|(?<=-)\{|\}(?=-)|[\u202a-\u202e\u2066-\u2069]", re.IGNORECASE
)
_NOT_IN_TITLES = re.compile(r"[\[\]{}|#<>\n\t]")
# What MediaWiki refuses in a title even when every character is legal: `~~~`, a
# percent-encoded byte, an entity-like `&...;`, a leading colon, `.`/`..` path segments.
_INVALID_TITLE = re.compile(r"~~~|%[0-9A-Fa-f]{2}|&[^\s&;]+;|^:|(?:^|/)\.\.?(?:/|$)")
MAX_TITLE_BYTES = 255


def _reference(m: re.Match[str]) -> str:
    return f"&#{ord(m.group())};"


def _scheme(m: re.Match[str]) -> str:
    return m.group()[:-1] + "&#58;"


def _encode(s: str) -> str:
    s = _UNSAFE.sub(_reference, s)
    return _SCHEME_COLON.sub(_scheme, s) if ":" in s else s


def visible(s: str, limit: int | None = MAX_TEXT) -> str:
    """The plain text a reader sees for `s`: cut to `limit` characters, ⏎ for line breaks."""
    if not (s.isascii() and s.isprintable()):  # fast path: nothing to replace
        s = _INVALID.sub("\ufffd", _NEWLINES.sub("\n", s))
        if not unicodedata.is_normalized("NFC", s):
            s = unicodedata.normalize("NFC", s)
    if limit is not None and len(s) > limit:
        s = s[: max(limit - 1, 0)] + ELLIPSIS
    return s.replace("\n", NEWLINE)


def text(s: str, limit: int | None = MAX_TEXT) -> str:
    """`s` as inline wikitext that renders as exactly `visible(s, limit)`."""
    return _encode(visible(s, limit))


def _nowiki_reference(m: re.Match[str]) -> str:
    return {"<": "&lt;", "&": "&amp;"}.get(m.group(), f"&#{ord(m.group())};")


def code(s: str, limit: int | None = MAX_CODE) -> str:
    """`s` shown as is in a `<code>` element (citation wikitext), inside `<nowiki>`."""
    shown = _NOWIKI_UNSAFE.sub(_nowiki_reference, visible(s, limit))
    return f"<code><nowiki>{shown}</nowiki></code>"


def target(title: str) -> str:
    """A link target for `title`: characters no title may contain removed, the rest encoded.

    "" when what is left is no valid title (then callers show the text without a link,
    where MediaWiki would show the raw `[[...]]`).
    """
    cleaned = _NOT_IN_TITLES.sub("", _INVALID.sub("", _NEWLINES.sub("\n", title))).strip()
    if _INVALID_TITLE.search(cleaned) or len(cleaned.encode("utf-8")) > MAX_TITLE_BYTES:
        return ""
    if not unicodedata.is_normalized("NFC", cleaned):
        cleaned = unicodedata.normalize("NFC", cleaned)
    return _encode(cleaned)


def _plain_title(s: str) -> bool:
    """True when `target(s) == text(s)`: a printable, valid title needing no cleaning."""
    return (
        s.isprintable()
        and s == s.strip()
        and len(s.encode("utf-8")) <= MAX_TITLE_BYTES
        and not _NOT_IN_TITLES.search(s)
        and not _INVALID_TITLE.search(s)
    )


def isolate(name: str, wikitext: str) -> str:
    """`wikitext` (the safe text of a user name) isolated in `<bdi>` unless the name is
    plain ASCII: a right-to-left name, or one carrying bidi controls (U+202E…), then
    cannot reorder or unbalance the text around it. An ASCII name has neither."""
    return wikitext if name.isascii() else f"<bdi>{wikitext}</bdi>"


def name_text(name: str, limit: int | None = MAX_TEXT) -> str:
    """A user name as safe inline wikitext, bidi-isolated (`isolate`)."""
    return isolate(name, text(name, limit))


def user_link(name: str, *, contribs: str = "contribs") -> str:
    """`[[User:NAME|NAME]] ([[Special:Contributions/NAME|contribs]])`, safely; the label
    bidi-isolated (`isolate`).

    `contribs` is a label from the message files (trusted wikitext).
    """
    shown = text(name)
    label = shown if name.isascii() else f"<bdi>{shown}</bdi>"  # isolate(), inlined: hot
    where = shown if _plain_title(name) else target(name)
    if not where:
        return label
    return f"[[User:{where}|{label}]] ([[Special:Contributions/{where}|{contribs}]])"


def talk_link(name: str) -> str:
    """`[[User talk:NAME|NAME]]`, safely, the label bidi-isolated; the plain name when it
    cannot be a title."""
    shown = text(name)
    label = shown if name.isascii() else f"<bdi>{shown}</bdi>"
    where = shown if _plain_title(name) else target(name)
    return f"[[User talk:{where}|{label}]]" if where else label


def page_link(title: str) -> str:
    """A link to an article: `[[:TITLE|TITLE]]` (the colon keeps categories and files links);
    the label bidi-isolated (`isolate`), so a Hebrew title in an English row, or an English
    one in a Persian row, keeps the row's order."""
    where = target(title)
    shown = isolate(title, text(title))
    return f"[[:{where}|{shown}]]" if where else shown


def diff_link(revid: int, *, label: str = "diff") -> str:
    """`[[Special:Diff/REVID|diff]]`; `label` is a trusted message."""
    return f"[[Special:Diff/{int(revid):d}|{label}]]"


def help_link(where: str, label: str) -> str:
    """A link to a help page from the message files (`Help:CS1 errors#bad_date`).

    The target is trusted data but still cleaned: no brackets, braces, pipes or line breaks;
    the leading colon keeps a category target a link.
    """
    cleaned = re.sub(r"[\[\]{}|<>\n\r]", "", where).strip()
    return f"[[:{cleaned}|{label}]]" if cleaned else label
