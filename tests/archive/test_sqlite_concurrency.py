"""A researcher reading a SQLite archive while a crawl writes to it sees committed data and
never an error: WAL journal, busy timeout and foreign keys are set on every connection."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select, text

from archive import db, store
from archive.db import unit_of_work
from archive.models import Snapshot


def test_pragmas_and_read_during_write(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'a.sqlite'}"
    db.upgrade(url)
    engine, sessions = db.open_archive(url)
    try:
        with engine.connect() as conn:
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert conn.execute(text("PRAGMA busy_timeout")).scalar() == db.busy_timeout_ms()
        with unit_of_work(sessions) as s:
            store.record_fetch(
                s, meta=store.FetchMeta(url="https://e.org/1", status=200), body=b"1"
            )
        # A writer holds an open transaction with an uncommitted snapshot...
        with unit_of_work(sessions) as writer:
            store.record_fetch(
                writer, meta=store.FetchMeta(url="https://e.org/2", status=200), body=b"2"
            )
            # ...while a reader on another connection reads the committed state at once.
            reader_engine, reader_sessions = db.open_archive(url)
            try:
                with reader_sessions() as reader:
                    assert reader.scalar(select(func.count()).select_from(Snapshot)) == 1
            finally:
                reader_engine.dispose()
        with sessions() as s:
            assert s.scalar(select(func.count()).select_from(Snapshot)) == 2
    finally:
        engine.dispose()
