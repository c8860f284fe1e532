"""`archive reparse`: run the current rules over the stored snapshots again."""

from __future__ import annotations

import json
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import click

from archive import db
from archive.cli.dates import parse_date
from archive.cli.params import ROW_ID
from archive.ingest.parsing import rules_for
from archive.progress import Progress
from archive.reparse import (
    DEFAULT_BATCH_SIZE,
    ReparseOptions,
    ReparseSummary,
    interrupts,
    reparse,
)


@contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """`kill PID` ends the run like Ctrl-C: the batch in hand is rolled back and the run is
    recorded as interrupted (SIGKILL cannot be caught; the next reparse marks that run failed).
    The interrupt lands only where no database call is under way (archive/reparse/interrupts.py)."""
    interrupts.reset()
    previous = signal.signal(signal.SIGTERM, interrupts.handle)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
        interrupts.reset()


def _value(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


def format_summary(summary: ReparseSummary) -> list[str]:
    """The end-of-run report, as lines."""
    what = "dry run (nothing written)" if summary.dry_run else f"parse run {summary.run_id}"
    lines = [f"reparse {summary.status}: rules {summary.parser_version}, {what}"]
    if summary.marked_failed:
        lines.append(f"  marked {summary.marked_failed} dead earlier run(s) as failed")
    lines.append(
        f"  snapshots: {summary.selected} selected, {summary.parsed} parsed, "
        f"{summary.parse_errors} parse errors"
        + (f", {summary.superseded} superseded by a newer snapshot" if summary.superseded else "")
    )
    lines.append(
        f"  events: {summary.events_added} added, {summary.events_changed} changed, "
        f"{summary.events_closed} closed, {summary.events_unchanged} unchanged"
    )
    if summary.splits or summary.merges:
        lines.append(f"  lineage: {summary.splits} split, {summary.merges} merge")
    if summary.field_changes:
        per_field = ", ".join(
            f"{name}: {n}"
            for name, n in sorted(summary.field_changes.items(), key=lambda kv: (-kv[1], kv[0]))
        )
        lines.append(f"  field changes: {per_field}")
    if summary.error_samples:
        lines.append("  parse errors:")
        lines.extend(f"    snapshot {sid}: {msg}" for sid, msg in summary.error_samples)
        if summary.parse_errors > len(summary.error_samples):
            lines.append(f"    ... and {summary.parse_errors - len(summary.error_samples)} more")
    if summary.dry_run:
        if summary.samples:
            lines.append(f"  sample of changes ({len(summary.samples)}):")
            for s in summary.samples:
                which = (
                    "a new event" if s.event_id is None else f"event {s.event_uid or s.event_id}"
                )
                lines.append(
                    f"    {s.kind} {which} (article {s.article_id}, "
                    f"segment {s.segment}, snapshot {s.snapshot_id})"
                )
                for name, old, new in s.changes:
                    lines.append(f"      {name}: {_value(old)} -> {_value(new)}")
        else:
            lines.append("  no event would change")
    return lines


@click.command("reparse")
@click.option(
    "--all-snapshots",
    is_flag=True,
    help="Every stored snapshot (oldest first per article), not only the newest of each.",
)
@click.option("--site", metavar="DOMAIN", help="Only articles of this site.")
@click.option("--since", metavar="DATE", help="Only articles published on or after DATE.")
@click.option("--article", "article_id", type=ROW_ID, metavar="ID", help="Only this article.")
@click.option("--workers", type=int, metavar="N", help="Parser processes (default: every core).")
@click.option("--force", is_flag=True, help="Parse even snapshots already parsed by these rules.")
@click.option("--dry-run", is_flag=True, help="Write nothing; show what would change.")
@click.option(
    "--batch-size",
    type=int,
    default=DEFAULT_BATCH_SIZE,
    show_default=True,
    help="Snapshots written per transaction.",
)
@click.option(
    "--sample", type=int, default=10, show_default=True, help="Changes shown by --dry-run."
)
@click.option(
    "--rules",
    "rules_spec",
    hidden=True,
    metavar="MODULE:NAME",
    help="A Rules object to run instead of the real parser (rule variants, tests).",
)
def reparse_command(
    all_snapshots: bool,
    site: str | None,
    since: str | None,
    article_id: int | None,
    workers: int | None,
    force: bool,
    dry_run: bool,
    batch_size: int,
    sample: int,
    rules_spec: str | None,
) -> None:
    """Re-run the extraction rules over stored snapshots.

    Adds event versions only where the rules' output changed and closes events that are
    gone. Snapshots already parsed under the current rules are skipped unless --force, so an
    interrupted run can simply be run again.

    Example: archive reparse --site socialistparty.org.uk --since 2016-01-01 --dry-run
    """
    options = ReparseOptions(
        all_snapshots=all_snapshots,
        site=site,
        since=parse_date(since, "--since") if since is not None else None,
        article_id=article_id,
        workers=workers,
        force=force,
        dry_run=dry_run,
        batch_size=batch_size,
        samples=max(sample, 0),
    )
    rules = rules_for(rules_spec)
    _engine, factory = db.open_archive(writes=None if dry_run else "`archive reparse`")

    def progress(total: int) -> Progress:
        return Progress(total, sys.stderr, label="reparse")

    try:
        with _sigterm_as_interrupt():
            summary = reparse(factory, options, rules=rules, progress=progress)
    finally:
        _engine.dispose()
    for line in format_summary(summary):
        click.echo(line)
    if summary.status == "interrupted":
        click.echo(
            "archive: interrupted: committed batches are kept; run it again to finish", err=True
        )
        sys.exit(130)
