"""An unreachable site (offline, DNS failing, the wrong port): stop within seconds, say so in
one line, fail the run.

Why: Scrapy retries every request that cannot connect, with the politeness delays in
between, and logs a traceback for each; a crawl of a site it never reached ran for 38 s,
printed 388 lines and exited 0. Here, as long as the site has not answered once, a request
that cannot connect is not retried (retries are for a live site's hiccups), its log line
loses the traceback, and once ``ARCHIVE_UNREACHABLE_AFTER`` distinct URLs have failed to
connect (or the crawl ran out of requests with every one of them failed so) the crawl closes
as ``site_unreachable``: the run records why (``unreachable``), and `scrapy crawl` prints
that line last and exits 1 (scraper/commands/crawl.py).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Self

from scrapy import signals
from scrapy.exceptions import CannotResolveHostError, DownloadConnectionRefusedError
from scrapy.utils.defer import deferred_from_coro
from twisted.internet.error import ConnectError, DNSLookupError

if TYPE_CHECKING:
    from scrapy import Request, Spider
    from scrapy.crawler import Crawler
    from scrapy.http import Response

logger = logging.getLogger(__name__)

# Errors that mean the request never reached the site (ConnectError covers refused, no
# route, connect timeouts).
CONNECTION_ERRORS: tuple[type[BaseException], ...] = (
    DownloadConnectionRefusedError,
    CannotResolveHostError,
    DNSLookupError,
    ConnectError,
)
CLOSE_REASON = "site_unreachable"
# Scrapy's loggers that log a download error with its traceback.
_NOISY_LOGGERS = ("scrapy.core.scraper", "scrapy.downloadermiddlewares.robotstxt")

# What the crawls of this process found unreachable (read by `scrapy crawl` once they end).
UNREACHABLE: list[str] = []


def one_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return (f"{type(exc).__name__}: {text}" if text else type(exc).__name__).splitlines()[0]


class _NoConnectionTraceback(logging.Filter):
    """Keep a download error's one line, without the traceback, when it only says that
    the request could not connect."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        if exc is not None and (
            isinstance(exc, CONNECTION_ERRORS) or isinstance(exc.__cause__, CONNECTION_ERRORS)
        ):
            record.exc_info = None
            record.exc_text = None
        return True


class UnreachableSite:
    """A downloader middleware (before RetryMiddleware) watching for a site never reached."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.after = max(1, crawler.settings.getint("ARCHIVE_UNREACHABLE_AFTER", 2))
        self.responses = 0
        self.failed: dict[str, str] = {}  # URL -> why it could not connect (the first time)
        self.message: str | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        watch = cls(crawler)
        crawler.signals.connect(watch.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(watch.spider_closed, signal=signals.spider_closed)
        quiet = _NoConnectionTraceback()
        for name in _NOISY_LOGGERS:
            logging.getLogger(name).addFilter(quiet)
        return watch

    def process_response(self, request: Request, response: Response) -> Response:
        self.responses += 1
        return response

    def process_exception(self, request: Request, exception: BaseException) -> None:
        if self.responses or not isinstance(exception, CONNECTION_ERRORS):
            return
        request.meta["dont_retry"] = True
        self.failed.setdefault(request.url, one_line(exception))
        if self.crawler.stats is not None:
            self.crawler.stats.set_value("archive/connection_failures", len(self.failed))
        if len(self.failed) >= self.after and self.message is None:
            self._give_up()
            engine = self.crawler.engine
            if engine is not None:
                deferred_from_coro(engine.close_spider_async(reason=CLOSE_REASON))

    def _give_up(self) -> None:
        first = next(iter(self.failed.values()))
        self.message = (
            f"site unreachable: {len(self.failed)} URL(s) tried, none could connect ({first})"
        )
        if self.crawler.stats is not None:
            self.crawler.stats.set_value("archive/unreachable", self.message)
        UNREACHABLE.append(self.message)

    def spider_idle(self, spider: Spider) -> None:
        """Out of requests, every one failed to connect: unreachable too (said before the
        run is finished, so that it records why)."""
        if self.message is None and self.failed and not self.responses:
            self._give_up()

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self.message is not None:
            logger.error("%s", self.message)
