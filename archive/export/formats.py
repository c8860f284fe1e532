"""Writing event rows in the formats researchers read: CSV, JSON Lines, Parquet, SQLite, Stata.

Every writer takes the rows as they stream from :func:`archive.export.selection.stream_rows`
and writes them as they come (a batch at a time), so memory stays flat however many events
there are. Stata's format needs every value's width before the first row: its writer measures
the rows while it spools them to a temporary file, then writes the file from the spool
(:mod:`archive.export.stata`).
Column types come from the codebook, so a date is a date and a count an integer in every
typed format (Parquet date32/int64, SQLite INTEGER, Stata %td dates and integer types).

CSV conventions (also in the README): one record per line is kept for lists, whose items are
joined with ``; ``; a cell that is text and starts with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return is prefixed with ``'`` so that a spreadsheet shows it instead of running it
as a formula (numbers, negative ones included, are left alone); embedded newlines are quoted.
"""

from __future__ import annotations

import csv
import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from itertools import islice
from operator import itemgetter
from pathlib import Path
from typing import Any, Protocol

from archive import codebook
from archive.export import stata

BATCH = 1000
LIST_SEPARATOR = "; "
FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")
FORMATS = ("csv", "jsonl", "parquet", "sqlite", "dta")
EXTENSIONS = {
    "csv": "csv",
    "jsonl": "jsonl",
    "parquet": "parquet",
    "sqlite": "sqlite",
    "dta": "dta",
}
MEDIATYPES = {
    "csv": "text/csv",
    "jsonl": "application/x-ndjson",
    "parquet": "application/vnd.apache.parquet",
    "sqlite": "application/vnd.sqlite3",
    "dta": "application/x-stata-dta",
}
# Stata variable labels hold at most 80 characters.
STATA_LABEL = 80


_LEADS = frozenset(FORMULA_LEADS)  # each one character: the first character decides


def neutralise(text: str) -> str:
    """A text cell a spreadsheet would run as a formula, made inert with a leading ``'``."""
    return "'" + text if text[:1] in _LEADS else text


def csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return neutralise(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return neutralise(LIST_SEPARATOR.join(str(v) for v in value))
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value)


def _empty(value: None) -> str:
    return ""


# csv_cell for the classes most cells are, looked up by exact class (a bool is not an int
# here, nor a str subclass a str): what a million rows spend most of their time on. Every
# other value goes through csv_cell, so a cell is the same bytes either way.
_CELL_BY_CLASS: dict[type, Callable[[Any], str]] = {
    type(None): _empty,
    str: neutralise,
    int: int.__repr__,
    float: float.__repr__,
    date: date.isoformat,
    datetime: datetime.isoformat,
}


def csv_cells(values: Iterable[Any]) -> list[str]:
    """:func:`csv_cell` of each value, faster."""
    get = _CELL_BY_CLASS.get
    return [(get(v.__class__) or csv_cell)(v) for v in values]


