"""Reads: events as they stood at a time or under a parser version, and their history."""

from __future__ import annotations

from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, func, or_, select
from sqlalchemy.orm import Session

from archive.models import (
    Event,
    EventLineage,
    EventVersion,
    Snapshot,
    SnapshotParse,
)
from archive.timeutil import utcnow

# ---------------------------------------------------------------------------------------------
# Reads

# Any SELECT, whatever its columns (SQLAlchemy 2.1 types a Select by its row's types).
AnySelect = Select[*tuple[Any, ...]]
S = TypeVar("S", bound=AnySelect)


def standing(stmt: S, *, at: datetime | None = None, parser_version: str | None = None) -> S:
    """``stmt`` (a select that joins EventVersion and Event) narrowed to the versions that
    stood: now (no argument: the open versions), at a time, or as the given parser version
    last left each article (the state right after its last parse under that version).

    The one definition of "as it stood", shared by `archive events`, exports and releases."""
    if at is not None and parser_version is not None:
        raise ValueError("give a time or a parser version, not both")
    point: ColumnElement[Any] | datetime
    if parser_version is not None:
        last_parse = (
            select(
                Snapshot.article_id.label("article_id"),
                func.max(SnapshotParse.parsed_at).label("parsed_at"),
            )
            .join(Snapshot, SnapshotParse.snapshot_id == Snapshot.id)
            .where(SnapshotParse.parser_version == parser_version, SnapshotParse.error.is_(None))
            .group_by(Snapshot.article_id)
            .subquery()
        )
        point = last_parse.c.parsed_at
        stmt = stmt.join(last_parse, last_parse.c.article_id == Event.article_id)
    elif at is not None:
        point = at
    else:
        return stmt.where(EventVersion.valid_to.is_(None))
    return stmt.where(
        EventVersion.valid_from <= point,
        or_(EventVersion.valid_to.is_(None), EventVersion.valid_to > point),
    )


def events_as_of(
    session: Session,
    *,
    at: datetime | None = None,
    parser_version: str | None = None,
    article_id: int | None = None,
) -> list[EventVersion]:
    """The event versions as they stood: at a time (default now), or as the given parser
    version last left each article (see :func:`standing`). Ordered by article, then segment."""
    stmt = select(EventVersion).join(Event, EventVersion.event_id == Event.id)
    if article_id is not None:
        stmt = stmt.where(Event.article_id == article_id)
    if at is None and parser_version is None:
        at = utcnow()
    stmt = standing(stmt, at=at, parser_version=parser_version)
    stmt = stmt.order_by(Event.article_id, EventVersion.segment, EventVersion.event_id)
    return list(session.scalars(stmt))


def current_events(session: Session, article_id: int | None = None) -> list[EventVersion]:
    """The current version of every open event."""
    stmt = (
        select(EventVersion)
        .join(Event, EventVersion.event_id == Event.id)
        .where(EventVersion.valid_to.is_(None))
    )
    if article_id is not None:
        stmt = stmt.where(Event.article_id == article_id)
    return list(session.scalars(stmt.order_by(Event.article_id, EventVersion.segment)))


def event_history(session: Session, event_id: int) -> list[EventVersion]:
    """Every version of an event, oldest first."""
    return list(
        session.scalars(
            select(EventVersion)
            .where(EventVersion.event_id == event_id)
            .order_by(EventVersion.valid_from, EventVersion.id)
        )
    )


def event_lineage(session: Session, event_id: int) -> list[EventLineage]:
    """Lineage rows where the event is a parent or a child."""
    return list(
        session.scalars(
            select(EventLineage)
            .where(
                or_(
                    EventLineage.parent_event_id == event_id,
                    EventLineage.child_event_id == event_id,
                )
            )
            .order_by(EventLineage.id)
        )
    )
