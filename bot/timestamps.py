"""Timestamps: parsed once where they enter (the config, the wiki's API rows, the
database), as aware UTC datetimes; written back in MediaWiki's own form."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta

from dateutil import parser as dateparser

MW_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


def parse_moment(value: str | date | datetime, *, end_of_day: bool = False) -> datetime:
    """An ISO date or date-time as an aware UTC datetime.

    A date alone means its start, or with `end_of_day` its last second (inclusive).
    A date-time without an offset is UTC.
    """
    if isinstance(value, str):
        text = value.strip()
        if not re.match(r"^\d{4}-\d{2}-\d{2}", text):
            raise ValueError(value)
        parsed: date = dateparser.isoparse(text)
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            parsed = parsed.date() if isinstance(parsed, datetime) else parsed
    else:
        parsed = value
    if not isinstance(parsed, datetime):
        moment = datetime.combine(parsed, time.min, tzinfo=UTC)
        return moment + timedelta(days=1, seconds=-1) if end_of_day else moment
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def parse_ts(text: str) -> datetime:
    """A MediaWiki or SQLite-stored timestamp ("2027-01-15T10:00:00Z") as an aware UTC
    datetime; ValueError when it is not one."""
    if not re.fullmatch(
        r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})", text
    ):
        raise ValueError(f"not a timestamp: {text!r}")
    return parse_moment(text)


def format_ts(moment: datetime) -> str:
    """MediaWiki's timestamp form, "2027-01-15T10:00:00Z" (UTC, whole seconds)."""
    return moment.astimezone(UTC).strftime(MW_FORMAT)
