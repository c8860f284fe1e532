"""`archive export` on both backends: every format read back with the tools researchers use
(csv, pandas, pyarrow, sqlite3, pd.read_stata), typed; filters select exactly what the same
SQL on the current_events view selects; a datapackage.json and checksum with each export."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import sqlite3
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow.parquet as pq
import pytest
from sqlalchemy import text

from archive import codebook
from archive.errors import BadInput
from archive.export import (
    COLUMNS,
    Cut,
    Filters,
    count_events,
    csv_cell,
    event_rows_query,
    run_export,
    selection,
    stream_rows,
)
from archive.export.formats import write_csv
from tests.conftest import Archive
from tests.support.research_archive import BEFORE_CORRECTION, FORMULA_HEADING, build


def export(archive: Archive, tmp_path: Path, fmt: str, **kw: Any) -> Path:
    filters = kw.pop("filters", Filters())
    cut = kw.pop("cut", Cut())
    with archive.sessions() as session:
        result = run_export(
            archive.engine,
            session,
            fmt=fmt,
            out_dir=tmp_path / fmt,
            filters=filters,
            cut=cut,
            **kw,
        )
    return result.path


def view_uids(archive: Archive, where: str = "1=1", **params: Any) -> list[str]:
    with archive.engine.connect() as conn:
        rows = conn.execute(
            text(f"SELECT event_uid FROM current_events WHERE {where}"), params
        ).scalars()
        return sorted(rows, key=str.encode)


def csv_uids(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as fh:
        return [row["event_uid"] for row in csv.DictReader(fh)]


def test_csv_reads_back_with_conventions(archive: Archive, tmp_path: Path) -> None:
    built = build(archive)
    path = export(archive, tmp_path, "csv")
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == built.n_now == len(view_uids(archive))
    assert list(rows[0]) == list(COLUMNS)
    by_place = {r["place"]: r for r in rows}
    # A heading a spreadsheet would run is made inert; a list is one cell; text keeps its
    # newlines inside one quoted cell; votes are JSON and flat.
    assert by_place["Leeds"]["heading"] == "'" + FORMULA_HEADING
    assert by_place["Hackney"]["speakers"] == "Ann Lee; Bo Ray"
    assert "\n\nSecond paragraph" in by_place["Hackney"]["text"]
    walthamstow = by_place["Walthamstow"]
    assert json.loads(walthamstow["votes"]) == {"against": 104, "for": 205}
    assert (walthamstow["votes_for"], walthamstow["votes_against"]) == ("205", "104")
    assert walthamstow["size_low"] == "" and by_place["Kilburn"]["size_low"] == "3500"
    assert (walthamstow["area"], walthamstow["admin2"]) == ("London", "Waltham Forest")
    assert by_place["Leeds"]["size_high"] == "800"
    assert float(by_place["Kilburn"]["longitude"]) < 0  # a number: not neutralised
    raw = path.read_text(encoding="utf-8")
    assert raw.count("\n") > len(rows) + 1  # newlines are inside quoted cells
    assert "\n=" not in raw and ",=" not in raw
    frame = pd.read_csv(path, parse_dates=["event_date", "published"])
    assert len(frame) == built.n_now
    assert frame["size_low"].dtype.kind in "if"  # numbers, not text


def test_datapackage_and_checksum(archive: Archive, tmp_path: Path) -> None:
    build(archive)
    path = export(archive, tmp_path, "csv")
    package = json.loads((path.parent / "datapackage.json").read_text())
    resource = package["resources"][0]
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    assert resource["hash"] == f"sha256:{digest}"
    assert resource["bytes"] == path.stat().st_size and resource["path"] == "events.csv"
    assert (path.parent / "events.csv.sha256").read_text() == f"{digest}  events.csv\n"
    fields = resource["schema"]["fields"]
    assert [f["name"] for f in fields] == list(COLUMNS)
    for f in fields:
        assert f["description"] == codebook.column(f["name"]).description
    types = {f["name"]: f["type"] for f in fields}
    assert types["event_date"] == "date" and types["size_low"] == "integer"
    assert types["speakers"] == "string"  # "; "-joined in CSV
    enum = next(f for f in fields if f["name"] == "event_type")["constraints"]["enum"]
    assert "rally" in enum
    assert package["campaign_archive"]["cut"] == {"as_of": "now"}


def test_parquet_has_real_dates_and_integers(archive: Archive, tmp_path: Path) -> None:
    built = build(archive)
    path = export(archive, tmp_path, "parquet")
    table = pq.read_table(path)
    assert table.num_rows == built.n_now
    schema = table.schema
    assert str(schema.field("event_date").type) == "date32[day]"
    assert str(schema.field("published").type) == "date32[day]"
    assert str(schema.field("size_low").type) == "int64"
    assert str(schema.field("valid_from").type) == "timestamp[us, tz=UTC]"
    assert str(schema.field("speakers").type.value_type) == "string"
    assert str(schema.field("latitude").type) == "double"
    assert str(schema.field("geonameid").type) == "int64"
    assert schema.field("place").metadata[b"description"].decode().startswith("The town")
    frame = pd.read_parquet(path)
    hackney = frame[frame["place"] == "Hackney"].iloc[0]
    assert list(hackney["speakers"]) == ["Ann Lee", "Bo Ray"]
    assert hackney["event_date"] == date(2016, 3, 1)
    assert sorted(frame["event_uid"], key=str.encode) == view_uids(archive)


def test_stata_reads_back_typed(archive: Archive, tmp_path: Path) -> None:
    built = build(archive)
    path = export(archive, tmp_path, "dta")
    frame = pd.read_stata(path)
    assert len(frame) == built.n_now
    assert frame["event_date"].dtype.kind == "M" and frame["published"].dtype.kind == "M"
    assert frame["event_id"].dtype.kind == "i"  # never missing: a Stata integer read as one
    with pd.io.stata.StataReader(path) as reader:
        labels = reader.variable_labels()
        reader.read(1)
        kinds = dict(zip(frame.columns, reader._typlist, strict=True))
    assert kinds["size_low"] in ("b", "h", "l")  # byte/int/long with Stata missing values
    assert labels["place"].startswith("The town")
    kilburn = frame[frame["place"] == "Kilburn"].iloc[0]
    assert kilburn["size_low"] == 3500 and kilburn["event_date"] == pd.Timestamp(2016, 8, 21)
    assert frame["latitude"].dtype.kind == "f" and kilburn["area"] == "London"


def test_sqlite_is_self_contained_and_typed(archive: Archive, tmp_path: Path) -> None:
    built = build(archive)
    path = export(archive, tmp_path, "sqlite")
    conn = sqlite3.connect(path)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert tables == {"events", "codebook", "event_types"}  # no page bodies
        (n,) = conn.execute("SELECT count(*) FROM events").fetchone()
        assert n == built.n_now
        (kind,) = conn.execute(
            "SELECT typeof(size_low) FROM events WHERE place='Kilburn'"
        ).fetchone()
        assert kind == "integer"
        (desc,) = conn.execute(
            "SELECT description FROM codebook WHERE column_name='event_uid'"
        ).fetchone()
        assert desc == codebook.column("event_uid").description
        london = conn.execute(
            "SELECT count(*) FROM events WHERE place IN ('Kilburn','Walthamstow','Hackney','Camden')"
        ).fetchone()
        assert london == (4,)
    finally:
        conn.close()
    meta = json.loads((path.parent / "metadata.json").read_text())
    columns = meta["databases"]["events"]["tables"]["events"]["columns"]
    assert set(columns) == set(COLUMNS)


def test_jsonl_rows_equal_the_stream(archive: Archive, tmp_path: Path) -> None:
    build(archive)
    path = export(archive, tmp_path, "jsonl", text=False)
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert all("text" not in r for r in rows)
    with archive.engine.connect() as conn:
        streamed = list(stream_rows(conn, Filters(), Cut(), text=False))
    assert [r["event_uid"] for r in rows] == [r["event_uid"] for r in streamed]
    assert rows[0]["published"] == streamed[0]["published"].isoformat()


FILTER_CASES: list[tuple[str, Filters, str, dict[str, Any]]] = [
    ("type", Filters(types=("rally",)), "event_type = 'rally'", {}),
    (
        "dates",
        Filters(date_from=date(2016, 1, 1), date_to=date(2016, 12, 31)),
        "event_date >= :a AND event_date <= :b",
        {"a": date(2016, 1, 1), "b": date(2016, 12, 31)},
    ),
    (
        "rallies-2016-over-500",
        Filters(
            types=("rally",), date_from=date(2016, 1, 1), date_to=date(2016, 12, 31), min_size=500
        ),
        "event_type = 'rally' AND event_date >= :a AND event_date <= :b AND size_low >= 500",
        {"a": date(2016, 1, 1), "b": date(2016, 12, 31)},
    ),
    ("min-size", Filters(min_size=100), "size_low >= 100", {}),
    ("site", Filters(sites=("www.example.org",)), "site = 'example.org'", {}),
    ("london", Filters(places=("London",)), "area = 'London'", {}),
    (
        "london-by-name",
        Filters(places=("London",)),
        "place IN ('Kilburn', 'Walthamstow', 'Hackney', 'Camden')",
        {},
    ),
    ("borough", Filters(places=("Camden",)), "admin2 = 'Camden'", {}),
    ("town", Filters(places=("Leeds",)), "place = 'Leeds'", {}),
]


@pytest.mark.parametrize(
    ("filters", "where", "params"),
    [case[1:] for case in FILTER_CASES],
    ids=[case[0] for case in FILTER_CASES],
)
def test_filters_select_what_the_sql_selects(
    archive: Archive, tmp_path: Path, filters: Filters, where: str, params: dict[str, Any]
) -> None:
    build(archive)
    expected = view_uids(archive, where, **params)
    assert expected, "the case must select something"
    assert csv_uids(export(archive, tmp_path, "csv", filters=filters)) == expected


def test_as_of_export_is_the_state_then(archive: Archive, tmp_path: Path) -> None:
    built = build(archive)
    path = export(archive, tmp_path, "csv", cut=Cut(at=BEFORE_CORRECTION))
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == built.n_before
    camden = next(r for r in rows if r["place"] == "Camden")
    assert camden["size_low"] == "120"
    stall = next(r for r in rows if r["event_type"] == "stall")  # closed since
    assert (stall["size_text"], stall["place"], stall["geo_precision"]) == ("dozens", "", "")
    package = json.loads((path.parent / "datapackage.json").read_text())
    assert package["campaign_archive"]["cut"] == {"as_of": BEFORE_CORRECTION.isoformat()}


def test_progress_bar_on_a_terminal(archive: Archive, tmp_path: Path) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    build(archive)
    bar = Terminal()
    export(archive, tmp_path, "csv", progress_stream=bar)
    assert bar.getvalue().startswith("\rexport [") and "7/7 (100%)" in bar.getvalue()
    quiet = io.StringIO()
    export(archive, tmp_path / "again", "csv", progress_stream=quiet)
    assert quiet.getvalue() == ""


def test_refuses_to_overwrite_and_unknown_values(archive: Archive, tmp_path: Path) -> None:
    build(archive)
    export(archive, tmp_path, "csv")
    with pytest.raises(BadInput, match="exists"):
        export(archive, tmp_path, "csv")
    export(archive, tmp_path, "csv", force=True)
    with pytest.raises(BadInput, match="unknown event type 'riot'"):
        Filters(types=("riot",))
    with pytest.raises(BadInput, match="no page was parsed by these rules"):
        export(archive, tmp_path / "v", "csv", cut=Cut(parser_version="9.9"))
    assert not (tmp_path / "v" / "events.csv").exists()


@pytest.mark.parametrize(
    "filters", [case[1] for case in FILTER_CASES], ids=[case[0] for case in FILTER_CASES]
)
@pytest.mark.parametrize("when", ["now", "as-of"])
def test_count_is_the_number_of_rows(archive: Archive, filters: Filters, when: str) -> None:
    """count_events asks some filters differently from the rows' query (the place filter in
    parts, each backend's way, no joins it does not need): each backend's form of the count,
    on either backend, must still count exactly the rows."""
    build(archive)
    cut = Cut(at=BEFORE_CORRECTION) if when == "as-of" else Cut()
    with archive.engine.connect() as conn:
        rows = list(stream_rows(conn, filters, cut))
        counted = count_events(conn, filters, cut)
        forms = {
            form: conn.execute(selection.count_query(filters, cut, dialect=form)).scalar_one()
            for form in ("sqlite", "postgresql")
        }
    assert rows, "the case must select something"
    assert counted == len(rows)
    assert forms == {"sqlite": len(rows), "postgresql": len(rows)}


def test_a_place_counts_its_rows_by_name_or_by_area(archive: Archive) -> None:
    """The place parts count the OR: a version found both by name and by borough counts
    once, one found by borough alone (its name unknown, or none) counts too."""
    build(archive)
    with archive.engine.begin() as conn:
        ids = conn.scalars(
            text("SELECT id FROM event_versions WHERE valid_to IS NULL ORDER BY id")
        ).all()
        conn.execute(
            text("UPDATE event_versions SET place = NULL, admin2 = 'Camden' WHERE id = :i"),
            {"i": ids[0]},
        )
        conn.execute(
            text(
                "UPDATE event_versions SET place = 'Nowhere Wick', admin2 = 'Camden' WHERE id = :i"
            ),
            {"i": ids[1]},
        )
        conn.execute(
            text("UPDATE event_versions SET place = 'Camden', admin2 = NULL WHERE id = :i"),
            {"i": ids[2]},
        )
    for place in ("London", "Camden"):
        filters = Filters(places=(place,))
        with archive.engine.connect() as conn:
            rows = list(stream_rows(conn, filters, Cut()))
            assert count_events(conn, filters, Cut()) == len(rows)
            # Each backend's form (disjoint parts; inclusion and exclusion) on either backend.
            for form in ("sqlite", "postgresql"):
                counted = conn.execute(selection.count_query(filters, Cut(), dialect=form))
                assert counted.scalar_one() == len(rows), form
        version_ids = {r["version_id"] for r in rows}
        assert set(ids[:3]) <= version_ids


CELLS: list[Any] = [
    None, "", "plain", "=SUM(A1)", "+1", "-2", "@x", "\tx", "\rx", "line\nbreak", 'a "q"',
    0, -3, 10**20, True, False, 1.5, -0.25, 1e-7, float("inf"), date(2016, 2, 29),
    datetime(2020, 1, 2, 3, 4, 5, tzinfo=UTC), ["a", "b"], ["=x"], [], {"for": 3, "against": 1},
    (1, 2), Decimal("1.50"),
]  # fmt: skip


def test_csv_rows_are_csv_cell_of_each_value() -> None:
    """write_csv takes a faster way to each cell than csv_cell: the same bytes, whatever the
    value's type (a bool is not an int, a str subclass is still a str)."""

    class Label(str):
        pass

    values = [*CELLS, Label("=label")]
    columns = tuple(f"c{i}" for i in range(len(values)))
    rows = [dict(zip(columns, values, strict=True)), dict(zip(columns, values[::-1], strict=True))]
    fast = io.StringIO()
    assert write_csv(rows, fast, columns) == 2
    slow = io.StringIO()
    writer = csv.writer(slow, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([csv_cell(row[c]) for c in columns])
    assert fast.getvalue() == slow.getvalue()
    one = io.StringIO()
    write_csv([{"c0": "=x"}], one, ("c0",))
    assert one.getvalue() == "c0\n'=x\n"


# Values the SQL-formatted CSV (archive.export.sqlcsv) must render exactly as csv_cell does.
AWKWARD: list[dict[str, Any]] = [
    {"heading": '=1+1, "quoted"', "text": "line one\nline two, with a comma", "venue": "",
     "speakers": ["Ann, Lee", '"Bo"', "=x", "Zoë"], "organisations": [], "votes": {"for": 7},
     "latitude": 51.5, "longitude": -0.1275, "money_raised": 1234.5, "admin2": "Camden",
     "size_text": "-5 or so", "date_text": "\tTab lead", "place": "Café \u2028 sep"},
    {"heading": "\rcarriage, comma", "text": "a\r\nb", "venue": "@home", "speakers": ["+44"],
     "organisations": ["One; Two"], "votes": {"against": 3, "for": 0}, "latitude": 1e-4,
     "longitude": 123456.789012345, "money_raised": 0.1, "admin2": None,
     "attendance": 0, "size_high": -1},
    {"heading": None, "text": "", "speakers": [""], "votes": {}, "latitude": 0.3,
     "admin2": "Greater London", "reporter": "O'Brien", "money_raised": 1234.0},
    {"speakers": ["", ""], "organisations": [", ", "a"], "venue": "\\back\\slash",
     "size_text": '"', "place": "Zoë \U0001F600", "reporter": "end\n"},
    {"speakers": ['say "hi"', "Zoë"], "organisations": ["x\ny", "tab\tin"],
     "latitude": -12.25, "longitude": -98765.4321, "votes": {"for": 2, "against": 0}},
    {"latitude": 2.0**-13, "longitude": 99999999999999.9, "money_raised": 9999999999.99,
     "valid_from": datetime(2026, 1, 1, 12, 30, 5, 250000, tzinfo=UTC)},
    {"valid_from": datetime(2026, 1, 1, 12, 30, 5, 1, tzinfo=UTC), "event_date": date(1999, 12, 31)},
]  # fmt: skip
# Values only the reference path renders, and the backends whose fast path gives up on them
# (the export is then the reference's): both write floats as Python does only in
# 1e-4 <= |x| < 1e15 and not for a zero (-0.0), SQLite only to 15 digits; COPY quotes a lone
# carriage return where the csv module does not.
BOTH = ("sqlite", "postgresql")
BEYOND_SQL: list[tuple[dict[str, Any], tuple[str, ...]]] = [
    ({"latitude": -0.0}, BOTH),
    ({"longitude": 1e16}, BOTH),
    ({"latitude": 1e-5}, BOTH),
    ({"latitude": 0.30000000000000004}, ("sqlite",)),
    ({"speakers": ["a", 3]}, BOTH),
    ({"organisations": ["a", ["b"], "c"]}, BOTH),
    ({"votes": {"for": 1, "other": 2}}, BOTH),
    ({"votes": {"for": True}}, BOTH),
    ({"votes": {"for": 1.5}}, BOTH),
    ({"heading": "lone\rreturn"}, ("postgresql",)),
]


def _set_versions(archive: Archive, values: list[dict[str, Any]]) -> None:
    """Give the first versions the export holds these values."""
    from sqlalchemy import update

    from archive.models import EventVersion

    with archive.engine.connect() as conn:
        ids = [row["version_id"] for row in stream_rows(conn, Filters(), Cut())]
    with archive.engine.begin() as conn:
        assert len(ids) >= len(values)
        for i, row in zip(ids, values, strict=False):
            conn.execute(update(EventVersion).where(EventVersion.id == i).values(**row))


def _lines(path: Path) -> list[bytes]:
    return path.read_bytes().split(b"\n")


def _reference_csv(archive: Archive) -> str:
    out = io.StringIO()
    with archive.engine.connect() as conn:
        write_csv(stream_rows(conn, Filters(), Cut()), out, COLUMNS)
    return out.getvalue()


def test_sql_formatted_csv_is_the_reference_bytes(archive: Archive, tmp_path: Path) -> None:
    """The database formats each CSV line (issue 14): byte for byte the reference writer's,
    on values chosen to be awkward, with a filter and a cut too."""
    from archive.export.sqlcsv import can_write, write_csv_copy, write_csv_sql

    build(archive)
    _set_versions(archive, AWKWARD)
    reference = _reference_csv(archive)
    assert "Zoë" in reference and '"=1+1' not in reference  # the values are in it
    assert "12:30:05.250000+00:00" in reference and "12:30:05.000001+00:00" in reference
    with archive.engine.connect() as conn:
        if can_write(conn, COLUMNS):
            write = write_csv_sql if conn.dialect.name == "sqlite" else write_csv_copy
            fast = tmp_path / "fast.csv"
            assert write(conn, Filters(), Cut(), fast, COLUMNS) is not None
            assert _lines(fast) == reference.encode().split(b"\n")  # (a readable diff)
            assert fast.read_bytes() == reference.encode()
            # a filter and a cut go through the same query
            sub = Filters(places=("London",))
            assert write(conn, sub, Cut(at=BEFORE_CORRECTION), fast, COLUMNS)
            out = io.StringIO()
            write_csv(stream_rows(conn, sub, Cut(at=BEFORE_CORRECTION)), out, COLUMNS)
            assert fast.read_bytes() == out.getvalue().encode()
    assert export(archive, tmp_path, "csv").read_bytes() == reference.encode()


@pytest.mark.parametrize("beyond", range(len(BEYOND_SQL)))
def test_values_beyond_sql_fall_back_to_the_reference(
    archive: Archive, tmp_path: Path, beyond: int
) -> None:
    from archive.export.sqlcsv import can_write, write_csv_copy, write_csv_sql

    build(archive)
    _set_versions(archive, [AWKWARD[0], BEYOND_SQL[beyond][0]])
    reference = _reference_csv(archive)
    with archive.engine.connect() as conn:
        if can_write(conn, COLUMNS):
            write = write_csv_sql if conn.dialect.name == "sqlite" else write_csv_copy
            fast = tmp_path / "fast.csv"
            written = write(conn, Filters(), Cut(), fast, COLUMNS)
            if conn.dialect.name in BEYOND_SQL[beyond][1]:
                assert written is None
            else:  # this backend's fast path writes it
                assert written is not None and fast.read_bytes() == reference.encode()
    assert export(archive, tmp_path, "csv").read_bytes() == reference.encode()


@pytest.mark.parametrize("when", ["now", "as-of"])
@pytest.mark.parametrize("shape", ["collect", "walk"])
def test_every_shape_reads_the_same_rows(
    archive: Archive, when: str, shape: selection.Shape
) -> None:
    """The rows asked as "collect the matches, sort, join" (PostgreSQL, few matches) or as
    "walk, the tests likely true" (SQLite, many) are the rows of the query as asked, in the
    same order, a page of them the first rows, on either backend's SQL, for every filter
    case (one archive for all of them: building it is the test's cost)."""
    if shape == "walk" and archive.engine.dialect.name != "sqlite":
        pytest.skip("likely() is SQLite's")
    build(archive)
    cut = Cut(at=BEFORE_CORRECTION) if when == "as-of" else Cut()
    with archive.engine.connect() as conn:
        dialect = conn.dialect.name
        for case_id, filters, *_ in FILTER_CASES:
            asked = conn.execute(event_rows_query(filters, cut, dialect=dialect)).all()
            if shape == "collect" and not selection._collectable(filters, cut):
                with pytest.raises(ValueError, match="not collected first"):
                    event_rows_query(filters, cut, dialect=dialect, shape=shape)
                continue
            query = event_rows_query(filters, cut, dialect=dialect, shape=shape)
            shaped = conn.execute(query).all()
            page = conn.execute(query.limit(2)).all()
            assert asked, f"{case_id}: the case must select something"
            assert [tuple(r) for r in shaped] == [tuple(r) for r in asked], case_id
            assert [tuple(r) for r in page] == [tuple(r) for r in asked[:2]], case_id


def test_read_shape_by_how_many_match(archive: Archive, monkeypatch: pytest.MonkeyPatch) -> None:
    """A filter on the versions' own columns: PostgreSQL collects its matches first when
    they are few (at most FEW) and leaves many to its walk; SQLite leaves a few to its own
    plan and walks many. No such filter, an article or a parser version: as asked."""
    build(archive)
    rally = Filters(types=("rally",))
    with archive.engine.connect() as conn:
        n = count_events(conn, rally, Cut())
        few, many = ("collect", "asked") if conn.dialect.name == "postgresql" else ("asked", "walk")
        assert selection.read_shape(conn, rally, Cut()) == few
        assert selection.read_shape(conn, rally, Cut(), matched=n) == few
        assert selection.read_shape(conn, rally, Cut(), matched=selection.FEW + 1) == many
        assert selection.read_shape(conn, Filters(), Cut()) == "asked"
        assert selection.read_shape(conn, Filters(sites=("example.org",)), Cut()) == "asked"
        with_article = Filters(types=("rally",), article_id=1)
        assert selection.read_shape(conn, with_article, Cut(), matched=1) == "asked"
        assert selection.read_shape(conn, rally, Cut(parser_version="0.1.0")) == "asked"
        monkeypatch.setattr(selection, "FEW", n - 1)
        assert selection.read_shape(conn, rally, Cut()) == many
        rows = list(stream_rows(conn, rally, Cut()))
    assert len(rows) == n
