"""Store operations for tests that build an archive by hand (no rules, no crawl): fetch a page,
record a parse of made-up events, count rows. Each is one unit of work, as the ingest does it."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select

from archive import store
from archive.db import unit_of_work
from scraper.parsers.records import EventRecord
from tests.conftest import Archive
from tests.support.factories import parsed

T0 = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)


def count(archive: Archive, model: type) -> int:
    with archive.sessions() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def fetch(
    archive: Archive, url: str, body: bytes, at: datetime = T0, **kw: Any
) -> store.FetchResult:
    with unit_of_work(archive.sessions) as s:
        return store.record_fetch(
            s, meta=store.FetchMeta(url=url, status=200, fetched_at=at, **kw), body=body
        )


def parse(
    archive: Archive,
    url: str,
    *events: EventRecord,
    version: str = "test-1",
    at: datetime | None = None,
    title: str = "T",
) -> store.ParseOutcome:
    """Record made-up events as the parse of the article's newest snapshot."""
    with unit_of_work(archive.sessions) as s:
        article = store.find_article(s, url)
        assert article is not None
        snap = store.latest_snapshot(s, article.id)
        assert snap is not None
        return store.record_parse(
            s, snapshot=snap, parsed=parsed(url, *events, version=version, title=title), at=at
        )
