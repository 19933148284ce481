"""Tests on parameter values, ported from Module:Citation/CS1 (2022, see
../shared/testdata/cs1): italic or bold markup, "et al." and generic names in name
parameters, extra text in |volume=/|issue=/|pages=, and external links where no URL
belongs. Each Lua pattern is translated one for one (its line in the module or its
Configuration is named); Lua's frontier `%f[set]` becomes a look-behind/look-ahead pair.
Pure functions of strings.
"""

from __future__ import annotations

import re

_A = "A-Za-z"  # Lua %a (string.find on en.wiki: ASCII letters)
_F_ALPHA = rf"(?<![{_A}])(?=[{_A}])"  # %f[%a]
_F_NONALPHA = rf"(?<=[{_A}])(?=[^{_A}]|\Z)"  # %f[%A] (the end of the text is a non-letter)
_W = "A-Za-z0-9"  # Lua %w
_F_ALNUM = rf"(?<![{_W}])(?=[{_W}])"  # %f[%w]
_LATN = "A-Za-zÀ-ÖØ-öø-ƿǄ-ɏ"  # Configuration's is_Latn, as characters

# Configuration: et_al_patterns.
ET_AL = [
    re.compile(p)
    for p in (
        rf"[;,]? *[\"']*{_F_ALPHA}[Ee][Tt]\.? *[Aa][Ll][.;,\"']*\Z",
        rf"[;,]? *[\"']*{_F_ALPHA}[Ee][Tt]\.? *[Aa][Ll][Ii][AaIi][Ee]?[.;,\"']*\Z",
        rf"[;,]? *{_F_ALPHA}and [Oo]thers",
        r"\[\[ *[Ee][Tt]\.? *[Aa][Ll]\.? *\]\]",
        r"\(\( *[Ee][Tt]\.? *[Aa][Ll]\.? *\)\)",
        r"[(\[] *[Ee][Tt]\.? *[Aa][Ll]\.? *[)\]]",
    )
]

# Configuration: special_case_translation.generic_names; a str is a plain-text search in
# the lower-cased value, a Pattern a search in the value as written.
GENERIC_ACCEPT: list[str | re.Pattern[str]] = [
    re.compile(r"\[\[[^|]*\(author\) *\|[^\]]*\]\]"),
]
GENERIC_REJECT: list[str | re.Pattern[str]] = [
    "about us",
    re.compile(rf"{_F_ALPHA}[Aa]dvisor{_F_NONALPHA}"),
    re.compile(rf"{_F_ALPHA}[Aa]uthor{_F_NONALPHA}"),
    "collaborator",
    "contributor",
    "contact us",
    "directory",
    re.compile(r"(?<![(\[])(?=[(\[])[(\[]\s*eds?\.?\s*[)\]]?\Z"),
    re.compile(r"[,.\s](?<!e)(?=e)eds?\.?\Z"),
    re.compile(r"\Aeds?[.,;]"),
    re.compile(r"\A[(\[]\s*[Ee][Dd][Ss]?\.?\s*[)\]]"),
    re.compile(rf"{_F_ALPHA}[Ee]dited{_F_NONALPHA}"),
    re.compile(rf"{_F_ALPHA}[Ee]ditors?{_F_NONALPHA}"),
    re.compile(rf"{_F_ALPHA}\]Ee\]mail{_F_NONALPHA}"),  # as written in the module: never matches
    "facebook",
    "google",
    "home page",
    "instagram",
    "interviewer",
    "linkedIn",  # as written: a capital in a lower-cased search never matches
    re.compile(r"\A[Nn]ews\Z"),
    "pinterest",
    "policy",
    "privacy",
    "translator",
    "tumblr",
    "twitter",
    "site name",
    "statement",
    "submitted",
    re.compile(r"super.?user"),
    re.compile(rf"(?<![{_LATN}])(?=[{_LATN}])[Uu]ser(?<=[{_LATN}])(?=[^{_LATN}]|\Z)"),
    "verfasser",
]

# Configuration: vol_iss_pg_patterns.
_GOOD_PAGE = re.compile(r"P[^.PpGg]")
_BAD_PAGE = [
    re.compile(p) for p in (r"[Pp][PpGg]?\.?[ \d]", r"[Pp][Pp]?\.&nbsp;", r"[Pp]ages?", r"[Pp]gs.?")
]
_VOLUME = [re.compile(p) for p in (r"volumes?", r"vols?[.:=]?")]
_ISSUE = [
    re.compile(p)
    for p in (r"issues?", r"iss[.:=]?", r"numbers?", r"nos?[^A-Za-z]", r"nr[.:=]?", r"n[.:= ]")
]


def has_apostrophe_markup(value: str) -> bool:
    """Utilities.strip_apostrophe_markup reports markup when the value holds `''`."""
    return "''" in value


def strip_et_al(name: str) -> tuple[str, bool]:
    """name_has_etal: the name without its "et al." forms, and whether there was one."""
    found = False
    for pattern in ET_AL:
        if pattern.search(name):
            name = pattern.sub("", name)
            found = True
    return name, found


