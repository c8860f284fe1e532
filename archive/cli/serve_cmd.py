"""`archive serve`: browse the archive in a web browser (Datasette), read-only."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import click
from sqlalchemy import Engine

from archive import db
from archive.browse import metadata as meta
from archive.browse import server
from archive.browse.prepare import prepare
from archive.errors import BadInput
from archive.export import Cut, Filters
from archive.figures import captions
from archive.figures.chart import draw_chart
from archive.figures.counting import count_by_period, count_by_place
from archive.figures.eventmap import draw_map
from archive.releases import get_release, release_record
from archive.timeutil import utcnow

TILE_ENV = "ARCHIVE_TILE_URL"
CHARTS_MOUNT = "charts"


def _charts(engine: Engine, cut: Cut, directory: Path) -> list[tuple[str, str]]:
    """The static charts linked from the front page: (title, URL path) of each."""
    directory.mkdir(parents=True, exist_ok=True)
    everything = Filters()
    made: list[tuple[str, str]] = []
    for period, group, name in (
        ("month", "type", "events-per-month-by-type.png"),
        ("year", "site", "events-per-year-by-site.png"),
    ):
        series = count_by_period(engine, everything, cut, period=period, group=group)
        draw_chart(
            series,
            directory / name,
            title=captions.title(f"Events per {period} by {group}", everything),
            caption=captions.caption(cut, series.total, series.undated, "without a date"),
            group=group,
        )
        made.append((f"Events per {period} by {group} (PNG)", f"/{CHARTS_MOUNT}/{name}"))
    spots, missing = count_by_place(engine, everything, cut)
    for name, label in (("events-map.png", "PNG"), ("events-map.html", "offline HTML")):
        draw_map(
            spots,
            directory / name,
            title=captions.title("Events by place", everything),
            caption=captions.caption(
                cut, sum(s.events for s in spots), missing, "without coordinates"
            ),
        )
        made.append((f"Events by place ({label})", f"/{CHARTS_MOUNT}/{name}"))
    return made


def _exit_on_sigterm(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)


@click.command("serve")
@click.option("--port", type=int, default=8001, show_default=True)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on. Anything but 127.0.0.1 shows the archive to the network.",
)
@click.option("--release", "release_name", metavar="NAME", help="Serve this release's events.")
@click.option(
    "--tiles",
    "tile_url",
    metavar="URL",
    envvar=TILE_ENV,
    help=f"Map tile URL template ({{z}}/{{x}}/{{y}}); default OpenStreetMap's; env {TILE_ENV}. "
    "Markers draw without any tiles.",
)
@click.option(
    "--dir",
    "workdir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Keep the prepared files here (default: a temporary directory, removed at exit).",
)
@click.option(
    "--prepare-only", is_flag=True, help="Prepare the files (in --dir) and exit without serving."
)
def serve_command(
    port: int,
    host: str,
    release_name: str | None,
    tile_url: str | None,
    workdir: Path | None,
    prepare_only: bool,
) -> None:
    """Browse the events in a web browser, read-only (Datasette): current_events first, with
    descriptions from the codebook, facets (type, site, place, month), full-text search of
    headings and reports, a cluster map, canned queries and charts. Works on SQLite and
    PostgreSQL archives alike: what is served is a prepared SQLite copy (a fixed cut; the
    archive is never opened for writing). Needs pip install 'campaign-archive[browse]'.

    Example: archive serve --port 8001   (then open http://127.0.0.1:8001/)
    """
    if prepare_only and workdir is None:
        raise BadInput("--prepare-only needs --dir (where to leave the files)")
    if not prepare_only:
        server.datasette_executable()  # a missing extra is said before any work
        server.check_port(host, port)
    if host not in server.LOOPBACK:
        click.echo(
            f"archive: warning: serving on {host}: others on the network can read it", err=True
        )
    temporary = workdir is None
    directory = Path(tempfile.mkdtemp(prefix="archive-serve-")) if workdir is None else workdir
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BadInput(f"--dir: cannot create {directory}: {exc.strerror or exc}") from exc
    try:
        _prepare_and_serve(directory, port, host, release_name, tile_url, prepare_only)
    finally:
        if temporary:
            server.remove(directory)


def _prepare_and_serve(
    directory: Path,
    port: int,
    host: str,
    release_name: str | None,
    tile_url: str | None,
    prepare_only: bool,
) -> None:
    engine, factory = db.open_archive()
    try:
        with factory() as session:
            cut, release = Cut(), None
            if release_name is not None:
                found = get_release(session, release_name)
                release = release_record(found)
                cut = Cut(at=found.as_of, release=found.name)
            prepared = prepare(engine, session, directory, cut=cut, release=release)
        click.echo("serve: drawing the charts", err=True)
        charts = _charts(engine, cut, directory / CHARTS_MOUNT)
    finally:
        engine.dispose()
    doc = meta.metadata(
        cut=cut,
        prepared_at=utcnow().isoformat(timespec="seconds"),
        tile_url=tile_url,
        charts=charts,
    )
    metadata_path = directory / "metadata.json"
    metadata_path.write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", "utf-8")
    click.echo(
        f"serve: {prepared.events} events, {prepared.earlier_versions} earlier versions "
        f"in {prepared.database}",
        err=True,
    )
    if prepare_only:
        return
    argv = server.command(
        prepared.database,
        metadata_path,
        host=host,
        port=port,
        static={CHARTS_MOUNT: directory / CHARTS_MOUNT},
    )
    url = f"http://{host if ':' not in host else '[' + host + ']'}:{port}/"
    proc = subprocess.Popen(argv, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    # A `kill` (SIGTERM) must stop Datasette too, not orphan it: turn it into an exit that
    # runs the clean-up below.
    previous = signal.signal(signal.SIGTERM, _exit_on_sigterm)
    try:
        server.wait_until_up(url, proc)
        click.echo(f"serve: browse {url} (read-only; Ctrl-C stops)", err=True)
        sys.stderr.flush()
        proc.wait()
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
