"""The store: the one place that writes to the archive.

Every function takes a session and never commits: the caller frames the unit of work
(:func:`archive.db.unit_of_work`), so a failure anywhere in a fetch-and-parse leaves nothing
half-written. Nothing is overwritten: a changed body adds a snapshot, a changed event adds a
version and closes the old one, a vanished event is closed.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import socket
import zlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from archive.models import (
    Article,
    ArticleURL,
    CrawlRun,
    Event,
    EventLineage,
    EventVersion,
    Fetch,
    ParseRun,
    Snapshot,
    SnapshotParse,
    Source,
)
from archive.timeutil import as_utc, utcnow
from scraper.parsers.records import VERSIONED_FIELDS, EventRecord, ParsedArticle
from scraper.urls import article_key

COMPRESSION = "zlib"


# ---------------------------------------------------------------------------------------------
# Fetches: articles, alias URLs and snapshots


@dataclass(frozen=True)
class FetchMeta:
    """The HTTP facts of one response that the archive keeps (for conditional re-fetch and
    offline re-parse)."""

    url: str
    status: int | None  # None: no HTTP response at all (timeout, refused connection)
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    fetched_at: datetime | None = None


@dataclass
class FetchResult:
    """What recording a fetch did. ``outcome`` is one of new_snapshot, unchanged,
    not_modified, not_article, error."""

    outcome: str
    article: Article | None = None
    snapshot: Snapshot | None = None
    new_article: bool = False


def body_sha256(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def compress_body(body: bytes) -> bytes:
    return zlib.compress(body, 6)


def snapshot_body(snapshot: Snapshot) -> bytes:
    """The raw bytes of a snapshot, as fetched."""
    try:
        return decompress_body(snapshot.body, snapshot.compression)
    except ValueError as exc:
        raise ValueError(f"{exc} on snapshot {snapshot.id}") from exc


def decompress_body(body: bytes, compression: str) -> bytes:
    """Stored bytes back to the fetched bytes, without an ORM object: reparse workers get the
    compressed column and decompress it themselves, off the main process."""
    if compression == COMPRESSION:
        return zlib.decompress(body)
    if compression == "none":
        return body
    raise ValueError(f"unknown compression {compression!r}")


def get_or_create_source(session: Session, domain: str, at: datetime | None = None) -> Source:
    source = session.scalar(select(Source).where(Source.domain == domain))
    if source is None:
        source = Source(domain=domain, created_at=at or utcnow())
        session.add(source)
        session.flush()
    return source


def find_article(session: Session, url: str, site_domain: str | None = None) -> Article | None:
    """The article a URL shows, by the site's own id where its URLs carry one, else by any
    alias URL already recorded."""
    key = article_key(url, site_domain)
    if key.site_article_id is not None:
        found = session.scalar(
            select(Article)
            .join(Source, Article.source_id == Source.id)
            .where(Source.domain == key.domain, Article.site_article_id == key.site_article_id)
        )
        if found is not None:
            return found
    return session.scalar(select(Article).join(ArticleURL).where(ArticleURL.url == key.normal_url))


def _resolve_article(
    session: Session,
    url: str,
    site_domain: str | None,
    at: datetime,
    title: str | None,
    published: date | None,
) -> tuple[Article, bool]:
    """Find or create the article for ``url`` and record the URL as one of its aliases."""
    key = article_key(url, site_domain)
    article = find_article(session, url, site_domain)
    created = article is None
    if article is None:
        source = get_or_create_source(session, key.domain, at)
        article = Article(
            source_id=source.id,
            site_article_id=key.site_article_id,
            canonical_url=key.normal_url,
            title=title,
            published=published or key.url_date,
            first_seen_at=at,
            last_seen_at=at,
        )
        session.add(article)
        session.flush()
    else:
        article.last_seen_at = max(article.last_seen_at, at)
        if title and not article.title:
            article.title = title
        if article.published is None and (published or key.url_date):
            article.published = published or key.url_date
    # A new article's URL is no alias yet: find_article looked it up and found nothing.
    alias = (
        None
        if created
        else session.scalar(select(ArticleURL).where(ArticleURL.url == key.normal_url))
    )
    if alias is None:
        session.add(
            ArticleURL(article_id=article.id, url=key.normal_url, first_seen_at=at, last_seen_at=at)
        )
    else:
        alias.last_seen_at = max(alias.last_seen_at, at)
    return article, created


def record_fetch(
    session: Session,
    *,
    meta: FetchMeta,
    body: bytes,
    crawl_run_id: int | None = None,
    site_domain: str | None = None,
    title: str | None = None,
    published: date | None = None,
) -> FetchResult:
    """Record a fetched article page: resolve its article from any alias URL, add a snapshot
    only when the body is new for that article, otherwise note that it was seen again."""
    if meta.status is None:
        raise ValueError("record_fetch needs the HTTP status of a response")
    at = meta.fetched_at or utcnow()
    article, created = _resolve_article(session, meta.url, site_domain, at, title, published)
    digest = body_sha256(body)
    snapshot = (
        None
        if created  # a new article has no snapshot to compare with
        else session.scalar(
            select(Snapshot).where(Snapshot.article_id == article.id, Snapshot.sha256 == digest)
        )
    )
    if snapshot is None:
        snapshot = Snapshot(
            article_id=article.id,
            sha256=digest,
            body=compress_body(body),
            compression=COMPRESSION,
            body_size=len(body),
            url=meta.url,
            http_status=meta.status,
            content_type=meta.content_type,
            etag=meta.etag,
            last_modified=meta.last_modified,
            fetched_at=at,
            last_seen_at=at,
            times_seen=1,
            crawl_run_id=crawl_run_id,
            parse_error=None,  # known, so recording a parse sets it without an UPDATE
        )
        session.add(snapshot)
        outcome = "new_snapshot"
    else:
        snapshot.last_seen_at = max(snapshot.last_seen_at, at)
        snapshot.times_seen += 1
        # Validators may change without the body changing; keep the newest for next time.
        snapshot.etag = meta.etag or snapshot.etag
        snapshot.last_modified = meta.last_modified or snapshot.last_modified
        outcome = "unchanged"
    session.flush()
    _add_fetch(session, meta, outcome, crawl_run_id, article.id, snapshot.id, None, at)
    return FetchResult(outcome=outcome, article=article, snapshot=snapshot, new_article=created)


def record_not_modified(
    session: Session,
    *,
    meta: FetchMeta,
    crawl_run_id: int | None = None,
    site_domain: str | None = None,
) -> FetchResult:
    """A 304 answer: the article's newest snapshot was seen again, unchanged."""
    at = meta.fetched_at or utcnow()
    article = find_article(session, meta.url, site_domain)
    snapshot = latest_snapshot(session, article.id) if article else None
    if article is not None:
        article.last_seen_at = max(article.last_seen_at, at)
    if snapshot is not None:
        snapshot.last_seen_at = max(snapshot.last_seen_at, at)
        snapshot.times_seen += 1
    _add_fetch(
        session,
        meta,
        "not_modified",
        crawl_run_id,
        article.id if article else None,
        snapshot.id if snapshot else None,
        None if article else "304 for a URL the archive does not know",
        at,
    )
    return FetchResult(outcome="not_modified", article=article, snapshot=snapshot)


