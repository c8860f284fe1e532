"""One notion of "now" for the archive: timezone-aware UTC, microseconds kept.

Validity spans (valid_from / valid_to) compare these values, so every writer must take them
from here rather than mixing naive and aware datetimes.
"""

from __future__ import annotations

from datetime import UTC, datetime


def utcnow() -> datetime:
    """The current time, aware, in UTC."""
    return datetime.now(UTC)


def as_utc(value: datetime) -> datetime:
    """Treat a naive datetime as UTC and convert an aware one to UTC."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)
