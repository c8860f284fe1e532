"""An opt-in crawl frontier shared through Redis, for several crawl processes at once.

Why: one Scrapy process uses one core (see archive/ingest/writer.py). To crawl faster, or from
several machines, start the same crawl more than once with ``-s ARCHIVE_FRONTIER=redis`` (or
``ARCHIVE_REDIS_URL`` set): the processes then share one request queue and one set of seen
requests in Redis (scrapy-redis's scheduler), so each page is fetched by exactly one of them.
The seen-set uses our article-identity fingerprints (scraper/fingerprints.py), not
scrapy-redis's URL hash, so both URL shapes of one article, ``www.`` or not, trailing slashes
and tracking parameters are still one request across processes.

What the archive decides is unchanged: each process opens its own crawl run, skips articles
the archive already holds, and writes through its own pipeline.

The frontier lives only as long as the crawl. The processes register in Redis while they run;
the last one to finish deletes the queue and the seen-set (scraper/redis_frontier.py), so the next crawl (tomorrow's cron
run) starts afresh. Registrations of processes that died on this host (SIGKILL) are dropped
when a process joins, and a crawl that finds nobody else alive starts a new frontier, so a
killed crawl never leaves a seen-set that would make the next one skip pages. (Pages a killed
process had taken from the queue and not archived are fetched by the next crawl: the archive
does not know them.) Crawls that must not share a frontier, e.g. the same spider against two
different mirrors, use different ``ARCHIVE_FRONTIER_KEY`` prefixes.
"""

from __future__ import annotations

from scrapy.settings import BaseSettings

from archive.errors import ArchiveError

FRONTIER_CHOICES = ("memory", "redis")
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"


class FrontierUnavailable(ArchiveError):
    """The shared frontier was asked for but cannot be used (bad setting, no Redis)."""


def frontier_kind(settings: BaseSettings) -> str:
    """``memory`` (Scrapy's own scheduler) or ``redis``; ARCHIVE_REDIS_URL alone means redis."""
    kind = (settings.get("ARCHIVE_FRONTIER") or "").strip().lower()
    if not kind:
        return "redis" if settings.get("ARCHIVE_REDIS_URL") else "memory"
    if kind not in FRONTIER_CHOICES:
        raise FrontierUnavailable(
            f"ARCHIVE_FRONTIER must be one of {', '.join(FRONTIER_CHOICES)}, got {kind!r}"
        )
    return kind


def redis_url(settings: BaseSettings) -> str:
    return str(settings.get("ARCHIVE_REDIS_URL") or DEFAULT_REDIS_URL)


def configure_frontier(settings: BaseSettings, priority: int) -> None:
    """Switch a crawl's scheduler to the shared frontier when asked to (called from the
    spiders' update_settings, like the user agent)."""
    if frontier_kind(settings) != "redis":
        return
    prefix = str(settings.get("ARCHIVE_FRONTIER_KEY") or "archive:frontier")
    values = {
        "SCHEDULER": "scraper.redis_frontier.SharedScheduler",
        "DUPEFILTER_CLASS": "scraper.redis_frontier.ArticleDupeFilter",
        "REDIS_URL": redis_url(settings),
        "SCHEDULER_QUEUE_KEY": f"{prefix}:%(spider)s:requests",
        "SCHEDULER_DUPEFILTER_KEY": f"{prefix}:%(spider)s:seen",
        # The frontier outlives each process; SharedScheduler clears it after the last one.
        "SCHEDULER_PERSIST": True,
        # JSON data, never pickle (scraper/frontier_codec.py); SharedScheduler insists.
        "SCHEDULER_SERIALIZER": "scraper.frontier_codec",
    }
    for name, value in values.items():
        settings.set(name, value, priority=priority)


def check_frontier(settings: BaseSettings) -> None:
    """Fail early, in one line, when the shared frontier is asked for but unusable."""
    if frontier_kind(settings) != "redis":
        return
    try:
        import redis
        import scrapy_redis  # noqa: F401
    except ImportError as exc:
        raise FrontierUnavailable(
            f"the Redis frontier needs the redis extra (pip install 'campaign-archive[redis]'): {exc}"
        ) from exc

    url = redis_url(settings)
    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=5)
        client.ping()
        client.close()
    except (redis.RedisError, ValueError) as exc:
        raise FrontierUnavailable(f"cannot use the Redis frontier at {url}: {exc}") from exc
