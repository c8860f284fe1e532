"""The streaming Stata writer (archive/export/stata.py) against pandas' own: for the same rows
it writes the same bytes as ``DataFrame.to_stata(version=118)`` (strLs stored once per cell
aside), and ``pd.read_stata`` reads back the same values and dtypes, for Unicode, NULLs in
every type, dates, long texts (strL) and no rows at all. And `archive export --format dta` on
both backends reads back as the in-memory pandas export of the same rows did."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from archive import codebook
from archive.export import Cut, Filters, columns, run_export, stream_rows
from archive.export.formats import LIST_SEPARATOR, STATA_LABEL, _dta_kind, _json_text
from archive.export.stata import Variable, write_dta
from tests.conftest import Archive
from tests.support.research_archive import build

STAMP = datetime(2026, 12, 1, 9, 30)
VARIABLES = (
    Variable("uid", "string", "Stable id"),
    Variable("n", "integer", "A count"),
    Variable("x", "number", "A number"),
    Variable("day", "date", "A date"),
    Variable("at", "datetime", "A time (UTC)"),
    Variable("text", "string", "Report text, ünïcødé label"),
)
LONG = "Paragraph of a long report. " * 80  # 2,240 bytes: a strL
WIDE = "é" * 1100  # 1,100 characters but 2,200 bytes: a strL too

CASES: dict[str, list[tuple[Any, ...]]] = {
    "plain": [
        ("a:1", 3, 1.5, date(2016, 3, 1), datetime(2026, 1, 2, 3, 4, 5), "Rally"),
        ("a:2", 250, -2.25, date(1959, 12, 31), datetime(1950, 6, 1), "Picket"),
    ],
    "unicode": [
        (
            "ü:1",
            1,
            0.0,
            date(2020, 2, 29),
            datetime(2020, 2, 29, 23, 59, 59),
            "Café “quoted” 日本 🎉",
        ),
        ("ü:2", 2, 1.0, date(2020, 3, 1), datetime(2020, 3, 1), "Ŵales — Cymru"),
    ],
    "nulls in every type": [
        ("n:1", None, None, None, None, None),
        ("n:2", 7, 2.5, date(2016, 1, 1), datetime(2016, 1, 1, 12), "x"),
        ("n:3", None, None, None, None, ""),
    ],
    "all null": [("z:1", None, None, None, None, None)],
    "microseconds": [("m:1", 0, 0.1, date(2000, 1, 1), datetime(2026, 5, 6, 7, 8, 9, 123456), "t")],
    "big integers": [
        ("b:1", 3_000_000_000, 1.0, None, None, "a"),
        ("b:3", -5, 2.0, None, None, ""),
    ],
    "long texts (strL)": [
        ("l:1", 1, 1.0, date(2016, 1, 1), None, LONG),
        ("l:2", 2, 2.0, None, None, ""),
        ("l:3", 3, None, None, None, WIDE),
        ("l:4", None, None, None, None, None),
    ],
    "widest fixed string": [("w:1", 1, 1.0, None, None, "y" * 2045)],
    "no rows": [],
    # Many rows sharing value objects (as rows from one query do), on both sides of the spool.
    "many rows": [
        (f"m:{i}", i % 7 or None, 0.5, date(2016, 1, 1 + i % 28), None, ("Rally", "", None)[i % 3])
        for i in range(300)
    ],
}
# Cases that read back the same but are not the same bytes: pandas keeps one copy of a
# repeated strL; and it writes a missing integer stored as a double with a value past Stata's
# ".z" (its BASE_MISSING_VALUES["float64"]), where we write Stata's ".".
SAME_VALUES_ONLY = {
    "repeated strL": [("r:1", 1, 1.0, None, None, LONG), ("r:2", 2, 2.0, None, None, LONG)],
    "big integers with a missing one": [("b:2", None, 2.0, None, None, "")] + CASES["big integers"],
}


def pandas_dta(
    rows: Sequence[Sequence[Any]], variables: Sequence[Variable], path: Path, **kw: Any
) -> None:
    """What `archive export --format dta` wrote before it streamed: a pandas frame."""
    data: dict[str, Any] = {}
    for i, var in enumerate(variables):
        values = [row[i] for row in rows]
        if var.kind == "integer":
            data[var.name] = pd.array(values, dtype="Int64")
        elif var.kind == "number":
            data[var.name] = pd.array(values, dtype="Float64")
        elif var.kind in ("date", "datetime"):
            data[var.name] = pd.to_datetime(pd.Series(values, dtype=object))
        else:
            data[var.name] = pd.Series(["" if v is None else v for v in values], dtype=object)
    pd.DataFrame(data, columns=[v.name for v in variables]).to_stata(
        path,
        version=118,
        write_index=False,
        convert_dates={
            v.name: "td" if v.kind == "date" else "tc"
            for v in variables
            if v.kind in ("date", "datetime")
        },
        variable_labels={v.name: v.label for v in variables},
        time_stamp=STAMP,
        **kw,
    )


def ours(
    rows: Sequence[Sequence[Any]], path: Path, variables: Sequence[Variable] = VARIABLES
) -> int:
    return write_dta(rows, path, variables, data_label="campaign-archive events", time_stamp=STAMP)


@pytest.mark.parametrize("case", list(CASES))
def test_same_bytes_and_values_as_pandas(case: str, tmp_path: Path) -> None:
    rows = CASES[case]
    mine, theirs = tmp_path / "mine.dta", tmp_path / "pandas.dta"
    assert ours(rows, mine) == len(rows)
    pandas_dta(rows, VARIABLES, theirs, data_label="campaign-archive events")
    assert mine.read_bytes() == theirs.read_bytes()
    got, want = pd.read_stata(mine), pd.read_stata(theirs)
    pd.testing.assert_frame_equal(got, want)
    assert len(got) == len(rows)
    with pd.io.stata.StataReader(mine) as reader:
        assert reader.variable_labels()["text"] == "Report text, ünïcødé label"
        assert reader.data_label == "campaign-archive events"


def test_values_read_back(tmp_path: Path) -> None:
    path = tmp_path / "x.dta"
    ours(CASES["nulls in every type"] + CASES["long texts (strL)"] + CASES["unicode"], path)
    frame = pd.read_stata(path)
    first = frame.iloc[0]
    assert pd.isna(first["n"]) and pd.isna(first["x"]) and pd.isna(first["day"])
    assert pd.isna(first["at"]) and first["text"] == ""
    assert frame["day"].dtype.kind == "M" and frame["at"].dtype.kind == "M"
    assert list(frame["text"][3:6]) == [LONG, "", WIDE]
    assert frame.iloc[1]["day"] == pd.Timestamp(2016, 1, 1)
    assert frame["text"].iloc[-2] == "Café “quoted” 日本 🎉"
    with pd.io.stata.StataReader(path) as reader:
        reader.read(1)
        types = dict(zip(frame.columns, reader._typlist, strict=True))
    # "ü:1" is 3 characters, 4 bytes: widths are in bytes.
    assert types["text"] == "Q" and types["uid"] == 4 and types["n"] == "l"


@pytest.mark.parametrize("case", list(SAME_VALUES_ONLY))
def test_same_values_as_pandas(case: str, tmp_path: Path) -> None:
    rows = SAME_VALUES_ONLY[case]
    mine, theirs = tmp_path / "mine.dta", tmp_path / "pandas.dta"
    ours(rows, mine)
    pandas_dta(rows, VARIABLES, theirs, data_label="campaign-archive events")
    pd.testing.assert_frame_equal(pd.read_stata(mine), pd.read_stata(theirs))


def test_aware_times_are_utc(tmp_path: Path) -> None:
    aware = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    path = tmp_path / "t.dta"
    ours([("t:1", 1, 1.0, aware.date(), aware, "x")], path)
    assert pd.read_stata(path)["at"].iloc[0] == pd.Timestamp(2026, 1, 2, 3, 4, 5)


def _as_today(row: dict[str, Any], name: str) -> Any:
    kind, value = codebook.column(name).type, row[name]
    if kind == "array":
        return LIST_SEPARATOR.join(value or ())
    if kind == "object":
        return _json_text(value) or ""
    if kind == "datetime" and value is not None:
        return value.replace(tzinfo=None)
    return value


def test_export_reads_back_as_the_in_memory_export(archive: Archive, tmp_path: Path) -> None:
    """`archive export --format dta` on this backend, against the pandas export of the same
    rows (the writer before it streamed): the same frame, dtypes included."""
    build(archive)
    with archive.sessions() as session:
        result = run_export(
            archive.engine, session, fmt="dta", out_dir=tmp_path, filters=Filters(), cut=Cut()
        )
    cols = columns()
    with archive.engine.connect() as conn:
        rows = [[_as_today(r, c) for c in cols] for r in stream_rows(conn, Filters(), Cut())]
    variables = [
        Variable(
            c, _dta_kind(codebook.column(c).type), codebook.column(c).description[:STATA_LABEL]
        )
        for c in cols
    ]
    reference = tmp_path / "pandas.dta"
    pandas_dta(rows, variables, reference, data_label="campaign-archive events")
    got = pd.read_stata(result.path)
    assert len(got) == len(rows) > 0
    pd.testing.assert_frame_equal(got, pd.read_stata(reference))
    with archive.sessions() as session:
        none = run_export(
            archive.engine,
            session,
            fmt="dta",
            out_dir=tmp_path / "none",
            filters=Filters(min_size=10**9),
            cut=Cut(),
        )
    empty = pd.read_stata(none.path)
    assert none.rows == 0 and list(empty.columns) == list(cols) and len(empty) == 0
    # The spools are gone: only the export's own files remain.
    names = {p.name for p in none.path.parent.iterdir()}
    assert names == {"events.dta", "events.dta.sha256", "datapackage.json"}
