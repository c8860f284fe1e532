"""`archive release create|list|show|diff`: named, immutable cuts a study can cite."""

from __future__ import annotations

import json
from pathlib import Path

import click
from sqlalchemy import select

from archive import db
from archive.cli.dates import parse_moment
from archive.db import unit_of_work
from archive.errors import BadInput
from archive.models import Release
from archive.releases import create_release, diff_releases, get_release, release_record


@click.group("release")
def release_group() -> None:
    """Named, immutable cuts of the archive: create one, list them, compare two."""


@release_group.command("create")
@click.argument("name")
@click.option("--as-of", "as_of", metavar="DATETIME", help="The cut's moment (default: now).")
@click.option("--note", metavar="TEXT", help="What the release is for.")
def create_command(name: str, as_of: str | None, note: str | None) -> None:
    """Record the archive as it stands (or stood at --as-of) as release NAME: its rules
    versions, counts and the checksums of its CSV and JSON Lines exports. Releases never
    change; `archive export --release NAME` exports one again, checked against them.

    Example: archive release create 2026-12 --note "events for the December paper"
    """
    at = parse_moment(as_of, "--as-of") if as_of is not None else None
    engine, factory = db.open_archive(writes="`archive release create`")
    try:
        with unit_of_work(factory) as session:
            release = create_release(engine, session, name, at, note)
            record = release_record(release)
    finally:
        engine.dispose()
    counts = record["counts"]
    click.echo(
        f"release {record['name']}: {counts['events']} events from {counts['articles']} "
        f"articles as of {record['as_of']}, rules {', '.join(record['parser_versions']) or '-'}, "
        f"csv sha256 {record['checksums']['csv']['sha256']}"
    )


@release_group.command("list")
def list_command() -> None:
    """List the releases, oldest first.

    Example: archive release list
    """
    engine, factory = db.open_archive()
    try:
        with factory() as session:
            for release in session.scalars(select(Release).order_by(Release.as_of, Release.id)):
                click.echo(
                    f"{release.name}\t{release.as_of.isoformat()}\t"
                    f"{release.counts.get('events', 0)} events\t{release.note or ''}".rstrip()
                )
    finally:
        engine.dispose()


@release_group.command("show")
@click.argument("name")
def show_command(name: str) -> None:
    """Print one release's record as JSON.

    Example: archive release show 2026-12
    """
    engine, factory = db.open_archive()
    try:
        with factory() as session:
            record = release_record(get_release(session, name))
    finally:
        engine.dispose()
    click.echo(json.dumps(record, ensure_ascii=False, indent=2))


@release_group.command("diff")
@click.argument("old")
@click.argument("new")
@click.option("--format", "fmt", type=click.Choice(["md", "json"]), default="md", show_default=True)
@click.option(
    "--out",
    "out_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the changelog to this file.",
)
def diff_command(old: str, new: str, fmt: str, out_file: Path | None) -> None:
    """The changelog from release OLD to release NEW: events added, closed and changed,
    with how many events changed in each field.

    Example: archive release diff 2026-11 2026-12 --out CHANGELOG-2026-12.md
    """
    engine, factory = db.open_archive()
    try:
        with factory() as session:
            result = diff_releases(engine, session, old, new)
    finally:
        engine.dispose()
    text = result.markdown() if fmt == "md" else json.dumps(result.as_dict(), indent=2) + "\n"
    if out_file is None:
        click.echo(text, nl=False)
        return
    try:
        out_file.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise BadInput(f"--out: cannot write {out_file}: {exc.strerror or exc}") from exc
    click.echo(
        f"{len(result.added)} added, {len(result.closed)} closed, {len(result.changed)} changed "
        f"-> {out_file}"
    )
