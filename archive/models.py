"""The archive's schema as SQLAlchemy 2 typed models.

Nothing here is ever updated in place in a way that loses history: pages gain snapshots,
events gain versions, and a version is only ever *closed* (``valid_to`` set). The store
(archive/store.py) is the one module that writes these rows.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Date,
    Float,
    ForeignKey,
    Index,
    LargeBinary,
    MetaData,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from archive.types import UTCDateTime

# Stable constraint names so that migrations (and SQLite batch mode) can refer to them.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime(),
        dict[str, Any]: JSON(),
        list[Any]: JSON(),
    }


class Source(Base):
    """A site we crawl, by bare domain (``socialistparty.org.uk``)."""

    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(primary_key=True)
    domain: Mapped[str] = mapped_column(String(255), unique=True)
    created_at: Mapped[datetime]


class Article(Base):
    """One real article however many URLs show it."""

    __tablename__ = "articles"
    __table_args__ = (UniqueConstraint("source_id", "site_article_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"), index=True)
    # The site's own id where its URLs carry one; NULL means "identified by URL only".
    site_article_id: Mapped[str | None] = mapped_column(String(64))
    canonical_url: Mapped[str] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    published: Mapped[date | None] = mapped_column(Date, index=True)
    first_seen_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]

    source: Mapped[Source] = relationship()
    urls: Mapped[list[ArticleURL]] = relationship(back_populates="article")


class ArticleURL(Base):
    """Every alias URL ever seen (in normal form), pointing at its one article."""

    __tablename__ = "article_urls"

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"), index=True)
    url: Mapped[str] = mapped_column(Text, unique=True)
    first_seen_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]

    article: Mapped[Article] = relationship(back_populates="urls")


class CrawlRun(Base):
    """One run of one spider: what it was asked, how it ended and what it counted."""

    __tablename__ = "crawl_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    spider: Mapped[str] = mapped_column(String(100), index=True)
    arguments: Mapped[dict[str, Any]] = mapped_column(default=dict)
    started_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]
    # running | finished | failed
    status: Mapped[str] = mapped_column(String(20), index=True)
    counts: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # Who runs it, so a later run can tell a dead crawl (SIGKILL) from a live one.
    pid: Mapped[int | None]
    hostname: Mapped[str | None] = mapped_column(String(255))
    error: Mapped[str | None] = mapped_column(Text)
    # The health checks judged when the run ended (archive/health/): verdict, each check's
    # figure and baseline, the run's figures (which later runs' baselines read). NULL: not
    # judged (a run still going, or recorded before the checks existed).
    health: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class Snapshot(Base):
    """One distinct body of an article: raw bytes (compressed) and the HTTP metadata needed
    to re-fetch conditionally and to re-parse offline."""

    __tablename__ = "snapshots"
    __table_args__ = (UniqueConstraint("article_id", "sha256"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"), index=True)
    sha256: Mapped[str] = mapped_column(String(64))
    body: Mapped[bytes] = mapped_column(LargeBinary)
    compression: Mapped[str] = mapped_column(String(16))
    body_size: Mapped[int]
    url: Mapped[str] = mapped_column(Text)
    http_status: Mapped[int]
    content_type: Mapped[str | None] = mapped_column(String(255))
    etag: Mapped[str | None] = mapped_column(String(255))
    last_modified: Mapped[str | None] = mapped_column(String(255))
    fetched_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]
    times_seen: Mapped[int] = mapped_column(default=1)
    crawl_run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id"), index=True)
    # The last parse error of this snapshot under the current rules, if its parse raised.
    parse_error: Mapped[str | None] = mapped_column(Text)

    article: Mapped[Article] = relationship()


class Fetch(Base):
    """Every fetch outcome, including those that never become a snapshot (404s, error pages
    answered with 200, empty bodies) and those that add nothing (304, same body again)."""

    __tablename__ = "fetches"

    id: Mapped[int] = mapped_column(primary_key=True)
    crawl_run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id"), index=True)
    article_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id"), index=True)
    snapshot_id: Mapped[int | None] = mapped_column(ForeignKey("snapshots.id"), index=True)
    url: Mapped[str] = mapped_column(Text)
    http_status: Mapped[int | None]
    # new_snapshot | unchanged | not_modified | not_article | error
    outcome: Mapped[str] = mapped_column(String(32))
    detail: Mapped[str | None] = mapped_column(Text)
    # Indexed: a web-archive import asks "is this capture (URL, time) already recorded?" of
    # every capture it reads, and resolves revisit records by the fetch they refer to.
    fetched_at: Mapped[datetime] = mapped_column(index=True)


class ParseRun(Base):
    """One pass of the rules over some snapshots (during a crawl, or `archive reparse`)."""

    __tablename__ = "parse_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    parser_version: Mapped[str] = mapped_column(String(32), index=True)
    started_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]
    # running | finished | failed | interrupted
    status: Mapped[str] = mapped_column(String(20))
    counts: Mapped[dict[str, Any]] = mapped_column(default=dict)
    options: Mapped[dict[str, Any]] = mapped_column(default=dict)
    pid: Mapped[int | None]
    hostname: Mapped[str | None] = mapped_column(String(255))
    error: Mapped[str | None] = mapped_column(Text)


class SnapshotParse(Base):
    """That a snapshot was parsed under a parser version (by a parse run), and the outcome:
    what lets reparse skip finished work and resume after an interruption."""

    __tablename__ = "snapshot_parses"
    __table_args__ = (
        Index("ix_snapshot_parses_snapshot_version", "snapshot_id", "parser_version"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    snapshot_id: Mapped[int] = mapped_column(ForeignKey("snapshots.id"))
    parse_run_id: Mapped[int | None] = mapped_column(ForeignKey("parse_runs.id"), index=True)
    parser_version: Mapped[str] = mapped_column(String(32))
    parsed_at: Mapped[datetime]
    events_found: Mapped[int] = mapped_column(default=0)
    error: Mapped[str | None] = mapped_column(Text)


class Event(Base):
    """One report inside an article. Its identity outlives re-parsing; its fields live in
    :class:`EventVersion` rows."""

    __tablename__ = "events"
    __table_args__ = (Index("ix_events_source_uid", "source_id", "event_uid"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # The public id researchers cite (``socialistparty.org.uk:30116:2``): assigned once when
    # the event is first recorded and never changed, the same in every rebuild from the same
    # pages and on every backend, where ``id`` is only a row number (see archive/store/uids.py).
    # Byte order ("C") on PostgreSQL, as SQLite compares text: every listing of events is in
    # uid byte order on both backends (ORDER BY event_uid COLLATE "C"), and the unique index
    # then gives that order, so a first page in uid order walks it instead of sorting every
    # event (migration 7c3a9e1f5d20).
    event_uid: Mapped[str] = mapped_column(
        String(255).with_variant(String(255, collation="C"), "postgresql"), unique=True
    )
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"), index=True)
    # The article's site, copied (as onto EventVersion.source_id) so that the first page of a
    # site's events in uid order is one walk of ix_events_source_uid: walking every event in
    # uid order instead passes every event of the sites before it (the uids start with the
    # domain: 150,000 events for the second site at a million). Set by the writer, backfilled
    # by migration 7c3a9e1f5d20.
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id"))
    created_at: Mapped[datetime]
    created_parse_run_id: Mapped[int | None] = mapped_column(ForeignKey("parse_runs.id"))

    versions: Mapped[list[EventVersion]] = relationship(
        back_populates="event", order_by="EventVersion.valid_from"
    )


class EventLineage(Base):
    """Where a re-parse split one report into several, or merged several into one: which
    new events came from which old ones."""

    __tablename__ = "event_lineage"
    __table_args__ = (UniqueConstraint("parent_event_id", "child_event_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    parent_event_id: Mapped[int] = mapped_column(ForeignKey("events.id"), index=True)
    child_event_id: Mapped[int] = mapped_column(ForeignKey("events.id"), index=True)
    parse_run_id: Mapped[int | None] = mapped_column(ForeignKey("parse_runs.id"))
    kind: Mapped[str] = mapped_column(String(16))  # split | merge
    recorded_at: Mapped[datetime]


# The predicate of the partial indexes over the open versions (the events as they stand).
OPEN: dict[str, Any] = {
    "sqlite_where": text("valid_to IS NULL"),
    "postgresql_where": text("valid_to IS NULL"),
}
CLOSED: dict[str, Any] = {
    "sqlite_where": text("valid_to IS NOT NULL"),
    "postgresql_where": text("valid_to IS NOT NULL"),
}


# The columns a filter's index carries (PostgreSQL INCLUDE) so that its matches are collected
# without reading the rows: the version (to join back) and the event (to read its uid).
MATCH_IDS = ["id", "event_id"]


class EventVersion(Base):
    """The fields of an event as one parse produced them, and the span they were current.

    ``valid_to`` is NULL while the version is current. Every field of the parser's event
    contract (scraper/parsers/records.py) is a column, so researchers can query them in SQL.
    """

    __tablename__ = "event_versions"
    __table_args__ = (
        # Migration 7c3a9e1f5d20 (benchmarks/query.py --plans, at a million events): partial
        # indexes over the open versions, the events as they stand. SQLite's statistics (no
        # STAT4) give an index that leads with valid_to the average rows per valid_to value,
        # ~1 over a million distinct closing times, where valid_to IS NULL holds for most
        # rows: its planner then took plans fit for a handful of rows (sorting every match).
        # A partial index has the open versions' statistics alone, and a count of the events
        # as they stand is answered from the index (PostgreSQL: an index-only scan). Each
        # ends with valid_to, always NULL in it: SQLite takes an index as covering only when
        # it holds every column the query names, the predicate's included.
        Index("ix_event_versions_open_event", "event_id", "valid_to", **OPEN),
        # The filters' indexes carry the version's and the event's ids on PostgreSQL
        # (migration 3d6b2f8a1c94): a selective filter's matches are collected from the
        # index alone before they are sorted by uid (export/selection.py, read_shape).
        Index(
            "ix_event_versions_open_type_date",
            "event_type",
            "event_date",
            "valid_to",
            postgresql_include=MATCH_IDS,
            **OPEN,
        ),
        Index(
            "ix_event_versions_open_size",
            "attendance",
            "valid_to",
            postgresql_include=MATCH_IDS,
            **OPEN,
        ),
        Index("ix_event_versions_open_source", "source_id", "valid_to", **OPEN),
        Index("ix_event_versions_open_place", "place", "admin2", "valid_to", **OPEN),
        Index("ix_event_versions_open_admin2", "admin2", "place", "valid_to", **OPEN),
        # --as-of with a type and dates: the span read from the index, not from each row.
        Index(
            "ix_event_versions_type_date_span",
            "event_type",
            "event_date",
            "valid_from",
            "valid_to",
            postgresql_include=MATCH_IDS,
        ),
        # The closed versions by when they closed (earlier versions, `archive changes`).
        Index("ix_event_versions_closed", "valid_to", **CLOSED),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"), index=True)
    snapshot_id: Mapped[int] = mapped_column(ForeignKey("snapshots.id"), index=True)
    # The site of the event's article (articles.source_id, which never changes), copied onto
    # each version by the one writer of versions (archive/store/events.py) and backfilled by
    # migration 7c3a9e1f5d20: the site filter then reads the versions alone, from an index,
    # instead of joining every open version to its event, article and site (5 s at a million
    # events, benchmarks/query.py). NULL only in a row written by something else.
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id"))
    parse_run_id: Mapped[int | None] = mapped_column(ForeignKey("parse_runs.id"), index=True)
    parser_version: Mapped[str] = mapped_column(String(32), index=True)
    valid_from: Mapped[datetime]
    valid_to: Mapped[datetime | None]
    closed_by_parse_run_id: Mapped[int | None] = mapped_column(ForeignKey("parse_runs.id"))
    # sha256 of the canonical JSON of the versioned fields: a cheap "did anything change".
    fields_sha256: Mapped[str] = mapped_column(String(64))

    segment: Mapped[int]
    heading: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    event_type: Mapped[str] = mapped_column(String(32), index=True)
    event_date: Mapped[date | None] = mapped_column(Date, index=True)
    # The research fields (day/week/month/none; the map; a size range or words). NULL in
    # versions recorded before the archive stored them (migration 98211844b5a1).
    date_precision: Mapped[str | None] = mapped_column(String(8))
    date_text: Mapped[str | None] = mapped_column(Text)
    place: Mapped[str | None] = mapped_column(String(255), index=True)
    geonameid: Mapped[int | None]
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    admin1: Mapped[str | None] = mapped_column(String(64))
    admin2: Mapped[str | None] = mapped_column(String(128), index=True)
    geo_precision: Mapped[str | None] = mapped_column(String(16))
    venue: Mapped[str | None] = mapped_column(String(255))
    attendance: Mapped[int | None]
    attendance_text: Mapped[str | None] = mapped_column(Text)
    size_high: Mapped[int | None]
    size_text: Mapped[str | None] = mapped_column(Text)
    # JSON columns hold SQL NULL, never JSON 'null', when there is nothing: ``votes IS NULL``
    # means "no votes" on both backends. Lists are never missing: no speakers is ``[]``.
    votes: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))
    papers_sold: Mapped[int | None]
    money_raised: Mapped[float | None] = mapped_column(Numeric(12, 2, asdecimal=False))
    speakers: Mapped[list[Any]] = mapped_column(JSON(none_as_null=True))
    organisations: Mapped[list[Any]] = mapped_column(JSON(none_as_null=True))
    reporter: Mapped[str | None] = mapped_column(Text)

    event: Mapped[Event] = relationship(back_populates="versions")


class Release(Base):
    """A named, immutable cut of the archive that a study can cite: the events as they stood
    at ``as_of``, the rules versions that produced them, their counts and the checksums of
    their exports (so ``archive export --release NAME`` can prove it gives the same bytes)."""

    __tablename__ = "releases"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    as_of: Mapped[datetime]
    created_at: Mapped[datetime]
    parser_versions: Mapped[list[Any]] = mapped_column(JSON)
    counts: Mapped[dict[str, Any]] = mapped_column(JSON)
    checksums: Mapped[dict[str, Any]] = mapped_column(JSON)
    note: Mapped[str | None] = mapped_column(Text)
