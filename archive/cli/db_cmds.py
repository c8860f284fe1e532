"""`archive db upgrade` and `archive stats`: schema management and what the archive holds."""

from __future__ import annotations

import json
from pathlib import Path

import click

from archive import db
from archive.config import database_url
from archive.health.summary import health_summary
from archive.sqlite_files import sqlite_file_path
from archive.stats import archive_stats


@click.group(name="db")
def db_group() -> None:
    """Manage the archive's schema."""


@db_group.command()
@click.option("--revision", default="head", show_default=True, help="Target revision.")
def upgrade(revision: str) -> None:
    """Create or upgrade the archive's schema (safe to run any time).

    Example: ARCHIVE_DATABASE_URL=postgresql://user@host/db archive db upgrade
    """
    new_file = _new_sqlite_file()
    db.upgrade(None, revision)
    engine = db.make_engine()
    try:
        current = db.current_revision(engine)
    finally:
        engine.dispose()
    if new_file is not None:  # the one command that makes an archive: it says so
        click.echo(f"created a new archive: {new_file}")
    click.echo(f"archive schema at {current} ({_safe_url()})")


@db_group.command()
def current() -> None:
    """Print the archive's schema revision and the one this code needs."""
    engine = db.make_engine()
    try:
        click.echo(f"archive: {db.current_revision(engine)}  code: {db.head_revision()}")
    finally:
        engine.dispose()


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def stats(as_json: bool) -> None:
    """Counts of articles, snapshots, events, versions and runs; the last crawl and parse.

    Example: archive stats --json
    """
    engine, sessions = db.open_archive()
    try:
        with sessions() as session:
            data = archive_stats(session)
    finally:
        engine.dispose()
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False))
        return
    for key in ("articles", "snapshots", "events", "event_versions", "crawl_runs", "parse_runs"):
        click.echo(f"{key:>15}: {data[key]}")
    click.echo(f"{'last crawl':>15}: {data['last_crawl_at'] or 'never'}")
    click.echo(f"{'last parse':>15}: {data['last_parse_at'] or 'never'}")
    last = data["last_crawl"]
    if last:
        counts = ", ".join(f"{k}={v}" for k, v in sorted(last["counts"].items()))
        click.echo(
            f"{'last crawl run':>15}: #{last['id']} {last['spider']} {last['status']} {counts}"
        )
        lines = health_summary(last["health"]) or ["health: not judged"]
        click.echo(f"{'health':>15}: {lines[0].removeprefix('health: ')}")
        for line in lines[1:]:
            click.echo(f"{'':>15}  {line.strip()}")


def _safe_url() -> str:
    from sqlalchemy.engine import make_url

    return make_url(database_url()).render_as_string(hide_password=True)


def _new_sqlite_file() -> Path | None:
    """The SQLite file `db upgrade` is about to create (None: it exists, or not SQLite)."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        path = sqlite_file_path(make_url(database_url()))
    except ArgumentError:
        return None  # make_engine says what is wrong with it
    if path is None or (path.exists() and path.stat().st_size > 0):
        return None
    return path.resolve()
