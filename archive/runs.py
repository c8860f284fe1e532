"""Crawl runs and parse runs as records: what `archive runs` lists and shows, and what
`archive stats` says of the last crawl (status, duration, counts, health verdict)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.errors import BadInput
from archive.health.assess import site_of
from archive.models import CrawlRun, ParseRun


def _duration(run: CrawlRun | ParseRun) -> float | None:
    if run.finished_at is None:
        return None
    return round((run.finished_at - run.started_at).total_seconds(), 1)


def crawl_record(run: CrawlRun, *, full: bool = False) -> dict[str, Any]:
    """A crawl run as JSON-ready data; ``full``: with every count and the whole verdict."""
    counts = run.counts or {}
    health = run.health or {}
    out: dict[str, Any] = {
        "kind": "crawl",
        "id": run.id,
        "spider": run.spider,
        "site": site_of(run),
        "status": run.status,
        "started_at": run.started_at.isoformat(),
        "finished_at": run.finished_at.isoformat() if run.finished_at else None,
        "duration_s": _duration(run),
        "new_articles": counts.get("new_articles", 0),
        "new_snapshots": counts.get("new_snapshots", 0),
        "events_added": counts.get("events_added", 0),
        "fetch_errors": counts.get("fetch_errors", 0),
        "health": health.get("verdict", "not judged"),
        "failed_checks": health.get("failed", []),
        "error": run.error,
    }
    if full:
        out |= {"arguments": run.arguments, "counts": counts, "health_record": run.health}
    return out


def parse_record(run: ParseRun, *, full: bool = False) -> dict[str, Any]:
    """A parse run (a crawl's or a reparse) as JSON-ready data."""
    counts = run.counts or {}
    options = run.options or {}
    out: dict[str, Any] = {
        "kind": "parse",
        "id": run.id,
        "parser_version": run.parser_version,
        "crawl_run_id": options.get("crawl_run_id"),
        "site": options.get("site"),
        "status": run.status,
        "started_at": run.started_at.isoformat(),
        "finished_at": run.finished_at.isoformat() if run.finished_at else None,
        "duration_s": _duration(run),
        "parsed": counts.get("parsed", 0),
        "parse_errors": counts.get("parse_errors", 0),
        "events_added": counts.get("events_added", 0),
        "error": run.error,
    }
    if full:
        out |= {"options": options, "counts": counts}
    return out


def list_runs(session: Session, *, site: str | None = None, last: int = 20) -> list[dict[str, Any]]:
    """The newest ``last`` crawl and parse runs, newest first; ``site``: only that site's
    crawl runs and the parse runs of those crawls (or reparses limited to that site)."""
    if last < 1:
        raise BadInput("--last must be at least 1")
    scan = last if site is None else max(last * 20, 500)
    crawls = list(
        session.scalars(select(CrawlRun).order_by(CrawlRun.started_at.desc()).limit(scan))
    )
    if site is not None:
        crawls = [r for r in crawls if site_of(r) == site]
    parses = list(
        session.scalars(select(ParseRun).order_by(ParseRun.started_at.desc()).limit(scan))
    )
    if site is not None:
        ids = {r.id for r in crawls}
        parses = [
            p
            for p in parses
            if (p.options or {}).get("crawl_run_id") in ids or (p.options or {}).get("site") == site
        ]
    records = [crawl_record(r) for r in crawls] + [parse_record(p) for p in parses]
    records.sort(key=lambda r: (r["started_at"], r["kind"] == "crawl"), reverse=True)
    return records[:last]


def show_run(session: Session, run_id: int, *, parse: bool = False) -> dict[str, Any]:
    """One run's whole record (a crawl run; ``parse``: a parse run)."""
    if parse:
        parse_run = session.get(ParseRun, run_id)
        if parse_run is None:
            raise BadInput(f"no parse run {run_id} in the archive")
        return parse_record(parse_run, full=True)
    crawl_run = session.get(CrawlRun, run_id)
    if crawl_run is None:
        raise BadInput(f"no crawl run {run_id} in the archive (a parse run? add --parse)")
    return crawl_record(crawl_run, full=True)
