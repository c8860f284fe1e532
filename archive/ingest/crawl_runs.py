"""Crawl-run judgement: the rule that says a crawl run failed, and its one-line description.

Why a rule of our own: Scrapy exits 0 even when every request failed, so "did last night's
crawl work?" must be answered from what the run recorded. The crawl's ingest applies
:func:`judge_crawl` when the crawl closes (status ``failed`` plus the reason), and the cron
wrapper re-reads the run (``python -m archive.ingest.crawl_runs RUN_ID_FILE``) to choose its
exit status.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from archive.models import CrawlRun

# The exit statuses of ``python -m archive.ingest.crawl_runs`` (and so of cron/crawl).
EXIT_HEALTHY = 0
EXIT_FAILED = 1  # the crawl did not work: it never ran, died, got no answer, hit a bug
EXIT_UNHEALTHY = 3  # it ran, but a health check failed (archive/health/)


def judge_crawl(counts: dict[str, Any]) -> str | None:
    """Why a crawl with these counts failed, or None if it did not.

    Failed means: it was not allowed to finish (killed, shut down, closed on errors); it got
    no response at all (unless it shared a Redis frontier and sent no request: the other
    processes had them all); or an unhandled error happened in the spider or while
    archiving. Article requests that failed are not a failure of the run: a quiet night that
    finds nothing new but a couple of dead links is healthy, while many failed requests,
    failed listings or a site answering 5xx are judged by the health checks
    (archive/health/), which make the run *unhealthy*, not failed.
    """
    reason = counts.get("close_reason", "finished")
    if reason != "finished":
        return f"crawl did not finish (closed: {reason})"
    if not counts.get("responses"):
        if counts.get("frontier") == "redis" and not counts.get("requests"):
            return None  # the processes sharing the frontier had taken every request
        return "no response at all"
    if counts.get("pipeline_errors"):
        return f"{counts['pipeline_errors']} page(s) could not be archived (unhandled error)"
    if counts.get("spider_errors"):
        return f"{counts['spider_errors']} unhandled error(s) in the spider"
    return None


def describe(run: CrawlRun) -> str:
    """One line about a crawl run, for logs and the cron wrapper."""
    c = run.counts or {}
    parts = [
        f"crawl run {run.id} ({run.spider}): {run.status}",
        f"{c.get('requests', 0)} requests",
        f"{c.get('responses', 0)} responses",
        f"{c.get('new_articles', 0)} new articles",
        f"{c.get('new_snapshots', 0)} new snapshots",
        f"{c.get('unchanged', 0) + c.get('not_modified', 0)} unchanged",
        f"{c.get('fetch_errors', 0)} fetch errors",
        f"{c.get('parse_errors', 0)} parse errors",
        f"events +{c.get('events_added', 0)} ~{c.get('events_changed', 0)} -{c.get('events_closed', 0)}",
    ]
    line = ", ".join(parts)
    if run.error:
        line += f"; {run.error}"
    return line


def run_failure(session: Session, run_id: int) -> tuple[str | None, str]:
    """(why the run failed or None, one-line description), judged from what it recorded."""
    run = session.get(CrawlRun, run_id)
    if run is None:
        return f"crawl run {run_id} is not in the archive", f"crawl run {run_id}: missing"
    if run.status == "running":
        return "the crawl run was never finished (the crawl died)", describe(run)
    if run.status != "finished":
        return run.error or f"status {run.status}", describe(run)
    why = judge_crawl(run.counts or {})
    return why, describe(run)


def run_outcome(session: Session, run_id: int) -> tuple[int, list[str]]:
    """(exit status, the lines to print) for a crawl run: failed, unhealthy or healthy. A
    finished run not judged yet (recorded by older code) is judged now."""
    from archive.health import health_summary, record_health

    why, line = run_failure(session, run_id)
    lines = [line]
    run = session.get(CrawlRun, run_id)
    if run is not None and run.status != "running" and run.health is None:
        record_health(session, run_id)
    if why:
        lines.append(f"crawl failed: {why}")
    health = run.health if run is not None else None
    lines.extend(health_summary(health))
    if why:
        return EXIT_FAILED, lines
    if health and health.get("verdict") == "unhealthy":
        return EXIT_UNHEALTHY, lines
    return EXIT_HEALTHY, lines


def main(argv: list[str] | None = None) -> int:
    """``python -m archive.ingest.crawl_runs RUN_ID_FILE``: exit 0 if the crawl run named in
    the file succeeded and is healthy, 1 if it failed (or never started), 3 if it ran but a
    health check failed, 2 on bad input. Used by cron/crawl, which passes the lines printed
    on to cron's mail and the notification command."""
    from archive.db import open_archive, unit_of_work
    from archive.errors import ArchiveError

    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m archive.ingest.crawl_runs RUN_ID_FILE", file=sys.stderr)
        return 2
    text = Path(args[0]).read_text().strip() if Path(args[0]).exists() else ""
    if not text.isdigit():
        print("crawl failed: it never opened a crawl run (see the log)")
        return EXIT_FAILED
    try:
        engine, sessions = open_archive()
    except ArchiveError as exc:
        print(f"crawl failed: {exc}")
        return EXIT_FAILED
    try:
        with unit_of_work(sessions) as session:
            status, lines = run_outcome(session, int(text))
    except ArchiveError as exc:
        print(f"crawl failed: {exc}")
        return EXIT_FAILED
    finally:
        engine.dispose()
    print("\n".join(lines))
    return status


if __name__ == "__main__":
    sys.exit(main())