def record_fetch_failure(
    session: Session,
    *,
    meta: FetchMeta,
    outcome: str,
    detail: str | None,
    crawl_run_id: int | None = None,
    site_domain: str | None = None,
) -> None:
    """A response that is not an article (empty, script-only, an error page, an HTTP error):
    recorded as a fetch outcome, never as a snapshot."""
    at = meta.fetched_at or utcnow()
    article = find_article(session, meta.url, site_domain)
    _add_fetch(
        session, meta, outcome, crawl_run_id, article.id if article else None, None, detail, at
    )


def _add_fetch(
    session: Session,
    meta: FetchMeta,
    outcome: str,
    crawl_run_id: int | None,
    article_id: int | None,
    snapshot_id: int | None,
    detail: str | None,
    at: datetime,
) -> None:
    session.add(
        Fetch(
            crawl_run_id=crawl_run_id,
            article_id=article_id,
            snapshot_id=snapshot_id,
            url=meta.url,
            http_status=meta.status,
            outcome=outcome,
            detail=detail,
            fetched_at=at,
        )
    )


def latest_snapshot(session: Session, article_id: int) -> Snapshot | None:
    return session.scalar(
        select(Snapshot)
        .where(Snapshot.article_id == article_id)
        .order_by(Snapshot.fetched_at.desc(), Snapshot.id.desc())
        .limit(1)
    )


