"""Column types that behave the same on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime
from sqlalchemy.dialects import sqlite
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator, TypeEngine

from archive.timeutil import as_utc

# The largest id or count a column holds on both backends (a signed 64-bit integer): a larger
# one given on the command line is bad input, not a database error.
MAX_ROW_ID = 2**63 - 1


class _SQLiteISOTime(sqlite.DATETIME):
    """SQLite's DATETIME written as Python's ``isoformat()`` of the UTC time
    (``2026-12-01T08:57:46+00:00``, ``2026-12-01T08:57:46.250000+00:00``): exactly what
    `archive` prints. Such strings sort as the times do (``+`` sorts before ``.``, so a whole
    second comes before its fractions), so a time written in SQL the way the command line
    prints it compares right; SQLAlchemy's default (``2026-12-01 08:57:46.000000``) sorts
    every such literal after every time of the same day, a space being less than a ``T``."""

    def bind_processor(self, dialect: Dialect) -> Callable[[Any], str | None]:
        def process(value: Any) -> str | None:
            if value is None:
                return None
            return as_utc(value).isoformat()

        return process


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in, aware UTC datetimes out, on every backend.

    SQLite has no time zones and would hand back naive values; PostgreSQL's timestamptz would
    hand back the session's zone. Validity spans are compared in Python and in SQL, so both
    must agree: on SQLite the value is ISO 8601 text in UTC with its zone (see
    :class:`_SQLiteISOTime`), on PostgreSQL a timestamptz.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(_SQLiteISOTime())
        return dialect.type_descriptor(DateTime(timezone=True))

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return as_utc(value).astimezone(UTC)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return as_utc(value)
