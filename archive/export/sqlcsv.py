"""CSV export with the database making each line: the same bytes as :func:`write_csv`.

Why: at a million events the reference path (SQLAlchemy's row and a Python value per cell,
then :func:`csv_cell` and the csv module) took 6x as long as ``sqlite3 -csv`` or ``psql
\\copy`` dumping the same view (issue 14). Here the database makes each cell's text as
:func:`csv_cell` would (the ``'`` before a formula, ``; ``-joined lists, ISO dates, the JSON
of the votes), and Python only writes what comes:

- on SQLite, each line is one ``printf()`` of its cells, quoted as the csv module quotes
  (:func:`line_sql`), read from the driver's own cursor (no SQLAlchemy row per line). Feeding
  the csv module the cells instead was slower: its per-cell work cost more than SQLite's;
- on PostgreSQL, ``COPY (...) TO STDOUT (FORMAT csv)`` quotes: the same characters call for
  quotes as in the csv module, ``"`` is doubled and a missing value written as nothing (so an
  empty text is sent as NULL), except that COPY also quotes a ``\\r`` the csv module may leave
  bare (:func:`_quoted_by_csv` asks): such a cell counts as beyond (below).

The file is hashed as it is written, on a thread of its own (:mod:`archive.export.hashedfile`).

Every cell expression raises an error (:func:`_beyond`, :func:`_pg_beyond`) whenever the
stored value is one it cannot prove it renders as the reference path does (a float outside
the range where the database and Python write it alike, a list with an item that is not
text, votes of another shape, a time not in the form the archive writes, a value of an
unexpected storage class). The first such row stops the query; the fast file is abandoned and
the export is written again by the reference path, so the bytes never depend on which path
wrote them. A one-column export (the csv module quotes a lone empty cell) takes the reference
path.
"""

from __future__ import annotations

import csv
import io
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Select, literal_column, select
from sqlalchemy.exc import DBAPIError

from archive import codebook
from archive.export.formats import FORMULA_LEADS, LIST_SEPARATOR
from archive.export.hashedfile import HashedFile
from archive.export.selection import Cut, Filters, event_rows_query
from archive.places import GREATER_LONDON, london_boroughs

BATCH = 5000
# The characters for which PostgreSQL's COPY (FORMAT csv) quotes a value (its delimiter and
# quote as set below, and the two line ends).
PG_QUOTED = ("\n", "\r", ",", '"')


def _quoted_by_csv() -> tuple[str, ...]:
    """The characters that make the csv module (as write_csv sets it up) quote a cell, asked
    of the running Python rather than assumed (whether a lone ``\\r`` is quoted has changed
    between versions)."""
    found = []
    for char in PG_QUOTED:
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerow([f"a{char}b", "x"])
        if out.getvalue().startswith('"'):
            found.append(char)
    return tuple(found)


def _lit(text: str) -> str:
    """A Python string (no control characters: none is needed) as an SQL string literal."""
    if any(ch < " " for ch in text):
        raise ValueError(f"no SQL literal written for {text!r}")
    return "'" + text.replace("'", "''") + "'"


def _char(ch: str) -> str:
    """One character as an SQL literal, written in the literal itself (a newline included):
    the database reads it once, where a function call would be made again for every row."""
    return "''''" if ch == "'" else f"'{ch}'"


_LEADS = ", ".join(str(ord(c)) for c in FORMULA_LEADS)
_DIGITS = "[0-9]"
_DAY = "-".join(_DIGITS * n for n in (4, 2, 2))
_CLOCK = ":".join(_DIGITS * 2 for _ in range(3))


def _london() -> str:
    return ", ".join(_lit(n) for n in sorted({*london_boroughs(), GREATER_LONDON}))


# SQLite: each line made by one printf() of its cells' text (a chain of || copies the line so
# far at every cell), each cell as csv_cell and the csv module would write it. Whether the
# short text cells need quotes is asked once a line, of their concatenation: a line where none
# does (nearly all) writes them without asking each (:func:`line_sql`).


def _beyond(x: str) -> str:
    """An error for this row: malformed JSON (``json()`` of text that is never JSON, made of
    the row's own value so that SQLite cannot work it out once for every row)."""
    return f"json('beyond ' || typeof({x}))"


