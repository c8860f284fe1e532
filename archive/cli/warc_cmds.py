"""`archive import-warc` and `archive export-warc`: web archives in and out."""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from archive import db
from archive.config import database_url
from archive.errors import BadInput
from archive.ingest.parsing import rules_for
from archive.progress import Progress
from archive.warc.exporting import export_site
from archive.warc.importing import SKIP_REASONS, ImportSummary, import_warcs

PROGRESS_SECONDS = 5.0


def format_import(summary: ImportSummary) -> list[str]:
    """The end-of-import report, as lines."""
    c: dict[str, Any] = summary.counts
    lines = [
        f"import-warc {summary.status}: crawl run {summary.run_id}, {c['files']} file(s), "
        f"{c['warc_records']} WARC records, {c['captures']} captures"
    ]
    lines.append(
        f"  recorded: {c['responses']} article captures ({c['new_articles']} new articles, "
        f"{c['new_snapshots']} new snapshots, {c['unchanged']} unchanged bodies, "
        f"{c['not_article']} not articles, {c['fetch_errors']} HTTP errors), "
        f"{c['views']} print views as aliases ({c['aliases_added']} new)"
    )
    lines.append(
        f"  events: {c['events_added']} added, {c['events_changed']} changed, "
        f"{c['events_closed']} closed; {c['parse_errors']} parse errors"
        + (f", {c['superseded']} older than what the archive had" if c["superseded"] else "")
    )
    skipped = c.get("skipped", {})
    if skipped:
        parts = ", ".join(f"{r} {skipped[r]}" for r in SKIP_REASONS if r in skipped)
        lines.append(f"  skipped: {parts}")
    if c.get("pipeline_errors"):
        lines.append(
            f"  could not archive {c['pipeline_errors']} page(s), the first: {summary.first_failure}"
        )
    return lines


@contextmanager
def _ingest_logs_in_summary() -> Iterator[None]:
    """The ingest logs each page that went wrong and the run's summary, as a crawl's log
    wants; this command prints its own summary (and the run records every count), so those
    lines stay out of the way of the one-line error a bad file gives."""
    log = logging.getLogger("archive.ingest")
    handler, propagate = logging.NullHandler(), log.propagate
    log.addHandler(handler)
    log.propagate = False
    try:
        yield
    finally:
        log.removeHandler(handler)
        log.propagate = propagate


@click.command("import-warc")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--workers",
    type=int,
    default=1,
    show_default=True,
    metavar="N",
    help="Parser processes (0: parse in the writer process).",
)
@click.option(
    "--rules",
    "rules_spec",
    hidden=True,
    metavar="MODULE:NAME",
    help="A Rules object to run instead of the real parser (rule variants, tests).",
)
def import_warc(files: tuple[Path, ...], workers: int, rules_spec: str | None) -> None:
    """Backfill the archive from web-archive files (WARC or ARC, gzipped or not).

    Every HTML capture of an article of a site the project knows is recorded as a fetch
    at its capture time and, when its body is new, as a snapshot, and parsed like a crawled
    page; print views become aliases; other sites, non-HTML records, listings, redirects
    and captures already imported are counted and skipped. Webrecorder, Heritrix and
    Wayback captures (replay URLs such as web.archive.org/web/20190301123456id_/URL are
    read as the URL they captured) all work; revisit records take the payload of the
    capture they repeat. Importing the same file again adds nothing. A truncated or
    unreadable file stops the import with a one-line error; what was read before it stays.

    Example: archive import-warc socialistparty-2019.warc.gz wayback-captures.warc.gz
    """
    if workers < 0:
        raise BadInput("--workers must be 0 or more")
    rules = rules_for(rules_spec)
    url = database_url()
    # A one-line error for a bad or read-only archive, first.
    engine, _sessions = db.open_archive(url, writes="`archive import-warc`")
    engine.dispose()
    paths = list(files)
    total = sum(p.stat().st_size // 1024 for p in paths if p.is_file())
    progress = Progress(
        total, sys.stderr, label="import-warc", interval=PROGRESS_SECONDS, unit="KiB"
    )
    arguments = {"rules": rules_spec} if rules_spec else {}
    with _ingest_logs_in_summary():
        summary = asyncio.run(
            import_warcs(
                paths,
                database_url=url,
                rules=rules,
                workers=workers,
                progress=progress,
                arguments=arguments,
            )
        )
    for line in format_import(summary):
        click.echo(line)
    if summary.error is not None:
        raise BadInput(summary.error)
    if summary.status == "interrupted":
        click.echo(
            "archive: interrupted: what was read is archived; run it again to finish", err=True
        )
        sys.exit(130)
    if summary.status != "finished":
        sys.exit(1)


@click.command("export-warc")
@click.option("--site", "domain", required=True, metavar="DOMAIN", help="The site to export.")
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="The WARC file to write (.warc.gz: gzipped per record).",
)
@click.option("--force", is_flag=True, help="Replace the file if it exists.")
def export_warc(domain: str, out: Path, force: bool) -> None:
    """Write a site's stored snapshots out as WARC response records.

    One record per snapshot, oldest first, with its URL, fetch time, status, Content-Type,
    ETag, Last-Modified and the body as fetched: replayable with pywb or ReplayWeb.page, and
    `archive import-warc` reads it back into another archive (same snapshots, same events).

    Example: archive export-warc --site socialistparty.org.uk --out socialist.warc.gz
    """
    engine, sessions = db.open_archive()
    try:
        summary = export_site(
            sessions,
            domain,
            out,
            overwrite=force,
            progress=lambda total: Progress(
                total, sys.stderr, label="export-warc", interval=PROGRESS_SECONDS
            ),
        )
    finally:
        engine.dispose()
    click.echo(
        f"export-warc: {summary.records} snapshot(s) of {summary.domain} written to "
        f"{summary.path} ({summary.bytes} bytes)"
    )
