"""A crawl's progress in its log every few seconds: pages done, queued, in flight, the rate,
and what the archive has recorded so far.

Why: Scrapy's own LogStats says "Crawled N pages (at R pages/min)" once a minute and never
how much is left; a cron crawl's log (or ``tail -f`` on it) should show within seconds
whether a crawl is moving and how far it has to go. ``ARCHIVE_PROGRESS_INTERVAL`` seconds
between lines (default 5; 0 turns it off).
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.utils.asyncio import create_looping_call

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Spider
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)


class ProgressLog:
    def __init__(self, crawler: Crawler, interval: float) -> None:
        self.crawler = crawler
        self.interval = interval
        self.task: Any = None
        self.started = time.monotonic()
        self.last = (self.started, 0)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        interval = crawler.settings.getfloat("ARCHIVE_PROGRESS_INTERVAL", 5.0)
        if interval <= 0:
            raise NotConfigured
        extension = cls(crawler, interval)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_opened(self, spider: Spider) -> None:
        self.started = time.monotonic()
        self.last = (self.started, 0)
        self.task = create_looping_call(self.log)
        self.task.start(self.interval, now=False)

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self.task is not None and self.task.running:
            self.task.stop()

    def progress(self) -> dict[str, Any]:
        """The figures of one progress line."""
        stats = self.crawler.stats
        assert stats is not None
        done = int(stats.get_value("response_received_count", 0) or 0)
        engine = self.crawler.engine
        scheduler = engine.scheduler if engine is not None else None
        try:
            queued = len(scheduler) if scheduler is not None else 0  # type: ignore[arg-type]
        except TypeError:  # a scheduler that cannot say
            queued = -1
        in_flight = len(engine.downloader.active) if engine is not None else 0
        now = time.monotonic()
        then, before = self.last
        self.last = (now, done)
        rate = (done - before) / (now - then) if now > then else 0.0
        return {
            "done": done,
            "queued": queued,
            "in_flight": in_flight,
            "rate": rate,
            "items": int(stats.get_value("item_scraped_count", 0) or 0),
            "elapsed": now - self.started,
        }

    def log(self) -> None:
        p = self.progress()
        queued = "?" if p["queued"] < 0 else p["queued"]
        logger.info(
            "Progress: %d pages done, %s queued, %d in flight, %.1f pages/s; %d items archived "
            "(%.0f s)",
            p["done"],
            queued,
            p["in_flight"],
            p["rate"],
            p["items"],
            p["elapsed"],
        )