def _is_text(x: str) -> str:
    # By SQLite's order of storage classes (numbers < text < blobs): two comparisons, no call.
    return f"({x} >= '' AND {x} < X'')"


def _neutralise(s: str) -> str:
    # Every formula lead sorts before "A" (and after it every letter, every non-ASCII
    # character): one comparison for most cells, the code point only for the rest.
    return f"(CASE WHEN {s} < 'A' AND unicode({s}) IN ({_LEADS}) THEN '''' || {s} ELSE {s} END)"


def _needs_quotes(s: str) -> str:
    return " OR ".join(f"instr({s}, {_char(c)}) > 0" for c in _quoted_by_csv())


def _quoted(s: str) -> str:
    return f"""('"' || replace({s}, '"', '""') || '"')"""


def _text_cell(x: str, *, ask: bool = True) -> str:
    """A stored text as its cell; ``ask``: whether it needs quotes (else known not to)."""
    neutral = _neutralise(x)
    if ask:
        neutral = f"(CASE WHEN {_needs_quotes(x)} THEN {_quoted(neutral)} ELSE {neutral} END)"
    return (
        f"(CASE WHEN {x} IS NULL THEN NULL WHEN {_is_text(x)} THEN {neutral} ELSE {_beyond(x)} END)"
    )


def _string(x: str) -> str:
    return _text_cell(x)


def _integer(x: str) -> str:
    # An integer equals its cast; text, a blob or a float does not (CAST is no function call).
    return f"(CASE WHEN {x} = CAST({x} AS INTEGER) OR {x} IS NULL THEN {x} ELSE {_beyond(x)} END)"


def _number(x: str) -> str:
    # Python's repr is the shortest text that reads back as the float; when the 15 digits of
    # %!.15g read back as it, they are that text (15 digits are coarser than a float's
    # precision, so only one such text is near enough), written alike where repr writes no
    # exponent and %g neither: 1e-4 <= |x| < 1e15. A zero is left to Python (-0.0). A whole
    # number a NUMERIC column keeps as an integer is read (and written) as that integer.
    return (
        f"(CASE WHEN {x} IS NULL THEN NULL WHEN typeof({x}) = 'integer' THEN {x} "
        f"WHEN typeof({x}) = 'real' AND {x} <> 0 AND abs({x}) < 1e15 AND abs({x}) >= 1e-4 "
        f"AND CAST(printf('%!.15g', {x}) AS REAL) = {x} THEN printf('%!.15g', {x}) "
        f"ELSE {_beyond(x)} END)"
    )


def _date(x: str) -> str:
    return (
        f"(CASE WHEN {x} IS NULL THEN NULL WHEN {_is_text(x)} AND {x} GLOB '{_DAY}' "
        f"THEN {x} ELSE {_beyond(x)} END)"
    )


def _datetime(x: str) -> str:
    # As archive.types writes it: isoformat() of the UTC time, fractions only when not zero.
    whole = f"{_DAY}T{_CLOCK}+00:00"
    fraction = f"{_DAY}T{_CLOCK}.{_DIGITS * 6}+00:00"
    return (
        f"(CASE WHEN {x} IS NULL THEN NULL WHEN {_is_text(x)} AND ({x} GLOB '{whole}' "
        f"OR ({x} GLOB '{fraction}' AND substr({x}, 20, 7) <> '.000000')) THEN {x} "
        f"ELSE {_beyond(x)} END)"
    )


def _plain_items(x: str) -> tuple[str, str]:
    """(whether, joined): whether a JSON list of text is as json.dumps writes it
    (``["a", "b"]``) with items that can be joined with ``; `` by replacing its separators,
    without reading the JSON, and the items so joined. Sure to be right when: no backslash (so
    no escape: every ``"`` opens or closes an item) and, once the separators are gone, no
    ``"`` left (so every item was text)."""
    body = f"substr({x}, 3, length({x}) - 4)"
    whether = (
        f"{x} LIKE '[\"%\"]' AND instr({x}, '\\') = 0 AND json_valid({x}) "
        f"AND instr(replace({body}, '\", \"', ''), '\"') = 0"
    )
    return whether, f"replace({body}, '\", \"', {_lit(LIST_SEPARATOR)})"


