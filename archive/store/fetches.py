"""Fetches: articles resolved from alias URLs, snapshots deduplicated by body hash,
and a log of every fetch outcome.
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import and_, event, func, select
from sqlalchemy.orm import Session

from archive.models import (
    Article,
    ArticleURL,
    Fetch,
    Snapshot,
    Source,
)
from archive.store.rows import insert_rows
from archive.timeutil import utcnow
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


# Where a session keeps the sources it has read (see get_or_create_source).
_SOURCES = "archive.sources"


@event.listens_for(Session, "after_soft_rollback")
def _forget_sources(session: Session, _previous: object) -> None:
    """Any rollback (a page's savepoint included) may have taken a remembered row with it."""
    session.info.pop(_SOURCES, None)


def get_or_create_source(session: Session, domain: str, at: datetime | None = None) -> Source:
    """The site's row, created on first sight. A session remembers the sources it has read,
    so a crawl's group of pages of one site asks once, not once per new article; a source
    it created is not remembered until read back, since the page that created it may still
    be rolled back (its savepoint) and take the row with it."""
    known: dict[str, Source] = session.info.setdefault(_SOURCES, {})
    source = known.get(domain)
    if source is not None:
        return source
    source = session.scalar(select(Source).where(Source.domain == domain))
    if source is None:
        source = Source(domain=domain, created_at=at or utcnow())
        session.add(source)
        session.flush()
    else:
        known[domain] = source
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
        # Nothing reads it back in this unit of work: a plain row (archive/store/rows.py).
        insert_rows(
            session,
            ArticleURL,
            {
                "article_id": article.id,
                "url": key.normal_url,
                "first_seen_at": at,
                "last_seen_at": at,
            },
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
        # A web archive's capture may be older than the fetch that stored this body: the
        # body was then there earlier, and its span runs from the earliest sighting.
        snapshot.fetched_at = min(snapshot.fetched_at, at)
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
    insert_rows(
        session,
        Fetch,
        {
            "crawl_run_id": crawl_run_id,
            "article_id": article_id,
            "snapshot_id": snapshot_id,
            "url": meta.url,
            "http_status": meta.status,
            "outcome": outcome,
            "detail": detail,
            "fetched_at": at,
        },
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
# Fetches by URL and time: what a web-archive import asks of the archive


def fetch_recorded(session: Session, url: str, at: datetime) -> bool:
    """Whether a fetch of exactly this URL at exactly this time is recorded (a web archive's
    capture imported before: importing it again must add nothing)."""
    found = session.scalar(
        select(Fetch.id).where(Fetch.fetched_at == at, Fetch.url == url).limit(1)
    )
    return found is not None


def snapshot_fetched(session: Session, url: str, at: datetime) -> Snapshot | None:
    """The snapshot that a fetch of this URL at this time recorded, if any (the response a
    web archive's revisit record refers to, imported earlier)."""
    return session.scalar(
        select(Snapshot)
        .join(Fetch, Fetch.snapshot_id == Snapshot.id)
        .where(Fetch.fetched_at == at, Fetch.url == url)
        .limit(1)
    )


@dataclass(frozen=True)
class StoredSnapshot:
    """One snapshot as a web archive's response record needs it: the bytes and HTTP facts."""

    id: int
    url: str
    fetched_at: datetime
    http_status: int
    content_type: str | None
    etag: str | None
    last_modified: str | None
    body: bytes  # as fetched (decompressed)


def site_snapshot_count(session: Session, domain: str) -> int:
    """How many snapshots a site's articles have."""
    return (
        session.scalar(
            select(func.count(Snapshot.id))
            .join(Article, Snapshot.article_id == Article.id)
            .join(Source, Article.source_id == Source.id)
            .where(Source.domain == domain)
        )
        or 0
    )


def site_snapshots(session: Session, domain: str, batch: int = 200) -> Iterator[StoredSnapshot]:
    """Every snapshot of a site's articles, oldest first (fetch time, then id), streamed in
    batches so that memory does not grow with the archive."""
    stmt = (
        select(
            Snapshot.id,
            Snapshot.url,
            Snapshot.fetched_at,
            Snapshot.http_status,
            Snapshot.content_type,
            Snapshot.etag,
            Snapshot.last_modified,
            Snapshot.body,
            Snapshot.compression,
        )
        .join(Article, Snapshot.article_id == Article.id)
        .join(Source, Article.source_id == Source.id)
        .where(Source.domain == domain)
        .order_by(Snapshot.fetched_at, Snapshot.id)
        .execution_options(yield_per=batch)
    )
    for row in session.execute(stmt):
        yield StoredSnapshot(
            id=row.id,
            url=row.url,
            fetched_at=row.fetched_at,
            http_status=row.http_status,
            content_type=row.content_type,
            etag=row.etag,
            last_modified=row.last_modified,
            body=decompress_body(row.body, row.compression),
        )
