"""What changed in the archive, as researchers follow it: per event version, only the fields
that changed; over a time window, every event added, changed, closed, reopened, split or
merged; and which later rules versions re-read a page and confirmed a version unchanged.

Everything is read from the versions themselves (valid_from / valid_to, lineage rows and the
record of every parse), so it holds for any past window, not only since the last look.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import and_, select
from sqlalchemy.orm import Session, aliased

from archive.errors import BadInput
from archive.models import Event, EventLineage, EventVersion, Snapshot, SnapshotParse
from archive.store.events import version_fields
from archive.types import MAX_ROW_ID

BATCH = 1000
# The order of kinds that happen at one instant (a split's new events, then the link).
_KIND_ORDER = {"added": 0, "reopened": 1, "changed": 2, "closed": 3, "split": 4, "merged": 5}


def resolve_event(session: Session, ident: str) -> Event:
    """An event by its public uid or its row id (``archive history`` takes either)."""
    text = ident.strip()
    event = session.scalar(select(Event).where(Event.event_uid == text))
    if event is None and text.isdigit() and int(text) <= MAX_ROW_ID:
        event = session.get(Event, int(text))
    if event is None:
        raise BadInput(f"no event {text} in the archive (give an event uid or id)")
    return event


def field_diff(old: dict[str, Any] | None, new: dict[str, Any]) -> dict[str, list[Any]]:
    """name -> [old, new] for every field that differs (all of them when ``old`` is None)."""
    if old is None:
        return {k: [None, v] for k, v in new.items()}
    return {k: [old.get(k), v] for k, v in new.items() if old.get(k) != v}


@dataclass(frozen=True)
class Confirmation:
    parser_version: str
    parse_run_id: int | None
    parsed_at: datetime
    snapshot_id: int


def confirmations(session: Session, version: EventVersion, article_id: int) -> list[Confirmation]:
    """Parses by other rules versions that read this article (this version's page or a newer
    one) while the version was current, and left it as it was: the first such parse of each
    rules version."""
    own = session.get_one(Snapshot, version.snapshot_id)
    stmt = (
        select(SnapshotParse, Snapshot.fetched_at)
        .join(Snapshot, SnapshotParse.snapshot_id == Snapshot.id)
        .where(
            Snapshot.article_id == article_id,
            Snapshot.fetched_at >= own.fetched_at,
            SnapshotParse.error.is_(None),
            SnapshotParse.parser_version != version.parser_version,
            SnapshotParse.parsed_at > version.valid_from,
        )
        .order_by(SnapshotParse.parsed_at, SnapshotParse.id)
    )
    if version.valid_to is not None:
        stmt = stmt.where(SnapshotParse.parsed_at < version.valid_to)
    seen: dict[str, Confirmation] = {}
    for parse, _fetched in session.execute(stmt):
        seen.setdefault(
            parse.parser_version,
            Confirmation(
                parse.parser_version, parse.parse_run_id, parse.parsed_at, parse.snapshot_id
            ),
        )
    return list(seen.values())


@dataclass(frozen=True)
class Change:
    """One thing that happened to one event."""

    at: datetime
    kind: str  # added | changed | closed | reopened | split | merged
    event_uid: str
    event_id: int
    parser_version: str | None
    parse_run_id: int | None
    snapshot_id: int | None = None
    fields: dict[str, list[Any]] = field(default_factory=dict)
    related_uid: str | None = None  # split: the parent; merged: the event it merged into

    def sort_key(self) -> tuple[datetime, int, str]:
        return (self.at, _KIND_ORDER[self.kind], self.event_uid)

    def as_dict(self) -> dict[str, Any]:
        return {
            "at": self.at.isoformat(),
            "change": self.kind,
            "event_uid": self.event_uid,
            "event_id": self.event_id,
            "parser_version": self.parser_version,
            "parse_run_id": self.parse_run_id,
            "snapshot_id": self.snapshot_id,
            "fields": {k: {"old": o, "new": n} for k, (o, n) in self.fields.items()},
            "related_uid": self.related_uid,
        }


def _window(column: Any, since: datetime, until: datetime | None) -> Any:
    return and_(column >= since, column < until) if until is not None else column >= since


def _new_versions(session: Session, since: datetime, until: datetime | None) -> Iterator[Change]:
    prev = aliased(EventVersion)
    previous_id = (
        select(prev.id)
        .where(prev.event_id == EventVersion.event_id, prev.valid_from < EventVersion.valid_from)
        .order_by(prev.valid_from.desc(), prev.id.desc())
        .limit(1)
        .correlate(EventVersion)
        .scalar_subquery()
    )
    older = aliased(EventVersion)
    stmt = (
        select(EventVersion, older, Event.event_uid)
        .join(Event, EventVersion.event_id == Event.id)
        .outerjoin(older, older.id == previous_id)
        .where(_window(EventVersion.valid_from, since, until))
        .order_by(EventVersion.valid_from, Event.event_uid)
        .execution_options(yield_per=BATCH)
    )
    for version, before, uid in session.execute(stmt):
        if before is None:
            kind = "added"
        elif before.valid_to is not None and before.valid_to < version.valid_from:
            kind = "reopened"
        else:
            kind = "changed"
        old = version_fields(before) if before is not None else None
        yield Change(
            version.valid_from,
            kind,
            uid,
            version.event_id,
            version.parser_version,
            version.parse_run_id,
            version.snapshot_id,
            field_diff(old, version_fields(version)) if kind != "added" else {},
        )


def _closures(session: Session, since: datetime, until: datetime | None) -> Iterator[Change]:
    successor = aliased(EventVersion)
    continued = (
        select(successor.id)
        .where(
            successor.event_id == EventVersion.event_id,
            successor.valid_from == EventVersion.valid_to,
        )
        .exists()
    )
    stmt = (
        select(EventVersion, Event.event_uid)
        .join(Event, EventVersion.event_id == Event.id)
        .where(
            EventVersion.valid_to.is_not(None),
            _window(EventVersion.valid_to, since, until),
            ~continued,
        )
        .order_by(EventVersion.valid_to, Event.event_uid)
        .execution_options(yield_per=BATCH)
    )
    for version, uid in session.execute(stmt):
        assert version.valid_to is not None
        closer = version.closed_by_parse_run_id
        yield Change(
            version.valid_to, "closed", uid, version.event_id, None, closer, version.snapshot_id
        )


def _lineage(session: Session, since: datetime, until: datetime | None) -> Iterator[Change]:
    parent = aliased(Event)
    child = aliased(Event)
    stmt = (
        select(EventLineage, parent.event_uid, child.event_uid)
        .join(parent, EventLineage.parent_event_id == parent.id)
        .join(child, EventLineage.child_event_id == child.id)
        .where(_window(EventLineage.recorded_at, since, until))
        .order_by(EventLineage.recorded_at, EventLineage.id)
        .execution_options(yield_per=BATCH)
    )
    for link, parent_uid, child_uid in session.execute(stmt):
        if link.kind == "split":
            yield Change(
                link.recorded_at,
                "split",
                child_uid,
                link.child_event_id,
                None,
                link.parse_run_id,
                related_uid=parent_uid,
            )
        else:
            yield Change(
                link.recorded_at,
                "merged",
                parent_uid,
                link.parent_event_id,
                None,
                link.parse_run_id,
                related_uid=child_uid,
            )


def changes(session: Session, since: datetime, until: datetime | None = None) -> Iterator[Change]:
    """Every change to every event in ``[since, until)``, oldest first, streamed."""
    if until is not None and until <= since:
        raise BadInput(f"--until {until.isoformat()} is not after --since {since.isoformat()}")
    streams = (
        _new_versions(session, since, until),
        _closures(session, since, until),
        _lineage(session, since, until),
    )
    yield from heapq.merge(*streams, key=Change.sort_key)


def _fields_text(fields: dict[str, list[Any]]) -> str:
    return "; ".join(f"{k}: {_short(o)} -> {_short(n)}" for k, (o, n) in fields.items())


def _short(value: Any, width: int = 60) -> str:
    text = "null" if value is None else str(value)
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def change_summary(change: Change) -> str:
    """One line of words for a change (the table and CSV formats)."""
    if change.kind in ("split", "merged"):
        verb = "split from" if change.kind == "split" else "merged into"
        return f"{verb} {change.related_uid}"
    if change.kind in ("changed", "reopened"):
        return _fields_text(change.fields)
    return ""
