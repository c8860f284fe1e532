"""`archive export-warc`, and the round trip on both backends: an archive's snapshots exported
as WARC response records and imported into a fresh archive give the same articles, the same
snapshots (bytes, URL, fetch time, HTTP facts) and the same events, version by version."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from archive import db, store
from archive.errors import BadInput
from archive.models import Article, Event, EventVersion, Snapshot, Source
from archive.warc.exporting import export_site
from archive.warc.importing import import_warcs
from archive.warc.reading import WarcReader
from scraper.parsers.registry import current_rules
from tests.archive.warc.test_importing import PICKETS, ROUNDUP, SW, heritrix_warc
from tests.conftest import BACKEND_PARAMS, _factory_for
from tests.support.databases import DatabaseFactory, fresh_database
from tests.support.warcs import WarcFile, at, first_edition


@pytest.fixture(params=BACKEND_PARAMS)
def two_archives(
    request: pytest.FixtureRequest, _db_factories: dict[str, DatabaseFactory], tmp_path: Path
) -> Iterator[tuple[str, str]]:
    """Two fresh archives on the same backend: the one exported, the one imported into."""
    factory = _factory_for(request, _db_factories)
    with fresh_database(factory, tmp_path) as source, fresh_database(factory, tmp_path) as copy:
        yield source, copy


def _import(url: str, *paths: Path) -> None:
    summary = asyncio.run(
        import_warcs(list(paths), database_url=url, rules=current_rules(), workers=0)
    )
    assert summary.status == "finished", summary


def _contents(url: str) -> dict[str, Any]:
    """Articles, snapshots and every event version, keyed by content (ids and parse times
    differ between two archives)."""
    engine, sessions = db.open_archive(url)
    try:
        with sessions() as s:
            articles = sorted(
                (a.canonical_url, a.site_article_id, a.published, a.title)
                for a in s.scalars(select(Article))
            )
            snapshots = sorted(
                (
                    s.get_one(Article, sn.article_id).canonical_url,
                    sn.url,
                    sn.fetched_at,
                    sn.sha256,
                    sn.body_size,
                    sn.http_status,
                    sn.content_type,
                    sn.etag,
                    sn.last_modified,
                )
                for sn in s.scalars(select(Snapshot))
            )
            versions: dict[str, list[Any]] = {}
            rows = s.execute(
                select(Article.canonical_url, EventVersion, Snapshot.sha256)
                .join(Event, Event.article_id == Article.id)
                .join(EventVersion, EventVersion.event_id == Event.id)
                .join(Snapshot, EventVersion.snapshot_id == Snapshot.id)
                .order_by(EventVersion.valid_from, EventVersion.segment)
            )
            for canonical, version, sha in rows:
                versions.setdefault(canonical, []).append(
                    (sha, version.valid_to is None, store.version_fields(version))
                )
        return {"articles": articles, "snapshots": snapshots, "versions": versions}
    finally:
        engine.dispose()


def test_export_then_import_gives_the_same_snapshots_and_events(
    two_archives: tuple[str, str], tmp_path: Path
) -> None:
    source, copy = two_archives
    # The source: an article in two editions, revisits, other sites' articles, validators.
    first = tmp_path / "first.warc.gz"
    with WarcFile(first) as warc:
        edition = first_edition(ROUNDUP.input_bytes())
        warc.response(ROUNDUP.url, edition, at("2022-05-18T09:30:00.123456"))
        warc.response(
            PICKETS.url,
            PICKETS.input_bytes(),
            at("2019-03-06T18:00:00"),
            headers=[("Last-Modified", "Wed, 06 Mar 2019 17:00:00 GMT")],
        )
    crawl = tmp_path / "crawl.warc.gz"
    heritrix_warc(crawl)
    _import(source, first)
    _import(source, crawl)
    before = _contents(source)
    assert len(before["snapshots"]) == 4 and len(before["versions"]) == 3
    # The first edition's events, then the second's: a history, not only a present.
    roundup = before["versions"][ROUNDUP.url.replace("www.", "").rstrip("/")]
    assert len({sha for sha, _current, _fields in roundup}) == 2

    engine, sessions = db.open_archive(source)
    try:
        outs = []
        for domain in ("socialistparty.org.uk", "socialistworker.co.uk"):
            out = tmp_path / f"{domain}.warc.gz"
            summary = export_site(sessions, domain, out)
            outs.append(out)
            assert summary.records == (3 if domain.startswith("socialistparty") else 1)
    finally:
        engine.dispose()
    _import(copy, *outs)
    assert _contents(copy) == before


def test_the_records_say_what_the_snapshot_says(archive: Any, tmp_path: Path) -> None:
    src = tmp_path / "in.warc.gz"
    with WarcFile(src) as warc:
        warc.response(
            SW.url,
            SW.input_bytes(),
            at("2023-01-01T10:00:00.500000"),
            headers=[("ETag", 'W/"sw1"'), ("Last-Modified", "Sun, 01 Jan 2023 09:00:00 GMT")],
        )
    _import(archive.url, src)
    out = tmp_path / "out.warc"
    summary = export_site(archive.sessions, "www.socialistworker.co.uk", out)
    assert (summary.domain, summary.records) == ("socialistworker.co.uk", 1)
    reader = WarcReader(out)
    records = [
        (
            c.record_type,
            c.target,
            c.warc_date,
            c.status,
            c.header("ETag"),
            c.header("Last-Modified"),
            c.body(),
        )
        for c in reader.captures()
    ]
    assert records == [
        (
            "response",
            SW.url,
            at("2023-01-01T10:00:00.500000"),
            200,
            'W/"sw1"',
            "Sun, 01 Jan 2023 09:00:00 GMT",
            SW.input_bytes(),
        )
    ]
    assert reader.passed_over == {"warcinfo": 1}


def test_export_refuses_what_it_cannot_do(archive: Any, tmp_path: Path) -> None:
    with archive.sessions() as s:
        s.add(Source(domain="socialistparty.org.uk", created_at=at("2020-01-01T00:00:00")))
        s.commit()
    existing = tmp_path / "there.warc.gz"
    existing.write_bytes(b"keep me")
    cases = [
        ("nowhere.example", tmp_path / "x.warc.gz", "no site nowhere.example in the archive"),
        ("socialistparty.org.uk", existing, "already exists"),
        ("socialistparty.org.uk", tmp_path / "no-dir" / "x.warc", "no such directory"),
    ]
    for domain, out, needle in cases:
        with pytest.raises(BadInput, match=needle):
            export_site(archive.sessions, domain, out)
    assert existing.read_bytes() == b"keep me"
    # --force replaces it; a site with no snapshot gives a WARC of its warcinfo alone.
    summary = export_site(archive.sessions, "socialistparty.org.uk", existing, overwrite=True)
    assert summary.records == 0
    assert [c for c in WarcReader(existing).captures()] == []
    assert not list(tmp_path.glob(".*.part"))
