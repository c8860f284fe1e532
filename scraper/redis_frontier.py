"""The Redis side of the shared frontier (see scraper/frontier.py for when and why): the
scrapy-redis scheduler and seen-set, keyed by article identity, and the bookkeeping of which
processes share a frontier.

Why the bookkeeping: scrapy-redis alone closes a process as soon as the shared queue is
momentarily empty, although another process may be about to add the links of the page it is
reading; and it leaves its seen-set behind for the next crawl to trip over (every page
"seen"). Here each process registers while it runs and says when it is idle (nothing queued,
nothing in flight). An idle process waits while any other registered process is still busy,
and stops when every one is idle with an empty queue, or after ARCHIVE_FRONTIER_WAIT seconds
of idling (a process on another host that died is never seen to go idle). The last process
out deletes the frontier. Registrations of processes that died on this host are dropped
whenever someone looks, and a process that finds nobody alive starts a fresh frontier.

Requests are stored as JSON data (scraper/frontier_codec.py), never pickled, whatever
SCHEDULER_SERIALIZER says: an entry that is not such a request (a crafted pickle, garbage) is
dropped with one error line, counted (``archive/frontier_rejected``), and nothing of it runs.

Only imported when the Redis frontier is chosen: scrapy-redis and redis are the ``redis`` extra.
"""

from __future__ import annotations

import logging
import os
import time
import uuid
from typing import TYPE_CHECKING, Any, Self

from scrapy import signals
from scrapy.exceptions import DontCloseSpider
from scrapy.utils.asyncio import call_later
from scrapy.utils.misc import load_object
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.scheduler import Scheduler

from archive.store import process_alive, this_host
from scraper import frontier_codec
from scraper.fingerprints import ArticleFingerprinter

if TYPE_CHECKING:
    from scrapy import Request, Spider
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

# How long a process waits for the frontier lock while joining or leaving (seconds).
LOCK_TIMEOUT = 30
# How often an idle process looks for requests queued by the others (seconds).
POLL_INTERVAL = 0.5
# Entries refused in a row before next_request gives up for now (the next call goes on).
MAX_REJECTED_IN_A_ROW = 100


class ArticleDupeFilter(RFPDupeFilter):  # type: ignore[misc]
    """scrapy-redis's shared seen-set, keyed by article identity (one article, one request,
    in every process)."""

    fingerprinter = ArticleFingerprinter()

    def request_fingerprint(self, request: Request) -> str:
        return self.fingerprinter.fingerprint(request).hex()


