"""Rows written without ORM objects: the log and link rows a unit of work never reads back.

Why: a crawl records a fetch row, an alias row and a snapshot-parse row (and its events and
their versions) for every page. As ORM objects, or as ORM-enabled ``insert(Model)``
statements, each row costs more in SQLAlchemy's bookkeeping (unit of work, ORM bulk
persistence, statement coercion) than the INSERT itself; the writer's CPU per page is what
bounds a crawl on two cores (benchmarks/crawl.py). These go to the table through the
session's own connection and transaction (a page's savepoint included), with the same column
types, so the stored values are those the ORM would store.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row
from sqlalchemy.orm import DeclarativeBase, Session


def insert_rows(
    session: Session,
    model: type[DeclarativeBase],
    rows: dict[str, Any] | list[dict[str, Any]],
    returning: Sequence[str] = (),
) -> list[Row[Any]]:
    """Insert one row (a dict) or many (a list: one multi-row statement where the backend
    allows) into ``model``'s table, keyed by column name; the ``returning`` columns of each
    inserted row, in no promised order. Pending ORM changes are flushed first, as a query
    would flush them, so rows they reference exist."""
    session.flush()
    table: Any = model.__table__
    stmt = table.insert()
    if returning:
        stmt = stmt.returning(*(table.c[name] for name in returning))
    result = session.connection().execute(stmt, rows)
    return list(result) if returning else []
