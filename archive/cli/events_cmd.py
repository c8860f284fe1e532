"""`archive events` and `archive history`: reading the archive as it stood.

Why these exist: a study cites what the archive said at a moment, or under a version of the
rules; re-parsing must never make that unreadable. `events` shows the events as they stood
(now, at a time, or as a parser version left them); `history` shows every version of one
event and where it split from or merged into others.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable
from datetime import datetime
from typing import Any

import click
from sqlalchemy import select
from sqlalchemy.orm import Session

from archive import db, store
from archive.cli.dates import parse_moment
from archive.errors import BadInput
from archive.models import Article, Event, EventVersion
from scraper.parsers.records import VERSIONED_FIELDS

# Metadata columns of an exported version, before the contract's fields.
META_COLUMNS: tuple[str, ...] = (
    "event_id",
    "article_id",
    "version_id",
    "parser_version",
    "snapshot_id",
    "valid_from",
    "valid_to",
)
TABLE_COLUMNS: tuple[tuple[str, int], ...] = (
    ("event_id", 7),
    ("article_id", 7),
    ("segment", 3),
    ("event_type", 12),
    ("event_date", 10),
    ("place", 16),
    ("attendance", 6),
    ("reporter", 20),
    ("text", 40),
)
ID_CHUNK = 500


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def version_row(version: EventVersion, article_id: int) -> dict[str, Any]:
    """One event version as a flat mapping: metadata, then the contract's fields."""
    row: dict[str, Any] = {
        "event_id": version.event_id,
        "article_id": article_id,
        "version_id": version.id,
        "parser_version": version.parser_version,
        "snapshot_id": version.snapshot_id,
        "valid_from": _iso(version.valid_from),
        "valid_to": _iso(version.valid_to),
    }
    row.update(store.version_fields(version))
    return row


def _article_ids(session: Session, event_ids: list[int]) -> dict[int, int]:
    out: dict[int, int] = {}
    for i in range(0, len(event_ids), ID_CHUNK):
        chunk = event_ids[i : i + ID_CHUNK]
        rows = session.execute(select(Event.id, Event.article_id).where(Event.id.in_(chunk)))
        out.update((event_id, article_id) for event_id, article_id in rows)
    return out


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def _fit(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def write_rows(rows: Iterable[dict[str, Any]], fmt: str) -> None:
    out = sys.stdout
    if fmt == "jsonl":
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    elif fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=[*META_COLUMNS, *VERSIONED_FIELDS])
        writer.writeheader()
        for row in rows:
            writer.writerow({k: _cell(v) for k, v in row.items()})
    else:
        header = "  ".join(name[:width].ljust(width) for name, width in TABLE_COLUMNS)
        out.write(header.rstrip() + "\n")
        for row in rows:
            cells = [_fit(_cell(row[name]), width).ljust(width) for name, width in TABLE_COLUMNS]
            out.write("  ".join(cells).rstrip() + "\n")


@click.command("events")
@click.option(
    "--as-of",
    "as_of",
    metavar="DATETIME",
    help="As the archive stood then (a date means its end, UTC).",
)
@click.option("--parser-version", metavar="V", help="As parser version V last left each article.")
@click.option("--article", "article_id", type=int, metavar="ID", help="Only this article.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "table", "csv"]),
    default="jsonl",
    show_default=True,
)
def events_command(
    as_of: str | None, parser_version: str | None, article_id: int | None, fmt: str
) -> None:
    """The events as they stand now, or stood at a time or under a parser version.

    Example: archive events --as-of 2026-01-31 --format csv > january.csv
    """
    if as_of is not None and parser_version is not None:
        raise BadInput("give --as-of or --parser-version, not both")
    at = parse_moment(as_of, "--as-of") if as_of is not None else None
    engine, factory = db.open_archive()
    try:
        with factory() as session:
            if article_id is not None and session.get(Article, article_id) is None:
                raise BadInput(f"no article {article_id} in the archive")
            versions = store.events_as_of(
                session, at=at, parser_version=parser_version, article_id=article_id
            )
            articles = _article_ids(session, sorted({v.event_id for v in versions}))
            write_rows((version_row(v, articles[v.event_id]) for v in versions), fmt)
    finally:
        engine.dispose()


def _span(version: EventVersion) -> str:
    end = _iso(version.valid_to) if version.valid_to is not None else "current"
    return f"{_iso(version.valid_from)} -> {end}"


def lineage_lines(event_id: int, rows: Iterable[Any]) -> list[str]:
    """Lineage rows in words, from this event's point of view."""
    out: list[str] = []
    for row in rows:
        run = f" (parse run {row.parse_run_id})" if row.parse_run_id is not None else ""
        if row.child_event_id == event_id:
            verb = "split from" if row.kind == "split" else "merged from"
            out.append(f"{verb} event {row.parent_event_id}{run}")
        else:
            verb = "split into" if row.kind == "split" else "merged into"
            out.append(f"{verb} event {row.child_event_id}{run}")
    return out


@click.command("history")
@click.argument("event_id", metavar="EVENT_ID")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def history_command(event_id: str, fmt: str) -> None:
    """Every version of one event: fields, parser version, snapshot and when it was current,
    then which events it split from or merged into.

    Example: archive history 42
    """
    try:
        eid = int(event_id)
    except ValueError:
        raise BadInput(f"not an event id: {event_id!r}") from None
    engine, factory = db.open_archive()
    try:
        with factory() as session:
            event = session.get(Event, eid)
            if event is None:
                raise BadInput(f"no event {eid} in the archive")
            article = session.get_one(Article, event.article_id)
            versions = store.event_history(session, eid)
            lineage = store.event_lineage(session, eid)
            if fmt == "json":
                doc = {
                    "event_id": eid,
                    "article_id": article.id,
                    "article_url": article.canonical_url,
                    "versions": [version_row(v, article.id) for v in versions],
                    "lineage": [
                        {
                            "parent_event_id": row.parent_event_id,
                            "child_event_id": row.child_event_id,
                            "kind": row.kind,
                            "parse_run_id": row.parse_run_id,
                            "recorded_at": _iso(row.recorded_at),
                        }
                        for row in lineage
                    ],
                }
                click.echo(json.dumps(doc, ensure_ascii=False, indent=2))
                return
            click.echo(f"event {eid}: article {article.id} {article.canonical_url}")
            for n, v in enumerate(versions, 1):
                click.echo(
                    f"version {n} (id {v.id}): rules {v.parser_version}, snapshot {v.snapshot_id}, "
                    f"parse run {v.parse_run_id}, valid {_span(v)}"
                )
                for name, value in store.version_fields(v).items():
                    click.echo(f"  {name}: {json.dumps(value, ensure_ascii=False)}")
            lines = lineage_lines(eid, lineage)
            click.echo("lineage:" + ("" if lines else " none"))
            for line in lines:
                click.echo(f"  {line}")
    finally:
        engine.dispose()
