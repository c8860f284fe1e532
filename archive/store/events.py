"""Parses: the rules' output recorded as event versions, with content-based identity
and split/merge lineage (which record is which event: :mod:`archive.store.identity`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from archive.models import (
    Article,
    Event,
    EventLineage,
    EventVersion,
    Snapshot,
    SnapshotParse,
)
from archive.store.identity import (
    NewRecord,
    OldEvent,
    fields_digest,
    lineage_links,
    match_events,
    shingles,
)
from archive.store.rows import insert_rows
from archive.store.uids import next_event_uids
from archive.timeutil import as_utc, utcnow
from scraper.parsers.records import VERSIONED_FIELDS, EventRecord, ParsedArticle

# ---------------------------------------------------------------------------------------------
# Parses: events and their versions


@dataclass
class ParseOutcome:
    """What recording one parse changed in the archive."""

    added: int = 0
    changed: int = 0
    closed: int = 0
    unchanged: int = 0
    # Of ``added``: events that came back after being closed (same id, a new version).
    reopened: int = 0
    field_changes: Counter[str] = field(default_factory=Counter)
    lineage: list[tuple[int, int, str]] = field(default_factory=list)
    event_ids: list[int] = field(default_factory=list)
    error: str | None = None

    def merge(self, other: ParseOutcome) -> None:
        self.added += other.added
        self.changed += other.changed
        self.closed += other.closed
        self.unchanged += other.unchanged
        self.reopened += other.reopened
        self.field_changes.update(other.field_changes)
        self.lineage.extend(other.lineage)


def version_fields(version: EventVersion) -> dict[str, Any]:
    """An event version's fields in the parser's JSON shape (dates as ISO strings)."""
    out: dict[str, Any] = {}
    for name in VERSIONED_FIELDS:
        value = getattr(version, name)
        if isinstance(value, date):
            value = value.isoformat()
        elif name == "money_raised" and value is not None:
            value = float(value)
        out[name] = value
    return out


def _record_columns(record: EventRecord) -> dict[str, Any]:
    return {
        "segment": record.segment,
        "heading": record.heading,
        "text": record.text,
        "event_type": record.event_type,
        "event_date": record.event_date,
        "date_precision": record.date_precision,
        "date_text": record.date_text,
        "place": record.place,
        "geonameid": record.geonameid,
        "latitude": record.latitude,
        "longitude": record.longitude,
        "admin1": record.admin1,
        "admin2": record.admin2,
        "geo_precision": record.geo_precision,
        "venue": record.venue,
        "attendance": record.attendance,
        "attendance_text": record.attendance_text,
        "size_high": record.size_high,
        "size_text": record.size_text,
        "votes": dict(record.votes) if record.votes is not None else None,
        "papers_sold": record.papers_sold,
        "money_raised": record.money_raised,
        "speakers": list(record.speakers),
        "organisations": list(record.organisations),
        "reporter": record.reporter,
    }


def _open_versions(session: Session, article_id: int) -> list[EventVersion]:
    return list(
        session.scalars(
            select(EventVersion)
            .join(Event, EventVersion.event_id == Event.id)
            .where(Event.article_id == article_id, EventVersion.valid_to.is_(None))
            .order_by(EventVersion.segment, EventVersion.event_id)
        )
    )


@dataclass
class ArticleEventState:
    """What :func:`record_parse` reads about an article before writing: its open versions
    (by segment, then event id) and the latest ``valid_from`` of any of its versions."""

    open_versions: list[EventVersion]
    latest_valid_from: datetime | None


def article_event_states(session: Session, article_ids: list[int]) -> dict[int, ArticleEventState]:
    """The state of many articles in two queries (instead of two per parse): reparse reads a
    whole batch's articles at once. A state is only valid until that article's next parse."""
    ids = sorted(set(article_ids))
    states = {aid: ArticleEventState([], None) for aid in ids}
    if not ids:
        return states
    rows = session.execute(
        select(EventVersion, Event.article_id)
        .join(Event, EventVersion.event_id == Event.id)
        .where(Event.article_id.in_(ids), EventVersion.valid_to.is_(None))
        .order_by(Event.article_id, EventVersion.segment, EventVersion.event_id)
    )
    for version, article_id in rows:
        states[article_id].open_versions.append(version)
    latest_rows = session.execute(
        select(Event.article_id, func.max(EventVersion.valid_from))
        .join(Event, EventVersion.event_id == Event.id)
        .where(Event.article_id.in_(ids))
        .group_by(Event.article_id)
    )
    for article_id, latest in latest_rows:
        states[article_id].latest_valid_from = as_utc(latest) if latest is not None else None
    return states


def _parse_time(
    session: Session,
    article_id: int,
    at: datetime | None,
    state: ArticleEventState | None = None,
) -> datetime:
    """A timestamp strictly after every version of this article, so spans never overlap
    even when two parses land within the clock's resolution."""
    at = at or utcnow()
    if state is not None:
        latest = state.latest_valid_from
    else:
        latest = session.scalar(
            select(func.max(EventVersion.valid_from))
            .join(Event, EventVersion.event_id == Event.id)
            .where(Event.article_id == article_id)
        )
    if latest is not None:
        latest = as_utc(latest)
        if latest >= at:
            at = latest + timedelta(microseconds=1)
    return at


