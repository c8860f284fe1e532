"""What is in the archive: the counts `archive stats` shows and scripts read as JSON."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from archive.models import Article, CrawlRun, Event, EventVersion, ParseRun, Snapshot

COUNTED = {
    "articles": Article,
    "snapshots": Snapshot,
    "events": Event,
    "event_versions": EventVersion,
    "crawl_runs": CrawlRun,
    "parse_runs": ParseRun,
}


def archive_stats(session: Session) -> dict[str, Any]:
    """Row counts, the times of the last crawl and parse, and the last crawl run's record
    (with its health verdict: archive/health/)."""
    out: dict[str, Any] = {
        key: session.scalar(select(func.count()).select_from(model)) or 0
        for key, model in COUNTED.items()
    }
    last_crawl = session.scalar(select(CrawlRun).order_by(CrawlRun.started_at.desc()).limit(1))
    last_parse = session.scalar(select(ParseRun).order_by(ParseRun.started_at.desc()).limit(1))
    out["last_crawl_at"] = _when(last_crawl)
    out["last_parse_at"] = _when(last_parse)
    out["last_crawl"] = (
        {
            "id": last_crawl.id,
            "spider": last_crawl.spider,
            "status": last_crawl.status,
            "started_at": last_crawl.started_at.isoformat(),
            "finished_at": last_crawl.finished_at.isoformat() if last_crawl.finished_at else None,
            "arguments": last_crawl.arguments,
            "counts": last_crawl.counts,
            "health": last_crawl.health,
        }
        if last_crawl
        else None
    )
    return out


def _when(run: CrawlRun | ParseRun | None) -> str | None:
    if run is None:
        return None
    return (run.finished_at or run.started_at).isoformat()
