"""Research queries at a million events: p50/p95 of the everyday filters, and the export rate
against the database's own dump of the same view.

Builds a synthetic archive (bulk inserts through the models, minutes not hours): 10,000
articles a year over 20 years, five events each (``--events``, default 1,000,000), on three
sites, at places in and out of London (its districts filed under their boroughs, as the
gazetteer files them), with sizes, dates (some missing) and realistic versions: 20% of the
events have a second version from a later re-parse, a tenth of those a third.

Then, on each backend asked for, times each everyday question the way `archive events` and
the browser ask it: count the matching events and fetch the first 100 rows in uid order (a
page; what `archive events | head` or Datasette shows first), ``--repeat`` times each with
varying parameters, and prints p50/p95 in milliseconds (the page asked as `archive events`
asks it: shaped by how many events the filter matches, see
``archive.export.selection.read_shape``, whose count is the count here):

- type + year; place incl. districts (``--place London``); min size; site; as of a past
  date (with a type and a year, as a study asks it); one event's history (by uid);
- full-text: FTS5 over the served file that `archive serve` prepares (the project's
  full-text path on both backends), count + first 100 rows, asked as its canned queries
  ``search_count``/``search`` ask it (the index alone) and as Datasette's table search box
  asks it (which this project does not write: it stays slow on common words).

And the export: `archive export --format csv` in a child process against the database's own
CSV dump of the same view in the same order (``sqlite3 -csv`` / ``psql \\copy``), as a ratio.
``--plans`` prints each query's plan (EXPLAIN QUERY PLAN / EXPLAIN): how the indexes of
migrations 5b8f0d2c7e41, 7c3a9e1f5d20 and 3d6b2f8a1c94 were chosen.

    .venv/bin/python benchmarks/query.py [--events N] [--backends sqlite,postgresql]
        [--pg-url postgresql://postgres@127.0.0.1:5432/test] [--repeat 20] [--plans]
        [--skip-export] [--skip-fts] [--keep DIR]

``--keep DIR`` works in DIR and leaves the archives behind (SQLite in DIR, PostgreSQL as
database ``bench_query_N``); a later run with the same ``--keep`` and ``--events`` reuses
them, migrated to the schema head, instead of building them again.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, insert, select, text
from sqlalchemy.engine import make_url

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from archive import db  # noqa: E402
from archive.export import Cut, Filters, count_events, event_rows_query  # noqa: E402
from archive.export.selection import count_query, read_shape  # noqa: E402
from archive.models import Article, Event, EventVersion, Snapshot, Source  # noqa: E402
from archive.progress import Progress  # noqa: E402
from scraper.parsers.fields.geo import locate  # noqa: E402

PER_ARTICLE = 5
YEARS = tuple(range(2006, 2026))
CHUNK_ARTICLES = 4000
PAGE = 100
SITES = (("socialistparty.org.uk", 60), ("socialistworker.co.uk", 25), ("example.org", 15))
TYPES = (
    ("rally", 25), ("meeting", 20), ("picket", 15), ("protest", 10), ("demonstration", 8),
    ("stall", 8), ("march", 6), ("strike", 4), ("occupation", 2), ("vigil", 2),
)  # fmt: skip
PLACES = (
    "Kilburn", "Hackney", "Camden", "Walthamstow", "Brixton", "Lewisham", "Leeds", "Manchester",
    "Derby", "Swansea", "Norwich", "Hull", "Glasgow", "Cardiff", "Bristol", "Sheffield",
    "Liverpool", "Newcastle upon Tyne", "Harrogate", "Coventry", None,
)  # fmt: skip
WORDS = (
    "library", "nurses", "rent", "bus", "depot", "council", "pay", "ward", "school", "youth",
    "housing", "porters", "petition", "tenants", "drivers", "budget", "closure", "station",
)  # fmt: skip
FIRST_PARSE = datetime(2024, 1, 1, tzinfo=UTC)
REPARSE = datetime(2025, 6, 1, tzinfo=UTC)
AS_OF = datetime(2024, 9, 1, tzinfo=UTC)  # before every re-parse, after ~2/3 of first parses


def _weighted(pairs: tuple[tuple[Any, int], ...]) -> list[Any]:
    return [value for value, weight in pairs for _ in range(weight)]


@dataclass(frozen=True)
class Geo:
    place: str | None
    fields: dict[str, Any]


def _geos() -> list[Geo]:
    out = []
    for name in PLACES:
        geo = locate(name)
        out.append(
            Geo(
                name,
                {
                    "geonameid": geo.geonameid,
                    "latitude": geo.latitude,
                    "longitude": geo.longitude,
                    "admin1": geo.admin1,
                    "admin2": geo.admin2,
                    "geo_precision": geo.precision,
                },
            )
        )
    return out


def _fields(e: int, rng: random.Random, geos: list[Geo], types: list[str], year: int) -> dict:
    geo = geos[rng.randrange(len(geos))]
    kind = types[rng.randrange(len(types))]
    day = None if rng.random() < 0.1 else date(year, 1, 1) + timedelta(days=rng.randrange(365))
    size = None if rng.random() < 0.25 else int(rng.paretovariate(1.2) * 20)
    words = " ".join(WORDS[rng.randrange(len(WORDS))] for _ in range(12))
    return {
        "segment": 0,
        "heading": f"{geo.place or 'Somewhere'}: {kind}",
        "text": f"Around {size or 'many'} people came to a {kind} in {geo.place or 'town'}. "
        f"{words}. Report {e}.",
        "event_type": kind,
        "event_date": day,
        "date_precision": "day" if day else "none",
        "date_text": None,
        "place": geo.place,
        **geo.fields,
        "venue": None,
        "attendance": size,
        "attendance_text": None,
        "size_high": None,
        "size_text": None,
        "votes": None,
        "papers_sold": rng.randrange(40),
        "money_raised": None,
        "speakers": [],
        "organisations": [],
        "reporter": f"Reporter {e % 977}",
    }


def build(url: str, events: int, stream: Any = sys.stderr) -> None:
    """The synthetic archive at ``url`` (migrated here), in bulk inserts."""
    db.upgrade(url)
    engine = db.make_engine(url)
    rng = random.Random(14)
    geos = _geos()
    types = _weighted(TYPES)
    sites = _weighted(tuple((i + 1, w) for i, (_, w) in enumerate(SITES)))
    articles = max(1, events // PER_ARTICLE)
    per_year = max(1, articles // len(YEARS))
    now = FIRST_PARSE
    with engine.begin() as conn:
        conn.execute(
            insert(Source),
            [{"id": i + 1, "domain": d, "created_at": now} for i, (d, _) in enumerate(SITES)],
        )
    progress = Progress(articles, stream, label="build articles")
    version_id = 0
    for start in range(0, articles, CHUNK_ARTICLES):
        ids = range(start + 1, min(articles, start + CHUNK_ARTICLES) + 1)
        art_rows, snap_rows, event_rows, version_rows = [], [], [], []
        for a in ids:
            year = YEARS[min(len(YEARS) - 1, (a - 1) // per_year)]
            site = sites[a % len(sites)]
            seen = FIRST_PARSE + timedelta(minutes=2 * a * 200_000 / articles)
            art_rows.append(
                {
                    "id": a,
                    "source_id": site,
                    "site_article_id": str(100_000 + a),
                    "canonical_url": f"https://{SITES[site - 1][0]}/articles/{100_000 + a}",
                    "title": f"Campaign roundup {a}",
                    "published": date(year, 1, 1) + timedelta(days=a % 365),
                    "first_seen_at": seen,
                    "last_seen_at": seen,
                }
            )
            snap_rows.append(
                {
                    "id": a,
                    "article_id": a,
                    "sha256": f"{a:064x}",
                    "body": b"<p>x</p>",
                    "compression": "none",
                    "body_size": 8,
                    "url": f"https://{SITES[site - 1][0]}/articles/{100_000 + a}",
                    "http_status": 200,
                    "fetched_at": seen,
                    "last_seen_at": seen,
                }
            )
            for k in range(PER_ARTICLE):
                e = (a - 1) * PER_ARTICLE + k + 1
                event_rows.append(
                    {
                        "id": e,
                        "event_uid": f"{SITES[site - 1][0]}:{100_000 + a}:{k + 1}",
                        "article_id": a,
                        "source_id": site,
                        "created_at": seen,
                    }
                )
                n_versions = 1
                if rng.random() < 0.2:
                    n_versions = 3 if rng.random() < 0.1 else 2
                starts = [seen] + [
                    REPARSE + timedelta(days=90 * v, seconds=e % 86_400)
                    for v in range(n_versions - 1)
                ]
                for v, valid_from in enumerate(starts):
                    version_id += 1
                    fields = _fields(e, rng, geos, types, year)
                    fields["segment"] = k
                    version_rows.append(
                        {
                            "id": version_id,
                            "event_id": e,
                            "snapshot_id": a,
                            "source_id": site,
                            "parser_version": "0.2.0" if v == 0 else f"0.2.{v}",
                            "valid_from": valid_from,
                            "valid_to": starts[v + 1] if v + 1 < len(starts) else None,
                            "fields_sha256": f"{version_id:064x}",
                            **fields,
                        }
                    )
        with engine.begin() as conn:
            conn.execute(insert(Article), art_rows)
            conn.execute(insert(Snapshot), snap_rows)
            conn.execute(insert(Event), event_rows)
            conn.execute(insert(EventVersion), version_rows)
        progress.advance(len(ids))
    progress.close()
    engine.dispose()


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


Choice = tuple[Filters, Cut]


def filter_questions() -> dict[str, Callable[[int], Choice]]:
    """Each everyday filter, given the repetition number (its parameters vary with it)."""
    kinds = [t for t, _ in TYPES]

    def year(i: int) -> tuple[date, date]:
        y = YEARS[i % len(YEARS)]
        return date(y, 1, 1), date(y, 12, 31)

    def type_year(i: int) -> Choice:
        start, end = year(i)
        return Filters(types=(kinds[i % 4],), date_from=start, date_to=end), Cut()

    def place(i: int) -> Choice:
        return Filters(places=(("London", "Leeds", "Camden", "Hull")[i % 4],)), Cut()

    def min_size(i: int) -> Choice:
        return Filters(min_size=(1000, 2000, 5000)[i % 3]), Cut()

    def site(i: int) -> Choice:
        return Filters(sites=(SITES[i % 3][0],)), Cut()

    def as_of(i: int) -> Choice:
        start, end = year(i % 12)
        return Filters(types=(kinds[i % 4],), date_from=start, date_to=end), Cut(at=AS_OF)

    return {
        "type + year": type_year,
        "place incl. districts": place,
        "min size": min_size,
        "site": site,
        "as of a past date (+ type, year)": as_of,
    }


def page_query(conn: Any, filters: Filters, cut: Cut, matched: int | None = None) -> Any:
    """The first page of rows as `archive events` asks for them (stream_rows: shaped by
    how many events match, see read_shape; the count it needs is the page's count)."""
    shape = read_shape(conn, filters, cut, matched=matched)
    stmt = event_rows_query(filters, cut, dialect=conn.dialect.name, shape=shape)
    return stmt.limit(PAGE)


def ask_page(conn: Any, choice: Choice) -> int:
    """Count the matching events and fetch the first page in uid order."""
    filters, cut = choice
    n = count_events(conn, filters, cut)
    conn.execute(page_query(conn, filters, cut, matched=n)).fetchall()
    return n


def history_query(uid: str) -> Any:
    return (
        select(EventVersion.id, EventVersion.valid_from, EventVersion.event_type)
        .join(Event, EventVersion.event_id == Event.id)
        .where(Event.event_uid == uid)
        .order_by(EventVersion.valid_from)
    )


def plans(engine: Engine) -> None:
    prefix = "EXPLAIN QUERY PLAN " if engine.dialect.name == "sqlite" else "EXPLAIN "
    with engine.connect() as conn:
        for name, make in filter_questions().items():
            filters, cut = make(0)
            page = page_query(conn, filters, cut)
            counted = count_query(filters, cut, dialect=conn.dialect.name)
            for label, stmt in (("count", counted), ("page", page)):
                sql = str(stmt.compile(conn, compile_kwargs={"literal_binds": True}))
                print(f"\n--- {name} ({label}) ---")
                for row in conn.exec_driver_sql(prefix + sql):
                    print("   ", row[-1])


def _timed(run: Callable[[int], int], repeat: int) -> tuple[float, float, int]:
    run(0)  # warm the cache once
    times, matched = [], 0
    for i in range(repeat):
        started = time.perf_counter()
        matched = run(i)
        times.append((time.perf_counter() - started) * 1000)
    return percentile(times, 0.5), percentile(times, 0.95), matched


def time_questions(engine: Engine, repeat: int) -> dict[str, tuple[float, float, int]]:
    out = {}
    with engine.connect() as conn:
        uids = list(
            conn.scalars(select(Event.event_uid).where(Event.id % 997 == 0).limit(repeat + 1))
        )
        for name, make in filter_questions().items():

            def page(i: int, make: Callable[[int], Choice] = make) -> int:
                return ask_page(conn, make(i))

            out[name] = _timed(page, repeat)

        def history(i: int) -> int:
            return len(conn.execute(history_query(uids[i % len(uids)])).fetchall())

        out["one event's history"] = _timed(history, repeat)
    return out


def time_fts(path: Path, repeat: int) -> dict[str, tuple[float, float, int]]:
    """Full-text search over the served file, count + first page, asked two ways: as the
    table's search box asks it (Datasette: the table's rows whose rowid is IN the matches,
    counted and sorted by uid) and as the canned queries ``search_count`` / ``search`` ask
    it (the full-text index alone; rowid order is uid order in the served file)."""
    from archive.browse.metadata import QUERIES

    match = "SELECT rowid FROM current_events_fts WHERE current_events_fts MATCH ?"

    def table_view(conn: sqlite3.Connection, word: str, words: str) -> int:
        n = conn.execute(
            f"SELECT count(*) FROM current_events WHERE rowid IN ({match})", (word,)
        ).fetchone()[0]
        conn.execute(
            f"SELECT * FROM current_events WHERE rowid IN ({match}) "
            f"ORDER BY event_uid LIMIT {PAGE}",
            (words,),
        ).fetchall()
        return int(n)

    def canned(conn: sqlite3.Connection, word: str, words: str) -> int:
        n = conn.execute(QUERIES["search_count"]["sql"], {"words": word}).fetchone()[0]
        conn.execute(QUERIES["search"]["sql"], {"words": words}).fetchall()
        return int(n)

    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    out = {}
    try:
        for name, ask in (
            ("full-text, canned search (FTS5 alone)", canned),
            ("full-text, table search box (Datasette)", table_view),
        ):
            times, matched = [], 0
            for i in range(repeat + 1):
                word = WORDS[i % len(WORDS)]
                words = word + " " + WORDS[(i + 5) % len(WORDS)]
                started = time.perf_counter()
                matched = ask(conn, word, words)
                if i:  # the first is the warm-up
                    times.append((time.perf_counter() - started) * 1000)
            out[name] = (percentile(times, 0.5), percentile(times, 0.95), matched)
        return out
    finally:
        conn.close()


def _child(url: str, argv: list[str], cwd: Path) -> float:
    env = {**os.environ, "ARCHIVE_DATABASE_URL": url, "PYTHONPATH": str(REPO_ROOT)}
    started = time.monotonic()
    subprocess.run(argv, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.monotonic() - started


def time_export(url: str, backend: str, work: Path, events: int) -> tuple[float, float]:
    """(archive export --format csv seconds, the database's own CSV dump seconds)."""
    out = work / f"export-{backend}"
    shutil.rmtree(out, ignore_errors=True)
    ours = _child(
        url,
        [sys.executable, "-c", "from archive.cli import main; main()", "export", "--format",
         "csv", "--out", str(out)],
        work,
    )  # fmt: skip
    dump = work / f"dump-{backend}.csv"
    if backend == "sqlite":
        path = make_url(url).database or ""
        with dump.open("wb") as fh:
            started = time.monotonic()
            subprocess.run(
                ["sqlite3", "-csv", "-header", path,
                 "SELECT * FROM current_events ORDER BY event_uid"],
                check=True, stdout=fh,
            )  # fmt: skip
            theirs = time.monotonic() - started
    else:
        libpq = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
        copy = (
            '\\copy (SELECT * FROM current_events ORDER BY event_uid COLLATE "C") '
            f"TO '{dump}' WITH (FORMAT csv, HEADER)"
        )
        started = time.monotonic()
        subprocess.run(["psql", "-q", libpq, "-c", copy], check=True)
        theirs = time.monotonic() - started
    return ours, theirs


KEPT_PG = "bench_query_{events}"  # the PostgreSQL archive --keep leaves (and reuses)


@contextmanager
def database(
    backend: str,
    work: Path,
    pg_admin: str | None,
    *,
    events: int,
    keep: bool,
    pg_name: str | None = None,
) -> Iterator[str]:
    """The URL of the archive to build on ``backend``. With ``--keep``: a named one that is
    left behind (on PostgreSQL ``bench_query_N``, or ``pg_name``, created if missing), so a
    later run can reuse it instead of building it again."""
    if backend == "sqlite":
        yield f"sqlite:///{work / f'bench-query-{events}.sqlite'}"
        return
    if pg_admin is None:
        raise SystemExit("--backends postgresql needs --pg-url")
    from tests.support.databases import (
        _admin_engine,
        create_postgres_database,
        drop_postgres_database,
    )

    if keep:
        name = pg_name or KEPT_PG.format(events=events)
        engine = _admin_engine(pg_admin)
        try:
            with engine.connect() as conn:
                found = conn.scalar(
                    text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}
                )
                if not found:
                    conn.execute(text(f'CREATE DATABASE "{name}"'))
        finally:
            engine.dispose()
        yield make_url(pg_admin).set(database=name).render_as_string(hide_password=False)
        return
    url = create_postgres_database(pg_admin)
    try:
        yield url
    finally:
        drop_postgres_database(pg_admin, url)


def built(url: str, events: int) -> bool:
    """Whether ``url`` already holds this benchmark's archive of ``events`` events (a kept
    one): then it is brought to the schema head (new migrations run on it) and reused."""
    engine = db.make_engine(url, create=True)
    try:
        with engine.connect() as conn:
            try:
                found = conn.scalar(select(Event.id).where(Event.id == events))
                more = conn.scalar(select(Event.id).where(Event.id == events + 1))
            except Exception:  # no schema yet
                return False
    finally:
        engine.dispose()
    return found is not None and more is None


def analyze(url: str) -> None:
    """Fresh statistics, and on PostgreSQL the visibility map that index-only scans need:
    a bulk-loaded table has none until VACUUM runs (a real archive gets it from autovacuum,
    which a benchmark that queries right after loading would not wait for)."""
    engine = db.make_engine(url)
    try:
        if engine.dialect.name == "postgresql":
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text("VACUUM ANALYZE"))
        else:
            with engine.begin() as conn:
                conn.execute(text("ANALYZE"))
    finally:
        engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--pg-url", default=os.environ.get("ARCHIVE_TEST_POSTGRES_URL"))
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--plans", action="store_true")
    parser.add_argument("--skip-export", action="store_true")
    parser.add_argument("--skip-fts", action="store_true", help="no served file, no full-text")
    parser.add_argument("--keep", type=Path, help="work here and keep the archives")
    parser.add_argument(
        "--pg-database",
        help="with --keep: the PostgreSQL database to keep the archive in (default bench_query_N)",
    )
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-query-"))
    work.mkdir(parents=True, exist_ok=True)
    results: dict[str, dict[str, tuple[float, float, int]]] = {}
    exports: dict[str, tuple[float, float]] = {}
    try:
        for backend in args.backends.split(","):
            with database(
                backend,
                work,
                args.pg_url,
                events=args.events,
                keep=args.keep is not None,
                pg_name=args.pg_database,
            ) as url:
                started = time.monotonic()
                if args.keep is not None and built(url, args.events):
                    db.upgrade(url)
                    what = "reused (migrated to head)"
                else:
                    build(url, args.events)
                    what = "built"
                analyze(url)
                print(
                    f"[{backend}] {what} {args.events} events in {time.monotonic() - started:.0f} s"
                )
                engine = db.make_engine(url)
                try:
                    if args.plans:
                        plans(engine)
                    results[backend] = time_questions(engine, args.repeat)
                    if not args.skip_fts and (backend == "sqlite" or "sqlite" not in args.backends):
                        served = _prepare_served(engine, work)
                        results[backend].update(time_fts(served, args.repeat))
                finally:
                    engine.dispose()
                if not args.skip_export:
                    exports[backend] = time_export(url, backend, work, args.events)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    report(args.events, results, exports)


