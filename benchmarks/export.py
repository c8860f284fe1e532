"""Export memory and speed at a million events: memory must stay flat as the archive grows.

Builds two synthetic archives (bulk inserts through the models: ``--events`` events, default
1,000,000, and a tenth of that), five events per article, every event current, with texts of
a real report's length. Then, for each archive and each format, runs `archive export` (and
`archive events > /dev/null`) in a child process and prints its peak resident memory and
events/s, against two baselines measured in the same run:

- memory: the same command on the archive ten times smaller (the ratio large/small is 1.0
  when memory is flat; the target is < 1.5);
- speed: a bare streamed SELECT of the same joined rows in the same child-process shape
  (the export's cost per event over just reading it).

Stata's format needs every column's width before the first row: its writer spools the rows
to a temporary file while it measures them, then writes from the spool (flat memory too).

    .venv/bin/python benchmarks/export.py [--events N] [--formats csv,parquet,...] [--url DB_URL]

Without --url the archives are fresh SQLite files in a temporary directory (deleted after);
with --url (a PostgreSQL server URL) the benchmark creates and drops its own databases there.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, insert, text

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from archive import db  # noqa: E402
from archive.models import Article, Event, EventVersion, Snapshot, Source  # noqa: E402

PER_ARTICLE = 5
CHUNK = 20_000
TYPES = ("rally", "meeting", "picket", "demonstration", "stall", "march")
PLACES = ("Leeds", "Kilburn", "Hackney", "Derby", "Swansea", "Norwich", "Walthamstow", "Hull")
TEXT = (
    "Around {n} people came to a {kind} in {place} to save the maternity unit at the general "
    "hospital. A speaker from the local trades union council told the crowd that the campaign "
    "had already forced two climbdowns and would keep going until the decision was reversed.\n\n"
    "We sold {papers} papers and raised £{money} for the fighting fund."
)

# Runs one `archive` command in this child and reports its own peak RSS (kB) on the fd
# named by BENCH_RSS_FD.
RUNNER = """
import os, resource, sys
from archive.cli import main
try:
    main(sys.argv[1:])
except SystemExit as exc:
    code = exc.code
else:
    code = 0
os.write(int(os.environ["BENCH_RSS_FD"]), str(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss).encode())
sys.exit(code if isinstance(code, int) else 1)
"""

BARE = """
import os, resource, sys
from archive import db
from archive.export import Cut, Filters, event_rows_query
engine, _ = db.open_archive()
n = 0
with engine.connect() as conn:
    stmt = event_rows_query(Filters(), Cut(), dialect=conn.dialect.name)
    for part in conn.execution_options(yield_per=1000).execute(stmt).partitions():
        n += len(part)
