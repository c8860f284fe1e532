"""`archive export`: the events as a data file a researcher opens in R, Stata, pandas or
Datasette, with its datapackage.json (columns, types, codebook descriptions) and checksum."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from archive import db
from archive.cli.filters import event_filters, read_filters
from archive.errors import BadInput
from archive.export import FORMATS, Cut, run_export
from archive.releases import get_release, release_record


@click.command("export")
@event_filters
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="csv", show_default=True)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Directory to write events.<format>, its .sha256 and datapackage.json into.",
)
@click.option("--no-text", "no_text", is_flag=True, help="Leave out the reports' text.")
@click.option(
    "--release",
    "release_name",
    metavar="NAME",
    help="The events of a release (`archive release create`), checked against its checksums.",
)
@click.option("--force", is_flag=True, help="Replace an export already in --out.")
def export_command(
    fmt: str, out_dir: Path, no_text: bool, release_name: str | None, force: bool, **options: Any
) -> None:
    """Write the events (filtered, as they stand or stood) as CSV, JSON Lines, Parquet, SQLite
    or Stata, with a Frictionless datapackage.json and a SHA-256 checksum. Streams: memory does
    not grow with the archive (Stata's rows are spooled to a temporary file while their widths
    are measured). A progress bar on a terminal.

    Example: archive export --type rally --from 2016-01-01 --to 2016-12-31 --min-size 500 --format csv --out rallies-2016
    """
    filters, cut = read_filters(options)
    engine, factory = db.open_archive()
    try:
        with factory() as session:
            release = None
            if release_name is not None:
                if cut.at is not None or cut.parser_version is not None:
                    raise BadInput("give --release or --as-of/--parser-version, not both")
                found = get_release(session, release_name)
                release = release_record(found)
                cut = Cut(at=found.as_of, release=found.name)
            result = run_export(
                engine,
                session,
                fmt=fmt,
                out_dir=out_dir,
                filters=filters,
                cut=cut,
                text=not no_text,
                force=force,
                release=release,
                only=tuple(release["checksums"]["columns"]) if release is not None else None,
            )
    finally:
        engine.dispose()
    click.echo(f"{result.rows} events -> {result.path} (sha256 {result.sha256}), {result.package}")
    if release is not None:
        recorded = release["checksums"].get(fmt)
        whole = not filters.as_dict() and not no_text
        if recorded is not None and whole:
            if recorded["sha256"] == result.sha256:
                click.echo(f"matches release {release['name']} ({fmt} sha256)")
            else:
                click.echo(
                    f"archive: warning: {result.path} differs from release {release['name']}'s "
                    f"recorded {fmt} checksum {recorded['sha256']}",
                    err=True,
                )
                sys.exit(1)
