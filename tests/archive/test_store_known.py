"""What a crawl reads from the store when it starts: the known articles of a site with the
newest snapshot's URL and validators, in one query that loads no snapshot body; and failed
fetches with no HTTP response at all."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import event, select

from archive import store
from archive.db import unit_of_work
from archive.models import Fetch
from tests.conftest import Archive

SP = "socialistparty.org.uk"
T0 = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
FIRST = "https://www.socialistparty.org.uk/articles/41001/03-02-2025/estate-meeting/"
SECOND = "https://www.socialistparty.org.uk/issue/1301/41001/03-02-2025/estate-meeting"
OTHER = "https://www.socialistparty.org.uk/articles/41002/10-02-2025/bus-routes/"


def fetch(archive: Archive, url: str, body: bytes, at: datetime, **meta: Any) -> None:
    with unit_of_work(archive.sessions) as s:
        store.record_fetch(
            s,
            meta=store.FetchMeta(url=url, status=200, fetched_at=at, **meta),
            body=body,
        )


def test_known_articles_newest_snapshot_validators_in_one_query(archive: Archive) -> None:
    fetch(archive, FIRST, b"<p>first version</p>", T0, etag='"a1"')
    # A correction fetched later under the article's other URL shape: the newest wins.
    fetch(
        archive,
        SECOND,
        b"<p>corrected version</p>",
        T0 + timedelta(days=1),
        etag='"a2"',
        last_modified="Tue, 04 Feb 2025 09:00:00 GMT",
    )
    fetch(archive, OTHER, b"<p>another article</p>", T0 + timedelta(hours=1))
    fetch(archive, "https://counterfire.org/article/elsewhere/", b"<p>x</p>", T0)

    statements: list[str] = []

    def remember(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    event.listen(archive.engine, "before_cursor_execute", remember)
    try:
        with archive.sessions() as s:
            known = store.known_articles(s, domain=SP)
    finally:
        event.remove(archive.engine, "before_cursor_execute", remember)

    assert len(statements) == 1
    assert "snapshots.body" not in statements[0]
    assert known == [
        store.KnownArticle(
            url=SECOND,
            etag='"a2"',
            last_modified="Tue, 04 Feb 2025 09:00:00 GMT",
            published=date(2025, 2, 3),
        ),
        store.KnownArticle(
            url=OTHER,
            etag=None,
            last_modified=None,
            published=date(2025, 2, 10),
        ),
    ]
    assert store.conditional_headers(known[0]) == {
        "If-None-Match": '"a2"',
        "If-Modified-Since": "Tue, 04 Feb 2025 09:00:00 GMT",
    }
    with archive.sessions() as s:
        assert store.known_articles(s, domain="morningstaronline.co.uk") == []


def test_a_fetch_with_no_response_has_no_status(archive: Archive) -> None:
    with unit_of_work(archive.sessions) as s:
        store.record_fetch_failure(
            s,
            meta=store.FetchMeta(url=OTHER, status=None, fetched_at=T0),
            outcome="error",
            detail="TimeoutError: took longer than 180.0 seconds",
        )
        with pytest.raises(ValueError, match="needs the HTTP status"):
            store.record_fetch(s, meta=store.FetchMeta(url=OTHER, status=None), body=b"<p>x</p>")
    with archive.sessions() as s:
        row = s.scalars(select(Fetch)).one()
        assert (row.http_status, row.outcome) == (None, "error")