@dataclass(frozen=True)
class KnownArticle:
    """What a crawl needs to know about an archived article: the URL its newest snapshot
    came from, that snapshot's validators, and the publication date."""

    url: str
    etag: str | None
    last_modified: str | None
    published: date | None


def conditional_headers(snapshot: Snapshot | KnownArticle | None) -> dict[str, str]:
    """Request headers for a conditional re-fetch of what this snapshot holds."""
    headers: dict[str, str] = {}
    if snapshot is not None:
        if snapshot.etag:
            headers["If-None-Match"] = snapshot.etag
        if snapshot.last_modified:
            headers["If-Modified-Since"] = snapshot.last_modified
    return headers


def known_articles(session: Session, *, domain: str) -> list[KnownArticle]:
    """Every known article of a site with its newest snapshot's URL and validators, in one
    query and without loading any snapshot body: a crawl's "already seen" set and what
    `revisit=recent|all` re-fetches conditionally, for archives of any size."""
    newest = (
        select(
            Snapshot.article_id,
            Snapshot.url,
            Snapshot.etag,
            Snapshot.last_modified,
            func.row_number()
            .over(
                partition_by=Snapshot.article_id,
                order_by=(Snapshot.fetched_at.desc(), Snapshot.id.desc()),
            )
            .label("rank"),
        )
        .join(Article, Snapshot.article_id == Article.id)
        .join(Source, Article.source_id == Source.id)
        .where(Source.domain == domain)
        .subquery()
    )
    rows = session.execute(
        select(
            func.coalesce(newest.c.url, Article.canonical_url),
            newest.c.etag,
            newest.c.last_modified,
            Article.published,
        )
        .join(Source, Article.source_id == Source.id)
        .outerjoin(newest, and_(newest.c.article_id == Article.id, newest.c.rank == 1))
        .where(Source.domain == domain)
        .order_by(Article.id)
    )
    return [KnownArticle(url, etag, modified, published) for url, etag, modified, published in rows]


# ---------------------------------------------------------------------------------------------
# Runs


def _host() -> str:
    return socket.gethostname()


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def fail_dead_crawl_runs(session: Session, spider: str | None = None) -> int:
    """Mark 'running' crawl runs whose process is gone (killed, crashed) as failed, so a
    dead crawl is never left looking open. Only runs started on this host can be judged."""
    stmt = select(CrawlRun).where(CrawlRun.status == "running", CrawlRun.hostname == _host())
    if spider is not None:
        stmt = stmt.where(CrawlRun.spider == spider)
    marked = 0
    for run in session.scalars(stmt):
        if run.pid is not None and run.pid != os.getpid() and not _pid_alive(run.pid):
            run.status = "failed"
            run.finished_at = utcnow()
            run.error = f"process {run.pid} ended without finishing the run (killed or crashed)"
            marked += 1
    session.flush()
    return marked


def start_crawl_run(session: Session, *, spider: str, arguments: dict[str, Any]) -> CrawlRun:
    """Open a crawl run (after closing this spider's dead ones as failed)."""
    fail_dead_crawl_runs(session, spider)
    run = CrawlRun(
        spider=spider,
        arguments=dict(arguments),
        started_at=utcnow(),
        status="running",
        counts={},
        pid=os.getpid(),
        hostname=_host(),
    )
    session.add(run)
    session.flush()
    return run


