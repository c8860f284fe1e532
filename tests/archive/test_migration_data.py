"""Upgrading an archive that already holds events (written by the first schema) gives them uids,
SQL NULL votes, its article's site on each event and version and, on SQLite, ISO times; the
downgrade gives back what was there."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from sqlalchemy import text

from archive import db
from archive.models import EventVersion
from archive.timeutil import as_utc
from tests.support.versions import assert_versions_carry_their_site

FIRST = "da3aeed4bb17"
WHEN = "2026-12-01 08:57:46.250000"
WHEN_WHOLE = "2026-12-01 09:00:00.000000"


def _seed_old(url: str) -> None:
    engine = db.make_engine(url)
    sqlite = engine.dialect.name == "sqlite"

    def t(value: str) -> str:
        return value if sqlite else value + "+00"

    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO sources (id, domain, created_at) VALUES (1, 'socialistparty.org.uk', :t)"
            ),
            {"t": t(WHEN)},
        )
        conn.execute(
            text("INSERT INTO sources (id, domain, created_at) VALUES (2, 'example.org', :t)"),
            {"t": t(WHEN)},
        )
        for aid, source, site_id, url_ in (
            (1, 1, "30116", "https://socialistparty.org.uk/articles/30116"),
            (2, 2, None, "https://example.org/news/a"),
        ):
            conn.execute(
                text(
                    "INSERT INTO articles (id, source_id, site_article_id, canonical_url, "
                    "first_seen_at, last_seen_at) VALUES (:id, :s, :sid, :u, :t, :t)"
                ),
                {"id": aid, "s": source, "sid": site_id, "u": url_, "t": t(WHEN)},
            )
            conn.execute(
                text(
                    "INSERT INTO snapshots (id, article_id, sha256, body, compression, body_size, "
                    "url, http_status, fetched_at, last_seen_at, times_seen) VALUES "
                    "(:id, :id, 'x', :b, 'none', 1, :u, 200, :t, :t, 1)"
                ),
                {"id": aid, "u": url_, "b": b"x", "t": t(WHEN)},
            )
        # Events 1 and 3 of article 1, event 2 of article 2 (row ids interleave).
        for eid, aid in ((1, 1), (2, 2), (3, 1)):
            conn.execute(
                text("INSERT INTO events (id, article_id, created_at) VALUES (:id, :a, :t)"),
                {"id": eid, "a": aid, "t": t(WHEN)},
            )
            conn.execute(
                text(
                    "INSERT INTO event_versions (id, event_id, snapshot_id, parser_version, "
                    "valid_from, valid_to, fields_sha256, segment, text, event_type, votes, "
                    "speakers, organisations) VALUES (:id, :id, :a, '0.2.0', :t, :to, 'd', 0, "
                    "'a report', 'rally', :votes, '[]', '[]')"
                ),
                {
                    "id": eid,
                    "a": aid,
                    "t": t(WHEN),
                    "to": t(WHEN_WHOLE) if eid == 3 else None,
                    "votes": '{"for": 9, "against": 1}' if eid == 2 else "null",
                },
            )
    engine.dispose()


def _dump(url: str) -> dict[str, list[tuple[object, ...]]]:
    engine = db.make_engine(url)
    with engine.connect() as conn:
        out = {
            "events": [tuple(r) for r in conn.execute(text("SELECT * FROM events ORDER BY id"))],
            "versions": [
                tuple(r) for r in conn.execute(text("SELECT * FROM event_versions ORDER BY id"))
            ],
        }
    engine.dispose()
    return out


def test_upgrade_fills_uids_nulls_and_times_and_downgrade_restores(empty_db_url: str) -> None:
    db.upgrade(empty_db_url, FIRST)
    _seed_old(empty_db_url)
    before = _dump(empty_db_url)
    db.upgrade(empty_db_url)
    engine, sessions = db.open_archive(empty_db_url)
    try:
        with engine.connect() as conn:
            uid_rows = {r[0]: r[1] for r in conn.execute(text("SELECT id, event_uid FROM events"))}
            nulls = conn.execute(
                text("SELECT id FROM event_versions WHERE votes IS NULL ORDER BY id")
            ).fetchall()
            current = conn.execute(text("SELECT event_id FROM current_events ORDER BY event_id"))
            current_ids = [r[0] for r in current]
            raw = conn.execute(text("SELECT valid_from, valid_to FROM event_versions WHERE id = 3"))
            raw_from, raw_to = raw.one()
        with sessions() as s:
            v3 = s.get_one(EventVersion, 3)
    finally:
        engine.dispose()
    digest = hashlib.sha256(b"https://example.org/news/a").hexdigest()[:12]
    assert uid_rows == {
        1: "socialistparty.org.uk:30116:1",
        2: f"example.org:{digest}:1",
        3: "socialistparty.org.uk:30116:2",
    }
    assert [r[0] for r in nulls] == [1, 3]
    assert current_ids == [1, 2]
    assert v3.valid_from == datetime(2026, 12, 1, 8, 57, 46, 250000, tzinfo=UTC)
    assert v3.valid_to == datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    if empty_db_url.startswith("sqlite"):
        assert (raw_from, raw_to) == (
            "2026-12-01T08:57:46.250000+00:00",
            "2026-12-01T09:00:00+00:00",
        )
    else:
        assert as_utc(raw_from) == v3.valid_from
    # Migration 7c3a9e1f5d20 copied each article's site onto its events and versions.
    engine = db.make_engine(empty_db_url)
    try:
        assert assert_versions_carry_their_site(engine) == 3
    finally:
        engine.dispose()

    db.downgrade(empty_db_url, FIRST)
    assert _dump(empty_db_url) == before