def _quote_if_needed(s: str) -> str:
    return f"(CASE WHEN {_needs_quotes(s)} THEN {_quoted(s)} ELSE {s} END)"


def _joined_cell(s: str) -> str:
    """Joined list items (text, never NULL) as their cell."""
    neutral = _neutralise(s)
    return f"(CASE WHEN {_needs_quotes(s)} THEN {_quoted(neutral)} ELSE {neutral} END)"


def _array(x: str) -> str:
    joined = (
        f"coalesce((SELECT group_concat(value, {_lit(LIST_SEPARATOR)}) FROM json_each({x})), '')"
    )
    whether, plain = _plain_items(x)
    return (
        f"(CASE WHEN {x} IS NULL OR {x} = '[]' THEN NULL WHEN typeof({x}) <> 'text' "
        f"THEN {_beyond(x)} WHEN {whether} THEN {_joined_cell(plain)} "
        f"WHEN json_valid({x}) AND json_type({x}) = 'null' THEN NULL "
        f"WHEN json_valid({x}) AND json_type({x}) = 'array' AND NOT EXISTS "
        f"(SELECT 1 FROM json_each({x}) WHERE type <> 'text') "
        f"THEN {_joined_cell(joined)} ELSE {_beyond(x)} END)"
    )


def _votes_shaped(x: str) -> str:
    """Votes as the reference path can be matched on: an object of integer ``for`` and
    ``against`` (either may be missing), so JSON text and the derived columns are plain."""
    return (
        f"(json_valid({x}) AND json_type({x}) = 'object' AND NOT EXISTS "
        f"(SELECT 1 FROM json_each({x}) WHERE key NOT IN ('for', 'against') "
        f"OR type <> 'integer'))"
    )


def _votes_json(x: str) -> str:
    # json.dumps(sort_keys=True): "against" before "for", ", " and ": " between.
    return (
        f"""('{{' || coalesce('"against": ' || json_extract({x}, '$.against'), '') """
        f"""|| CASE WHEN json_extract({x}, '$.against') IS NOT NULL """
        f"""AND json_extract({x}, '$.for') IS NOT NULL THEN ', ' ELSE '' END """
        f"""|| coalesce('"for": ' || json_extract({x}, '$.for'), '') || '}}')"""
    )


def _votes(x: str) -> str:
    return (
        f"(CASE WHEN {x} IS NULL THEN NULL WHEN json_valid({x}) AND json_type({x}) = 'null' "
        f"THEN NULL WHEN {_votes_shaped(x)} THEN {_quote_if_needed(_votes_json(x))} "
        f"ELSE {_beyond(x)} END)"
    )


def _votes_part(x: str, key: str) -> str:
    return (
        f"(CASE WHEN {x} IS NULL THEN NULL WHEN json_valid({x}) AND json_type({x}) = 'null' "
        f"THEN NULL WHEN {_votes_shaped(x)} THEN json_extract({x}, '$.{key}') "
        f"ELSE {_beyond(x)} END)"
    )


def _area(x: str) -> str:
    return f"(CASE WHEN {x} IN ({_london()}) THEN 'London' ELSE {_string(x)} END)"


@dataclass(frozen=True)
class _Forms:
    """A backend's SQL for a cell: per codebook type, and the derived area and vote counts."""

    by_type: dict[str, Callable[[str], str]]
    area: Callable[[str], str]
    votes_part: Callable[[str, str], str]


_SQLITE = _Forms(
    {
        "integer": _integer,
        "number": _number,
        "string": _string,
        "date": _date,
        "datetime": _datetime,
        "array": _array,
        "object": _votes,
    },
    _area,
    _votes_part,
)


def _cell(name: str, forms: _Forms) -> str:
    """One cell's SQL over the stored columns as ``r``."""

    def col(n: str) -> str:
        return f'r."{n}"'

    if name == "area":
        return forms.area(col("admin2"))
    if name in ("votes_for", "votes_against"):
        return forms.votes_part(col("votes"), name.removeprefix("votes_"))
    kind = codebook.column(name).type
    if kind == "object" and name != "votes":
        raise ValueError(f"no SQL form for the object column {name}")
    return forms.by_type[kind](col(name))


# Text columns asked whether they need quotes one at a time: long free text, which often does.
ASKED_ALONE = frozenset({"text"})