def record_parse(
    session: Session,
    *,
    snapshot: Snapshot,
    parsed: ParsedArticle | None,
    parse_run_id: int | None = None,
    error: str | None = None,
    parser_version: str | None = None,
    at: datetime | None = None,
    state: ArticleEventState | None = None,
) -> ParseOutcome:
    """Record the rules' output for a snapshot as the article's current events.

    Unchanged events add nothing; a changed field closes the old version and adds a new one;
    an event no longer found is closed; a new one is added. Identity is by content (see
    :func:`archive.store.identity.match_events`), so reordering or a new heading keeps an
    event's id; where one report became several, or several one, lineage rows say which came
    from which.

    ``parsed=None`` with ``error`` records a parse that raised: the error is kept with the
    snapshot and the events are left as they were.

    ``state``, when given, is the article as :func:`article_event_states` read it (no parse
    of this article since): it saves two queries per parse.
    """
    if parsed is None:
        if error is None:
            raise ValueError("record_parse needs parsed output or an error")
        return _record_failed_parse(
            session, snapshot, error, parser_version or "unknown", parse_run_id, at or utcnow()
        )

    article = session.get_one(Article, snapshot.article_id)
    if parsed.title and not article.title:
        article.title = parsed.title
    if parsed.published and article.published is None:
        article.published = parsed.published
    snapshot.parse_error = None
    at = _parse_time(session, article.id, at, state)

    open_versions = (
        state.open_versions if state is not None else _open_versions(session, article.id)
    )
    old: list[OldEvent] = [(v.event_id, shingles(v.text), version_fields(v)) for v in open_versions]
    new: list[NewRecord] = [(shingles(f["text"]), f) for f in (e.fields() for e in parsed.events)]
    pairs = match_events(old, new)
    reopened = _reopen_matches(session, article.id, new, pairs, state)

    outcome = ParseOutcome()
    event_ids = _write_versions(
        session,
        outcome,
        snapshot,
        parsed,
        old,
        new,
        open_versions,
        pairs,
        reopened,
        parse_run_id,
        at,
        # Every event is created with a version: an article without any has no event.
        first_events=state is not None and state.latest_valid_from is None,
    )
    _close_unmatched(outcome, open_versions, set(pairs.values()), parse_run_id, at)
    _record_lineage(session, outcome, lineage_links(old, new, pairs, event_ids), parse_run_id, at)
    insert_rows(
        session,
        SnapshotParse,
        {
            "snapshot_id": snapshot.id,
            "parse_run_id": parse_run_id,
            "parser_version": parsed.parser_version,
            "parsed_at": at,
            "events_found": len(parsed.events),
            "error": None,
        },
    )
    outcome.event_ids = event_ids
    return outcome


def _record_failed_parse(
    session: Session,
    snapshot: Snapshot,
    error: str,
    parser_version: str,
    parse_run_id: int | None,
    at: datetime,
) -> ParseOutcome:
    """A parse that raised: the error kept with the snapshot, the events left as they were."""
    snapshot.parse_error = error
    session.add(
        SnapshotParse(
            snapshot_id=snapshot.id,
            parse_run_id=parse_run_id,
            parser_version=parser_version,
            parsed_at=at,
            events_found=0,
            error=error,
        )
    )
    session.flush()
    return ParseOutcome(error=error)


