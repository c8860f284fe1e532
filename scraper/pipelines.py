"""The archive pipeline: every fetched article page goes to the store and through the rules.

One item is one unit of work: the fetch outcome, the snapshot (if the body is new), and the
events the current rules find in it commit together or not at all, so a crawl killed at any
moment leaves only whole pages behind and a re-run neither loses nor repeats anything.

Why other processes: parsing and database writes are blocking, and both are CPU that would
compete with Scrapy's reactor for the interpreter lock. So the crawl's process only fetches
and hands items over; one archive process (:mod:`scraper.archiver`) records them, one at a
time in the order they arrived, each parsed by its parser process (:mod:`scraper.parse_pool`,
``ARCHIVE_PARSE_PROCESSES``). This process keeps the crawl run: its counts, start and end.

"Already seen" is decided by the archive (alias URLs, body hashes), never by Scrapy's memory.
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from scrapy import signals

from archive import store
from archive.config import database_url
from archive.db import open_archive, unit_of_work
from archive.ingest.parsing import rules_for
from scraper.archiver import ArchiveConfig, ArchiveProcess, ArchiveResult
from scraper.frontier import frontier_kind
from scraper.items import ArticlePage, FetchFailure
from scraper.runs import judge_crawl, scrapy_counts

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Spider
    from scrapy.crawler import Crawler
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session, sessionmaker

    from scraper.parsers.registry import Rules

logger = logging.getLogger(__name__)

# What every crawl run's counts hold (zero when nothing happened), besides Scrapy's own.
COUNT_KEYS = (
    "items",
    "new_articles",
    "new_snapshots",
    "unchanged",
    "not_modified",
    "not_article",
    "fetch_errors",
    "parsed",
    "parse_errors",
    "events_added",
    "events_changed",
    "events_closed",
    "events_unchanged",
    "pipeline_errors",
)


class ArchivePipeline:
    """Hands pages to :mod:`archive.store` and the parser; keeps the crawl run's counts."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.counts: Counter[str] = Counter()
        self.first_error: str | None = None
        self.engine: Engine | None = None
        self.sessions: sessionmaker[Session] | None = None
        self.crawl_run_id: int | None = None
        self.parse_run_id: int | None = None
        self.archiver: ArchiveProcess | None = None
        self.retry_lock = asyncio.Lock()
        self.rules: Rules = rules_for(crawler.settings.get("ARCHIVE_RULES"))
        self.save_every = max(1, crawler.settings.getint("ARCHIVE_COUNTS_EVERY", 50))

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        pipeline = cls(crawler)
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(pipeline.spider_error, signal=signals.spider_error)
        return pipeline

    # --- lifecycle --------------------------------------------------------------------------

    def open_spider(self) -> None:
        spider = cast("Spider", self.crawler.spider)
        url = database_url(self.crawler.settings.get("ARCHIVE_DATABASE_URL"))
        self.engine, self.sessions = open_archive(url)
        arguments = getattr(spider, "run_arguments", dict)()
        with unit_of_work(self.sessions) as session:
            run = store.start_crawl_run(session, spider=spider.name, arguments=arguments)
            # A crawl killed outright also left its parse run open.
            store.fail_dead_parse_runs(session)
            parse_run = store.start_parse_run(
                session,
                parser_version=self.rules.version,
                options={"crawl_run_id": run.id, "spider": spider.name},
            )
            self.crawl_run_id, self.parse_run_id = run.id, parse_run.id
        id_file = self.crawler.settings.get("ARCHIVE_RUN_ID_FILE")
        if id_file:
            Path(id_file).write_text(f"{self.crawl_run_id}\n")
        processes = self.crawler.settings.getint("ARCHIVE_PARSE_PROCESSES", 1)
        self.archiver = ArchiveProcess(
            ArchiveConfig(url, run.id, parse_run.id, self.rules, processes)
        )
        logger.info("Crawl run %s started, archiving into %s", self.crawl_run_id, _safe(url))

    async def process_item(self, item: Any) -> Any:
        if not isinstance(item, (ArticlePage, FetchFailure)):
            return item
        assert self.archiver is not None, "open_spider did not run"
        try:
            result = await asyncio.wrap_future(self.archiver.submit(item))
        except BrokenProcessPool:
            # The archive process died, maybe on another item queued before this one: once
            # more, in the fresh process that replaces it; one retry at a time, so that the
            # item that kills it cannot take the others down with it again.
            async with self.retry_lock:
                try:
                    result = await asyncio.wrap_future(self.archiver.submit(item))
                except BrokenProcessPool as exc:
                    result = ArchiveResult(error=f"{item.url}: the archive process died ({exc})")
        self.absorb(item, result)
        return item

    def close_spider(self) -> None:
        # Items still queued are archived before the run is finished (spider_closed).
        if self.archiver is not None:
            self.archiver.close()

    def spider_error(self, failure: Any, response: Any, spider: Any) -> None:
        self.counts["spider_error_signals"] += 1

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self.sessions is None or self.crawl_run_id is None:
            return
        counts = self.run_counts(reason)
        why = judge_crawl(counts)
        status = "failed" if why else "finished"
        error = why if why is None or self.first_error is None else f"{why}; {self.first_error}"
        try:
            with unit_of_work(self.sessions) as session:
                store.finish_crawl_run(
                    session, self.crawl_run_id, status=status, counts=counts, error=error
                )
                if self.parse_run_id is not None:
                    store.finish_parse_run(
                        session,
                        self.parse_run_id,
                        status="finished" if reason == "finished" else "interrupted",
                        counts=_parse_counts(counts),
                    )
        finally:
            if self.engine is not None:
                self.engine.dispose()
        log = logger.error if why else logger.info
        log("Crawl run %s %s: %s", self.crawl_run_id, status, _summary(counts, why))

    def run_counts(self, close_reason: str | None = None) -> dict[str, Any]:
        """Our counts plus Scrapy's (requests, responses by status, retries, ...)."""
        stats = self.crawler.stats.get_stats() if self.crawler.stats else {}
        ours = dict.fromkeys(COUNT_KEYS, 0) | dict(self.counts)
        counts: dict[str, Any] = {**scrapy_counts(stats), **dict(sorted(ours.items()))}
        counts["frontier"] = frontier_kind(self.crawler.settings)
        if close_reason is not None:
            counts["close_reason"] = close_reason
        return counts

    def absorb(self, item: ArticlePage | FetchFailure, result: ArchiveResult) -> None:
        """Add what archiving one item did to the run's counts (and say what went wrong)."""
        self.counts.update(result.counts)
        if result.error is not None:
            self.counts["pipeline_errors"] += 1
            if self.first_error is None:
                self.first_error = result.error
            logger.error("Could not archive %s", result.error)
        if result.parse_error is not None:
            logger.warning("Archived %s but it did not parse: %s", item.url, result.parse_error)
        self.counts["items"] += 1
        if self.counts["items"] % self.save_every == 0 and self.archiver is not None:
            # In line with the pages, by the writer; a courtesy (the final counts matter).
            self.archiver.save_counts(self.run_counts())


def _parse_counts(counts: dict[str, Any]) -> dict[str, Any]:
    keys = ("parsed", "parse_errors", "events_added", "events_changed", "events_closed")
    return {k: counts.get(k, 0) for k in keys}


# Counts too fine-grained for the one-line log summary (they stay in the run's record).
_NOT_SUMMARISED = frozenset({"items", "parsed", "events_unchanged", "pipeline_errors"})


def _summary(counts: dict[str, Any], why: str | None) -> str:
    keys = ("requests", "responses", *(k for k in COUNT_KEYS if k not in _NOT_SUMMARISED))
    text = ", ".join(f"{k}={counts.get(k, 0)}" for k in keys)
    return f"{text}; {why}" if why else text


def _safe(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)