def _prepare_served(engine: Engine, work: Path) -> Path:
    from archive.browse.prepare import prepare
    from archive.db import session_factory

    target = work / "served"
    target.mkdir(exist_ok=True)
    with session_factory(engine)() as session:
        return prepare(engine, session, target, cut=Cut()).database


def report(
    events: int,
    results: dict[str, dict[str, tuple[float, float, int]]],
    exports: dict[str, tuple[float, float]],
) -> None:
    print(f"\n{events} events; each question: count + first {PAGE} rows; ms")
    names = list(next(iter(results.values()))) if results else []
    backends = list(results)
    print(f"{'question':36}" + "".join(f"{b + ' p50':>16}{'p95':>8}{'rows':>9}" for b in backends))
    for name in names:
        cells = ""
        for b in backends:
            if name in results[b]:
                p50, p95, n = results[b][name]
                flag = " " if p95 < 100 else "!"
                cells += f"{p50:16.1f}{p95:7.1f}{flag}{n:9d}"
            else:
                cells += f"{'-':>16}{'-':>8}{'-':>9}"
        print(f"{name:36}{cells}")
    print("(! : p95 over the 100 ms target)")
    for b, (ours, theirs) in exports.items():
        print(
            f"[{b}] export csv {ours:.1f} s ({events / ours:,.0f} events/s) vs the database's own "
            f"dump {theirs:.1f} s: ratio {ours / theirs:.2f} (target < 2)"
        )


if __name__ == "__main__":
    main()
