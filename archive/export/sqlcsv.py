"""CSV export with SQLite formatting each row: the same bytes as :func:`formats.write_csv`.

Why: at a million events the reference path (a Python value per cell, then :func:`csv_cell`
and the csv module) took 6x as long as ``sqlite3 -csv`` dumping the same view (issue 14).
Here SQLite writes each row as one line of CSV text, cell by cell as :func:`csv_cell` and the
csv module would, and Python only writes the lines.

Every cell expression is NULL whenever the stored value is one it cannot prove it renders as
the reference path does (a number outside the range where SQLite's ``%!.15g`` is Python's
``repr``, a zero (whose sign SQLite drops), a list with an item that is not text, votes of
another shape, a time not in the form the archive writes, a value of an unexpected storage
class). A NULL cell makes the whole line NULL (``||`` with NULL is NULL); the first such line
abandons the fast file and the export is written again by the reference path, so the bytes
never depend on which path wrote them. PostgreSQL, and a one-column export (the csv module
quotes a lone empty cell), take the reference path.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Connection, literal_column, select

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


_BY_TYPE: dict[str, Callable[[str], str]] = {
    "integer": _integer,
    "number": _number,
    "string": _string,
    "date": _date,
    "datetime": _datetime,
    "array": _array,
    "object": _votes,
}


def _cell(name: str) -> str:
    def col(n: str) -> str:
        return f'r."{n}"'

    if name == "area":
        return _area(col("admin2"))
    if name in ("votes_for", "votes_against"):
        return _votes_part(col("votes"), name.removeprefix("votes_"))
    kind = codebook.column(name).type
    if kind == "object" and name != "votes":
        raise ValueError(f"no SQL form for the object column {name}")
    return _BY_TYPE[kind](col(name))


def line_sql(columns: tuple[str, ...]) -> str:
    """The SQL of one CSV line (without its newline) over the stored columns as ``r``."""
    return " || ',' || ".join(_cell(c) for c in columns)


def can_write(conn: Connection, columns: tuple[str, ...]) -> bool:
    return conn.dialect.name == "sqlite" and len(columns) > 1


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
    stmt = select(literal_column(line_sql(columns))).select_from(sub).order_by(sub.c.event_uid)
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
