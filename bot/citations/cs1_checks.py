"""CS1 checks of one citation template, following Help:CS1 errors. Pure.

Dates follow CS1's own formats (not python-dateutil's); ISBN uses python-stdnum plus
CS1's extra rules; DOI follows CS1's registrant rules.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Mapping
from datetime import date

from stdnum import isbn as stdnum_isbn
from stdnum import issn as stdnum_issn

from .model import Problem
from .profiles import Profile

SEASONS = ("Spring", "Summer", "Autumn", "Fall", "Winter")
_YEAR = r"(\d{4})"
_URL_RE = re.compile(r"^(?:(?:https?|ftp):)?//[^\s/?#]+\.[^\s/?#]+(?:[/?#]\S*)?$", re.I)
_DOI_RE = re.compile(r"^10\.(\d{4,5})(?:\.\d+)*/\S+$")


def problem(profile: Profile, code: str, param: str | None, message: str) -> Problem:
    return Problem(code, profile.severity(code), param, message)


def canonical(profile: Profile, name: str) -> str:
    name = name.strip()
    return profile.param_aliases.get(name, profile.param_aliases.get(name.lower(), name))


def _known(profile: Profile, name: str) -> bool:
    cs1 = profile.cs1
    if name in cs1.known_params:
        return True
    return bool(re.sub(r"\d+", "#", name) in cs1.numbered_params)


def check_template(
    profile: Profile, cls: str, params: list[tuple[str, str]], today: date | None
) -> list[Problem]:
    """Problems of one citation template given its (name, value) parameters."""
    out: list[Problem] = []
    values: dict[str, str] = {}
    for raw_name, raw_value in params:
        name, value = canonical(profile, raw_name), raw_value.strip()
        if name in values and (value or values[name]):
            out.append(problem(profile, "duplicate-param", name, f"|{name}= given twice"))
        if not _known(profile, name):
            legacy = name in profile.cs1.legacy_params
            p = problem(profile, "unknown-param", name, f"unknown parameter |{name}=")
            out.append(Problem(p.code, "warning", p.param, p.message) if legacy else p)
        if value:
            values[name] = value
    if not values:
        return [*out, problem(profile, "empty-citation", None, "citation with no parameters")]
    out += _role_checks(profile, cls, values, today)
    return out


def _first(values: Mapping[str, str], names: frozenset[str]) -> tuple[str, str] | None:
    for name in sorted(names):
        if values.get(name):
            return name, values[name]
    return None


def _role_checks(
    profile: Profile, cls: str, values: Mapping[str, str], today: date | None
) -> list[Problem]:
    roles, out = profile.cs1.roles, []
    extra = frozenset(profile.cs1.classes.get(cls, {}).get("extra_title_params", ()))
    if not _first(values, roles["title"] | extra):
        out.append(problem(profile, "missing-title", "title", "missing |title="))
    url = _first(values, roles["url"])
    if not url and profile.cs1.classes.get(cls, {}).get("requires_url"):
        out.append(problem(profile, "cite-web-url", "url", "missing |url="))
    if (
        _first(values, roles["access_date"])
        and not url
        and not _first(values, roles["chapter_url"])
    ):
        out.append(problem(profile, "accessdate-missing-url", "access-date",
                           "|access-date= requires |url="))  # fmt: skip
    for name in sorted(roles["checked_urls"]):
        if values.get(name) and not _URL_RE.match(values[name]):
            out.append(problem(profile, "bad-url", name, f"|{name}= is not a valid URL"))
    archive = _first(values, roles["archive_url"])
    if archive and not _first(values, roles["archive_date"]):
        out.append(problem(profile, "archive-missing-date", "archive-date",
                           "|archive-url= requires |archive-date="))  # fmt: skip
    if archive and not url:
        out.append(problem(profile, "archive-missing-url", "url", "|archive-url= requires |url="))
    out += _date_checks(profile, values, today)
    out += _identifier_checks(profile, values)
    locators = roles["url"] | roles["identifier"] | roles["publisher"] | roles["chapter_url"]
    if not _first(values, locators):
        out.append(problem(profile, "no-locator", None, "no URL, identifier or publisher"))
    return out


def _date_checks(profile: Profile, values: Mapping[str, str], today: date | None) -> list[Problem]:
    roles, out = profile.cs1.roles, []
    for name in sorted(roles["date"] | roles["year"] | roles["archive_date"]):
        if values.get(name) and not valid_date(profile, values[name], today):
            out.append(problem(profile, "bad-date", name, f"|{name}= is not a valid date"))
    for name in sorted(roles["access_date"]):
        value = values.get(name)
        if value and not valid_date(profile, value, today, access=True):
            out.append(problem(profile, "bad-date", name, f"|{name}= is not a valid access date"))
    return out


def _month(profile: Profile, word: str) -> int | None:
    months = profile.dates.months
    if profile.dates.case_sensitive_months:
        return months.get(word)
    lowered = {k.casefold(): v for k, v in months.items()}
    return lowered.get(word.casefold())


def parse_cs1_date(profile: Profile, text: str) -> tuple[int, int, int] | None:
    """(year, month, day) of the earliest date a CS1 date names (0 for missing parts)."""
    t = " ".join(text.replace("\u00a0", " ").split())
    for connector in profile.dates.connectors:
        t = re.sub(rf"\s{re.escape(connector)}\s", " ", t)
    for suffix in profile.dates.day_suffixes:
        t = re.sub(rf"\b(\d{{1,2}}){re.escape(suffix)}\b", r"\1", t)
    m = re.fullmatch(rf"{_YEAR}-(\d\d)-(\d\d)", t)
    if m:
        y, mon, d = int(m[1]), int(m[2]), int(m[3])
        return (y, mon, d) if y >= 1583 and _real(y, mon, d) else None
    m = re.fullmatch(rf"([1-9]\d?)(?:–([1-9]\d?))? (\w+\.?) {_YEAR}", t)
    if m and (mo := _month(profile, m[3])) and _real(int(m[4]), mo, int(m[1])):
        return int(m[4]), mo, int(m[1])
    m = re.fullmatch(rf"(\w+\.?) ([1-9]\d?)(?:–[1-9]\d?)?, {_YEAR}", t)
    if m and (mo := _month(profile, m[1])) and _real(int(m[3]), mo, int(m[2])):
        return int(m[3]), mo, int(m[2])
    m = re.fullmatch(rf"(\w+\.?)(?:–(\w+))? {_YEAR}", t)
    if m and (mo := _month(profile, m[1])) and (not m[2] or _month(profile, m[2])):
        return int(m[3]), mo, 0
    m = re.fullmatch(rf"(\w+\.?) {_YEAR} – (\w+\.?) {_YEAR}", t)
    if m and _month(profile, m[1]) and _month(profile, m[3]) and int(m[2]) <= int(m[4]):
        return int(m[2]), _month(profile, m[1]) or 0, 0
    m = re.fullmatch(rf"(\w+)(?:–\w+)? {_YEAR}(?:–\d{{4}})?", t)
    if m and m[1] in SEASONS:
        return int(m[2]), 0, 0
    circa = "|".join(re.escape(c) for c in profile.dates.circa)
    m = re.fullmatch(rf"(?:(?:{circa}) )?{_YEAR}[a-z]?(?:–(\d{{4}}|\d{{2}}))?", t)
    if m:
        return int(m[1]), 0, 0
    return None


def _real(y: int, mo: int, d: int) -> bool:
    return 1 <= mo <= 12 and 1 <= d <= calendar.monthrange(y, mo)[1]


def valid_date(profile: Profile, text: str, today: date | None, *, access: bool = False) -> bool:
    if not access and text.strip() in profile.dates.no_date:
        return True
    parsed = parse_cs1_date(profile, text)
    if parsed is None:
        return False
    y, mo, d = parsed
    if today is not None and y > today.year + 1:
        return False
    if access:
        if not (mo and d):
            return False
        when = date(y, mo, d)
        return when >= date(2001, 1, 15) and (today is None or when <= today)
    return True


def _identifier_checks(profile: Profile, values: Mapping[str, str]) -> list[Problem]:
    roles, out = profile.cs1.roles, []
    checks = (("isbn", valid_isbn, "bad-isbn"), ("issn", valid_issn, "bad-issn"),
              ("doi", valid_doi, "bad-doi"), ("pmid", valid_pmid, "bad-pmid"),
              ("pmc", valid_pmc, "bad-pmc"))  # fmt: skip
    for role, valid, code in checks:
        for name in sorted(roles[role]):
            if values.get(name) and not valid(values[name]):
                out.append(problem(profile, code, name, f"|{name}={values[name]} is not valid"))
    return out


def valid_isbn(value: str) -> bool:
    """python-stdnum's check plus CS1's: digits, hyphens, spaces, a final uppercase X."""
    if not re.fullmatch(r"[0-9][0-9 \-]*[0-9X]", value.strip()):
        return False
    digits = re.sub(r"[ \-]", "", value)
    if len(digits) == 13 and (digits[:3] not in ("978", "979") or digits.startswith("9790")):
        return False
    if len(digits) == 10 and digits[:3] in ("630", "631"):
        return False
    return len(digits) in (10, 13) and bool(stdnum_isbn.is_valid(digits))


def valid_issn(value: str) -> bool:
    return bool(re.fullmatch(r"\d{4}[- ]?\d{3}[\dX]", value.strip())) and bool(
        stdnum_issn.is_valid(value.strip()))  # fmt: skip


def valid_doi(value: str) -> bool:
    v = value.strip()
    m = _DOI_RE.match(v)
    if not m or re.search(r"[\s–]", v) or v[-1] in ".,":
        return False
    registrant = m[1]
    if registrant == "5555":  # the test registrant
        return False
    if len(registrant) == 4:
        return not registrant.startswith("0")
    return 10000 <= int(registrant) <= 69999


def valid_pmid(value: str) -> bool:
    return value.strip().isdigit() and 0 < int(value) <= 45_000_000


def valid_pmc(value: str) -> bool:
    v = value.strip().removeprefix("PMC")
    return v.isdigit() and 0 < int(v) <= 15_000_000
