"""`archive events` and `archive history`: reading the archive as it stood.

Why these exist: a study cites what the archive said at a moment, or under a version of the
rules; re-parsing must never make that unreadable. `events` streams the events as they stood
(now, at a time, or as a parser version left them), filtered like an export and with the same
columns (uid, source URL, site, title, publication date); `history` shows every version of one
event, what changed in each, which later rules confirmed it, and where it split or merged.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from datetime import datetime
from typing import Any

import click
from sqlalchemy.orm import Session

from archive import db, store
from archive.changes import confirmations, field_diff, resolve_event
from archive.cli.filters import event_filters, read_filters
from archive.cli.output import piped_output
from archive.errors import BadInput
from archive.export import check_cut, columns, csv_cell, stream_rows
from archive.export.formats import jsonl_line, write_csv
from archive.models import Article, Event, EventVersion

TABLE_COLUMNS: tuple[tuple[str, int], ...] = (
    ("event_uid", 30),
    ("event_type", 12),
    ("event_date", 10),
    ("place", 16),
    ("size_low", 6),
    ("reporter", 20),
    ("text", 40),
)


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _fit(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def write_table(rows: Iterable[dict[str, Any]], out: Any) -> None:
    header = "  ".join(name[:width].ljust(width) for name, width in TABLE_COLUMNS)
    out.write(header.rstrip() + "\n")
    for row in rows:
        cells = [_fit(csv_cell(row.get(name)), width).ljust(width) for name, width in TABLE_COLUMNS]
        out.write("  ".join(cells).rstrip() + "\n")


@click.command("events")
@event_filters
@click.option("--no-text", "no_text", is_flag=True, help="Leave out the reports' text.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "table", "csv"]),
    default="jsonl",
    show_default=True,
)
def events_command(no_text: bool, fmt: str, **options: Any) -> None:
    """The events as they stand now, or stood at a time or under a parser version, with
    their source (site, URL, title, publication date). Streamed: any size, any pipe.

    Takes the filters of `archive export`. CSV cells that a spreadsheet would run as a
    formula start with ' (see the README).

    Example: archive events --type rally --from 2016-01-01 --to 2016-12-31 --min-size 500 --format csv
    """
    filters, cut = read_filters(options)
    engine, factory = db.open_archive()
    try:
        with factory() as session:
            if filters.article_id is not None and session.get(Article, filters.article_id) is None:
                raise BadInput(f"no article {filters.article_id} in the archive")
            check_cut(session, cut)
        cols = columns(text=not no_text)
        out = sys.stdout
        with engine.connect() as conn, piped_output():
            rows = stream_rows(conn, filters, cut, text=not no_text)
            if fmt == "jsonl":
                for row in rows:
                    out.write(jsonl_line(row, cols))
            elif fmt == "csv":
                write_csv(rows, out, cols)
            else:
                write_table(rows, out)
    finally:
        engine.dispose()


def _span(version: EventVersion) -> str:
    end = _iso(version.valid_to) if version.valid_to is not None else "current"
    return f"{_iso(version.valid_from)} -> {end}"


def lineage_lines(event_id: int, rows: Iterable[Any], uids: dict[int, str]) -> list[str]:
    """Lineage rows in words, from this event's point of view."""
    out: list[str] = []
    for row in rows:
        run = f" (parse run {row.parse_run_id})" if row.parse_run_id is not None else ""
        if row.child_event_id == event_id:
            verb = "split from" if row.kind == "split" else "merged from"
            other = row.parent_event_id
        else:
            verb = "split into" if row.kind == "split" else "merged into"
            other = row.child_event_id
        out.append(f"{verb} event {uids.get(other, other)} (id {other}){run}")
    return out


def _uids(session: Session, ids: set[int]) -> dict[int, str]:
    return {i: session.get_one(Event, i).event_uid for i in sorted(ids)}


