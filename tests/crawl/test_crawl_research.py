"""Research data from a real crawl, on both backends: two independent crawls of the same
mirror give every event the same uid, and what the crawl archived flows out through
`archive export` in every format and reads back (csv, pyarrow, pandas, pd.read_stata) with the
row count of `archive events` and real date and integer types."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
from sqlalchemy import select

from archive import db
from archive.models import Event, EventVersion
from tests.conftest import Archive
from tests.support.archive_ops import fetch, parse
from tests.support.cli import Cli
from tests.support.crawl_process import run_crawl
from tests.support.factories import REPORT_C, event
from tests.support.mirror import SINCE, serve, socialist_mirror

pytestmark = pytest.mark.slow


def crawl(url: str, base_url: str, **settings: str) -> None:
    result = run_crawl(
        "socialist", url, {"base_url": base_url, "since": SINCE.isoformat()}, settings
    )
    assert result.returncode == 0, result.stderr[-3000:]


def events_by_uid(url: str) -> dict[str, tuple[int, str, int | None]]:
    """uid -> (row id, text, attendance) of every current event."""
    engine, sessions = db.open_archive(url)
    try:
        with sessions() as s:
            rows = s.execute(
                select(Event.event_uid, Event.id, EventVersion.text, EventVersion.attendance)
                .join(EventVersion, EventVersion.event_id == Event.id)
                .where(EventVersion.valid_to.is_(None))
            ).all()
    finally:
        engine.dispose()
    return {uid: (eid, text, size) for uid, eid, text, size in rows}


def test_two_independent_crawls_give_the_same_uids(archive: Archive, tmp_path: Path) -> None:
    mirror = socialist_mirror(extra_articles=3, large_paragraphs=50)
    # The second archive is SQLite whatever the first is (so the PostgreSQL run compares
    # backends too), and already holds another site's article: its rows are numbered apart.
    other = f"sqlite:///{tmp_path / 'second.sqlite'}"
    db.upgrade(other)
    second = Archive(other, *db.open_archive(other))
    try:
        fetch(second, "https://example.org/news/unrelated/", b"<p>unrelated</p>")
        parse(
            second,
            "https://example.org/news/unrelated/",
            event(0, REPORT_C),
            event(1, REPORT_C + " again"),
        )
    finally:
        second.engine.dispose()
    with serve(mirror.site):
        crawl(archive.url, mirror.site.base_url)
        # Another crawl, run another way: the parser inside the writer, one request at a time.
        crawl(other, mirror.site.base_url, ARCHIVE_PARSE_PROCESSES="0", CONCURRENT_REQUESTS="1")
    first = events_by_uid(archive.url)
    again = {
        uid: v for uid, v in events_by_uid(other).items() if not uid.startswith("example.org:")
    }
    assert len(first) >= 20
    assert set(first) == set(again)
    for uid, (_eid, text, size) in first.items():
        assert again[uid][1:] == (text, size), uid
    assert any(first[uid][0] != again[uid][0] for uid in first)  # row ids differ, uids agree
    assert all(uid.startswith("socialistparty.org.uk:50") for uid in first)


def test_crawl_to_export_and_back(cli: Cli, archive: Archive, tmp_path: Path) -> None:
    mirror = socialist_mirror(extra_articles=2, large_paragraphs=50)
    with serve(mirror.site):
        crawl(archive.url, mirror.site.base_url)
    code, out, err = cli("events")
    assert code == 0, err
    listed = [json.loads(line) for line in out.splitlines()]
    uids = [row["event_uid"] for row in listed]
    assert len(uids) >= 15 and len(set(uids)) == len(uids)

    for fmt in ("csv", "jsonl", "parquet", "sqlite", "dta"):
        code, _out, err = cli("export", "--format", fmt, "--out", str(tmp_path / fmt))
        assert code == 0, (fmt, err)

    with (tmp_path / "csv" / "events.csv").open(encoding="utf-8", newline="") as fh:
        assert [r["event_uid"] for r in csv.DictReader(fh)] == uids
    jsonl = (tmp_path / "jsonl" / "events.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in jsonl] == listed
    table = pq.read_table(tmp_path / "parquet" / "events.parquet")
    assert table.column("event_uid").to_pylist() == uids
    assert str(table.schema.field("published").type) == "date32[day]"
    assert str(table.schema.field("size_low").type) == "int64"
    frame = pd.read_parquet(tmp_path / "parquet" / "events.parquet")
    assert frame["size_low"].notna().sum() == sum(r["size_low"] is not None for r in listed)
    stata = pd.read_stata(tmp_path / "dta" / "events.dta")
    assert list(stata["event_uid"]) == uids
    assert stata["published"].dtype.kind == "M"
    assert stata["segment"].dtype.kind == "i"
    published = {r["event_uid"]: r["published"] for r in listed}
    assert all(
        row.published.date().isoformat() == published[row.event_uid] for row in stata.itertuples()
    )
    sqlite_rows = pd.read_sql(
        "SELECT event_uid, size_low FROM events",
        f"sqlite:///{tmp_path / 'sqlite' / 'events.sqlite'}",
    )
    assert sorted(sqlite_rows["event_uid"], key=str.encode) == uids
