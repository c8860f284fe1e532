"""A crawl's ingest: its crawl run and parse run, its writer process, its counts.

Why here and not in the crawler: everything a crawl does to the archive (open and finish its
runs, record pages, judge how it went) is the archive's business; the crawler only adapts
what it fetched (:class:`~archive.ingest.contract.FetchedPage`,
:class:`~archive.ingest.contract.FailedFetch`) and adds what it knows of the fetching
(Scrapy's own counts) when the crawl closes.
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sqlalchemy.engine import make_url

from archive import store
from archive.db import open_archive, unit_of_work
from archive.ingest.contract import Page
from archive.ingest.counts import ALIAS_COUNTS, FETCH_COUNTS, PARSE_COUNTS, Counts
from archive.ingest.crawl_runs import judge_crawl
from archive.ingest.record import Runs
from archive.ingest.writer import PageResult, Writer, WriterConfig, WriterDied

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session, sessionmaker

    from scraper.parsers.registry import Rules

logger = logging.getLogger(__name__)

# What every crawl run's counts hold (zero when nothing happened), besides the crawler's own.
COUNT_KEYS = ("items", *FETCH_COUNTS, *ALIAS_COUNTS, *PARSE_COUNTS, "pipeline_errors")
# Counts too fine-grained for the one-line log summary (they stay in the run's record).
_NOT_SUMMARISED = frozenset(
    {"items", "parsed", "superseded", "events_unchanged", "splits", "merges", "pipeline_errors"}
)


class CrawlIngest:
    """Opened when a crawl starts (:meth:`open`), fed every page, finished when it closes."""

    def __init__(
        self,
        engine: Engine,
        sessions: sessionmaker[Session],
        url: str,
        runs: Runs,
        writer: Writer,
    ) -> None:
        self.engine = engine
        self.sessions = sessions
        self.url = url
        self.runs = runs
        self.writer = writer
        self.counts = Counts()
        self.extra: Counter[str] = Counter()  # items, pipeline errors, the crawler's signals
        self.first_error: str | None = None
        self._retry_lock = asyncio.Lock()

    @classmethod
    def open(
        cls,
        url: str,
        *,
        spider: str,
        arguments: dict[str, Any],
        rules: Rules,
        parse_processes: int = 1,
    ) -> CrawlIngest:
        """Open the crawl run and its parse run (closing dead ones) and start the writer."""
        engine, sessions = open_archive(url)
        with unit_of_work(sessions) as session:
            run = store.start_crawl_run(session, spider=spider, arguments=arguments)
            # A crawl killed outright also left its parse run open.
            store.fail_dead_parse_runs(session)
            parse_run = store.start_parse_run(
                session,
                parser_version=rules.version,
                options={"crawl_run_id": run.id, "spider": spider},
            )
            runs = Runs(run.id, parse_run.id, rules.version)
        writer = Writer(WriterConfig(url, runs, rules, parse_processes))
        logger.info("Crawl run %s started, archiving into %s", run.id, safe_url(url))
        return cls(engine, sessions, url, runs, writer)

    async def record(self, page: Page) -> PageResult:
        """Record one page (once it is committed); counted, and logged if it went wrong."""
        try:
            result = await asyncio.wrap_future(self.writer.submit(page))
        except WriterDied:
            # The writer died, maybe on another page queued before this one: once more, in
            # the fresh process, on its own and one retry at a time, so that the page that
            # kills it cannot take the others down with it again.
            async with self._retry_lock:
                try:
                    result = await asyncio.wrap_future(self.writer.submit(page, alone=True))
                except WriterDied as exc:
                    result = PageResult(error=f"{page.url}: {exc}")
        self._absorb(page, result)
        return result

    def _absorb(self, page: Page, result: PageResult) -> None:
        self.counts.add(result.counts)
        if result.error is not None:
            self.extra["pipeline_errors"] += 1
            if self.first_error is None:
                self.first_error = result.error
            logger.error("Could not archive %s", result.error)
        if result.parse_error is not None:
            logger.warning("Archived %s but it did not parse: %s", page.url, result.parse_error)
        self.extra["items"] += 1

    def run_counts(self, crawler_counts: dict[str, Any]) -> dict[str, Any]:
        """The crawler's counts plus ours (zero where nothing happened)."""
        ours = dict.fromkeys(COUNT_KEYS, 0) | self.counts.crawl_run() | dict(self.extra)
        return {**crawler_counts, **dict(sorted(ours.items()))}

    def save_counts(self, counts: dict[str, Any]) -> None:
        """Save running counts with the pages being written (the final ones are what count)."""
        self.writer.save_counts(counts)

    def close_writer(self) -> None:
        """Record and commit every page still queued."""
        self.writer.close()

    def finish(
        self,
        counts: dict[str, Any],
        close_reason: str,
        *,
        judge: Callable[[dict[str, Any]], str | None] = judge_crawl,
        health: bool = True,
    ) -> None:
        """Judge the run from ``counts`` (:meth:`run_counts` plus ``close_reason``), record
        how it ended, run the health checks against the site's history (``health``; a
        web-archive import has no such history), and close the archive. ``judge``: why such
        a run failed, or None (a web-archive import is not judged by its responses as a
        crawl is)."""
        why = judge(counts)
        status = "failed" if why else "finished"
        error = why if why is None or self.first_error is None else f"{why}; {self.first_error}"
        try:
            with unit_of_work(self.sessions) as session:
                store.finish_crawl_run(
                    session, self.runs.crawl_run_id, status=status, counts=counts, error=error
                )
                store.finish_parse_run(
                    session,
                    self.runs.parse_run_id,
                    status="finished" if close_reason == "finished" else "interrupted",
                    counts=self.counts.parse_run(),
                )
            verdict = self._judge_health() if health else []
        finally:
            self.engine.dispose()
        log = logger.error if why else logger.info
        log("Crawl run %s %s: %s", self.runs.crawl_run_id, status, summary(counts, why))
        for line in verdict:
            (logger.warning if "unhealthy" in verdict[0] else logger.info)("%s", line)

    def _judge_health(self) -> list[str]:
        """Record the run's health verdict; the summary lines. A check that cannot be judged
        (a bug, a bad ARCHIVE_HEALTH_* value) is logged; the run's record stands."""
        from archive.health import health_summary, record_health

        try:
            with unit_of_work(self.sessions) as session:
                return health_summary(record_health(session, self.runs.crawl_run_id))
        except Exception as exc:
            logger.error(
                "Could not judge the health of crawl run %s: %s", self.runs.crawl_run_id, exc
            )
            return []


def summary(counts: dict[str, Any], why: str | None) -> str:
    """The one-line log summary of a crawl run's counts."""
    keys = ("requests", "responses", *(k for k in COUNT_KEYS if k not in _NOT_SUMMARISED))
    text = ", ".join(f"{k}={counts.get(k, 0)}" for k in keys)
    return f"{text}; {why}" if why else text


def safe_url(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)