def _write_versions(
    session: Session,
    outcome: ParseOutcome,
    snapshot: Snapshot,
    parsed: ParsedArticle,
    old: list[OldEvent],
    new: list[NewRecord],
    open_versions: list[EventVersion],
    pairs: dict[int, int],
    reopened: dict[int, int],
    parse_run_id: int | None,
    at: datetime,
    first_events: bool,
) -> list[int]:
    """A version for every record that is new, reopened or changed (the changed one's old
    version closed); nothing for an unchanged one. Returns each record's event id.
    ``first_events``: the article has no event yet."""
    # New events are created together, in one flush (not one per event): reparse writes
    # every event of a whole archive through here.
    fresh = [ni for ni in range(len(new)) if ni not in pairs and ni not in reopened]
    created: dict[int, int] = {}  # new index -> the new event's id
    # The article's site, copied onto its events and each version for the site filter
    # (models.Event.source_id, models.EventVersion.source_id).
    source_id = snapshot.article.source_id
    if fresh:
        uids = next_event_uids(session, snapshot.article_id, len(fresh), first_events=first_events)
        # One multi-row INSERT, its ids read back by uid (the ORM, or a RETURNING in
        # parameter order, inserts them one at a time on SQLite).
        returned = insert_rows(
            session,
            Event,
            [
                {
                    "event_uid": uid,
                    "article_id": snapshot.article_id,
                    "source_id": source_id,
                    "created_at": at,
                    "created_parse_run_id": parse_run_id,
                }
                for uid in uids
            ],
            returning=("id", "event_uid"),
        )
        by_uid = {row.event_uid: row.id for row in returned}
        created = {ni: by_uid[uid] for ni, uid in zip(fresh, uids, strict=True)}
    event_ids: list[int] = []
    rows: list[dict[str, Any]] = []
    for ni, record in enumerate(parsed.events):
        fields_ = new[ni][1]
        digest = fields_digest(fields_)
        if ni in pairs:
            current = open_versions[pairs[ni]]
            event_id = current.event_id
            if current.fields_sha256 == digest:
                outcome.unchanged += 1
                event_ids.append(event_id)
                continue
            old_fields = old[pairs[ni]][2]
            for name in VERSIONED_FIELDS:
                if old_fields.get(name) != fields_.get(name):
                    outcome.field_changes[name] += 1
            current.valid_to = at
            current.closed_by_parse_run_id = parse_run_id
            outcome.changed += 1
        elif ni in reopened:
            event_id = reopened[ni]
            outcome.added += 1
            outcome.reopened += 1
        else:
            event_id = created[ni]
            outcome.added += 1
        rows.append(
            {
                "event_id": event_id,
                "snapshot_id": snapshot.id,
                "source_id": source_id,
                "parse_run_id": parse_run_id,
                "parser_version": parsed.parser_version,
                "valid_from": at,
                "valid_to": None,
                "fields_sha256": digest,
                **_record_columns(record),
            }
        )
        event_ids.append(event_id)
    if rows:
        # One statement for all of them (the ORM would insert them one by one to read back
        # ids nothing here needs).
        insert_rows(session, EventVersion, rows)
    return event_ids


def _close_unmatched(
    outcome: ParseOutcome,
    open_versions: list[EventVersion],
    matched: set[int],
    parse_run_id: int | None,
    at: datetime,
) -> None:
    """Close the open events no new record continues (the rules no longer find them)."""
    for oi, current in enumerate(open_versions):
        if oi not in matched:
            current.valid_to = at
            current.closed_by_parse_run_id = parse_run_id
            outcome.closed += 1


def _closed_versions(session: Session, article_id: int) -> list[EventVersion]:
    """The last version of each of the article's events that has no current version."""
    open_events = (
        select(EventVersion.event_id).where(EventVersion.valid_to.is_(None)).scalar_subquery()
    )
    last = (
        select(func.max(EventVersion.id))
        .join(Event, EventVersion.event_id == Event.id)
        .where(Event.article_id == article_id, EventVersion.event_id.not_in(open_events))
        .group_by(EventVersion.event_id)
        .scalar_subquery()
    )
    return list(
        session.scalars(
            select(EventVersion).where(EventVersion.id.in_(last)).order_by(EventVersion.event_id)
        )
    )