def _col(n: str) -> str:
    return f'r."{n}"'


def line_sql(columns: tuple[str, ...]) -> str:
    """The SQL of one CSV line (without its newline) over the stored columns as ``r``: one
    printf() of the cells. The stored text columns but :data:`ASKED_ALONE` are asked whether
    they need quotes together, of their concatenation; a line where one does is made by the
    cells that each ask."""
    grouped = [
        c for c in columns
        if c not in ASKED_ALONE and c != "area" and codebook.column(c).type == "string"
    ]  # fmt: skip
    form = "'" + ",".join(["%s"] * len(columns)) + "'"
    asking = ", ".join(_cell(c, _SQLITE) for c in columns)
    if not grouped:
        return f"printf({form}, {asking})"
    quick = ", ".join(
        _text_cell(_col(c), ask=False) if c in grouped else _cell(c, _SQLITE) for c in columns
    )
    together = "printf('" + "%s" * len(grouped) + "', " + ", ".join(map(_col, grouped)) + ")"
    clear = " AND ".join(f"instr({together}, {_char(c)}) = 0" for c in _quoted_by_csv())
    return f"(CASE WHEN {clear} THEN printf({form}, {quick}) ELSE printf({form}, {asking}) END)"


def can_write(conn: Connection, columns: tuple[str, ...]) -> bool:
    if len(columns) < 2:
        return False
    if conn.dialect.name == "sqlite":
        return True
    # COPY quotes for at least what the csv module quotes for (the rest is made beyond).
    return conn.dialect.name == "postgresql" and set(_quoted_by_csv()) <= set(PG_QUOTED)


@dataclass(frozen=True)
class Written:
    """What a fast path wrote: how many rows, and the file's SHA-256 (hashed as written)."""

    rows: int
    sha256: str


def _header(columns: tuple[str, ...]) -> bytes:
    head = io.StringIO()
    csv.writer(head, lineterminator="\n").writerow(columns)
    return head.getvalue().encode("utf-8")


def write_csv_sql(
    conn: Connection,
    filters: Filters,
    cut: Cut,
    path: Path,
    columns: tuple[str, ...],
    *,
    text: bool = True,
    advance: Callable[[int], None] | None = None,
) -> Written | None:
    """Write the CSV of the chosen events to ``path``, SQLite making each line, read from
    the driver's own cursor (no SQLAlchemy row per line); None (``path`` then holds nothing
    to keep) as soon as a row holds a value only the reference path can render."""
    sub = event_rows_query(filters, cut, text=text, dialect="sqlite").subquery("r")
    stmt: Select[Any] = (
        select(literal_column(line_sql(columns))).select_from(sub).order_by(sub.c.event_uid)
    )
    n = 0
    with HashedFile(path) as out:
        out.write(_header(columns))
        try:
            result = conn.execute(stmt)
            cursor = result.cursor
            try:
                while rows := cursor.fetchmany(BATCH):
                    lines = [line for (line,) in rows]
                    lines.append("")
                    out.write("\n".join(lines).encode("utf-8"))
                    n += len(rows)
                    if advance is not None:
                        advance(len(rows))
            finally:
                result.close()
        except (DBAPIError, sqlite3.Error):
            return None
    return Written(n, out.sha256)


# PostgreSQL: the same cells as text, NULL for an empty one (COPY writes NULL as nothing and
# quotes an empty text), written by COPY (FORMAT csv) and copied to the file as they come.


def _pg_beyond(x: str) -> str:
    """An error for this row (invalid input for an integer, made of the row's own value so
    that PostgreSQL cannot work it out once while planning)."""
    return f"(('beyond ' || pg_typeof({x}))::int::text)"


def _pg_quoted_apart() -> tuple[str, ...]:
    """The characters COPY quotes for and the csv module does not (a lone ``\\r``)."""
    return tuple(c for c in PG_QUOTED if c not in _quoted_by_csv())


