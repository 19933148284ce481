"""CS1 date validation, written from Help:CS1 errors (bad_date) and
Module:Citation/CS1/Date_validation's rules. python-dateutil is not used: it accepts
forms CS1 rejects (`May 01, 2010`, `12/6/87`) and rejects forms CS1 accepts.

Accepted: `5 May 2010`, `May 5, 2010`, `2010-05-05` (ISO, years from 1583), `May 2010`,
`2010`, `2010a` (CITEREF suffix, also after a full date: `May 5, 2010b`, not after
ISO), `Spring 2010`, `First Quarter 2010`, `Christmas 2010`,
`c. 1900`, `n.d.`, and ranges: `1999–2000`, `July–August 2009`, `Spring–Summer 1985`,
`Winter 1900–1901`, `5–7 November 2007`, `November 5–7, 2007`,
`5 November – 7 December 2007`, `November 5 – December 7, 2007`,
`5 November 2007 – 7 January 2008`, `April 2003 – May 2004`. A hyphen is accepted where
an en dash belongs (current CS1 fixes it with a maintenance category only). Days are not
zero-padded; month names are full or three letters, capitalised. Years are at most next
year when `today` is known; access-dates are full dates between 2001-01-15 and tomorrow.
Profiles add their month names (a name of two words, Arabic `كانون الثاني`, is read as one
month), connectors (`5 de mayo de 2010`), day suffixes (`1er mai 2010`) and no-date /
circa words.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from functools import cache

from .profile_data import DateLocale

EN_MONTHS = {m: i for i, m in enumerate(calendar.month_name) if m} | {
    m: i for i, m in enumerate(calendar.month_abbr) if m
}
SEASONS = {"Winter": 1, "Spring": 2, "Summer": 3, "Fall": 4, "Autumn": 4}
EARLIEST_ACCESS = date(2001, 1, 15)

_D = r"(\d{1,2})"
_M = r"([^\W\d_](?:[^\W\d_]|[\u0300-\u036f\u064b-\u065f\u0670\u200c])*\.?)"  # marks: ژانویهٔ
_Y = r"(\d{3,4})"
_S = r"(Winter|Spring|Summer|Fall|Autumn)"
_DASH = r"[–-]"
_SPACED = r" [–-] "

# (pattern, shape): shape letters name the groups in order: d day, m month, y year,
# s season; a second date's groups are upper case (D, M, Y, S).
_FORMS = [
    (rf"{_D} {_M} {_Y}", "dmy"),
    (rf"{_M} {_D}, {_Y}", "mdy"),
    (rf"{_M} {_Y}", "my"),
    (rf"{_S} {_Y}", "sy"),
    (rf"{_Y}{_DASH}{_Y}", "yY"),
    (rf"{_M}{_DASH}{_M} {_Y}", "mMy"),
    (rf"{_S}{_DASH}{_S} {_Y}", "sSy"),
    (rf"{_S} {_Y}{_DASH}{_Y}", "syY"),
    (rf"{_D}{_DASH}{_D} {_M} {_Y}", "dDmy"),
    (rf"{_M} {_D}{_DASH}{_D}, {_Y}", "mdDy"),
    (rf"{_D} {_M}{_SPACED}{_D} {_M} {_Y}", "dmDMy"),
    (rf"{_M} {_D}{_SPACED}{_M} {_D}, {_Y}", "mdMDy"),
    (rf"{_D} {_M} {_Y}{_SPACED}{_D} {_M} {_Y}", "dmyDMY"),
    (rf"{_M} {_D}, {_Y}{_SPACED}{_M} {_D}, {_Y}", "mdyMDY"),
    (rf"{_M} {_Y}{_SPACED}{_M} {_Y}", "myMY"),
    (rf"{_S} {_Y}{_SPACED}{_S} {_Y}", "sySY"),
]
FORMS = [(re.compile(p + r"\Z"), shape) for p, shape in _FORMS]
SHORT_RANGE_RE = re.compile(r"(?:(Winter|Summer) )?(\d{4})[–-](\d{2})\Z")
ISO_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2})\Z")
YEAR_RE = re.compile(r"(\d{3,4})\Z")
# A CITEREF disambiguator: one letter right after the last year (`2010a`, `May 5, 2010b`),
# which Date_validation's patterns allow (`%a?`) in every form but the ISO one.
NO_DATE_LETTER_RE = re.compile(r"(?:n\.d\.|nd)[^\W\d_]\Z")
LETTER_RE = re.compile(r"(.*\d)[^\W\d_]\Z", re.S)
NAMED_RE = re.compile(
    r"(First Quarter|Second Quarter|Third Quarter|Fourth Quarter|Christmas) (\d{4})\Z"
)
FULL_SHAPES = ("dmy", "mdy")


class BadDate(ValueError):
    """Why a date value is not a CS1 date."""


class UnreadDate(BadDate):
    """A value in no form the locale reads (a lenient locale does not judge it)."""


def check_date(value: str, kind: str, locale: DateLocale, today: date | None) -> str | None:
    """None when `value` is a valid CS1 date for a parameter of `kind` ("date", "year",
    "access" or "archive"), else the reason."""
    text = _clean(value, locale)
    if locale.iso_only and not _ISO_LIKE_RE.fullmatch(text):
        return None  # a language the bot does not know: only ISO dates are judged
    if locale.unjudged and not set(text.split()).isdisjoint(locale.unjudged):
        return None  # another calendar (Solar Hijri, Hebrew…): not judged
    try:
        years, first = _parse(text, kind, locale)
    except UnreadDate as e:
        return None if locale.lenient else str(e)
    except BadDate as e:
        return str(e)
    if today is not None:
        if any(y > today.year + 1 for y in years):
            return "year in the future"
        if kind == "access" and first is not None and first > today + timedelta(days=1):
            return "access-date in the future"
    if kind == "access" and first is not None and first < EARLIEST_ACCESS:
        return "access-date before 2001-01-15"
    return None


_ISO_LIKE_RE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}")


def _clean(value: str, locale: DateLocale) -> str:
    text = value.strip().replace("&ndash;", "–").replace("&nbsp;", " ").replace("\u00a0", " ")
    for digits in locale.digits:
        text = text.translate(str.maketrans(digits, "0123456789"))
    if (spaced := _spaced_months(locale)) is not None:  # `كانون الثاني`: one month, two words
        text = spaced.sub(lambda m: _spaced_name(m[0], locale), text)
    for pattern in locale.patterns:  # `5.5.2010`, `5. мај 2010.`: read as the ISO date
        if (m := pattern.fullmatch(text)) and (month := _month_number(m["m"], locale)):
            return f"{int(m['y']):04d}-{month:02d}-{int(m['d']):02d}"
    for connector in locale.connectors:
        text = re.sub(rf"(?<=\S) {re.escape(connector)} (?=\S)", " ", text)
    for suffix in locale.day_suffixes:  # `1er mai`, `5. Mai`
        text = re.sub(rf"\b(\d{{1,2}}){re.escape(suffix)}(?!\w)", r"\1", text)
    return text


@cache
def _spaced_months(locale: DateLocale) -> re.Pattern[str] | None:
    """The locale's month names of more than one word, longest first, as one pattern."""
    names = sorted((n for n in locale.months if " " in n), key=len, reverse=True)
    if not names:
        return None
    flags = 0 if locale.case_sensitive_months else re.IGNORECASE
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, names)) + r")(?!\w)", flags)