def is_generic_name(value: str) -> bool:
    """is_generic('generic_names', value): accept patterns first, then reject ones."""
    lower = value.lower()
    for tests, verdict in ((GENERIC_ACCEPT, False), (GENERIC_REJECT, True)):
        for test in tests:
            if test in lower if isinstance(test, str) else test.search(value):
                return verdict
    return False


def accept_as_written(value: str) -> tuple[str, bool]:
    """Utilities.has_accept_as_written: `((…))` around the whole value, removed."""
    if value.startswith("((") and value.endswith("))") and len(value) > 4:
        return value[2:-2], True
    return value, False


def page_has_extra_text(value: str) -> bool:
    """extra_text_in_page_check: `p. 5`, `pp. 5–7`, `pages 5`, `pg. 5` but not `P7`."""
    if _GOOD_PAGE.match(value):
        return False
    return any(p.match(value) for p in _BAD_PAGE)


def volume_has_extra_text(value: str) -> bool:
    """extra_text_in_vol_iss_check(…, 'v'): `Vol. 12`, `volume 3` (case-insensitive)."""
    return any(p.match(value.lower()) for p in _VOLUME)


def issue_has_extra_text(value: str) -> bool:
    """extra_text_in_vol_iss_check(…, 'i'): `No. 4`, `issue 2`, `n. 3`."""
    return any(p.match(value.lower()) for p in _ISSUE)


# --- is_parameter_ext_wikilink and the URL tests it calls (is_url, split_url) ---------
_DOMAIN_PATTERNS = [
    re.compile(p)
    for p in (
        rf"{_F_ALNUM}[{_W}][{_W}-]+[{_W}]\.[A-Za-z]{{2,}}\Z",
        rf"{_F_ALNUM}[{_W}][{_W}-]+[{_W}]\.xn--[{_W}]+\Z",
        rf"{_F_ALPHA}[qxz]\.com\Z",
        rf"{_F_ALPHA}[iq]\.net\Z",
        rf"{_F_ALNUM}[{_W}]\.[A-Za-z]{{2}}\Z",
        rf"{_F_ALNUM}[{_W}][{_W}]\.[A-Za-z]{{2,}}\Z",
        r"\A\d\d?\d?\.\d\d?\d?\.\d\d?\d?\.\d\d?\d?",
    )
] + [re.compile(rf"{_F_ALNUM}[{_W}]\.{d}") for d in ("cash", "company", "today", "org")]


def _is_domain_name(domain: str | None) -> bool:
    if not domain:
        return False
    domain = domain.removeprefix("//")
    if not re.match(rf"[{_W}]", domain) or re.match(r"[A-Za-z]+:", domain):
        return False
    return any(p.search(domain) for p in _DOMAIN_PATTERNS)


def _split_url(text: str) -> tuple[str | None, str | None]:
    text = re.sub(r"([A-Za-z\d])\.?[/?#].*\Z", r"\1", text, count=1, flags=re.S)
    if m := re.match(r"//(\S*)", text):
        return None, m.group(1)
    m = re.search(r"(\S*?:)(/*)(\S+)", text)
    if m is None:
        return None, None
    scheme, authority, domain = m.groups()
    if authority:
        if authority.replace("//", "", 1):
            return scheme, None
    elif not scheme.startswith("news:"):
        return scheme, None
    return scheme, re.sub(r"([A-Za-z]):\d+", r"\1", domain)


def _is_url(scheme: str | None, domain: str | None) -> bool:
    if scheme:
        return bool(re.match(r"[A-Za-z][A-Za-z\d+.\-]*:", scheme)) and _is_domain_name(domain)
    return _is_domain_name(domain)


def has_external_link(value: str) -> bool:
    """is_parameter_ext_wikilink: the value holds an external link or a bare URL."""
    if m := re.search(r"(?<!\[)\[([A-Za-z]\S*:\S+).*\]", value, re.S):
        return _is_url(*_split_url(m.group(1)))
    if m := re.search(r"(?<!\[)\[(//\S+).*\]", value, re.S):
        return _is_url(*_split_url(m.group(1)))
    if m := re.search(r"[A-Za-z]\S*:\S+", value):
        return _is_url(*_split_url(m.group(0)))
    if m := re.search(r"//\S+", value):
        return _is_url(*_split_url(m.group(0)))
    return False


_ARCHIVE_PARTS_RE = re.compile(r"//web\.archive\.org/([^\d]*)(\d+)([^/]*)/")


def archive_url_problem(url: str) -> str | None:
    """archive_url_check: what is wrong with a Wayback Machine |archive-url= (a save
    command, liveweb, a timestamp not of 14 digits, a path or flag CS1 does not know);
    None for a good one or another archive."""
    if "//web.archive.org/" not in url and "//liveweb.archive.org/" not in url:
        return None
    if "//web.archive.org/save/" in url:
        return "save command"
    if "//liveweb.archive.org/" in url:
        return "liveweb"
    m = _ARCHIVE_PARTS_RE.search(url)
    if m is None or len(m.group(2)) != 14:
        return "timestamp"
    path, flag = m.group(1), m.group(3)
    if path and path != "web/":
        return "path"
    if flag and (not path or not re.search(r"[A-Za-z]{2}_", flag)):
        return "flag"
    return None
