"""`archive runs [--site D] [--last N] [--format table|json]` and `archive runs show ID`:
what ran, how it ended, what it counted and how healthy the crawl runs were judged."""

from __future__ import annotations

import json
from typing import Any

import click

from archive import db
from archive.cli.params import COUNT, ROW_ID
from archive.health.summary import check_line, health_summary
from archive.runs import list_runs, show_run

COLUMNS = (
    ("kind", 5),
    ("id", 5),
    ("site", 22),
    ("status", 11),
    ("started_at", 19),
    ("duration", 9),
    ("new", 5),
    ("events+", 7),
    ("errors", 6),
    ("health", 0),  # the rest of the line
)


def _row(record: dict[str, Any]) -> dict[str, str]:
    crawl = record["kind"] == "crawl"
    health = record.get("health", "") if crawl else ""
    if crawl and record.get("failed_checks"):
        health = f"{health}: {','.join(record['failed_checks'])}"
    duration = record.get("duration_s")
    return {
        "kind": record["kind"],
        "id": str(record["id"]),
        "site": str(record.get("site") or (record.get("parser_version") if not crawl else "")),
        "status": record["status"],
        "started_at": record["started_at"][:19],
        "duration": "-" if duration is None else f"{duration:g}s",
        "new": str(record.get("new_articles", record.get("parsed", ""))),
        "events+": str(record.get("events_added", "")),
        "errors": str(record.get("fetch_errors", record.get("parse_errors", ""))),
        "health": health,
    }


def _fit(text: str, width: int) -> str:
    return text if not width or len(text) <= width else text[: width - 1] + "…"


def write_table(records: list[dict[str, Any]]) -> None:
    click.echo("  ".join(n.ljust(w) for n, w in COLUMNS).rstrip())
    for record in records:
        row = _row(record)
        click.echo("  ".join(_fit(row[n], w).ljust(w) for n, w in COLUMNS).rstrip())


@click.group("runs", invoke_without_command=True)
@click.option("--site", metavar="DOMAIN", help="Only this site's crawl runs (and their parses).")
@click.option(
    "--last", type=COUNT, default=20, show_default=True, help="How many runs, newest first."
)
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@click.pass_context
def runs_group(ctx: click.Context, site: str | None, last: int, fmt: str) -> None:
    """Crawl and parse runs, newest first: status, duration, counts and health verdicts.
    (In the table, parse runs show their rules version under site, pages parsed under new
    and parse errors under errors.)

    Example: archive runs --site socialistparty.org.uk --last 10
    """
    if ctx.invoked_subcommand is not None:
        return
    engine, sessions = db.open_archive()
    try:
        with sessions() as session:
            records = list_runs(session, site=site, last=last)
    finally:
        engine.dispose()
    if fmt == "json":
        click.echo(json.dumps(records, ensure_ascii=False, indent=2))
    else:
        write_table(records)


@runs_group.command("show")
@click.argument("run_id", type=ROW_ID)
@click.option("--parse", "parse", is_flag=True, help="RUN_ID is a parse run's.")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def show_command(run_id: int, parse: bool, fmt: str) -> None:
    """One crawl run (or, with --parse, parse run): arguments, counts, and every health
    check with its figure, baseline and verdict.

    Example: archive runs show 42
    """
    engine, sessions = db.open_archive()
    try:
        with sessions() as session:
            record = show_run(session, run_id, parse=parse)
    finally:
        engine.dispose()
    if fmt == "json":
        click.echo(json.dumps(record, ensure_ascii=False, indent=2))
        return
    what = (
        f"parse run {record['id']} (rules {record['parser_version']})"
        if parse
        else (f"crawl run {record['id']} ({record['spider']}, {record['site']})")
    )
    click.echo(f"{what}: {record['status']}")
    click.echo(f"  started {record['started_at']}, finished {record['finished_at'] or '-'}")
    if record.get("error"):
        click.echo(f"  error: {record['error']}")
    args = record.get("arguments", record.get("options", {}))
    click.echo("  arguments: " + ", ".join(f"{k}={v}" for k, v in sorted(args.items())))
    click.echo("  counts: " + ", ".join(f"{k}={v}" for k, v in sorted(record["counts"].items())))
    health = record.get("health_record")
    if parse:
        return
    if not health:
        click.echo("  health: not judged")
        return
    for line in health_summary(health):
        click.echo(f"  {line}")
    click.echo("  checks:")
    for result in health.get("checks", []):
        click.echo(f"    {result['status']:<10} {result['check']:<24} {check_line(result)}")
