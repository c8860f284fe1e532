"""`archive changes`: what happened to the events in a time window, one row per change."""

from __future__ import annotations

import csv
import json
import sys

import click

from archive import db
from archive.changes import change_summary, changes
from archive.cli.dates import parse_moment, parse_start
from archive.cli.output import piped_output
from archive.export import neutralise


@click.command("changes")
@click.option(
    "--since", required=True, metavar="DATETIME", help="From this time (a date: its start, UTC)."
)
@click.option(
    "--until",
    metavar="DATETIME",
    help="Up to, not including, this time (a date: through that day).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "table", "csv"]),
    default="jsonl",
    show_default=True,
)
def changes_command(since: str, until: str | None, fmt: str) -> None:
    """One row per event added, changed, closed, reopened, split or merged in a time window,
    with old -> new per changed field, the rules version and the parse run. Streamed.

    Example: archive changes --since 2026-11-30T00:00:00+00:00 --format table
    """
    start = parse_start(since, "--since")
    end = parse_moment(until, "--until") if until is not None else None
    engine, factory = db.open_archive()
    out = sys.stdout
    try:
        with factory() as session, piped_output():
            stream = changes(session, start, end)
            if fmt == "jsonl":
                for change in stream:
                    out.write(json.dumps(change.as_dict(), ensure_ascii=False, default=str) + "\n")
            elif fmt == "csv":
                writer = csv.writer(out, lineterminator="\n")
                writer.writerow(
                    [
                        "at",
                        "change",
                        "event_uid",
                        "parser_version",
                        "parse_run_id",
                        "snapshot_id",
                        "fields",
                    ]
                )
                for change in stream:
                    writer.writerow(
                        [
                            change.at.isoformat(),
                            change.kind,
                            change.event_uid,
                            change.parser_version or "",
                            change.parse_run_id if change.parse_run_id is not None else "",
                            change.snapshot_id if change.snapshot_id is not None else "",
                            neutralise(change_summary(change)),
                        ]
                    )
            else:
                out.write(f"{'at':32}  {'change':8}  {'event_uid':32}  {'rules':8}  what\n")
                for change in stream:
                    out.write(
                        f"{change.at.isoformat():32}  {change.kind:8}  {change.event_uid:32}  "
                        f"{change.parser_version or '':8}  {change_summary(change)}".rstrip()
                        + "\n"
                    )
    finally:
        engine.dispose()