def _reopen_matches(
    session: Session,
    article_id: int,
    new: list[NewRecord],
    pairs: dict[int, int],
    state: ArticleEventState | None,
) -> dict[int, int]:
    """New records that continue no open event but match an event closed earlier (a report
    dropped by one snapshot or rule version and found again): new index -> that event's id,
    so the report keeps its identity across the gap instead of becoming a new event."""
    unmatched = [ni for ni in range(len(new)) if ni not in pairs]
    if not unmatched or (state is not None and state.latest_valid_from is None):
        return {}  # nothing to look for, or an article with no events yet
    closed = _closed_versions(session, article_id)
    if not closed:
        return {}
    cold: list[OldEvent] = [(v.event_id, shingles(v.text), version_fields(v)) for v in closed]
    sub_pairs = match_events(cold, [new[ni] for ni in unmatched])
    return {unmatched[k]: cold[oi][0] for k, oi in sub_pairs.items()}


def _record_lineage(
    session: Session,
    outcome: ParseOutcome,
    links: dict[tuple[int, int], str],
    parse_run_id: int | None,
    at: datetime,
) -> None:
    """Add the split/merge links not recorded yet (see :func:`identity.lineage_links`)."""
    for (parent, child), kind in sorted(links.items()):
        exists = session.scalar(
            select(EventLineage.id).where(
                EventLineage.parent_event_id == parent, EventLineage.child_event_id == child
            )
        )
        if exists is None:
            session.add(
                EventLineage(
                    parent_event_id=parent,
                    child_event_id=child,
                    parse_run_id=parse_run_id,
                    kind=kind,
                    recorded_at=at,
                )
            )
            outcome.lineage.append((parent, child, kind))


def superseded_snapshots(
    session: Session, snapshot_ids: list[int], parser_version: str
) -> set[int]:
    """Those of ``snapshot_ids`` whose article has a newer snapshot (by fetch time, then id)
    already parsed successfully under ``parser_version``.

    Re-parsing such a snapshot must not replace the events its newer sibling produced under
    the same rules: that would move the article's current state back in time (a replay of
    old snapshots with --force, or a crawl that parsed a newer body meanwhile)."""
    if not snapshot_ids:
        return set()
    older = Snapshot.__table__.alias("older")
    newer = Snapshot.__table__.alias("newer")
    newer_parsed = (
        select(SnapshotParse.id)
        .join(newer, SnapshotParse.snapshot_id == newer.c.id)
        .where(
            newer.c.article_id == older.c.article_id,
            SnapshotParse.parser_version == parser_version,
            SnapshotParse.error.is_(None),
            or_(
                newer.c.fetched_at > older.c.fetched_at,
                and_(newer.c.fetched_at == older.c.fetched_at, newer.c.id > older.c.id),
            ),
        )
        .exists()
    )
    rows = session.scalars(select(older.c.id).where(older.c.id.in_(snapshot_ids), newer_parsed))
    return set(rows)


def record_superseded_parse(
    session: Session,
    *,
    snapshot: Snapshot,
    parsed: ParsedArticle,
    parse_run_id: int | None = None,
    at: datetime | None = None,
) -> None:
    """Note that a snapshot was parsed under ``parsed.parser_version`` while leaving the
    article's events alone, because a newer snapshot already set them under these rules (see
    :func:`superseded_snapshots`)."""
    snapshot.parse_error = None
    session.add(
        SnapshotParse(
            snapshot_id=snapshot.id,
            parse_run_id=parse_run_id,
            parser_version=parsed.parser_version,
            parsed_at=at or utcnow(),
            events_found=len(parsed.events),
            error=None,
        )
    )
    session.flush()


def already_parsed(session: Session, snapshot_id: int, parser_version: str) -> bool:
    """Whether this snapshot has been parsed successfully under this parser version."""
    return (
        session.scalar(
            select(SnapshotParse.id)
            .where(
                SnapshotParse.snapshot_id == snapshot_id,
                SnapshotParse.parser_version == parser_version,
                SnapshotParse.error.is_(None),
            )
            .limit(1)
        )
        is not None
    )