os.write(int(os.environ["BENCH_RSS_FD"]), str(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss).encode())
"""


def build(url: str, events: int) -> None:
    db.upgrade(url)
    engine = db.make_engine(url)
    now = datetime(2026, 1, 1, tzinfo=UTC)
    articles = events // PER_ARTICLE
    with engine.begin() as conn:
        conn.execute(
            insert(Source), [{"id": 1, "domain": "socialistparty.org.uk", "created_at": now}]
        )
    for start in range(0, articles, CHUNK // PER_ARTICLE):
        stop = min(articles, start + CHUNK // PER_ARTICLE)
        ids = range(start + 1, stop + 1)
        with engine.begin() as conn:
            conn.execute(
                insert(Article),
                [
                    {
                        "id": a,
                        "source_id": 1,
                        "site_article_id": str(10_000 + a),
                        "canonical_url": f"https://socialistparty.org.uk/articles/{10_000 + a}",
                        "title": f"Campaign roundup {a}",
                        "published": date(2016, 1, 1) + timedelta(days=a % 3000),
                        "first_seen_at": now,
                        "last_seen_at": now,
                    }
                    for a in ids
                ],
            )
            conn.execute(
                insert(Snapshot),
                [
                    {
                        "id": a,
                        "article_id": a,
                        "sha256": f"{a:064x}",
                        "body": b"<p>x</p>",
                        "compression": "none",
                        "body_size": 8,
                        "url": f"https://www.socialistparty.org.uk/articles/{10_000 + a}",
                        "http_status": 200,
                        "fetched_at": now,
                        "last_seen_at": now,
                    }
                    for a in ids
                ],
            )
            event_rows, version_rows = [], []
            for a in ids:
                for k in range(PER_ARTICLE):
                    e = (a - 1) * PER_ARTICLE + k + 1
                    kind, place = TYPES[e % len(TYPES)], PLACES[e % len(PLACES)]
                    event_rows.append(
                        {
                            "id": e,
                            "event_uid": f"socialistparty.org.uk:{10_000 + a}:{k + 1}",
                            "article_id": a,
                            "source_id": 1,
                            "created_at": now,
                        }
                    )
                    version_rows.append(
                        {
                            "id": e,
                            "event_id": e,
                            "snapshot_id": a,
                            "source_id": 1,
                            "parser_version": "0.2.0",
                            "valid_from": now,
                            "valid_to": None,
                            "fields_sha256": "x" * 64,
                            "segment": k,
                            "heading": f"{place}: {kind}",
                            "text": TEXT.format(
                                n=20 + e % 900, kind=kind, place=place, papers=e % 40, money=e % 300
                            ),
                            "event_type": kind,
                            "event_date": date(2016, 1, 1) + timedelta(days=e % 3000),
                            "place": place,
                            "venue": None,
                            "attendance": 20 + e % 900 if e % 4 else None,
                            "attendance_text": "Around people",
                            "votes": {"for": 9, "against": 2} if e % 50 == 0 else None,
                            "papers_sold": e % 40,
                            "money_raised": float(e % 300),
                            "speakers": ["Ann Lee"] if e % 3 == 0 else [],
                            "organisations": [],
                            "reporter": f"Reporter {e % 977}",
                        }
                    )
            conn.execute(insert(Event), event_rows)
            conn.execute(insert(EventVersion), version_rows)
    db.realign_sequences(engine)  # the ids above were explicit: later inserts must not collide
    engine.dispose()


def run_child(url: str, code: str, args: list[str], cwd: Path) -> tuple[float, int]:
    """(seconds, peak RSS in MB) of one child process."""
    read, write = os.pipe()
    env = {
        **os.environ,
        "ARCHIVE_DATABASE_URL": url,
        "PYTHONPATH": str(REPO_ROOT),
        "BENCH_RSS_FD": str(write),
    }
    started = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, "-c", code, *args],
        cwd=cwd,
        env=env,
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    os.close(write)
    _out, err = proc.communicate()
    elapsed = time.monotonic() - started
    rss = os.read(read, 64)
    os.close(read)
    if proc.returncode != 0:
        raise SystemExit(f"{args} failed: {err.decode()[-2000:]}")
    return elapsed, int(rss or 0) // 1024


def new_database(server: str | None, workdir: Path, name: str) -> tuple[str, str | None]:
    if server is None:
        return f"sqlite:///{workdir / (name + '.sqlite')}", None
    dbname = f"bench_export_{uuid.uuid4().hex[:8]}"
    admin = create_engine(db.database_url(server), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{dbname}"'))
    admin.dispose()
    from sqlalchemy.engine import make_url

    return make_url(db.database_url(server)).set(database=dbname).render_as_string(False), dbname


def drop_database(server: str, dbname: str) -> None:
    admin = create_engine(db.database_url(server), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)'))
    admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--formats", default="csv,jsonl,parquet,sqlite,dta")
    parser.add_argument("--url", default=None, help="a PostgreSQL server to create databases on")
    args = parser.parse_args()
    formats = [f for f in args.formats.split(",") if f]
    with tempfile.TemporaryDirectory(prefix="bench-export-") as tmp:
        work = Path(tmp)
        sizes = {"small": args.events // 10, "large": args.events}
        urls: dict[str, str] = {}
        created: list[str] = []
        try:
            for label, n in sizes.items():
                url, dbname = new_database(args.url, work, label)
                if dbname:
                    created.append(dbname)
                started = time.monotonic()
                build(url, n)
                print(f"built {label} archive: {n:,} events in {time.monotonic() - started:.0f}s")
                urls[label] = url
            print(f"{'command':34} {'events':>10} {'seconds':>8} {'events/s':>10} {'peak MB':>8}")
            results: dict[tuple[str, str], tuple[float, int]] = {}
            commands: list[tuple[str, str, list[str]]] = [("bare streamed SELECT", BARE, [])]
            commands.append(("archive events (jsonl)", RUNNER, ["events"]))
            commands += [
                (
                    f"archive export --format {f}",
                    RUNNER,
                    ["export", "--format", f, "--out", f"out-{f}"],
                )
                for f in formats
            ]
            for name, code, cmd in commands:
                for label, n in sizes.items():
                    cwd = work / f"{label}-{len(results)}"
                    cwd.mkdir()
                    seconds, rss = run_child(urls[label], code, cmd, cwd)
                    results[(name, label)] = (seconds, rss)
                    print(f"{name:34} {n:>10,} {seconds:>8.1f} {n / seconds:>10,.0f} {rss:>8}")
            print()
            bare_large = results[("bare streamed SELECT", "large")]
            for name, _code, _cmd in commands:
                small, large = results[(name, "small")], results[(name, "large")]
                print(
                    f"{name}: memory large/small {large[1] / max(small[1], 1):.2f} (target < 1.5); "
                    f"time vs bare SELECT {large[0] / bare_large[0]:.1f}x"
                )
        finally:
            for dbname in created:
                assert args.url is not None
                drop_database(args.url, dbname)


if __name__ == "__main__":
    main()