class SharedScheduler(Scheduler):  # type: ignore[misc]
    """scrapy-redis's scheduler, plus knowing who shares the frontier (see the module)."""

    server: Any
    queue: Any
    queue_key: str
    queue_cls: str
    dupefilter_key: str
    dupefilter_cls: str
    serializer: Any
    df: Any
    stats: Any

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        scheduler = super().from_crawler(crawler)
        scheduler.serializer = frontier_codec
        scheduler.max_wait = crawler.settings.getfloat("ARCHIVE_FRONTIER_WAIT", 300)
        scheduler.crawler = crawler
        crawler.signals.connect(scheduler.spider_idle, signal=signals.spider_idle)
        return scheduler

    max_wait: float = 300.0
    idle_since: float | None = None
    crawler: Crawler | None = None
    polling = False

    def open(self, spider: Spider) -> None:
        name = {"spider": spider.name}
        self.frontier_keys = (self.queue_key % name, self.dupefilter_key % name)
        self.workers_key = f"{self.queue_key % name}:workers"
        self.idle_key = f"{self.queue_key % name}:idle"
        # host:pid:token (several schedulers may share a process in tests)
        self.me = f"{this_host()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        with self._lock():
            self._forget_dead_workers()
            if not self.server.hlen(self.workers_key):
                # Nobody is crawling: whatever is there was left by a dead crawl.
                self.server.delete(*self.frontier_keys, self.idle_key)
            self.server.hset(self.workers_key, self.me, spider.name)
        # scrapy-redis's own open(), without its Spider.log() call (deprecated in Scrapy),
        # and always with the JSON codec: never pickle.
        self.spider = spider
        self.serializer = frontier_codec
        self.queue = load_object(self.queue_cls)(
            server=self.server,
            spider=spider,
            key=self.queue_key % name,
            serializer=frontier_codec,
        )
        if not self.df:
            self.df = load_object(self.dupefilter_cls).from_spider(spider)
        if len(self.queue):
            logger.info("Joining a shared frontier with %d request(s) queued", len(self.queue))

    def enqueue_request(self, request: Request) -> bool:
        added = bool(super().enqueue_request(request))
        if not added and self.stats is not None:
            self.stats.inc_value("archive/frontier_duplicates")
        return added

    def next_request(self) -> Request | None:
        request = self._next_valid_request()
        if request is not None and self.idle_since is not None:
            self.idle_since = None
            self.server.srem(self.idle_key, self.me)
        return request

    def _next_valid_request(self) -> Request | None:
        """The next request of the queue, dropping entries that are not requests."""
        for _ in range(MAX_REJECTED_IN_A_ROW):
            try:
                return super().next_request()  # type: ignore[no-any-return]
            except (frontier_codec.FrontierEntryRejected, ValueError) as exc:
                # (ValueError: a callback that is no method of the spider)
                logger.error("Dropped an entry of the shared frontier %s: %s", self.queue.key, exc)
                if self.stats is not None:
                    self.stats.inc_value("archive/frontier_rejected")
        return None

    def spider_idle(self, spider: Spider) -> None:
        """Nothing queued or in flight here: stop only when every process sharing the
        frontier is idle too (or after waiting ARCHIVE_FRONTIER_WAIT seconds)."""
        now = time.monotonic()
        if self.idle_since is None:
            self.idle_since = now
        with self._lock():
            self.server.sadd(self.idle_key, self.me)
            self._forget_dead_workers()
            workers = set(self.server.hkeys(self.workers_key))
            idle = set(self.server.smembers(self.idle_key))
            queued = len(self.queue)
        if not queued and workers <= idle:
            return  # everyone is done
        if now - self.idle_since >= self.max_wait:
            logger.warning(
                "Leaving the shared frontier after %.0fs idle (%d request(s) queued, "
                "%d other process(es) still busy)",
                now - self.idle_since,
                queued,
                len(workers - idle),
            )
            return
        if not self.polling:
            self.polling = True
            call_later(POLL_INTERVAL, self._take_queued_request)
        raise DontCloseSpider("other processes sharing the frontier are still busy")

    def _take_queued_request(self) -> None:
        """While idle, look for requests the other processes queued, sooner than Scrapy's
        next heartbeat (5 s) would: hand one to the engine, which wakes it up."""
        self.polling = False
        engine = self.crawler.engine if self.crawler is not None else None
        if engine is None or engine.spider is None or self.idle_since is None:
            return
        request = self.next_request()
        if request is None:
            return  # the next heartbeat asks spider_idle again
        # Already admitted to the frontier: it must not be dropped as seen on the way back.
        engine.crawl(request.replace(dont_filter=True))

    def close(self, reason: str) -> None:
        with self._lock():
            self.server.hdel(self.workers_key, self.me)
            self.server.srem(self.idle_key, self.me)
            self._forget_dead_workers()
            if not self.server.hlen(self.workers_key):
                self.server.delete(*self.frontier_keys, self.workers_key, self.idle_key)
        super().close(reason)

    def _lock(self) -> Any:
        return self.server.lock(f"{self.workers_key}:lock", timeout=LOCK_TIMEOUT)

    def _forget_dead_workers(self) -> None:
        """Drop registrations of processes on this host that are gone (killed, crashed);
        other hosts' processes cannot be judged from here and stay."""
        host = this_host()
        for worker in self.server.hkeys(self.workers_key):
            text = worker.decode() if isinstance(worker, bytes) else str(worker)
            worker_host, pid, _token = [*text.rsplit(":", 2), "", ""][:3]
            if worker_host == host and pid.isdigit() and not process_alive(int(pid)):
                self.server.hdel(self.workers_key, worker)
                self.server.srem(self.idle_key, worker)
