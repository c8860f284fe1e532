"""SQL that is hard to get wrong: the views, SQL NULL for missing JSON, and times that compare
in SQL the way `archive` prints them, on both backends."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, text

from archive import store
from archive.export import COLUMNS
from archive.models import EventVersion
from tests.conftest import Archive
from tests.support import research_archive
from tests.support.archive_ops import T0, fetch, parse
from tests.support.factories import REPORT_A, REPORT_B, REPORT_C, event

SP_URL = "https://www.socialistparty.org.uk/articles/30116/01-12-2026/roundup/"
OTHER_URL = "https://www.socialistparty.org.uk/articles/30117/02-12-2026/another/"


def build(archive: Archive) -> None:
    fetch(archive, SP_URL, b"<p>roundup</p>")
    fetch(archive, OTHER_URL, b"<p>another</p>")
    parse(
        archive,
        SP_URL,
        event(0, REPORT_A, attendance=40, place="Stockport"),
        event(1, REPORT_B, votes={"for": 94, "against": 33}),
        at=T0 + timedelta(hours=1),
        title="Roundup",
    )
    parse(archive, OTHER_URL, event(0, REPORT_C), at=T0 + timedelta(hours=2))
    # A correction: one changed version, one closed event.
    parse(
        archive,
        SP_URL,
        event(0, REPORT_A, attendance=45, place="Stockport"),
        at=T0 + timedelta(hours=3),
        title="Roundup",
    )


def rows(archive: Archive, sql: str) -> list[dict[str, object]]:
    with archive.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(text(sql))]


def test_current_events_is_one_row_per_event_as_it_stands(archive: Archive) -> None:
    build(archive)
    current = rows(archive, "SELECT * FROM current_events ORDER BY event_uid")
    with archive.sessions() as s:
        expected = store.current_events(s)
    assert len(current) == len(expected) == 2
    first = current[0]
    assert first["event_uid"] == "socialistparty.org.uk:30116:1"
    assert first["site"] == "socialistparty.org.uk"
    assert first["site_article_id"] == "30116"
    assert first["source_url"] == "https://socialistparty.org.uk/articles/30116/01-12-2026/roundup"
    assert first["article_title"] == "Roundup"
    assert str(first["published"]) == "2026-12-01"  # from the URL
    assert first["parser_version"] == "test-1"
    assert (first["size_low"], first["attendance"], first["place"]) == (45, 45, "Stockport")
    assert {r["event_uid"] for r in current} == {
        "socialistparty.org.uk:30116:1",
        "socialistparty.org.uk:30117:1",
    }


def test_event_history_holds_every_version(archive: Archive) -> None:
    build(archive)
    history = rows(archive, "SELECT * FROM event_history ORDER BY event_uid, valid_from")
    with archive.sessions() as s:
        n_versions = len(s.scalars(select(EventVersion)).all())
    assert len(history) == n_versions == 4
    mine = [r for r in history if r["event_uid"] == "socialistparty.org.uk:30116:1"]
    assert [(r["attendance"], r["is_current"]) for r in mine] == [(40, 0), (45, 1)]
    closed = [r for r in history if r["event_uid"] == "socialistparty.org.uk:30116:2"]
    assert [(r["votes_for"], r["votes_against"], r["is_current"]) for r in closed] == [(94, 33, 0)]


def test_missing_votes_are_sql_null(archive: Archive) -> None:
    build(archive)
    (n_null,) = rows(archive, "SELECT count(*) AS n FROM event_versions WHERE votes IS NULL")
    (n_some,) = rows(archive, "SELECT count(*) AS n FROM event_versions WHERE votes IS NOT NULL")
    assert (n_null["n"], n_some["n"]) == (3, 1)


def test_times_compare_in_sql_as_printed(archive: Archive) -> None:
    """A time written in SQL the way `archive` prints it selects what it means, on both."""
    build(archive)
    with archive.sessions() as s:
        versions = s.scalars(select(EventVersion)).all()
    for v in versions:
        printed = v.valid_from.isoformat()  # what `archive history` prints
        (got,) = rows(
            archive, f"SELECT count(*) AS n FROM event_versions WHERE valid_from <= '{printed}'"
        )
        assert got["n"] == sum(1 for w in versions if w.valid_from <= v.valid_from)
        (same,) = rows(
            archive, f"SELECT count(*) AS n FROM event_versions WHERE valid_from = '{printed}'"
        )
        assert same["n"] == sum(1 for w in versions if w.valid_from == v.valid_from)
    if archive.backend == "sqlite":
        (raw,) = rows(archive, "SELECT valid_from FROM event_versions ORDER BY id LIMIT 1")
        assert raw["valid_from"] == "2026-01-01T13:00:00+00:00"


def test_views_carry_the_research_fields_and_the_export_columns(archive: Archive) -> None:
    research_archive.build(archive)
    current = rows(archive, "SELECT * FROM current_events ORDER BY event_uid")
    assert tuple(current[0]) == COLUMNS  # the export's columns, in the export's order
    history = rows(archive, "SELECT * FROM event_history")
    assert set(history[0]) == set(COLUMNS) | {"valid_to", "closed_by_parse_run_id", "is_current"}
    by_place = {r["place"]: r for r in current}
    kilburn = by_place["Kilburn"]
    assert (kilburn["admin1"], kilburn["admin2"], kilburn["area"]) == (
        "England",
        "Camden",
        "London",
    )
    assert kilburn["geo_precision"] == "locality" and kilburn["geonameid"] == 6690572
    assert kilburn["latitude"] == pytest.approx(51.553, abs=0.01)
    assert kilburn["longitude"] == pytest.approx(-0.19, abs=0.01)
    assert (kilburn["date_precision"], kilburn["date_text"]) == ("day", "on Sunday 21 August")
    assert by_place["Leeds"]["date_precision"] == "none"
    assert (by_place["Leeds"]["size_low"], by_place["Leeds"]["size_high"]) == (600, 800)
    assert by_place["Derby"]["area"] == by_place["Derby"]["admin2"] == "Derby"
    london = rows(archive, "SELECT place FROM current_events WHERE area = 'London' ORDER BY place")
    assert [r["place"] for r in london] == ["Camden", "Hackney", "Kilburn", "Walthamstow"]
