"""`archive snapshot ID`: a stored page version's bytes, exactly as fetched."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from archive import db, store
from archive.cli.output import piped_output
from archive.cli.params import ROW_ID
from archive.errors import BadInput
from archive.models import Snapshot


@click.command("snapshot")
@click.argument("snapshot_id", metavar="ID", type=ROW_ID)
@click.option(
    "--out",
    "out_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file instead of standard output.",
)
def snapshot_command(snapshot_id: int, out_file: Path | None) -> None:
    """Write a stored page version (snapshot) back out, byte for byte as it was fetched.
    `archive history` and every event row name their snapshot ids.

    Example: archive snapshot 17 --out page.html && archive parse page.html --url URL
    """
    engine, factory = db.open_archive()
    try:
        with factory() as session:
            snap = session.get(Snapshot, snapshot_id)
            if snap is None:
                raise BadInput(f"no snapshot {snapshot_id} in the archive")
            body = store.snapshot_body(snap)
            url, fetched = snap.url, snap.fetched_at
    finally:
        engine.dispose()
    if out_file is None:
        with piped_output():
            sys.stdout.buffer.write(body)
            sys.stdout.buffer.flush()
        return
    try:
        out_file.write_bytes(body)
    except OSError as exc:
        raise BadInput(f"--out: cannot write {out_file}: {exc.strerror or exc}") from exc
    click.echo(
        f"snapshot {snapshot_id} of {url} (fetched {fetched.isoformat()}): {len(body)} bytes -> {out_file}",
        err=True,
    )