def update_crawl_run_counts(session: Session, run_id: int, counts: dict[str, Any]) -> None:
    """Save the running counts, so a run that dies still shows how far it got."""
    run = session.get_one(CrawlRun, run_id)
    run.counts = dict(counts)


def finish_crawl_run(
    session: Session,
    run_id: int,
    *,
    status: str,
    counts: dict[str, Any],
    error: str | None = None,
) -> CrawlRun:
    run = session.get_one(CrawlRun, run_id)
    run.status = status
    run.counts = dict(counts)
    run.finished_at = utcnow()
    run.error = error
    return run


def start_parse_run(
    session: Session, *, parser_version: str, options: dict[str, Any] | None = None
) -> ParseRun:
    run = ParseRun(
        parser_version=parser_version,
        started_at=utcnow(),
        status="running",
        counts={},
        options=dict(options or {}),
        pid=os.getpid(),
        hostname=_host(),
    )
    session.add(run)
    session.flush()
    return run


def fail_dead_parse_runs(session: Session) -> int:
    """Mark 'running' parse runs whose process is gone (SIGKILL, crash) as failed, so a dead
    reparse is never left looking open. Only runs started on this host can be judged."""
    stmt = select(ParseRun).where(ParseRun.status == "running", ParseRun.hostname == _host())
    marked = 0
    for run in session.scalars(stmt):
        if run.pid is not None and run.pid != os.getpid() and not _pid_alive(run.pid):
            run.status = "failed"
            run.finished_at = utcnow()
            run.error = f"process {run.pid} ended without finishing the run (killed or crashed)"
            marked += 1
    session.flush()
    return marked


def update_parse_run_counts(session: Session, run_id: int, counts: dict[str, Any]) -> None:
    """Save the running counts with each batch, so a run that dies still shows how far it got."""
    run = session.get_one(ParseRun, run_id)
    run.counts = dict(counts)


def finish_parse_run(
    session: Session,
    run_id: int,
    *,
    status: str,
    counts: dict[str, Any],
    error: str | None = None,
) -> ParseRun:
    run = session.get_one(ParseRun, run_id)
    run.status = status
    run.counts = dict(counts)
    run.finished_at = utcnow()
    run.error = error
    return run


# ---------------------------------------------------------------------------------------------
# Parses: events and their versions


@dataclass
class ParseOutcome:
    """What recording one parse changed in the archive."""

    added: int = 0
    changed: int = 0
    closed: int = 0
    unchanged: int = 0
    field_changes: Counter[str] = field(default_factory=Counter)
    lineage: list[tuple[int, int, str]] = field(default_factory=list)
    event_ids: list[int] = field(default_factory=list)
    error: str | None = None

    def merge(self, other: ParseOutcome) -> None:
        self.added += other.added
        self.changed += other.changed
        self.closed += other.closed
        self.unchanged += other.unchanged
        self.field_changes.update(other.field_changes)
        self.lineage.extend(other.lineage)


def canonical_fields(fields: dict[str, Any]) -> str:
    """A deterministic serialisation of an event's versioned fields (what is compared)."""
    return json.dumps(
        fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str
    )


def fields_digest(fields: dict[str, Any]) -> str:
    return hashlib.sha256(canonical_fields(fields).encode("utf-8")).hexdigest()


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
        "place": record.place,
        "venue": record.venue,
        "attendance": record.attendance,
        "attendance_text": record.attendance_text,
        "votes": dict(record.votes) if record.votes is not None else None,
        "papers_sold": record.papers_sold,
        "money_raised": record.money_raised,
        "speakers": list(record.speakers),
        "organisations": list(record.organisations),
        "reporter": record.reporter,
    }


# Runs of letters and digits (underscore excluded): the words shingles are made of.
_WORD = re.compile(r"[^\W_]+")


