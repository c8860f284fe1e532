"""The archive pipeline: adapts Scrapy's items to the archive's ingest.

Everything a page does to the archive happens in :mod:`archive.ingest` (one path for the
crawl and for reparse): the crawl's writer process parses and records each page, in the order
pages arrived, a page all or nothing; its result comes back once it is committed. This
class only turns Scrapy's items into ingest's pages, adds Scrapy's own counts (requests,
responses by status, ...) to the crawl run's, and follows Scrapy's lifecycle.

"Already seen" is decided by the archive (alias URLs, body hashes), never by Scrapy's memory.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from scrapy import signals

from archive.config import database_url
from archive.ingest.contract import FailedFetch, FetchedPage, Page, SeenAliases
from archive.ingest.crawl import CrawlIngest
from archive.ingest.parsing import rules_for
from scraper.frontier import frontier_kind
from scraper.items import ArchiveItem, ArticleAliases, ArticlePage, FetchFailure

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Spider
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)


class ArchivePipeline:
    """Hands pages to :class:`archive.ingest.crawl.CrawlIngest`; keeps Scrapy's side."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.ingest: CrawlIngest | None = None
        self.spider_error_signals = 0
        self.rules = rules_for(crawler.settings.get("ARCHIVE_RULES"))
        self.save_every = max(1, crawler.settings.getint("ARCHIVE_COUNTS_EVERY", 50))

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        pipeline = cls(crawler)
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(pipeline.spider_error, signal=signals.spider_error)
        return pipeline

    def open_spider(self) -> None:
        spider = cast("Spider", self.crawler.spider)
        arguments: dict[str, Any] = getattr(spider, "run_arguments", dict)()
        self.ingest = CrawlIngest.open(
            database_url(self.crawler.settings.get("ARCHIVE_DATABASE_URL")),
            spider=spider.name,
            arguments=arguments,
            rules=self.rules,
            parse_processes=self.crawler.settings.getint("ARCHIVE_PARSE_PROCESSES", 1),
        )
        id_file = self.crawler.settings.get("ARCHIVE_RUN_ID_FILE")
        if id_file:
            Path(id_file).write_text(f"{self.ingest.runs.crawl_run_id}\n")

    async def process_item(self, item: Any) -> Any:
        if not isinstance(item, (ArticlePage, FetchFailure, ArticleAliases)):
            return item
        assert self.ingest is not None, "open_spider did not run"
        await self.ingest.record(ingest_page(item))
        if self.ingest.extra["items"] % self.save_every == 0:
            self.ingest.save_counts(self.run_counts())
        return item

    def close_spider(self) -> None:
        # Pages still queued are archived before the run is finished (spider_closed).
        if self.ingest is not None:
            self.ingest.close_writer()

    def spider_error(self, failure: Any, response: Any, spider: Any) -> None:
        self.spider_error_signals += 1

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self.ingest is not None:
            self.ingest.finish(self.run_counts(reason), reason)

    def run_counts(self, close_reason: str | None = None) -> dict[str, Any]:
        """Scrapy's counts (requests, responses by status, retries, ...) plus the archive's."""
        assert self.ingest is not None, "open_spider did not run"
        stats = self.crawler.stats.get_stats() if self.crawler.stats else {}
        counts = self.ingest.run_counts(scrapy_counts(stats))
        if self.spider_error_signals:
            counts["spider_error_signals"] = self.spider_error_signals
        counts["frontier"] = frontier_kind(self.crawler.settings)
        if close_reason is not None:
            counts["close_reason"] = close_reason
        return counts


def ingest_page(item: ArchiveItem) -> Page:
    """A Scrapy item as the archive's ingest takes it."""
    if isinstance(item, ArticleAliases):
        return SeenAliases(item.urls, item.seen_at, item.site_domain)
    if isinstance(item, FetchFailure):
        return FailedFetch(item.url, item.status, item.detail, item.fetched_at, item.site_domain)
    return FetchedPage(
        url=item.url,
        status=item.status,
        body=item.body,
        fetched_at=item.fetched_at,
        site_domain=item.site_domain,
        content_type=item.content_type,
        etag=item.etag,
        last_modified=item.last_modified,
        url_date=item.url_date,
    )


def _stat_group(stats: dict[str, Any], prefix: str) -> dict[str, int]:
    """``prefix/NAME`` stats as {NAME: value}, sorted, zeros left out."""
    found = {k[len(prefix) :]: int(v) for k, v in stats.items() if k.startswith(prefix)}
    return {k: v for k, v in sorted(found.items()) if v}


def scrapy_counts(stats: dict[str, Any]) -> dict[str, Any]:
    """The parts of Scrapy's stats a crawl run keeps: requests, responses by status,
    retries, robots.txt refusals, spider exceptions, and the spider's discovery (pages
    followed by kind, links skipped by reason: scraper/spiders/discovery.py)."""
    by_status = {
        key.rsplit("/", 1)[1]: int(value)
        for key, value in stats.items()
        if key.startswith("downloader/response_status_count/")
    }
    return {
        "requests": int(stats.get("downloader/request_count", 0)),
        "responses": int(stats.get("downloader/response_count", 0)),
        "responses_by_status": dict(sorted(by_status.items())),
        # robots.txt answers (counted in responses too): a 404 there means "allowed".
        "robots_by_status": _stat_group(stats, "robotstxt/response_status_count/"),
        "retries": int(stats.get("retry/count", 0)),
        "retry_after_waits": int(stats.get("archive/retry_after_waits", 0)),
        "robots_forbidden": int(stats.get("robotstxt/forbidden", 0)),
        "article_requests": int(stats.get("archive/article_requests", 0)),
        "skipped_known": int(stats.get("archive/skipped_known", 0)),
        "skipped_before_since": int(stats.get("archive/skipped_before_since", 0)),
        "frontier_duplicates": int(stats.get("archive/frontier_duplicates", 0)),
        "pages_followed": _stat_group(stats, "archive/pages_followed/"),
        "pages_failed": _stat_group(stats, "archive/pages_failed/"),
        "pages_failed_urls": list(stats.get("archive/pages_failed_urls") or []),
        "wander_failures": _stat_group(stats, "archive/wander_failures/"),
        "links_skipped": _stat_group(stats, "archive/links_skipped/"),
        "spider_errors": sum(
            int(v)
            for k, v in stats.items()
            if k.startswith("spider_exceptions/") and k != "spider_exceptions/count"
        ),
    }