def version_doc(version: EventVersion, previous: EventVersion | None, diff: bool) -> dict[str, Any]:
    fields = store.version_fields(version)
    doc: dict[str, Any] = {
        "version_id": version.id,
        "parser_version": version.parser_version,
        "snapshot_id": version.snapshot_id,
        "parse_run_id": version.parse_run_id,
        "valid_from": _iso(version.valid_from),
        "valid_to": _iso(version.valid_to),
        "closed_by_parse_run_id": version.closed_by_parse_run_id,
    }
    if diff:
        old = store.version_fields(previous) if previous is not None else None
        doc["changed"] = {k: {"old": o, "new": n} for k, (o, n) in field_diff(old, fields).items()}
    else:
        doc.update(fields)
    return doc


@click.command("history")
@click.argument("event", metavar="EVENT")
@click.option("--diff", "diff", is_flag=True, help="Show only the fields each version changed.")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def history_command(event: str, diff: bool, fmt: str) -> None:
    """Every version of one event (by uid or id): fields, rules version, snapshot (its page:
    `archive snapshot ID`), when it was current, which later rules versions re-read the page
    and left it unchanged; then which events it split from or merged into.

    Example: archive history socialistparty.org.uk:30116:2 --diff
    """
    engine, factory = db.open_archive()
    try:
        with factory() as session:
            found = resolve_event(session, event)
            eid = found.id
            article = session.get_one(Article, found.article_id)
            versions = store.event_history(session, eid)
            lineage = store.event_lineage(session, eid)
            others = {r.parent_event_id for r in lineage} | {r.child_event_id for r in lineage}
            uids = _uids(session, others - {eid})
            confirmed = [confirmations(session, v, article.id) for v in versions]
            if fmt == "json":
                docs = []
                for n, v in enumerate(versions):
                    doc = version_doc(v, versions[n - 1] if n else None, diff)
                    doc["confirmed_by"] = [
                        {
                            "parser_version": c.parser_version,
                            "parse_run_id": c.parse_run_id,
                            "parsed_at": _iso(c.parsed_at),
                            "snapshot_id": c.snapshot_id,
                        }
                        for c in confirmed[n]
                    ]
                    docs.append(doc)
                out = {
                    "event_uid": found.event_uid,
                    "event_id": eid,
                    "article_id": article.id,
                    "article_url": article.canonical_url,
                    "versions": docs,
                    "lineage": [
                        {
                            "parent_event_id": row.parent_event_id,
                            "child_event_id": row.child_event_id,
                            "parent_event_uid": uids.get(row.parent_event_id, found.event_uid),
                            "child_event_uid": uids.get(row.child_event_id, found.event_uid),
                            "kind": row.kind,
                            "parse_run_id": row.parse_run_id,
                            "recorded_at": _iso(row.recorded_at),
                        }
                        for row in lineage
                    ],
                }
                click.echo(json.dumps(out, ensure_ascii=False, indent=2))
                return
            click.echo(
                f"event {found.event_uid} (id {eid}): article {article.id} {article.canonical_url}"
            )
            for n, v in enumerate(versions):
                click.echo(
                    f"version {n + 1} (id {v.id}): rules {v.parser_version}, snapshot "
                    f"{v.snapshot_id}, parse run {v.parse_run_id}, valid {_span(v)}"
                )
                fields = store.version_fields(v)
                if diff:
                    old = store.version_fields(versions[n - 1]) if n else None
                    changed = field_diff(old, fields)
                    shown = {k: new for k, (_old, new) in changed.items()}
                    if n and not changed:
                        click.echo("  (no field changed)")
                    for name, (before, after) in changed.items():
                        if n:
                            click.echo(
                                f"  {name}: {json.dumps(before, ensure_ascii=False)} -> "
                                f"{json.dumps(after, ensure_ascii=False)}"
                            )
                        else:
                            click.echo(f"  {name}: {json.dumps(shown[name], ensure_ascii=False)}")
                else:
                    for name, value in fields.items():
                        click.echo(f"  {name}: {json.dumps(value, ensure_ascii=False)}")
                for c in confirmed[n]:
                    run = f" (parse run {c.parse_run_id})" if c.parse_run_id is not None else ""
                    click.echo(
                        f"  confirmed unchanged by rules {c.parser_version}{run} at "
                        f"{_iso(c.parsed_at)}"
                    )
            lines = lineage_lines(eid, lineage, uids)
            click.echo("lineage:" + ("" if lines else " none"))
            for line in lines:
                click.echo(f"  {line}")
    finally:
        engine.dispose()
