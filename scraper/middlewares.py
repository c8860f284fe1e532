"""Downloader middleware: retries that wait as long as the site asked (Retry-After).

Scrapy's RetryMiddleware retries 5xx and 429 at once, ignoring a Retry-After header: exactly
what a site that is shedding load asks crawlers not to do. This subclass waits the number of
seconds (or until the HTTP date) the header gives before handing back the retry, and gives
the page up when the wait would exceed ARCHIVE_RETRY_AFTER_MAX (the fetch is then recorded
as an error and a later crawl tries again).
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING

from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.utils.asyncio import sleep
from scrapy.utils.response import response_status_message

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler
    from scrapy.http import Request, Response

logger = logging.getLogger(__name__)


def retry_after_seconds(value: str | bytes | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After value (delta-seconds or an HTTP date); None when
    absent or unreadable."""
    if value is None:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if not text:
        return None
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class RetryAfterMiddleware(RetryMiddleware):
    """RetryMiddleware that honours Retry-After on the responses it retries."""

    max_wait: float

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        mw = super().from_crawler(crawler)
        mw.max_wait = crawler.settings.getfloat("ARCHIVE_RETRY_AFTER_MAX")
        return mw

    async def process_response(  # type: ignore[override]
        self, request: Request, response: Response
    ) -> Request | Response:
        if request.meta.get("dont_retry", False) or response.status not in self.retry_http_codes:
            return response
        wait = retry_after_seconds(response.headers.get(b"Retry-After"))
        if wait is not None and wait > self.max_wait:
            logger.warning(
                "Not retrying %s: Retry-After of %.0fs exceeds ARCHIVE_RETRY_AFTER_MAX (%.0fs)",
                request.url,
                wait,
                self.max_wait,
            )
            self.crawler.stats.inc_value("archive/retry_after_too_long")  # type: ignore[union-attr]
            return response
        retry = self._retry(request, response_status_message(response.status))
        if retry is None:
            return response
        if wait:
            self.crawler.stats.inc_value("archive/retry_after_waits")  # type: ignore[union-attr]
            logger.info("Waiting %.1fs (Retry-After) before retrying %s", wait, request.url)
            await sleep(wait)
        return retry
