"""Identifier and URL checks as CS1 applies them (Module:Citation/CS1/Identifiers).

Each function returns None for a valid value, else a short reason. python-stdnum does
the check digits; CS1's stricter rules come first (stdnum accepts a lowercase `x`, 9-digit
SBNs and `9790…` numbers, which CS1 rejects).
"""

from __future__ import annotations

import re

from stdnum import isbn as stdnum_isbn
from stdnum import issn as stdnum_issn
from stdnum.exceptions import ValidationError

_ISBN_CHARS_RE = re.compile(r"[0-9\- X\t\n\r\f\v]*")
# Module:Citation/CS1/Identifiers (2022), doi(): the form and registrant_err_patterns.
_DOI_FORM_RE = re.compile(r"10\.([^/]+)/[^\s–]*?[^.,]", re.S)
_DOI_REGISTRANT_ERRORS = [
    re.compile(p)
    for p in (
        r"[^1-3]\d{4}\.\d+\Z",  # 5 digits with subcode: 10000–39999 only
        r"[^1-5]\d{4}\Z",  # 5 digits: 10000–59999 only
        r"[^1-9]\d{3}\.\d+\Z",  # 4 digits with subcode, no leading 0
        r"[^1-9]\d{3}\Z",  # 4 digits, no leading 0
        r"\d{6,}",  # 6 or more digits
        r"\d{1,3}\Z",  # fewer than 4 digits without subcode
        r"5555\Z",  # the test registrant (without a subcode)
        r".*[^\d.]",  # anything but digits and dots
    )
]
_ISSN_RE = re.compile(r"\d{4}-?\d{3}[\dX]\Z")
_DIGITS_RE = re.compile(r"[0-9]+\Z")
_SCHEME_RE = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
_DOMAIN_RE = re.compile(
    r"(?:[^\W_](?:[\w\-]*[^\W_])?\.)+[^\W\d_]{2,}\.?\Z|\d{1,3}(?:\.\d{1,3}){3}\Z|localhost\Z"
)
_SLASHED_SCHEMES = frozenset({"http", "https", "ftp", "ftps", "sftp", "git", "svn", "irc", "ircs"})
_PLAIN_SCHEMES = frozenset({"mailto", "news", "urn", "tel", "sip", "sips", "xmpp"})


def isbn_problem(value: str) -> str | None:
    """CS1's ISBN rules: digits, hyphens, spaces and a final uppercase X; 10 or 13 digits;
    ISBN-13 starts 978/979 but not 9790; ISBN-10 not 630/631; valid check digit."""
    if not _ISBN_CHARS_RE.fullmatch(value):
        return "invalid character"
    digits = re.sub(r"[\s\-]", "", value)
    if len(digits) not in (10, 13):
        return "length"
    if len(digits) == 13:
        if "X" in digits:
            return "invalid character"
        if not digits.startswith(("978", "979")):
            return "invalid prefix"
        if digits.startswith("9790"):
            return "invalid group id"
    elif "X" in digits[:-1]:
        return "invalid form"
    if not _stdnum_ok(stdnum_isbn.validate, digits):
        return "checksum"
    if len(digits) == 10 and digits.startswith(("630", "631")):
        return "invalid group id"
    return None


def issn_problem(value: str) -> str | None:
    if not _ISSN_RE.match(value):
        return "form"
    return None if _stdnum_ok(stdnum_issn.validate, value) else "checksum"


def doi_problem(value: str) -> str | None:
    """CS1 (2022): `10.` registrant `/` suffix; no spaces or en dashes but in the last
    character, which is not `.` or `,`; registrant 4 digits (no leading 0) or 5 digits
    (10000–59999; with a `.subcode`, 10000–39999), fewer digits only with a subcode;
    5555 is the test registrant. `<`, `>`, `#`, `;` are allowed."""
    m = _DOI_FORM_RE.fullmatch(value)
    if m is None:
        return "form"
    registrant = m.group(1)
    if any(p.match(registrant) for p in _DOI_REGISTRANT_ERRORS):
        return "registrant"
    return None


def number_problem(value: str, limit: int, prefix: str = "") -> str | None:
    """PMID and PMC: a positive integer no larger than the current range (a PMC may be
    written with its `PMC` prefix, which CS1 accepts with a maintenance category)."""
    if prefix and value[: len(prefix)].upper() == prefix and value[len(prefix) :].isascii():
        value = value[len(prefix) :]
    if not _DIGITS_RE.match(value) or int(value) < 1:
        return "not a positive whole number"
    return None if int(value) <= limit else "out of range"


def url_problem(value: str) -> str | None:
    """A URL CS1 can link: a scheme (or protocol-relative `//`), a domain, no spaces."""
    if any(c.isspace() for c in value):
        return "contains spaces"
    if value.startswith("//"):
        rest = value[2:]
    else:
        m = _SCHEME_RE.match(value)
        if m is None:
            return "missing or invalid scheme"
        scheme = m.group(1).lower()
        if scheme in _PLAIN_SCHEMES:
            return None
        if scheme not in _SLASHED_SCHEMES or not value[m.end() :].startswith("//"):
            return "missing or invalid scheme"
        rest = value[m.end() + 2 :]
    host = re.split(r"[/?#]", rest, maxsplit=1)[0].rsplit("@", 1)[-1]
    host = re.sub(r":\d*\Z", "", host)
    if host.startswith("[") and host.endswith("]"):
        return None  # IPv6 literal
    return None if _DOMAIN_RE.match(host) else "invalid domain"


def _stdnum_ok(validate: object, value: str) -> bool:
    try:
        validate(value)  # type: ignore[operator]
    except ValidationError:
        return False
    return True