def _shingles(text: str, size: int = 3) -> frozenset[str]:
    # A regex rather than a per-character loop: reparse computes these for every event of
    # every snapshot in its single writing process.
    words = _WORD.findall(text.lower())
    if len(words) < size:
        return frozenset([" ".join(words)]) if words else frozenset()
    return frozenset(" ".join(words[i : i + size]) for i in range(len(words) - size + 1))


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def _containment(part: frozenset[str], whole: frozenset[str]) -> float:
    """How much of ``part`` lies inside ``whole``."""
    if not part:
        return 0.0
    return len(part & whole) / len(part)


# Two texts are "the same report" above this similarity; lineage needs this much overlap.
MATCH_THRESHOLD = 0.35
LINEAGE_THRESHOLD = 0.5


def _match_events(
    old: list[tuple[int, frozenset[str], dict[str, Any]]],
    new: list[tuple[frozenset[str], dict[str, Any]]],
) -> dict[int, int]:
    """Pair new records with open events by content, not position: the best-scoring pairs
    first (text similarity, plus a little for the same reporter, heading or segment).
    Returns new index -> old index."""
    scored: list[tuple[float, int, int]] = []
    for ni, (nsh, nf) in enumerate(new):
        for oi, (_eid, osh, of) in enumerate(old):
            score = _jaccard(nsh, osh)
            if score == 0.0 and nf["text"] != of["text"]:
                continue
            if nf["text"] == of["text"]:
                score = 1.0
            bonus = 0.0
            if nf.get("reporter") and nf.get("reporter") == of.get("reporter"):
                bonus += 0.1
            if nf.get("heading") and nf.get("heading") == of.get("heading"):
                bonus += 0.1
            if nf.get("segment") == of.get("segment"):
                bonus += 0.02
            if score + bonus >= MATCH_THRESHOLD:
                scored.append((score + bonus, ni, oi))
    # Highest score first; ties broken by positions so the result is deterministic.
    scored.sort(key=lambda t: (-t[0], t[1], t[2]))
    pairs: dict[int, int] = {}
    used_old: set[int] = set()
    for _score, ni, oi in scored:
        if ni in pairs or oi in used_old:
            continue
        pairs[ni] = oi
        used_old.add(oi)
    return pairs


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
    :func:`_match_events`), so reordering or a new heading keeps an event's id; where one
    report became several, or several one, lineage rows say which came from which.

    ``parsed=None`` with ``error`` records a parse that raised: the error is kept with the
    snapshot and the events are left as they were.
    """
    if parsed is None:
        if error is None:
            raise ValueError("record_parse needs parsed output or an error")
        version = parser_version or "unknown"
        snapshot.parse_error = error
        session.add(
            SnapshotParse(
                snapshot_id=snapshot.id,
                parse_run_id=parse_run_id,
                parser_version=version,
                parsed_at=at or utcnow(),
                events_found=0,
                error=error,
            )
        )
        session.flush()
        return ParseOutcome(error=error)

    version = parsed.parser_version
    article = session.get_one(Article, snapshot.article_id)
    if parsed.title and not article.title:
        article.title = parsed.title
    if parsed.published and article.published is None:
        article.published = parsed.published
    snapshot.parse_error = None
    # ``state``, when given, is the article as :func:`article_event_states` read it (no
    # parse of this article since): it saves two queries per parse.
    at = _parse_time(session, article.id, at, state)

    open_versions = (
        state.open_versions if state is not None else _open_versions(session, article.id)
    )
    old = [(v.event_id, _shingles(v.text), version_fields(v)) for v in open_versions]
    new_fields = [e.fields() for e in parsed.events]
    new = [(_shingles(f["text"]), f) for f in new_fields]
    pairs = _match_events(old, new)

    outcome = ParseOutcome()
    matched_old = set(pairs.values())
    new_event_ids: list[int] = []
    # New events are created together, in one flush (not one per event): reparse writes
    # every event of a whole archive through here.
    created = {
        ni: Event(article_id=article.id, created_at=at, created_parse_run_id=parse_run_id)
        for ni in range(len(parsed.events))
        if ni not in pairs
    }
    if created:
        session.add_all(created.values())
        session.flush()
    for ni, record in enumerate(parsed.events):
        fields_ = new_fields[ni]
        digest = fields_digest(fields_)
        if ni in pairs:
            current = open_versions[pairs[ni]]
            event_id = current.event_id
            if current.fields_sha256 == digest:
                outcome.unchanged += 1
                new_event_ids.append(event_id)
                continue
            old_fields = old[pairs[ni]][2]
            for name in VERSIONED_FIELDS:
                if old_fields.get(name) != fields_.get(name):
                    outcome.field_changes[name] += 1
            current.valid_to = at
            current.closed_by_parse_run_id = parse_run_id
            outcome.changed += 1
        else:
            event_id = created[ni].id
            outcome.added += 1
        session.add(
            EventVersion(
                event_id=event_id,
                snapshot_id=snapshot.id,
                parse_run_id=parse_run_id,
                parser_version=version,
                valid_from=at,
                valid_to=None,
                fields_sha256=digest,
                **_record_columns(record),
            )
        )
        new_event_ids.append(event_id)

    for oi, current in enumerate(open_versions):
        if oi not in matched_old:
            current.valid_to = at
            current.closed_by_parse_run_id = parse_run_id
            outcome.closed += 1

    _record_lineage(session, outcome, old, new, pairs, new_event_ids, parse_run_id, at)
    session.add(
        SnapshotParse(
            snapshot_id=snapshot.id,
            parse_run_id=parse_run_id,
            parser_version=version,
            parsed_at=at,
            events_found=len(parsed.events),
            error=None,
        )
    )
    session.flush()
    outcome.event_ids = new_event_ids
    return outcome


def _record_lineage(
    session: Session,
    outcome: ParseOutcome,
    old: list[tuple[int, frozenset[str], dict[str, Any]]],
    new: list[tuple[frozenset[str], dict[str, Any]]],
    pairs: dict[int, int],
    new_event_ids: list[int],
    parse_run_id: int | None,
    at: datetime,
) -> None:
    """Split: a new event (one that continues no old event) that is mostly text of an old
    event. Merge: an old event that was closed (no new event continues it) whose text now
    lies mostly inside a new event.

    Only unpaired events can be split children or merged parents: events that merely
    continue themselves are not lineage, even when reports share much of their wording
    (a forced re-parse that changes nothing must record nothing)."""
    links: dict[tuple[int, int], str] = {}
    paired_old = set(pairs.values())
    for ni, (nsh, _nf) in enumerate(new):
        child = new_event_ids[ni]
        for oi, (parent, osh, _of) in enumerate(old):
            if parent == child or pairs.get(ni) == oi:
                continue
            if ni not in pairs and _containment(nsh, osh) >= LINEAGE_THRESHOLD:
                links.setdefault((parent, child), "split")
            elif oi not in paired_old and _containment(osh, nsh) >= LINEAGE_THRESHOLD:
                links.setdefault((parent, child), "merge")
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


# ---------------------------------------------------------------------------------------------
# Reads


def events_as_of(
    session: Session,
    *,
    at: datetime | None = None,
    parser_version: str | None = None,
    article_id: int | None = None,
) -> list[EventVersion]:
    """The event versions as they stood: at a time (default now), or as the given parser
    version last left each article (the state right after its last parse under that
    version). Ordered by article, then segment."""
    stmt = select(EventVersion).join(Event, EventVersion.event_id == Event.id)
    if article_id is not None:
        stmt = stmt.where(Event.article_id == article_id)
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
        if at is not None:
            raise ValueError("give a time or a parser version, not both")
    else:
        point = at or utcnow()
    stmt = stmt.where(
        EventVersion.valid_from <= point,
        or_(EventVersion.valid_to.is_(None), EventVersion.valid_to > point),
    ).order_by(Event.article_id, EventVersion.segment, EventVersion.event_id)
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