def json_value(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def batches(rows: Iterable[dict[str, Any]], size: int = BATCH) -> Iterator[list[dict[str, Any]]]:
    it = iter(rows)
    while chunk := list(islice(it, size)):
        yield chunk


class TextSink(Protocol):
    """Anything text can be written to: a file, stdout, a hashing sink."""

    def write(self, text: str, /) -> object: ...


def write_csv(rows: Iterable[dict[str, Any]], out: TextSink, columns: tuple[str, ...]) -> int:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    counted = _Counted(rows)
    pick = itemgetter(*columns) if len(columns) > 1 else lambda row: (row[columns[0]],)
    writer.writerows(csv_cells(pick(row)) for row in counted)
    return counted.n


class _Counted:
    """The rows, counted as they pass (so the writer can take them in one writerows call)."""

    def __init__(self, rows: Iterable[dict[str, Any]]) -> None:
        self.rows = rows
        self.n = 0

    def __iter__(self) -> Iterator[dict[str, Any]]:
        for row in self.rows:
            self.n += 1
            yield row


def jsonl_line(row: dict[str, Any], columns: tuple[str, ...]) -> str:
    return json.dumps({c: json_value(row[c]) for c in columns}, ensure_ascii=False) + "\n"


def write_jsonl(rows: Iterable[dict[str, Any]], out: TextSink, columns: tuple[str, ...]) -> int:
    n = 0
    for row in rows:
        out.write(jsonl_line(row, columns))
        n += 1
    return n


def _json_text(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def arrow_schema(columns: tuple[str, ...]) -> Any:
    import pyarrow as pa

    types = {
        "integer": pa.int64(),
        "number": pa.float64(),
        "string": pa.string(),
        "date": pa.date32(),
        "datetime": pa.timestamp("us", tz="UTC"),
        "array": pa.list_(pa.string()),
        "object": pa.string(),  # JSON text
    }
    fields = []
    for name in columns:
        entry = codebook.column(name)
        meta = {"description": entry.description, "type": entry.type}
        if entry.unit:
            meta["unit"] = entry.unit
        fields.append(pa.field(name, types[entry.type], metadata=meta))
    return pa.schema(fields, metadata={"codebook": "archive codebook --format json"})


def write_parquet(rows: Iterable[dict[str, Any]], path: Path, columns: tuple[str, ...]) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = arrow_schema(columns)
    objects = [c for c in columns if codebook.column(c).type == "object"]
    n = 0
    with pq.ParquetWriter(path, schema, compression="zstd") as writer:
        for chunk in batches(rows):
            for row in chunk:
                for c in objects:
                    row[c] = _json_text(row[c])
            writer.write_table(pa.Table.from_pylist(chunk, schema=schema))
            n += len(chunk)
        if n == 0:
            writer.write_table(schema.empty_table())
    return n


SQLITE_TYPES = {
    "integer": "INTEGER",
    "number": "REAL",
    "string": "TEXT",
    "date": "TEXT",
    "datetime": "TEXT",
    "array": "TEXT",
    "object": "TEXT",
}
SQLITE_INDEXES = ("event_date", "event_type", "place", "site", "published")


def sqlite_value(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, sort_keys=isinstance(value, dict))
    return value


def write_sqlite(rows: Iterable[dict[str, Any]], path: Path, columns: tuple[str, ...]) -> int:
    """A self-contained SQLite file (no page bodies): table ``events`` typed from the
    codebook, tables ``codebook`` and ``event_types``, for Datasette or any SQLite client."""
    conn = sqlite3.connect(path)
    try:
        defs = ", ".join(
            f'"{c}" {SQLITE_TYPES[codebook.column(c).type]}'
            + (" PRIMARY KEY" if c == "event_uid" else "")
            for c in columns
        )
        conn.execute(f"CREATE TABLE events ({defs})")
        insert = (
            f"INSERT INTO events ({', '.join(chr(34) + c + chr(34) for c in columns)}) "
            f"VALUES ({', '.join('?' for _ in columns)})"
        )
        n = 0
        for chunk in batches(rows):
            conn.executemany(insert, [[sqlite_value(r[c]) for c in columns] for r in chunk])
            n += len(chunk)
        for c in SQLITE_INDEXES:
            if c in columns:
                conn.execute(f'CREATE INDEX "ix_events_{c}" ON events ("{c}")')
        _sqlite_codebook(conn, columns)
        conn.commit()
    finally:
        conn.close()
    return n


def _sqlite_codebook(conn: sqlite3.Connection, columns: tuple[str, ...]) -> None:
    conn.execute(
        "CREATE TABLE codebook (column_name TEXT PRIMARY KEY, type TEXT, unit TEXT, "
        "description TEXT, derivation TEXT, missing TEXT, allowed_values TEXT)"
    )
    conn.executemany(
        "INSERT INTO codebook VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (
                e.name,
                e.type,
                e.unit,
                e.description,
                e.derivation,
                e.missing,
                LIST_SEPARATOR.join(e.values) if e.values else None,
            )
            for e in (codebook.column(c) for c in columns)
        ],
    )
    conn.execute("CREATE TABLE event_types (name TEXT PRIMARY KEY, definition TEXT, example TEXT)")
    conn.executemany(
        "INSERT INTO event_types VALUES (?, ?, ?)",
        [(t.name, t.definition, t.example) for t in codebook.event_types()],
    )


def _dta_kind(kind: str) -> stata.Kind:
    if kind in ("integer", "number", "date", "datetime"):
        return kind  # type: ignore[return-value]
    return "string"  # text, "; "-joined lists, JSON text


def _dta_value(kind: str, value: Any) -> Any:
    if kind == "array":
        return LIST_SEPARATOR.join(value or ())
    if kind == "object":
        return _json_text(value) or ""
    return value


def write_dta(rows: Iterable[dict[str, Any]], path: Path, columns: tuple[str, ...]) -> int:
    """Stata 118 (Unicode): dates as %td, times as %tc (UTC), counts as integer types with
    Stata's missing value, lists joined with ``; ``, votes as JSON text, a missing text as
    ``""``; variable labels from the codebook. Streams (:mod:`archive.export.stata`: the rows
    are measured while spooled to a temporary file, then written), so memory stays flat."""
    kinds = [codebook.column(c).type for c in columns]
    variables = [
        stata.Variable(c, _dta_kind(k), codebook.column(c).description[:STATA_LABEL])
        for c, k in zip(columns, kinds, strict=True)
    ]
    records = ([_dta_value(k, row[c]) for c, k in zip(columns, kinds, strict=True)] for row in rows)
    return stata.write_dta(records, path, variables, data_label="campaign-archive events")


Writer = Callable[[Iterable[dict[str, Any]], Path, tuple[str, ...]], int]


def _text_file(
    write: Callable[[Iterable[dict[str, Any]], TextSink, tuple[str, ...]], int],
) -> Writer:
    def to_path(rows: Iterable[dict[str, Any]], path: Path, columns: tuple[str, ...]) -> int:
        with path.open("w", encoding="utf-8", newline="") as fh:
            return write(rows, fh, columns)

    return to_path


WRITERS: dict[str, Writer] = {
    "csv": _text_file(write_csv),
    "jsonl": _text_file(write_jsonl),
    "parquet": write_parquet,
    "sqlite": write_sqlite,
    "dta": write_dta,
}
