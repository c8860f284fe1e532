"""Dates and times given on the command line, read strictly.

Why not click's own DateTime type: a bad value must be one line ("archive: error: ..."), not
click's usage block, and a bare date in ``--as-of`` must mean the *end* of that day (what
the archive said on that day), which click cannot express.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from archive.errors import BadInput
from archive.timeutil import as_utc


def parse_date(value: str, option: str) -> date:
    """``YYYY-MM-DD`` -> date, or a one-line BadInput naming the option."""
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise BadInput(f"{option}: not a date (want YYYY-MM-DD): {value!r}") from None


def parse_moment(value: str, option: str) -> datetime:
    """An ISO date or date-time -> aware UTC datetime.

    A bare date means the end of that day (UTC); a date-time without a zone is taken as UTC.
    """
    text = value.strip()
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            return datetime.combine(day, time.max, tzinfo=UTC)
        return as_utc(datetime.fromisoformat(text))
    except ValueError:
        raise BadInput(
            f"{option}: not a date or date-time (want YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS][+00:00]): {value!r}"
        ) from None


def parse_start(value: str, option: str) -> datetime:
    """Like :func:`parse_moment`, but a bare date means the *start* of that day (UTC): the
    beginning of a window that includes the day."""
    text = value.strip()
    if len(text) == 10:
        try:
            return datetime.combine(date.fromisoformat(text), time.min, tzinfo=UTC)
        except ValueError:
            pass
    return parse_moment(value, option)