def _pg_text(s: str) -> str:
    """``s`` (SQL text) neutralised as csv_cell does, NULL if empty or NULL, beyond where
    COPY would quote it and the csv module would not."""
    # Every formula lead is below "A": one comparison for most cells.
    lead = f"ascii({s}) < 65 AND ascii({s}) IN ({_LEADS})"
    neutral = f"(CASE WHEN {lead} THEN '''' || {s} ELSE {s} END)"
    apart = _pg_quoted_apart()
    if not apart:
        return f"(CASE WHEN {s} = '' THEN NULL ELSE {neutral} END)"
    bare = " AND ".join(f"strpos({s}, {_char(c)}) = 0" for c in _quoted_by_csv())
    lone = " OR ".join(f"strpos({s}, {_char(c)}) > 0" for c in apart)
    return (
        f"(CASE WHEN {s} = '' THEN NULL WHEN ({lone}) AND {bare} THEN {_pg_beyond(s)} "
        f"ELSE {neutral} END)"
    )


def _pg_integer(x: str) -> str:
    return x


def _pg_number(x: str) -> str:
    # PostgreSQL prints the shortest text that reads back as the float, as Python's repr
    # does; in 1e-4 <= |x| < 1e15 both write it without an exponent, Python with ".0" when
    # whole. A zero is left to Python (-0.0).
    f = f"(({x})::float8)"
    return (
        f"(CASE WHEN {x} IS NULL THEN NULL WHEN abs({f}) >= 1e-4 AND abs({f}) < 1e15 "
        f"THEN (CASE WHEN {f} = trunc({f}) THEN {f}::text || '.0' ELSE {f}::text END) "
        f"ELSE {_pg_beyond(x)} END)"
    )


def _pg_date(x: str) -> str:
    # date's own output (DateStyle ISO, set for the COPY) within years 1000 to 9999.
    return (
        f"(CASE WHEN {x} IS NULL THEN NULL WHEN {x} BETWEEN DATE '1000-01-01' AND "
        f"DATE '9999-12-31' THEN ({x})::text ELSE {_pg_beyond(x)} END)"
    )


def _pg_datetime(x: str) -> str:
    # A whole second by the timestamp's own output (ISO: a space where isoformat() has a
    # "T"), fractions by to_char (the output drops a fraction's trailing zeros).
    utc = f"(({x}) AT TIME ZONE 'UTC')"
    fraction = f"""to_char({utc}, 'YYYY-MM-DD"T"HH24:MI:SS.US') || '+00:00'"""
    return (
        f"(CASE WHEN {x} IS NULL THEN NULL WHEN {utc} BETWEEN TIMESTAMP '1000-01-01' AND "
        f"TIMESTAMP '9999-12-31 23:59:59.999999' THEN (CASE WHEN {utc} = "
        f"date_trunc('second', {utc}) THEN overlay(({utc})::text placing 'T' from 11 for 1) "
        f"|| '+00:00' ELSE {fraction} END) ELSE {_pg_beyond(x)} END)"
    )


def _pg_array(x: str) -> str:
    t = f"(({x})::text)"
    body = f"substr({t}, 3, length({t}) - 4)"
    # As _plain_items: the JSON type keeps the text as written, and it is valid JSON.
    plain = (
        f"{t} LIKE '[\"%\"]' AND strpos({t}, '\\') = 0 "
        f"AND strpos(replace({body}, '\", \"', ''), '\"') = 0"
    )
    joined_plain = f"replace({body}, '\", \"', {_lit(LIST_SEPARATOR)})"
    joined = (
        f"coalesce((SELECT string_agg(v, {_lit(LIST_SEPARATOR)} ORDER BY n) FROM "
        f"json_array_elements_text({x}) WITH ORDINALITY AS a(v, n)), '')"
    )
    return (
        f"(CASE WHEN {x} IS NULL OR {t} = '[]' OR json_typeof({x}) = 'null' THEN NULL "
        f"WHEN {plain} THEN {_pg_text(joined_plain)} "
        f"WHEN json_typeof({x}) = 'array' AND NOT EXISTS (SELECT 1 FROM "
        f"json_array_elements({x}) AS e(v) WHERE json_typeof(e.v) <> 'string') "
        f"THEN {_pg_text(joined)} ELSE {_pg_beyond(x)} END)"
    )


def _pg_votes_shaped(x: str) -> str:
    # Integers as JSON writes Python's ints; each key once (json keeps duplicates as written).
    return (
        f"(json_typeof({x}) = 'object' AND NOT EXISTS (SELECT 1 FROM json_each({x}) AS j "
        f"WHERE j.key NOT IN ('for', 'against') OR json_typeof(j.value) <> 'number' "
        f"OR j.value::text !~ '^(0|-?[1-9][0-9]*)$') AND (SELECT count(*) = count(DISTINCT "
        f"j.key) FROM json_each({x}) AS j))"
    )