def _spaced_name(found: str, locale: DateLocale) -> str:
    """A month of two words read as its English name (which every locale accepts)."""
    number = next(v for k, v in locale.months.items() if k.casefold() == found.casefold())
    return calendar.month_name[number]


def _month_number(text: str, locale: DateLocale) -> int | None:
    if text.isdigit():
        return int(text)
    return locale.months.get(text) or locale.months.get(text.lower())


def _parse(text: str, kind: str, locale: DateLocale) -> tuple[list[int], date | None]:
    """(years mentioned, the date when the value is one full date) or BadDate."""
    if kind in ("date", "year") and text in locale.no_date | {"n.d.", "nd"}:
        return [], None
    if kind == "date" and NO_DATE_LETTER_RE.match(text):  # `n.d.a`, `nda`: dates()
        return [], None
    if (m := LETTER_RE.match(text)) and not ISO_RE.match(m.group(1)):
        text = m.group(1)
    circa = next((c for c in (*locale.circa, "c.") if text.startswith(c + " ")), None)
    if circa is not None and kind in ("date", "year"):
        return [_year(text[len(circa) + 1 :])], None
    if kind == "access" and not ISO_RE.match(text):  # a full date only: day, month, year
        if YEAR_RE.match(text) or SHORT_RANGE_RE.match(text):
            raise BadDate("access-date must be a full date")
        return _parse_forms(text, kind, locale)
    if m := YEAR_RE.match(text):
        return [_year(m.group(1))], None
    if m := SHORT_RANGE_RE.match(text):
        return _short_range(m.group(1), m.group(2), m.group(3))
    if kind == "year":
        return _parse_year_range(text)
    if m := ISO_RE.match(text):
        year = int(m.group(1))
        if year < 1583:
            raise BadDate("ISO dates start in 1583")
        _day(year, int(m.group(2)), int(m.group(3)))
        return [year], date(year, int(m.group(2)), int(m.group(3)))
    if m := NAMED_RE.match(text):
        return [_year(m.group(2))], None
    return _parse_forms(text, kind, locale)


