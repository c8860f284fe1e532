"""Dates and times given on the command line, read strictly: one meaning per documented form.

Why not click's DateTime or a bare ``fromisoformat``: a bad value must be one line
("archive: error: ..."), not click's usage block; a bare date in ``--as-of`` must mean the
*end* of that day (what the archive said on that day), which click cannot express; and
Python's ``fromisoformat`` reads many more forms than we document, not all the same way
(``20261201`` was midnight where ``2026-12-01`` was the end of the day). The forms:

* a date: ``YYYY-MM-DD`` or ``YYYYMMDD`` (the same day);
* a date-time: ``YYYY-MM-DDTHH:MM[:SS[.ffffff]]`` (``T`` or a space), optionally followed
  by a zone, ``Z`` or ``+HH:MM`` / ``-HH:MM`` / ``+HHMM``; without a zone it is UTC.

Anything else (week or ordinal dates, a month alone, an hour alone) is refused, naming these.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time

from archive.errors import BadInput
from archive.timeutil import as_utc

DATE_FORMS = "YYYY-MM-DD or YYYYMMDD"
MOMENT_FORMS = f"{DATE_FORMS}, or YYYY-MM-DDTHH:MM[:SS] with an optional Z or +HH:MM (UTC if none)"

_DATE = re.compile(r"(\d{4})-?(\d{2})-?(\d{2})")
_DATE_TIME = re.compile(
    r"(?P<day>\d{4}-\d{2}-\d{2})[T ](?P<clock>\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?)"
    r"(?P<zone>Z|[+-]\d{2}:?\d{2})?",
    re.IGNORECASE,
)


def _day(text: str) -> date | None:
    """A date in one of the two date forms, or None when it is none of them."""
    found = _DATE.fullmatch(text)
    if found is None or (("-" in text) and text.count("-") != 2):
        return None
    year, month, day = (int(part) for part in found.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_date(value: str, option: str) -> date:
    """``YYYY-MM-DD`` or ``YYYYMMDD`` -> date, or a one-line BadInput naming the option."""
    found = _day(value.strip())
    if found is None:
        raise BadInput(f"{option}: not a date (want {DATE_FORMS}): {value!r}")
    return found


def _moment(text: str, option: str, value: str) -> datetime | None:
    found = _DATE_TIME.fullmatch(text)
    if found is None:
        return None
    zone = found["zone"] or ""
    if zone.upper() == "Z":
        zone = "+00:00"
    elif zone and ":" not in zone:
        zone = f"{zone[:3]}:{zone[3:]}"
    try:
        return as_utc(datetime.fromisoformat(f"{found['day']}T{found['clock']}{zone}"))
    except ValueError:
        raise BadInput(f"{option}: not a real date-time: {value!r}") from None


def parse_moment(value: str, option: str) -> datetime:
    """A date or a date-time (the forms above) -> aware UTC datetime.

    A bare date means the end of that day (UTC); a date-time without a zone is UTC.
    """
    text = value.strip()
    day = _day(text)
    if day is not None:
        return datetime.combine(day, time.max, tzinfo=UTC)
    moment = _moment(text, option, value)
    if moment is None:
        raise BadInput(f"{option}: not a date or date-time (want {MOMENT_FORMS}): {value!r}")
    return moment


def parse_start(value: str, option: str) -> datetime:
    """Like :func:`parse_moment`, but a bare date means the *start* of that day (UTC): the
    beginning of a window that includes the day."""
    day = _day(value.strip())
    if day is not None:
        return datetime.combine(day, time.min, tzinfo=UTC)
    return parse_moment(value, option)
