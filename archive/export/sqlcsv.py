"""CSV export with the database formatting each row: the same bytes as :func:`write_csv`.

Why: at a million events the reference path (a Python value per cell, then :func:`csv_cell`
and the csv module) took 6x as long as ``sqlite3 -csv`` or ``psql \\copy`` dumping the same
view (issue 14). Here SQLite or PostgreSQL writes each row as one line of CSV text, cell by
cell as :func:`csv_cell` and the csv module would, and Python only writes the lines
(PostgreSQL's streamed by ``COPY ... (FORMAT binary)``, which escapes nothing).

Every cell expression is NULL whenever the stored value is one it cannot prove it renders as
the reference path does (a number outside the range where SQLite's ``%!.15g`` is Python's
``repr``, a zero (whose sign SQLite drops), a list with an item that is not text, votes of
another shape, a time not in the form the archive writes, a value of an unexpected storage
class). A NULL cell makes the whole line NULL (``||`` with NULL is NULL); the first such line
abandons the fast file and the export is written again by the reference path, so the bytes
never depend on which path wrote them. A one-column export (the csv module quotes a lone
empty cell) takes the reference path.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy import Connection, Select, literal_column, select

from archive import codebook
from archive.export.formats import FORMULA_LEADS, LIST_SEPARATOR
from archive.export.selection import Cut, Filters, event_rows_query
from archive.places import GREATER_LONDON, london_boroughs

BATCH = 5000


def _quoted_by_csv() -> tuple[str, ...]:
    """The characters that make the csv module (as write_csv sets it up) quote a cell, asked
    of the running Python rather than assumed (whether a lone ``\\r`` is quoted has changed
    between versions)."""
    found = []
    for char in ("\n", "\r", ",", '"'):
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerow([f"a{char}b", "x"])
        if out.getvalue().startswith('"'):
            found.append(char)
    return tuple(found)


def _lit(text: str) -> str:
    """A Python string as an SQLite string literal (control characters by char())."""
    parts = []
    for ch in text:
        if ch == "'":
            parts.append("''''")
        elif ch < " ":
            parts.append(f"'||char({ord(ch)})||'")
        else:
            parts.append(ch)
    return "'" + "".join(parts) + "'"


def _char(ch: str) -> str:
    """One character as an SQL literal, written in the literal itself (a newline included):
    SQLite reads it once, where ``char(10)`` would be called again for every row."""
    return "''''" if ch == "'" else f"'{ch}'"


def _needs_quotes(s: str) -> str:
    return " OR ".join(f"instr({s}, {_char(c)}) > 0" for c in _quoted_by_csv())


def _quote(s: str) -> str:
    """``s`` (SQL text, never NULL) as the csv module writes a cell."""
    return f"""(CASE WHEN {_needs_quotes(s)} THEN '"' || replace({s}, '"', '""') || '"' ELSE {s} END)"""


def _neutralise(s: str) -> str:
    # By code point: cheaper per row than comparing the first character as text.
    leads = ", ".join(str(ord(c)) for c in FORMULA_LEADS)
    return f"(CASE WHEN unicode({s}) IN ({leads}) THEN '''' || {s} ELSE {s} END)"


def _string(x: str) -> str:
    # Whether to quote is asked of the stored text (the ' neutralise may add changes nothing
    # there), so each test reads it once instead of making the neutralised text again.
    neutral = _neutralise(x)
    return (
        f"(CASE typeof({x}) WHEN 'text' THEN (CASE WHEN {_needs_quotes(x)} "
        f"""THEN '"' || replace({neutral}, '"', '""') || '"' ELSE {neutral} END) """
        f"WHEN 'null' THEN '' END)"
    )


def _integer(x: str) -> str:
    return f"(CASE typeof({x}) WHEN 'null' THEN '' WHEN 'integer' THEN CAST({x} AS TEXT) END)"


def _number(x: str) -> str:
    # Python's repr is the shortest text that reads back as the float; when the 15 digits of
    # %!.15g read back as it, they are that text (15 digits are coarser than a float's
    # precision, so only one such text is near enough), written alike where repr writes no
    # exponent and %g neither: 1e-4 <= |x| < 1e15. A zero is left to Python (-0.0).
    return (
        f"(CASE WHEN {x} IS NULL THEN '' WHEN typeof({x}) = 'real' AND {x} <> 0 "
        f"AND abs({x}) < 1e15 AND abs({x}) >= 1e-4 "
        f"AND CAST(printf('%!.15g', {x}) AS REAL) = {x} THEN printf('%!.15g', {x}) END)"
    )


_DIGITS = "[0-9]"


def _date(x: str) -> str:
    form = "-".join(_DIGITS * n for n in (4, 2, 2))
    return (
        f"(CASE WHEN {x} IS NULL THEN '' WHEN typeof({x}) = 'text' AND {x} GLOB '{form}' "
        f"THEN {x} END)"
    )


def _datetime(x: str) -> str:
    # As archive.types writes it: isoformat() of the UTC time, fractions only when not zero.
    day = "-".join(_DIGITS * n for n in (4, 2, 2))
    clock = ":".join(_DIGITS * 2 for _ in range(3))
    whole = f"{day}T{clock}+00:00"
    fraction = f"{day}T{clock}.{_DIGITS * 6}+00:00"
    return (
        f"(CASE WHEN {x} IS NULL THEN '' WHEN typeof({x}) = 'text' AND ({x} GLOB '{whole}' "
        f"OR ({x} GLOB '{fraction}' AND substr({x}, 20, 7) <> '.000000')) THEN {x} END)"
    )


def _array(x: str) -> str:
    joined = (
        f"coalesce((SELECT group_concat(value, {_lit(LIST_SEPARATOR)}) FROM json_each({x})), '')"
    )
    return (
        f"(CASE WHEN {x} = '[]' OR {x} IS NULL THEN '' "
        f"WHEN json_valid({x}) AND json_type({x}) = 'null' "
        f"THEN '' WHEN json_valid({x}) AND json_type({x}) = 'array' AND NOT EXISTS "
        f"(SELECT 1 FROM json_each({x}) WHERE type <> 'text') "
        f"THEN {_quote(_neutralise(joined))} END)"
    )


def _votes_shaped(x: str) -> str:
    """Votes as the reference path can be matched on: an object of integer ``for`` and
    ``against`` (either may be missing), so JSON text and the derived columns are plain."""
    return (
        f"(json_valid({x}) AND json_type({x}) = 'object' AND NOT EXISTS "
        f"(SELECT 1 FROM json_each({x}) WHERE key NOT IN ('for', 'against') "
        f"OR type <> 'integer'))"
    )


def _votes(x: str) -> str:
    # json.dumps(sort_keys=True): "against" before "for", ", " and ": " between.
    parts = (
        f"""'{{' || coalesce('"against": ' || json_extract({x}, '$.against'), '') """
        f"""|| CASE WHEN json_extract({x}, '$.against') IS NOT NULL """
        f"""AND json_extract({x}, '$.for') IS NOT NULL THEN ', ' ELSE '' END """
        f"""|| coalesce('"for": ' || json_extract({x}, '$.for'), '') || '}}'"""
    )
    return (
        f"(CASE WHEN {x} IS NULL THEN '' WHEN json_valid({x}) AND json_type({x}) = 'null' "
        f"THEN '' WHEN {_votes_shaped(x)} THEN {_quote(parts)} END)"
    )


def _votes_part(x: str, key: str) -> str:
    return (
        f"(CASE WHEN {x} IS NULL THEN '' WHEN json_valid({x}) AND json_type({x}) = 'null' "
        f"THEN '' WHEN {_votes_shaped(x)} "
        f"THEN coalesce(CAST(json_extract({x}, '$.{key}') AS TEXT), '') END)"
    )


def _area(x: str) -> str:
    london = ", ".join(_lit(n) for n in sorted({*london_boroughs(), GREATER_LONDON}))
    return f"(CASE WHEN {x} IN ({london}) THEN 'London' ELSE {_string(x)} END)"


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


def line_sql(columns: tuple[str, ...]) -> str:
    """The SQL of one CSV line (without its newline) over the stored columns as ``r``."""
    return " || ',' || ".join(_cell(c, _SQLITE) for c in columns)


def can_write(conn: Connection, columns: tuple[str, ...]) -> bool:
    return conn.dialect.name in ("sqlite", "postgresql") and len(columns) > 1


def write_csv_sql(
    conn: Connection,
    filters: Filters,
    cut: Cut,
    path: Path,
    columns: tuple[str, ...],
    *,
    text: bool = True,
    advance: Callable[[int], None] | None = None,
) -> int | None:
    """Write the CSV of the chosen events to ``path``, SQLite formatting each line; the
    number of rows, or None (``path`` then holds nothing to keep) as soon as a row holds a
    value only the reference path can render."""
    sub = event_rows_query(filters, cut, text=text, dialect="sqlite").subquery("r")
    stmt: Select[Any] = (
        select(literal_column(line_sql(columns))).select_from(sub).order_by(sub.c.event_uid)
    )
    n = 0
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerow(columns)
        result = conn.execution_options(yield_per=BATCH).execute(stmt)
        for partition in result.partitions():
            lines = [line for (line,) in partition]
            if None in lines:
                result.close()
                return None
            lines.append("")
            fh.write("\n".join(lines))
            n += len(lines) - 1
            if advance is not None:
                advance(len(lines) - 1)
    return n


# PostgreSQL: the same cells in PostgreSQL's SQL, each line streamed by COPY in the binary
# format (a length and the bytes: nothing escaped, nothing to undo), then written as they come.


def _pg_needs_quotes(s: str) -> str:
    return " OR ".join(f"strpos({s}, {_char(c)}) > 0" for c in _quoted_by_csv())


def _pg_quote(s: str) -> str:
    return (
        f"""(CASE WHEN {_pg_needs_quotes(s)} THEN '"' || replace({s}, '"', '""') || '"' """
        f"ELSE {s} END)"
    )


def _pg_neutralise(s: str) -> str:
    leads = ", ".join(str(ord(c)) for c in FORMULA_LEADS)
    return f"(CASE WHEN ascii({s}) IN ({leads}) THEN '''' || {s} ELSE {s} END)"


def _pg_text(s: str) -> str:
    """``s`` (SQL text, never NULL) neutralised and quoted as csv_cell and the csv module do."""
    neutral = _pg_neutralise(s)
    return (
        f"""(CASE WHEN {_pg_needs_quotes(s)} THEN '"' || replace({neutral}, '"', '""') """
        f"""|| '"' ELSE {neutral} END)"""
    )


def _pg_string(x: str) -> str:
    return f"(CASE WHEN {x} IS NULL THEN '' ELSE {_pg_text(x)} END)"


def _pg_integer(x: str) -> str:
    return f"coalesce(({x})::text, '')"


def _pg_number(x: str) -> str:
    # PostgreSQL prints the shortest text that reads back as the float, as Python's repr
    # does; in 1e-4 <= |x| < 1e15 both write it without an exponent, Python with ".0" when
    # whole. A zero is left to Python (-0.0).
    t = f"(({x})::float8::text)"
    return (
        f"(CASE WHEN {x} IS NULL THEN '' WHEN abs(({x})::float8) >= 1e-4 "
        f"AND abs(({x})::float8) < 1e15 THEN (CASE WHEN strpos({t}, '.') > 0 THEN {t} "
        f"ELSE {t} || '.0' END) END)"
    )


def _pg_date(x: str) -> str:
    return (
        f"(CASE WHEN {x} IS NULL THEN '' WHEN {x} BETWEEN DATE '1000-01-01' AND "
        f"DATE '9999-12-31' THEN to_char({x}, 'YYYY-MM-DD') END)"
    )


def _pg_datetime(x: str) -> str:
    utc = f"(({x}) AT TIME ZONE 'UTC')"
    return (
        f"(CASE WHEN {x} IS NULL THEN '' WHEN {utc} BETWEEN TIMESTAMP '1000-01-01' AND "
        f"TIMESTAMP '9999-12-31 23:59:59.999999' THEN to_char({utc}, "
        f"""'YYYY-MM-DD"T"HH24:MI:SS') || (CASE WHEN to_char({utc}, 'US') <> '000000' """
        f"THEN to_char({utc}, '.US') ELSE '' END) || '+00:00' END)"
    )


def _pg_array(x: str) -> str:
    joined = (
        f"coalesce((SELECT string_agg(v, {_lit(LIST_SEPARATOR)} ORDER BY n) FROM "
        f"json_array_elements_text({x}) WITH ORDINALITY AS a(v, n)), '')"
    )
    return (
        f"(CASE WHEN {x} IS NULL OR ({x})::text = '[]' OR json_typeof({x}) = 'null' THEN '' "
        f"WHEN json_typeof({x}) = 'array' AND NOT EXISTS (SELECT 1 FROM "
        f"json_array_elements({x}) AS e(v) WHERE json_typeof(e.v) <> 'string') "
        f"THEN {_pg_text(joined)} END)"
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
        f"(CASE WHEN {x} IS NULL OR json_typeof({x}) = 'null' THEN '' "
        f"WHEN {_pg_votes_shaped(x)} THEN {_pg_quote(parts)} END)"
    )


def _pg_votes_part(x: str, key: str) -> str:
    return (
        f"(CASE WHEN {x} IS NULL OR json_typeof({x}) = 'null' THEN '' "
        f"WHEN {_pg_votes_shaped(x)} THEN coalesce({x} ->> '{key}', '') END)"
    )


def _pg_area(x: str) -> str:
    london = ", ".join(_lit(n) for n in sorted({*london_boroughs(), GREATER_LONDON}))
    return f"(CASE WHEN {x} IN ({london}) THEN 'London' ELSE {_pg_string(x)} END)"


_POSTGRESQL = _Forms(
    {
        "integer": _pg_integer,
        "number": _pg_number,
        "string": _pg_string,
        "date": _pg_date,
        "datetime": _pg_datetime,
        "array": _pg_array,
        "object": _pg_votes,
    },
    _pg_area,
    _pg_votes_part,
)


def pg_line_sql(columns: tuple[str, ...]) -> str:
    return " || ',' || ".join(_cell(c, _POSTGRESQL) for c in columns)


def write_csv_copy(
    conn: Connection,
    filters: Filters,
    cut: Cut,
    path: Path,
    columns: tuple[str, ...],
    *,
    text: bool = True,
    advance: Callable[[int], None] | None = None,
) -> int | None:
    """:func:`write_csv_sql` on PostgreSQL: each line made by PostgreSQL and streamed by
    ``COPY ... TO STDOUT (FORMAT binary)``; None as soon as a line is NULL or PostgreSQL
    refuses a value (a ``\\u0000`` in a list), the transaction then rolled back."""
    sub = event_rows_query(filters, cut, text=text, dialect="postgresql").subquery("r")
    stmt: Select[Any] = (
        select(literal_column(pg_line_sql(columns)))
        .select_from(sub)
        .order_by(sub.c.event_uid.collate("C"))
    )
    compiled = stmt.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True})
    params = compiled.construct_params()
    raw: Any = conn.connection.driver_connection  # psycopg's connection
    n = 0
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerow(columns)
        try:
            with (
                raw.cursor() as cursor,
                cursor.copy(f"COPY ({compiled.string}) TO STDOUT (FORMAT binary)", params) as cp,
            ):
                cp.set_types(["text"])
                lines: list[str] = []
                for (line,) in cp.rows():
                    if line is None:
                        raise _Beyond
                    lines.append(line)
                    if len(lines) == BATCH:
                        n += _write_lines(fh, lines, advance)
                        lines = []
                n += _write_lines(fh, lines, advance)
                return n
        except (_Beyond, raw.Error):
            pass
    raw.rollback()
    return None


class _Beyond(Exception):
    """A line only the reference path can write."""


def _write_lines(fh: TextIO, lines: list[str], advance: Callable[[int], None] | None) -> int:
    """Write a batch of lines in one call (a write per line costs more than the join)."""
    if not lines:
        return 0
    fh.write("\n".join(lines) + "\n")
    if advance is not None:
        advance(len(lines))
    return len(lines)