def _short_range(season: str | None, first: str, last: str) -> tuple[list[int], date | None]:
    """`2013–14`, `Winter 2010–11`: the end year's last two digits, 13 or more (`2003–05`
    could be May 2003); after a season, the next year."""
    year = _year(first)
    if season is None and int(last) < 13:
        raise BadDate("a two-digit end year under 13 reads as a month")
    end = year // 100 * 100 + int(last)
    if season is not None and end != year + 1:
        raise BadDate("a season spans two consecutive years only")
    if end <= year:
        raise BadDate("range not in order")
    return [year, end], None


def _parse_year_range(text: str) -> tuple[list[int], date | None]:
    for pattern, shape in FORMS:
        if shape == "yY" and (m := pattern.match(text)):
            first, last = _year(m.group(1)), _year(m.group(2))
            if last <= first:
                raise BadDate("range not in order")
            return [first, last], None
    raise BadDate("not a year")


def _parse_forms(text: str, kind: str, locale: DateLocale) -> tuple[list[int], date | None]:
    for pattern, shape in FORMS:
        m = pattern.match(text)
        if m is None:
            continue
        if kind == "access" and shape not in FULL_SHAPES:
            raise BadDate("access-date must be a full date")
        return _check_shape(shape, m.groups(), locale)
    raise UnreadDate("not a CS1 date format")


def _check_shape(
    shape: str, groups: tuple[str, ...], locale: DateLocale
) -> tuple[list[int], date | None]:
    """Check one matched form: real days, months known, ranges in order."""
    p = dict(zip(shape, groups, strict=True))
    year = _year(p["y"])
    end_year = _year(p["Y"]) if "Y" in p else year
    first = _point(year, p.get("m") or p.get("s"), p.get("d"), locale)
    if shape in ("dmy", "mdy"):
        return [year], date(*first) if year > 1582 else None
    if len(shape) == 2:  # my, sy
        return [year], None
    if shape == "syY":
        if p["s"] not in ("Winter", "Summer") or end_year != year + 1:
            raise BadDate("only a winter or a summer spans two consecutive years")
        return [year, end_year], None
    month = p.get("M") or p.get("S") or p.get("m") or p.get("s")
    last = _point(end_year, month, p.get("D"), locale)
    if not first < last:
        raise BadDate("range not in order")
    return [year, end_year], None


def _point(
    year: int, month: str | None, day: str | None, locale: DateLocale
) -> tuple[int, int, int]:
    """(year, month, day) with 0 for what is not given; a season counts as its first month."""
    if month is None:
        return (year, 0, 0)
    number = SEASONS[month] * 3 - 2 if month in SEASONS else _month(month, locale)
    if day is None:
        return (year, number, 0)
    if day.startswith("0") or month in SEASONS:
        raise BadDate("zero-padded day" if day.startswith("0") else "season with a day")
    _day(year, number, int(day))
    return (year, number, int(day))


def _month(name: str, locale: DateLocale) -> int:
    if name in EN_MONTHS:
        return EN_MONTHS[name]
    if name in locale.months:
        return locale.months[name]
    if not locale.case_sensitive_months and name.lower() in locale.months:
        return locale.months[name.lower()]
    raise UnreadDate(f"unknown month name {name!r}")


def _year(text: str) -> int:
    if not re.fullmatch(r"[1-9]\d{2,3}", text):
        raise BadDate("not a year")
    return int(text)


def _day(year: int, month: int, day: int) -> None:
    if not 1 <= month <= 12:
        raise BadDate("no such month")
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0 or year <= 1582)
    days = [31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    if not 1 <= day <= days:
        raise BadDate("no such day")


def year_date_mismatch(year: str, date_value: str) -> bool:
    """year_date_check: |year= names none of the years in |date= (both set). With an ISO
    |date= and a disambiguated |year=2010a, the four-digit years must be equal."""
    m = re.search(r"\d\d\d\d?", year)
    y = m.group(0) if m else None
    if re.search(r"\d{4}-\d\d-\d\d", date_value) and re.search(r"\d{4}[A-Za-z]", year):
        first, four = re.search(r"\d{4}", date_value), re.search(r"\d{4}", year)
        return first is None or four is None or first.group(0) != four.group(0)
    if m2 := re.search(r"(\d\d\d\d?).*?(\d\d\d\d?)", date_value, re.S):
        return y not in m2.groups()
    if m3 := re.search(r"((\d\d)\d\d)[-–]+(\d\d)", date_value):
        return y not in (m3.group(1), m3.group(2) + m3.group(3))
    if m4 := re.search(r"\d\d\d\d?", date_value):
        return y != m4.group(0)
    return True