def _pg_votes(x: str) -> str:
    parts = (
        f"""'{{' || coalesce('"against": ' || ({x} ->> 'against'), '') """
        f"""|| CASE WHEN ({x} ->> 'against') IS NOT NULL AND ({x} ->> 'for') IS NOT NULL """
        f"""THEN ', ' ELSE '' END || coalesce('"for": ' || ({x} ->> 'for'), '') || '}}'"""
    )
    return (
        f"(CASE WHEN {x} IS NULL OR json_typeof({x}) = 'null' THEN NULL "
        f"WHEN {_pg_votes_shaped(x)} THEN {parts} ELSE {_pg_beyond(x)} END)"
    )


def _pg_votes_part(x: str, key: str) -> str:
    return (
        f"(CASE WHEN {x} IS NULL OR json_typeof({x}) = 'null' THEN NULL "
        f"WHEN {_pg_votes_shaped(x)} THEN ({x} ->> '{key}') ELSE {_pg_beyond(x)} END)"
    )


def _pg_area(x: str) -> str:
    return f"(CASE WHEN {x} IN ({_london()}) THEN 'London' ELSE {_pg_text(x)} END)"


_POSTGRESQL = _Forms(
    {
        "integer": _pg_integer,
        "number": _pg_number,
        "string": _pg_text,
        "date": _pg_date,
        "datetime": _pg_datetime,
        "array": _pg_array,
        "object": _pg_votes,
    },
    _pg_area,
    _pg_votes_part,
)


def pg_cells_sql(columns: tuple[str, ...]) -> list[str]:
    return [_cell(c, _POSTGRESQL) for c in columns]


def write_csv_copy(
    conn: Connection,
    filters: Filters,
    cut: Cut,
    path: Path,
    columns: tuple[str, ...],
    *,
    text: bool = True,
    advance: Callable[[int], None] | None = None,
) -> Written | None:
    """:func:`write_csv_sql` on PostgreSQL: each cell made by PostgreSQL and the lines by
    ``COPY ... TO STDOUT (FORMAT csv)``, written as they come; None as soon as a row is
    beyond (or PostgreSQL refuses a value: a ``\\u0000`` in a list), the transaction then
    rolled back."""
    raw: Any = conn.connection.driver_connection  # psycopg's connection
    if raw.info.encoding != "utf-8":
        return None
    sub = event_rows_query(filters, cut, text=text, dialect="postgresql").subquery("r")
    stmt: Select[*tuple[Any, ...]] = (
        select(*(literal_column(c) for c in pg_cells_sql(columns)))
        .select_from(sub)
        .order_by(sub.c.event_uid.collate("C"))
    )
    compiled = stmt.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True})
    params = compiled.construct_params()
    copy = f"COPY ({compiled.string}) TO STDOUT (FORMAT csv, DELIMITER ',', QUOTE '\"')"
    with HashedFile(path) as out:
        out.write(_header(columns))
        try:
            with raw.cursor() as cursor:
                # Dates in their ISO form, for this transaction.
                cursor.execute("SET LOCAL DateStyle TO ISO")
            with raw.cursor() as cursor, cursor.copy(copy, params) as cp:
                chunks: list[bytes] = []
                for data in cp:
                    chunks.append(data)
                    if len(chunks) == BATCH:
                        _write_chunks(out, chunks, advance)
                        chunks = []
                _write_chunks(out, chunks, advance)
            # COPY's own count of rows (a chunk is a row as libpq hands them, but the
            # count is not left to that).
            rows = cursor.rowcount
        except raw.Error:
            rows = None
    if rows is None:
        raw.rollback()
        return None
    return Written(rows, out.sha256)


def _write_chunks(
    out: HashedFile, chunks: list[bytes], advance: Callable[[int], None] | None
) -> None:
    """Write a batch of chunks in one call (COPY sends a row a message: the progress counts
    them as rows)."""
    if chunks:
        out.write(b"".join(chunks))
        if advance is not None:
            advance(len(chunks))
