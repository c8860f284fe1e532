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

# Outcomes of an article request that mean the site answered with the article (or that it
# has not changed since we last stored it).
OK_OUTCOMES = ("new_snapshots", "unchanged", "not_modified")
ARTICLE_OUTCOMES = (*OK_OUTCOMES, "not_article", "fetch_errors")


def judge_crawl(counts: dict[str, Any]) -> str | None:
    """Why a crawl with these counts failed, or None if it did not.

    Failed means: the site could not be reached at all; it was not allowed to finish (killed, shut down, closed on errors); it got
    no response at all (unless it shared a Redis frontier and sent no request: the other
    processes had them all); every article it fetched failed; or an unhandled error happened
    in the spider or while archiving.
    """
    if counts.get("unreachable"):  # scraper/unreachable.py
        return str(counts["unreachable"])
    reason = counts.get("close_reason", "finished")
    if reason != "finished":
        return f"crawl did not finish (closed: {reason})"
    if not counts.get("responses"):
        if counts.get("frontier") == "redis" and not counts.get("requests"):
            return None  # the processes sharing the frontier had taken every request
        return "no response at all"
    attempts = sum(int(counts.get(k, 0)) for k in ARTICLE_OUTCOMES)
    ok = sum(int(counts.get(k, 0)) for k in OK_OUTCOMES)
    if attempts and not ok:
        return f"every article request failed ({attempts} attempted)"
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


def main(argv: list[str] | None = None) -> int:
    """``python -m archive.ingest.crawl_runs RUN_ID_FILE``: exit 0 if the crawl run named in the file
    succeeded, 1 if it failed (or never started), 2 on bad input. Used by cron/crawl."""
    from archive.db import open_archive, unit_of_work
    from archive.errors import ArchiveError

    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m archive.ingest.crawl_runs RUN_ID_FILE", file=sys.stderr)
        return 2
    text = Path(args[0]).read_text().strip() if Path(args[0]).exists() else ""
    if not text.isdigit():
        print("crawl failed: it never opened a crawl run (see the log)")
        return 1
    try:
        engine, sessions = open_archive()
    except ArchiveError as exc:
        print(f"crawl failed: {exc}")
        return 1
    try:
        with unit_of_work(sessions) as session:
            why, line = run_failure(session, int(text))
    finally:
        engine.dispose()
    print(line)
    if why:
        print(f"crawl failed: {why}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
