"""Which events an export (or `archive events`) holds, and their rows, streamed.

One query for every output: the filters researchers ask for (dates, types, places, sites,
sizes), the state of the archive they want (now, ``--as-of``, ``--parser-version``) and the
source columns of each event (site, URL, title, publication date), joined in the database and
read in batches, so memory stays flat however many events there are. The columns are those of
the ``current_events`` view, in its order; their meaning is in :mod:`archive.codebook`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any, Literal

from sqlalchemy import ColumnElement, Connection, and_, func, or_, select
from sqlalchemy.orm import Session

from archive.errors import BadInput
from archive.models import Article, Event, EventVersion, ParseRun, Snapshot, SnapshotParse, Source
from archive.places import area_of, areas_within, places_within
from archive.store.reads import AnySelect, standing
from scraper.parsers.records import EVENT_TYPES

BATCH = 1000
# How a filter's rows are best read in uid order turns on how many it matches (read_shape):
# at most this many, collected and sorted (~2-3 us a match on PostgreSQL: 50 ms at the most);
# more, found by walking the events in uid order (a page of them within a few thousand).
FEW = 20_000
# The ways event_rows_query asks for the same rows (see read_shape).
Shape = Literal["asked", "collect", "walk"]

# The columns of an event row, in order (the current_events view's); "area",
# "votes_for" and "votes_against" are derived as the rows stream, as the view derives them.
COLUMNS: tuple[str, ...] = (
    "event_uid",
    "event_id",
    "version_id",
    "article_id",
    "site",
    "site_article_id",
    "source_url",
    "article_title",
    "published",
    "snapshot_id",
    "parser_version",
    "parse_run_id",
    "valid_from",
    "segment",
    "heading",
    "text",
    "event_type",
    "event_date",
    "date_precision",
    "date_text",
    "place",
    "geonameid",
    "latitude",
    "longitude",
    "admin1",
    "admin2",
    "geo_precision",
    "area",
    "venue",
    "size_low",
    "size_high",
    "size_text",
    "attendance",
    "attendance_text",
    "votes",
    "votes_for",
    "votes_against",
    "papers_sold",
    "money_raised",
    "speakers",
    "organisations",
    "reporter",
)
DERIVED = frozenset({"area", "votes_for", "votes_against"})


def _sources() -> dict[str, Any]:
    return {
        "event_uid": Event.event_uid,
        "event_id": Event.id,
        "version_id": EventVersion.id,
        "article_id": Article.id,
        "site": Source.domain,
        "site_article_id": Article.site_article_id,
        "source_url": Article.canonical_url,
        "article_title": Article.title,
        "published": Article.published,
        "snapshot_id": EventVersion.snapshot_id,
        "parser_version": EventVersion.parser_version,
        "parse_run_id": EventVersion.parse_run_id,
        "valid_from": EventVersion.valid_from,
        "segment": EventVersion.segment,
        "heading": EventVersion.heading,
        "text": EventVersion.text,
        "event_type": EventVersion.event_type,
        "event_date": EventVersion.event_date,
        "date_precision": EventVersion.date_precision,
        "date_text": EventVersion.date_text,
        "place": EventVersion.place,
        "geonameid": EventVersion.geonameid,
        "latitude": EventVersion.latitude,
        "longitude": EventVersion.longitude,
        "admin1": EventVersion.admin1,
        "admin2": EventVersion.admin2,
        "geo_precision": EventVersion.geo_precision,
        "venue": EventVersion.venue,
        "size_low": EventVersion.attendance,
        "size_high": EventVersion.size_high,
        "size_text": EventVersion.size_text,
        "attendance": EventVersion.attendance,
        "attendance_text": EventVersion.attendance_text,
        "votes": EventVersion.votes,
        "papers_sold": EventVersion.papers_sold,
        "money_raised": EventVersion.money_raised,
        "speakers": EventVersion.speakers,
        "organisations": EventVersion.organisations,
        "reporter": EventVersion.reporter,
    }


@dataclass(frozen=True)
class Filters:
    """What a researcher narrows the events to (every one optional)."""

    date_from: date | None = None
    date_to: date | None = None
    types: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    sites: tuple[str, ...] = ()
    min_size: int | None = None
    article_id: int | None = None

    def __post_init__(self) -> None:
        unknown = [t for t in self.types if t not in EVENT_TYPES]
        if unknown:
            raise BadInput(
                f"--type: unknown event type {unknown[0]!r} (known: {', '.join(EVENT_TYPES)})"
            )
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise BadInput(f"--from {self.date_from} is after --to {self.date_to}")
        if self.min_size is not None and self.min_size < 0:
            raise BadInput(f"--min-size must be 0 or more, not {self.min_size}")

    def place_names(self) -> frozenset[str]:
        names: set[str] = set()
        for name in self.places:
            names |= places_within(name)
        return frozenset(names)

    def place_areas(self) -> frozenset[str]:
        areas: set[str] = set()
        for name in self.places:
            areas |= areas_within(name)
        return frozenset(areas)

    def as_dict(self) -> dict[str, Any]:
        """The filters as given (for datapackage.json and release records)."""
        out: dict[str, Any] = {}
        if self.date_from:
            out["from"] = self.date_from.isoformat()
        if self.date_to:
            out["to"] = self.date_to.isoformat()
        for key, value in (("type", self.types), ("place", self.places), ("site", self.sites)):
            if value:
                out[key] = list(value)
        if self.min_size is not None:
            out["min_size"] = self.min_size
        if self.article_id is not None:
            out["article"] = self.article_id
        return out


@dataclass(frozen=True)
class Cut:
    """Which state of the archive: now (neither), at a time, or as a rules version left it."""

    at: datetime | None = None
    parser_version: str | None = None
    release: str | None = field(default=None, compare=False)

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.release:
            out["release"] = self.release
        if self.at:
            out["as_of"] = self.at.isoformat()
        if self.parser_version:
            out["parser_version"] = self.parser_version
        return out


def columns(text: bool = True) -> tuple[str, ...]:
    return COLUMNS if text else tuple(c for c in COLUMNS if c != "text")


def _where(
    stmt: AnySelect, filters: Filters, *, counting: bool = False, walk: bool = False
) -> AnySelect:
    """``walk`` (SQLite, many matches): each test of a version's own columns marked as
    likely true (SQLite's ``likely()``, the same value), so that its planner walks the
    events in uid order testing them rather than collecting every match to sort it."""

    def on_version(test: ColumnElement[bool]) -> ColumnElement[bool]:
        return func.likely(test) if walk else test

    if filters.date_from is not None:
        stmt = stmt.where(on_version(EventVersion.event_date >= filters.date_from))
    if filters.date_to is not None:
        stmt = stmt.where(on_version(EventVersion.event_date <= filters.date_to))
    if filters.types:
        stmt = stmt.where(on_version(EventVersion.event_type.in_(filters.types)))
    if filters.places:
        stmt = stmt.where(on_version(_in_places(filters)))
    if filters.sites:
        # By the site copied onto each event and version (models.Event.source_id): a count
        # reads the versions' index alone, a page of rows walks a site's events in uid order
        # (where testing each version's article's site joined every open version to it).
        sites = sorted({s.strip().lower().removeprefix("www.") for s in filters.sites})
        by = EventVersion.source_id if counting else Event.source_id
        if len(sites) == 1:
            # An equality to the one site's id (NULL, so nothing, for an unknown site): the
            # planners then read ix_events_source_uid in uid order, which an IN, for all they
            # know of many ids, does not let them.
            one = select(Source.id).where(Source.domain == sites[0]).scalar_subquery()
            stmt = stmt.where(by == one)
        else:
            stmt = stmt.where(by.in_(select(Source.id).where(Source.domain.in_(sites))))
    if filters.min_size is not None:
        stmt = stmt.where(on_version(EventVersion.attendance >= filters.min_size))
    if filters.article_id is not None:
        stmt = stmt.where(Event.article_id == filters.article_id)
    return stmt


def _in_places(filters: Filters) -> ColumnElement[bool]:
    """By name, and by county or borough: a place the gazetteer lacks under that name
    ("Hackney Wick") that the rules located inside one ("Hackney") is still in it.

    Asked of each row as an OR: a page in uid order tests the rows as it walks the events
    (a thousand rows, not the 300,000 a UNION of the two look-ups collected first for
    London at a million events). A count is asked in parts instead (:func:`count_query`)."""
    names = EventVersion.place.in_(sorted(filters.place_names()))
    areas = sorted(filters.place_areas())
    return or_(names, EventVersion.admin2.in_(areas)) if areas else names


def _place_parts(filters: Filters) -> tuple[ColumnElement[bool], ...]:
    """:func:`_in_places` as disjoint conditions whose counts add up to its count: the name
    is one of the places, or it is not (or there is none) and the county or borough is.
    Each part is one range of look-ups on a partial index that holds both columns, so the
    count reads no row (an OR reads the whole index: 3x slower at a million events). The
    form PostgreSQL counts fastest; SQLite's is :func:`_place_overlap`."""
    names = sorted(filters.place_names())
    areas = sorted(filters.place_areas())
    by_name = EventVersion.place.in_(names)
    if not areas:
        return (by_name,)
    return (
        by_name,
        and_(
            EventVersion.admin2.in_(areas),
            or_(EventVersion.place.is_(None), EventVersion.place.not_in(names)),
        ),
    )


def _place_overlap(filters: Filters) -> tuple[ColumnElement[bool], ...]:
    """:func:`_in_places` as the conditions whose counts give its count by inclusion and
    exclusion (SQLite): named one of the places, filed under one of their counties or
    boroughs, and both (counted once too many by the first two). Each is a range of
    look-ups on a partial index holding both columns (the third seeks on the pair), so
    nothing is tested row by row: SQLite's "not one of the names" of each row under
    London's boroughs (300 names, 285,000 rows at a million events) made the disjoint form
    2x slower (95 ms against 47); PostgreSQL's is 2x faster than this form
    (benchmarks/query.py)."""
    names = EventVersion.place.in_(sorted(filters.place_names()))
    areas = sorted(filters.place_areas())
    if not areas:
        return (names,)
    in_areas = EventVersion.admin2.in_(areas)
    return (names, in_areas, and_(names, in_areas))


def _joined(stmt: AnySelect) -> AnySelect:
    return (
        stmt.select_from(EventVersion)
        .join(Event, EventVersion.event_id == Event.id)
        .join(Article, Event.article_id == Article.id)
        .join(Source, Article.source_id == Source.id)
    )


def event_rows_query(
    filters: Filters,
    cut: Cut,
    *,
    text: bool = True,
    dialect: str = "sqlite",
    shape: Shape = "asked",
) -> AnySelect:
    """The SELECT of the events' rows, ordered by uid (byte order on both backends, so an
    export lists its events in the same order wherever it is made).

    ``shape`` (what :func:`read_shape` says for these filters): the same rows in the same
    order, asked as "collect the matches, sort them, then join their columns" (``collect``,
    PostgreSQL, few matches) or with SQLite told the tests are likely true (``walk``, many
    matches); ``asked`` leaves the plan to the database."""
    sources = _sources()
    chosen = [sources[c].label(c) for c in columns(text) if c not in DERIVED]
    if shape == "collect":
        matched = _matches(filters, cut, dialect)
        stmt = _joined(select(*chosen)).join(matched, matched.c.version_id == EventVersion.id)
        by = matched.c.event_uid
        return stmt.order_by(by.collate("C") if dialect == "postgresql" else by)
    stmt = standing(_joined(select(*chosen)), at=cut.at, parser_version=cut.parser_version)
    stmt = _where(stmt, filters, walk=shape == "walk")
    order = Event.event_uid.collate("C") if dialect == "postgresql" else Event.event_uid
    return stmt.order_by(order)


def _collectable(filters: Filters, cut: Cut) -> bool:
    """Whether the filters narrow the versions by their own columns (what their indexes
    find), and nothing :func:`_matches` cannot ask of the versions alone."""
    narrowed = (
        filters.types
        or filters.places
        or filters.date_from is not None
        or filters.date_to is not None
        or filters.min_size is not None
    )
    return bool(narrowed) and filters.article_id is None and cut.parser_version is None


def read_shape(
    conn: Connection | Session, filters: Filters, cut: Cut, *, matched: int | None = None
) -> Shape:
    """How to ask for the rows in uid order (``event_rows_query(..., shape=)``), from how
    many events a filter on the versions' own columns matches (``matched``, if the caller
    has counted them, else counted here: an index-only count):

    - PostgreSQL, at most :data:`FEW`: ``collect``. Otherwise PostgreSQL walks the events in
      uid order and tests each one's version, a plan fit for matches spread evenly among the
      uids. They are not: the uids run with the article numbers, so a year's events sit
      together, late in each site's range for a late year, and a first page of a type in
      2025 passed 150,000 events (300-470 ms at a million events; 25 ms collected, from
      migration 3d6b2f8a1c94's indexes). Many matches are left to that walk, which finds a
      page of them quickly.
    - SQLite, more than :data:`FEW`: ``walk``. SQLite's planner collects and sorts the
      matches of an indexed test by itself, the right plan for a few (941 events over 5,000
      people: 7 ms), and took it for Hull's 48,000 too (110-300 ms, every row sorted with
      its text); walking the uid order finds their first page in 1 ms.
    - anything else (no such filter, an article, a parser version): ``asked``."""
    if not _collectable(filters, cut):
        return "asked"
    n = matched if matched is not None else count_events(conn, filters, cut)
    if _dialect(conn) == "postgresql":
        return "collect" if n <= FEW else "asked"
    return "walk" if n > FEW else "asked"


def _matches(filters: Filters, cut: Cut, dialect: str) -> Any:
    """The chosen versions' ids with their events' uids, sorted by uid: read from a filter's
    index (which carries both ids), each uid looked up by the event's primary key (a
    subquery per row, so a nested loop whatever the planner guesses of a join), and fenced
    (OFFSET 0) so that the planner sorts these few rows instead of walking the uid index."""
    if not _collectable(filters, cut):
        raise ValueError("these filters are not collected first (see read_shape)")
    uid = (
        select(Event.event_uid.collate("C") if dialect == "postgresql" else Event.event_uid)
        .where(Event.id == EventVersion.event_id)
        .scalar_subquery()
        .label("event_uid")
    )
    stmt = standing(select(EventVersion.id.label("version_id"), uid), at=cut.at)
    stmt = _where(stmt, filters, counting=True)
    return stmt.order_by(uid).offset(0).subquery("matched")


def fields_query(names: tuple[str, ...], filters: Filters, cut: Cut) -> AnySelect:
    """A SELECT of only some stored columns of the chosen events (unordered): what a chart or
    a map counts, without reading every column of every row."""
    sources = _sources()
    unknown = [n for n in names if n not in sources]
    if unknown:
        raise ValueError(f"not a stored event column: {unknown[0]}")
    stmt = standing(
        _joined(select(*(sources[n].label(n) for n in names))),
        at=cut.at,
        parser_version=cut.parser_version,
    )
    return _where(stmt, filters)


def count_query(filters: Filters, cut: Cut, *, dialect: str = "sqlite") -> AnySelect:
    """The count of the chosen events, joining only what the filters read: every version has
    its event, every event its article, every article its site (NOT NULL foreign keys), so
    the other joins cannot change the count, and leaving them out spares the database a
    join per row (benchmarks/query.py)."""
    stmt: AnySelect = select(func.count()).select_from(EventVersion)
    if filters.article_id is not None or cut.parser_version is not None:
        stmt = stmt.join(Event, EventVersion.event_id == Event.id)
    stmt = standing(stmt, at=cut.at, parser_version=cut.parser_version)
    if not filters.places:
        return _where(stmt, filters, counting=True)
    # The place filter as its parts' counts: disjoint ones added up (PostgreSQL), or added
    # and the overlap taken away (SQLite); see _place_parts and _place_overlap.
    stmt = _where(stmt, replace(filters, places=()), counting=True)
    disjoint = dialect == "postgresql"
    parts = _place_parts(filters) if disjoint else _place_overlap(filters)
    if len(parts) == 1:
        return stmt.where(parts[0])
    counts = [stmt.where(part).scalar_subquery() for part in parts]
    if disjoint:
        return select(sum(counts[1:], counts[0]))
    named, filed, both = counts
    return select(named + filed - both)


def count_events(conn: Connection | Session, filters: Filters, cut: Cut) -> int:
    return int(conn.execute(count_query(filters, cut, dialect=_dialect(conn))).scalar_one())


def _dialect(conn: Connection | Session) -> str:
    return conn.get_bind().dialect.name if isinstance(conn, Session) else conn.dialect.name


def _votes_part(votes: Any, key: str) -> int | None:
    if isinstance(votes, dict):
        value = votes.get(key)
        if isinstance(value, int) and set(votes) <= {"for", "against"}:
            return value
    return None


def stream_rows(
    conn: Connection, filters: Filters, cut: Cut, *, text: bool = True
) -> Iterator[dict[str, Any]]:
    """The events' rows as dicts of Python values (dates, datetimes, lists, dicts), in
    :data:`COLUMNS` order, read ``BATCH`` at a time (a server-side cursor on PostgreSQL)."""
    shape = read_shape(conn, filters, cut)
    stmt = event_rows_query(filters, cut, text=text, dialect=conn.dialect.name, shape=shape)
    yield from _stream(conn, stmt, columns(text))


# The columns an earlier (closed) version adds to an event row.
CLOSED_COLUMNS: tuple[str, ...] = ("valid_to", "closed_by_parse_run_id")


def stream_earlier_rows(conn: Connection, cut: Cut) -> Iterator[dict[str, Any]]:
    """Every version closed by the cut's moment (now: every closed version), as rows of
    :data:`COLUMNS` plus :data:`CLOSED_COLUMNS`, ordered by uid then ``valid_from``: the
    history behind the events as they stand (``event_history`` less its open versions)."""
    if cut.parser_version is not None:
        raise ValueError("earlier versions are cut by a time, not a parser version")
    sources = _sources()
    chosen = [sources[c].label(c) for c in COLUMNS if c not in DERIVED]
    chosen += [EventVersion.valid_to.label("valid_to")]
    chosen += [EventVersion.closed_by_parse_run_id.label("closed_by_parse_run_id")]
    stmt = _joined(select(*chosen)).where(EventVersion.valid_to.is_not(None))
    if cut.at is not None:
        stmt = stmt.where(EventVersion.valid_to <= cut.at)
    uid = Event.event_uid.collate("C") if conn.dialect.name == "postgresql" else Event.event_uid
    stmt = stmt.order_by(uid, EventVersion.valid_from, EventVersion.id)
    yield from _stream(conn, stmt, COLUMNS + CLOSED_COLUMNS)


def _stream(conn: Connection, stmt: AnySelect, names: tuple[str, ...]) -> Iterator[dict[str, Any]]:
    """The rows of ``stmt`` (whose columns are ``names`` less :data:`DERIVED`, in order) as
    dicts in ``names`` order, the derived columns computed as they pass. Built from each
    row's tuple in one ``dict(zip(...))``: at a million rows the per-column Python of a
    mapping per row was a good part of an export's time (benchmarks/query.py)."""
    stored = tuple(n for n in names if n not in DERIVED)
    result = conn.execution_options(yield_per=BATCH).execute(stmt)
    if tuple(result.keys()) != stored:
        raise ValueError(f"the query's columns are not {stored}")
    admin2, votes = stored.index("admin2"), stored.index("votes")
    # Where each derived value goes, in ascending order of its place among ``names``.
    derived = sorted((names.index(n), n) for n in DERIVED if n in names)
    for partition in result.partitions():
        for record in partition:
            values = list(record)
            got = {
                "area": area_of(values[admin2]),
                "votes_for": _votes_part(values[votes], "for"),
                "votes_against": _votes_part(values[votes], "against"),
            }
            for at, name in derived:
                values.insert(at, got[name])
            yield dict(zip(names, values, strict=True))


def check_cut(session: Session, cut: Cut) -> None:
    """A cut that can hold nothing is a mistake worth one line, not an empty table: a time
    before the archive's first parse, or rules that never ran."""
    if cut.parser_version is not None:
        found = session.scalar(
            select(SnapshotParse.id)
            .where(
                SnapshotParse.parser_version == cut.parser_version, SnapshotParse.error.is_(None)
            )
            .limit(1)
        )
        if found is None:
            known = sorted(
                set(session.scalars(select(ParseRun.parser_version).distinct()))
                | set(session.scalars(select(SnapshotParse.parser_version).distinct()))
            )
            listed = ", ".join(known) if known else "none: nothing has been parsed yet"
            raise BadInput(
                f"--parser-version {cut.parser_version}: no page was parsed by these rules "
                f"(known: {listed})"
            )
    if cut.at is not None:
        first = session.scalar(select(func.min(EventVersion.valid_from)))
        if first is None:
            first = session.scalar(select(func.min(Snapshot.fetched_at)))
        if first is None:
            raise BadInput("--as-of: the archive holds no events yet")
        if cut.at < first:
            raise BadInput(
                f"--as-of {cut.at.isoformat()} is before the archive's first events "
                f"({first.isoformat()})"
            )
