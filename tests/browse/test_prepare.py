"""What `archive serve` serves, on both backends: the prepared SQLite copy (current_events,
earlier_versions, full-text index, month column, codebook descriptions) and its metadata,
without a browser (tests/browse/test_browser.py drives one)."""

from __future__ import annotations

import json
import re
import sqlite3
from collections import Counter
from pathlib import Path

from sqlalchemy import text

from archive.browse.metadata import QUERIES, metadata
from archive.browse.prepare import HISTORY, TABLE, prepare
from archive.export import COLUMNS, Cut
from tests.conftest import Archive
from tests.support.cli import Cli, one_line_error
from tests.support.research_archive import BEFORE_CORRECTION, build


def test_prepared_file_holds_the_events_their_history_and_search(
    archive: Archive, tmp_path: Path
) -> None:
    built = build(archive)
    with archive.sessions() as session:
        prepared = prepare(archive.engine, session, tmp_path, cut=Cut())
    assert prepared.events == built.n_now
    with archive.engine.connect() as conn:
        closed = conn.execute(text("SELECT count(*) FROM event_history WHERE is_current = 0"))
        assert prepared.earlier_versions == closed.scalar_one() == 2
        in_view = {
            r[0]: r[1] for r in conn.execute(text("SELECT event_uid, text FROM current_events"))
        }
    conn3 = sqlite3.connect(f"file:{prepared.database}?mode=ro", uri=True)
    try:
        served = dict(conn3.execute(f"SELECT event_uid, text FROM {TABLE}").fetchall())
        assert served == in_view
        months = conn3.execute(
            f"SELECT event_date, event_month FROM {TABLE} WHERE event_date IS NOT NULL"
        ).fetchall()
        assert months and all(m == d[:7] for d, m in months)
        # Full-text search finds the report whose words match, and only it.
        words = {u: set(re.split(r"\W+", t)) for u, t in in_view.items()}
        word = next(w for w in sorted(next(iter(words.values()))) if w.endswith("x3"))
        hits = conn3.execute(
            f"SELECT event_uid FROM {TABLE} WHERE rowid IN "
            "(SELECT rowid FROM current_events_fts WHERE current_events_fts MATCH ?)",
            (f'"{word}"',),
        ).fetchall()
        assert [h[0] for h in hits] == [u for u, w in words.items() if word in w]
        assert len(hits) == 1
        # The canned search reads the index alone, in rowid order: the file's rows are in
        # uid order (byte order), so that is uid order, and it finds what the table finds.
        by_rowid = [r[0] for r in conn3.execute(f"SELECT event_uid FROM {TABLE} ORDER BY rowid")]
        assert by_rowid == sorted(by_rowid, key=str.encode) and len(by_rowid) > 1
        counts = Counter(w for ws in words.values() for w in ws if w.isalpha())
        common = f'"{counts.most_common(1)[0][0]}"'
        in_table = conn3.execute(
            f"SELECT event_uid FROM {TABLE} WHERE rowid IN (SELECT rowid FROM "
            "current_events_fts WHERE current_events_fts MATCH ?) ORDER BY event_uid",
            (common,),
        ).fetchall()
        searched = conn3.execute(QUERIES["search"]["sql"], {"words": common}).fetchall()
        assert [r[0] for r in searched] == [r[0] for r in in_table][:100]
        assert len(searched) > 1
        counted = conn3.execute(QUERIES["search_count"]["sql"], {"words": common}).fetchone()
        assert counted[0] == len(in_table)
        # Every canned query runs on the served file.
        uid = conn3.execute(f"SELECT event_uid FROM {HISTORY} LIMIT 1").fetchone()[0]
        history = conn3.execute(QUERIES["event_history"]["sql"], {"event_uid": uid}).fetchall()
        assert [h[0] for h in history] == ["earlier", "current"]
        county = conn3.execute(QUERIES["events_in_county"]["sql"], {"county": "London"})
        assert {r[3] for r in county} == {"Camden", "Hackney", "Kilburn", "Walthamstow"}
        largest = conn3.execute(QUERIES["largest_events"]["sql"]).fetchall()
        assert largest[0][3] == "Kilburn"
        per_month = conn3.execute(QUERIES["events_per_month_by_type"]["sql"]).fetchall()
        assert sum(r[2] for r in per_month) == len(months)
        variables = {r[0] for r in conn3.execute("SELECT column_name FROM variables")}
        assert set(COLUMNS) | {"event_month"} <= variables
    finally:
        conn3.close()
    assert prepared.database.stat().st_mode & 0o222 == 0  # read-only on disk
    assert not (tmp_path / "events.sqlite.sha256").exists()


def test_prepared_as_of_a_past_moment(archive: Archive, tmp_path: Path) -> None:
    built = build(archive)
    with archive.sessions() as session:
        prepared = prepare(archive.engine, session, tmp_path, cut=Cut(at=BEFORE_CORRECTION))
    assert (prepared.events, prepared.earlier_versions) == (built.n_before, 0)


def test_metadata_describes_every_column_and_the_map() -> None:
    doc = metadata(cut=Cut(), prepared_at="2026-12-01T00:00:00+00:00", tile_url="http://t/{z}")
    table = doc["databases"]["events"]["tables"][TABLE]
    assert set(table["columns"]) == set(COLUMNS) | {"event_month"}
    assert all(table["columns"].values())
    assert table["facets"] == ["event_type", "site", "place", "event_month"]
    assert table["fts_table"] == "current_events_fts"
    assert doc["plugins"]["datasette-cluster-map"]["tile_layer"] == "http://t/{z}"
    json.dumps(doc)


def test_serve_refuses_bad_input(cli: Cli, tmp_path: Path) -> None:
    code, _, err = cli("serve", "--prepare-only")
    assert code == 2
    one_line_error(err, "--prepare-only needs --dir")
    code, _, err = cli("serve", "--port", "0")
    assert code == 2
    one_line_error(err, "--port must be 1-65535")
    code, _, err = cli("serve", "--release", "nope", "--dir", str(tmp_path / "s"), "--prepare-only")
    assert code == 2
    one_line_error(err, "nope")


def test_serve_prepares_a_release(cli: Cli, archive: Archive, tmp_path: Path) -> None:
    built = build(archive)
    code, _, err = cli("release", "create", "r1", "--as-of", BEFORE_CORRECTION.isoformat())
    assert code == 0, err
    out = tmp_path / "served"
    code, _, err = cli("serve", "--release", "r1", "--dir", str(out), "--prepare-only")
    assert code == 0, err
    conn = sqlite3.connect(f"file:{out / 'events.sqlite'}?mode=ro", uri=True)
    try:
        assert conn.execute(f"SELECT count(*) FROM {TABLE}").fetchone()[0] == built.n_before
    finally:
        conn.close()
    doc = json.loads((out / "metadata.json").read_text(encoding="utf-8"))
    assert "release r1" in doc["databases"]["events"]["tables"][TABLE]["description"]
    assert sorted(p.name for p in (out / "charts").iterdir()) == [
        "events-map.html", "events-map.png", "events-per-month-by-type.png",
        "events-per-year-by-site.png",
    ]  # fmt: skip
