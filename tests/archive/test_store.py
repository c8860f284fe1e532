"""The store's identity, dedupe and versioning rules, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from archive import store
from archive.db import unit_of_work
from archive.models import Article, ArticleURL, EventVersion, Fetch, Snapshot
from tests.conftest import Archive
from tests.support.archive_ops import T0, count, fetch, parse
from tests.support.factories import REPORT_A, REPORT_B, REPORT_C, event, parsed

SP = "socialistparty.org.uk"


def test_alias_urls_give_one_article(archive: Archive) -> None:
    urls = [
        "https://www.socialistparty.org.uk/articles/23001/24-08-2016/a-report/",
        "http://socialistparty.org.uk/issue/917/23001/24-08-2016/a-report",
        "https://socialistparty.org.uk/articles/23001/24-08-2016/a-report?utm_source=twitter&utm_medium=x",
        "https://example.org/news/story/",
        "http://www.example.org/news/story?fbclid=abc#comments",
    ]
    for u in urls:
        fetch(archive, u, b"<html><body><p>same body</p></body></html>")
    assert count(archive, Article) == 2
    assert count(archive, Snapshot) == 2
    assert count(archive, Fetch) == 5
    with archive.sessions() as s:
        sp = s.scalar(select(Article).where(Article.site_article_id == "23001"))
        assert sp is not None
        aliases = {
            u.url for u in s.scalars(select(ArticleURL).where(ArticleURL.article_id == sp.id))
        }
        assert aliases == {
            "https://socialistparty.org.uk/articles/23001/24-08-2016/a-report",
            "https://socialistparty.org.uk/issue/917/23001/24-08-2016/a-report",
        }
        assert sp.published is not None and sp.published.isoformat() == "2016-08-24"


def test_same_body_one_snapshot_changed_body_second(archive: Archive) -> None:
    url = "https://example.org/news/story"
    first = fetch(archive, url, b"<p>one</p>", etag='"v1"')
    again = fetch(archive, url, b"<p>one</p>", at=T0 + timedelta(hours=1), etag='"v1"')
    assert (first.outcome, again.outcome) == ("new_snapshot", "unchanged")
    assert count(archive, Snapshot) == 1
    with archive.sessions() as s:
        snap = s.scalars(select(Snapshot)).one()
        assert snap.times_seen == 2
        assert store.snapshot_body(snap) == b"<p>one</p>"
        assert store.conditional_headers(snap) == {"If-None-Match": '"v1"'}
    changed = fetch(archive, url, b"<p>two</p>", at=T0 + timedelta(hours=2))
    assert changed.outcome == "new_snapshot"
    assert count(archive, Snapshot) == 2
    with archive.sessions() as s:
        latest = store.latest_snapshot(s, changed.article.id)  # type: ignore[union-attr]
        assert latest is not None and store.snapshot_body(latest) == b"<p>two</p>"


def test_not_modified_and_failures_never_make_snapshots(archive: Archive) -> None:
    url = "https://example.org/news/story"
    fetch(archive, url, b"<p>one</p>")
    with unit_of_work(archive.sessions) as s:
        res = store.record_not_modified(s, meta=store.FetchMeta(url=url, status=304))
        assert res.outcome == "not_modified" and res.snapshot is not None
        store.record_fetch_failure(
            s,
            meta=store.FetchMeta(url="https://example.org/empty", status=200),
            outcome="not_article",
            detail="no readable text",
        )
    assert count(archive, Snapshot) == 1
    with archive.sessions() as s:
        outcomes = sorted(s.scalars(select(Fetch.outcome)))
    assert outcomes == ["new_snapshot", "not_article", "not_modified"]


def test_same_events_twice_add_no_versions(archive: Archive) -> None:
    url = "https://example.org/roundup"
    fetch(archive, url, b"<p>roundup</p>")
    first = parse(archive, url, event(0, REPORT_A, attendance=40), event(1, REPORT_B))
    assert (first.added, first.changed, first.closed) == (2, 0, 0)
    second = parse(archive, url, event(0, REPORT_A, attendance=40), event(1, REPORT_B))
    assert (second.added, second.changed, second.closed, second.unchanged) == (0, 0, 0, 2)
    assert count(archive, EventVersion) == 2


def test_changed_field_adds_version_and_closes_old(archive: Archive) -> None:
    url = "https://example.org/roundup"
    fetch(archive, url, b"<p>roundup</p>")
    first = parse(archive, url, event(0, REPORT_A, attendance=40), event(1, REPORT_B))
    ids = first.event_ids
    second = parse(archive, url, event(0, REPORT_A, attendance=45), event(1, REPORT_B))
    assert (second.added, second.changed, second.unchanged) == (0, 1, 1)
    assert second.field_changes == {"attendance": 1}
    assert second.event_ids == ids  # identity kept
    with archive.sessions() as s:
        history = store.event_history(s, ids[0])
    assert [v.attendance for v in history] == [40, 45]
    assert history[0].valid_to is not None and history[0].valid_to == history[1].valid_from
    assert history[1].valid_to is None


def test_identity_survives_reordering_and_new_heading(archive: Archive) -> None:
    url = "https://example.org/roundup"
    fetch(archive, url, b"<p>roundup</p>")
    first = parse(archive, url, event(0, REPORT_A), event(1, REPORT_B))
    second = parse(archive, url, event(0, REPORT_B), event(1, REPORT_A, heading="Stockport"))
    assert second.added == 0 and second.closed == 0
    assert second.event_ids == [first.event_ids[1], first.event_ids[0]]


def test_vanished_event_is_closed_new_one_added(archive: Archive) -> None:
    url = "https://example.org/roundup"
    fetch(archive, url, b"<p>roundup</p>")
    parse(archive, url, event(0, REPORT_A), event(1, REPORT_B))
    out = parse(archive, url, event(0, REPORT_A), event(1, REPORT_C))
    assert (out.added, out.closed, out.unchanged) == (1, 1, 1)
    with archive.sessions() as s:
        current = store.current_events(s)
    assert sorted(v.text for v in current) == sorted([REPORT_A, REPORT_C])


def test_report_that_comes_back_keeps_its_identity(archive: Archive) -> None:
    """A report dropped by one parse and found again by a later one is the same event: a new
    version of it, not a new event."""
    url = "https://example.org/roundup"
    fetch(archive, url, b"<p>roundup</p>")
    first = parse(archive, url, event(0, REPORT_A), event(1, REPORT_B))
    gone = parse(archive, url, event(0, REPORT_A))
    assert gone.closed == 1
    back = parse(archive, url, event(0, REPORT_A), event(1, REPORT_B, attendance=12))
    assert (back.added, back.reopened, back.unchanged) == (1, 1, 1)
    assert back.event_ids == first.event_ids
    with archive.sessions() as s:
        history = store.event_history(s, first.event_ids[1])
    assert [(v.attendance, v.valid_to is None) for v in history] == [(None, False), (12, True)]
    new_report = parse(
        archive, url, event(0, REPORT_A), event(1, REPORT_B, attendance=12), event(2, REPORT_C)
    )
    assert (new_report.added, new_report.reopened) == (1, 0)


def test_as_of_reads_return_older_state(archive: Archive) -> None:
    url = "https://example.org/roundup"
    fetch(archive, url, b"<p>roundup</p>")
    t1, t2 = T0 + timedelta(days=1), T0 + timedelta(days=2)
    parse(archive, url, event(0, REPORT_A, attendance=40), event(1, REPORT_B), version="v1", at=t1)
    parse(archive, url, event(0, REPORT_A, attendance=45), version="v2", at=t2)
    with archive.sessions() as s:
        before = store.events_as_of(s, at=t1 + timedelta(hours=1))
        after = store.events_as_of(s, at=t2 + timedelta(hours=1))
        under_v1 = store.events_as_of(s, parser_version="v1")
        under_v2 = store.events_as_of(s, parser_version="v2")
        nothing = store.events_as_of(s, at=t1 - timedelta(hours=1))
    assert [(v.text[:6], v.attendance) for v in before] == [
        (REPORT_A[:6], 40),
        (REPORT_B[:6], None),
    ]
    assert [(v.text[:6], v.attendance) for v in after] == [(REPORT_A[:6], 45)]
    assert [v.attendance for v in under_v1] == [40, None]
    assert [v.attendance for v in under_v2] == [45]
    assert nothing == []


def test_split_and_merge_record_lineage(archive: Archive) -> None:
    url = "https://example.org/roundup"
    fetch(archive, url, b"<p>roundup</p>")
    whole = parse(archive, url, event(0, REPORT_A + " " + REPORT_B))
    split = parse(archive, url, event(0, REPORT_A), event(1, REPORT_B))
    assert split.lineage and all(kind == "split" for _p, _c, kind in split.lineage)
    parents = {p for p, _c, _k in split.lineage}
    assert parents == {whole.event_ids[0]}
    merged = parse(archive, url, event(0, REPORT_A + " " + REPORT_B))
    assert any(kind == "merge" for _p, _c, kind in merged.lineage)
    with archive.sessions() as s:
        rows = store.event_lineage(s, whole.event_ids[0])
    assert rows


def test_parse_error_is_kept_with_snapshot(archive: Archive) -> None:
    url = "https://example.org/roundup"
    fetch(archive, url, b"<p>roundup</p>")
    with unit_of_work(archive.sessions) as s:
        snap = s.scalars(select(Snapshot)).one()
        store.record_parse(
            s, snapshot=snap, parsed=None, error="ValueError: boom", parser_version="x"
        )
        assert not store.already_parsed(s, snap.id, "x")
    with archive.sessions() as s:
        assert s.scalars(select(Snapshot)).one().parse_error == "ValueError: boom"


def test_failure_mid_write_leaves_archive_as_it_was(
    archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = "https://example.org/roundup"
    fetch(archive, url, b"<p>roundup</p>")
    parse(archive, url, event(0, REPORT_A))
    before = {m.__name__: count(archive, m) for m in (Article, Snapshot, EventVersion, Fetch)}

    def explode(*_a: object, **_k: object) -> None:
        raise RuntimeError("injected failure after versions were written")

    monkeypatch.setattr(store.events, "_record_lineage", explode)
    with pytest.raises(RuntimeError, match="injected"), unit_of_work(archive.sessions) as s:
        res = store.record_fetch(
            s, meta=store.FetchMeta(url=url, status=200), body=b"<p>roundup v2</p>"
        )
        assert res.snapshot is not None
        store.record_parse(
            s,
            snapshot=res.snapshot,
            parsed=parsed(url, event(0, REPORT_A, attendance=9), event(1, REPORT_C)),
        )
    after = {m.__name__: count(archive, m) for m in (Article, Snapshot, EventVersion, Fetch)}
    assert after == before
    with archive.sessions() as s:
        assert [v.attendance for v in store.current_events(s)] == [None]


def test_a_session_remembers_the_sources_it_read_but_not_one_a_rollback_took(
    archive: Archive,
) -> None:
    """The writer's group session asks for a site's row once; a page rolled back (its
    savepoint) after creating or reading a source must not leave a row that is gone."""
    from sqlalchemy import event as sa_event

    from archive.models import Source

    statements: list[str] = []

    def note(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        statements.append(statement)

    with archive.sessions() as s:
        nested = s.begin_nested()
        created = store.get_or_create_source(s, "example.org", T0)
        assert store.get_or_create_source(s, "example.org", T0) is created  # read back: kept
        nested.rollback()  # the page failed: the row is gone, and so is what was remembered
        again = store.get_or_create_source(s, "example.org", T0)
        s.commit()
        assert count(archive, Source) == 1
        assert store.get_or_create_source(s, "example.org", T0).id == again.id  # read: kept
        sa_event.listen(archive.engine, "before_cursor_execute", note)
        try:
            assert store.get_or_create_source(s, "example.org", T0).id == again.id
        finally:
            sa_event.remove(archive.engine, "before_cursor_execute", note)
    assert not [q for q in statements if "sources" in q]
