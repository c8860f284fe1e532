"""The file `archive serve` serves: the SQLite export of a cut, made ready for browsing.

Why a prepared copy, even of an SQLite archive, rather than the archive file itself:

- the archive's raw tables mix every version of every event with zlib-compressed page bodies;
  a researcher wants the events as they stand (``current_events``), described, not the store;
- Datasette's immutable mode (no locking, counts computed once) is only safe on a file nobody
  writes, and a crawl may be writing to the archive; a copy is a fixed cut that cannot change
  under the browser, and it is made read-only on disk as well;
- full-text search needs an FTS table and month facets a month column, which the archive
  should not grow (they would be a schema change for one reader);
- PostgreSQL archives are served the same way, so both backends show the same thing.

The copy is made by the same code as ``archive export --format sqlite`` (no page bodies,
typed columns, indexes, codebook), then given: ``event_month``, more indexes, an FTS5 index
over headings, report texts and article titles, and ``earlier_versions`` (every version the
cut has closed), so one event's whole history is a query.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from archive import codebook
from archive.export import CLOSED_COLUMNS, COLUMNS, Cut, Filters, run_export, stream_earlier_rows
from archive.export.formats import SQLITE_TYPES, batches, sqlite_value
from archive.models import EventVersion
from archive.progress import Progress

DATABASE = "events"  # the file's stem: Datasette's database name, /events/current_events
TABLE = "current_events"
HISTORY = "earlier_versions"
FTS = "current_events_fts"
FTS_COLUMNS = ("heading", "text", "article_title")
VARIABLES = "variables"
# Columns only the served file has, with what the codebook would say of them.
SERVED_COLUMNS: dict[str, tuple[str, str]] = {
    "event_month": ("string", "The month of event_date (YYYY-MM), for month facets."),
    "valid_to": (
        "datetime",
        "When this version stopped being current (UTC): a later parse changed or dropped it.",
    ),
    "closed_by_parse_run_id": ("integer", "The parse run that closed this version."),
}
EXTRA_INDEXES = ("event_month", "area", "admin2", "size_low", "latitude")


@dataclass(frozen=True)
class Prepared:
    database: Path
    events: int
    earlier_versions: int


def _say(stream: TextIO, text: str) -> None:
    stream.write(f"serve: {text}\n")
    stream.flush()


def prepare(
    engine: Engine,
    session: Session,
    workdir: Path,
    *,
    cut: Cut,
    release: dict[str, object] | None = None,
    progress_stream: TextIO | None = None,
) -> Prepared:
    """Write ``workdir/events.sqlite`` (replacing an earlier one) and return it, read-only."""
    stream = progress_stream if progress_stream is not None else sys.stderr
    path = workdir / f"{DATABASE}.sqlite"
    if path.exists():
        path.chmod(stat.S_IRUSR | stat.S_IWUSR)
    _say(stream, f"exporting the events into {path}")
    result = run_export(
        engine,
        session,
        fmt="sqlite",
        out_dir=workdir,
        filters=Filters(),
        cut=cut,
        force=True,
        progress_stream=stream,
        release=release,
    )
    conn = sqlite3.connect(result.path)
    try:
        _shape(conn)
        _say(stream, "building the full-text index (headings, texts, titles)")
        conn.execute(
            f"CREATE VIRTUAL TABLE {FTS} USING fts5("
            + ", ".join(FTS_COLUMNS)
            + f', content="{TABLE}", content_rowid="rowid")'
        )
        conn.execute(f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')")
        conn.commit()
        earlier = _earlier_versions(engine, session, conn, cut, stream)
        _say(stream, "analysing")
        conn.execute("ANALYZE")
        conn.commit()
    finally:
        conn.close()
    # The export's checksum and data package describe the file before it was shaped for
    # browsing: left beside it they would be false.
    for stale in (result.package, result.path.with_name(result.path.name + ".sha256")):
        stale.unlink(missing_ok=True)
    os.chmod(result.path, stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    return Prepared(result.path, result.rows, earlier)


def _shape(conn: sqlite3.Connection) -> None:
    conn.execute(f"ALTER TABLE events RENAME TO {TABLE}")
    conn.execute(f"ALTER TABLE codebook RENAME TO {VARIABLES}")
    conn.execute(f"ALTER TABLE {TABLE} ADD COLUMN event_month TEXT")
    conn.execute(
        f"UPDATE {TABLE} SET event_month = substr(event_date, 1, 7) WHERE event_date IS NOT NULL"
    )
    for column in EXTRA_INDEXES:
        conn.execute(f'CREATE INDEX "ix_{TABLE}_{column}" ON {TABLE} ("{column}")')
    conn.executemany(
        f"INSERT INTO {VARIABLES} (column_name, type, description, derivation, missing) "
        "VALUES (?, ?, ?, ?, ?)",
        [
            (name, kind, text, "Added by archive serve.", "when not applicable")
            for name, (kind, text) in SERVED_COLUMNS.items()
        ],
    )
    conn.commit()


def _earlier_versions(
    engine: Engine, session: Session, conn: sqlite3.Connection, cut: Cut, stream: TextIO
) -> int:
    names = (*COLUMNS, *CLOSED_COLUMNS)
    types = {c: codebook.column(c).type for c in COLUMNS}
    types |= {c: SERVED_COLUMNS[c][0] for c in CLOSED_COLUMNS}
    defs = ", ".join(f'"{c}" {SQLITE_TYPES[types[c]]}' for c in names)
    conn.execute(f"CREATE TABLE {HISTORY} ({defs}, event_month TEXT)")
    count = select(func.count()).select_from(EventVersion).where(EventVersion.valid_to.is_not(None))
    if cut.at is not None:
        count = count.where(EventVersion.valid_to <= cut.at)
    total = int(session.execute(count).scalar_one())
    _say(stream, f"copying {total} earlier versions (the events' history)")
    progress = Progress(total, stream, label="history") if stream.isatty() else None
    insert = (
        f"INSERT INTO {HISTORY} ({', '.join(chr(34) + c + chr(34) for c in names)}, event_month) "
        f"VALUES ({', '.join('?' for _ in names)}, ?)"
    )
    n = 0
    with engine.connect() as source:
        for chunk in batches(stream_earlier_rows(source, cut)):
            conn.executemany(
                insert,
                [
                    [sqlite_value(r[c]) for c in names]
                    + [r["event_date"].isoformat()[:7] if r["event_date"] else None]
                    for r in chunk
                ],
            )
            n += len(chunk)
            if progress is not None:
                progress.advance(len(chunk))
    if progress is not None:
        progress.close()
    conn.execute(f'CREATE INDEX "ix_{HISTORY}_event_uid" ON {HISTORY} ("event_uid")')
    conn.commit()
    return n
