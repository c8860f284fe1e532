"""The shared Redis frontier (scraper/frontier.py, scraper/redis_frontier.py) against the
real Redis server named by ARCHIVE_TEST_REDIS_URL: two crawl processes, one mirror, one
archive, every article fetched exactly once in total; article identities shared across
processes; the frontier cleared by the last process out, and a dead crawl's leftovers never
make the next crawl skip pages.

Skipped when Redis is unreachable, unless ARCHIVE_TEST_REQUIRE_REDIS=1 (CI), then failed.
Each test uses its own key prefix and deletes its keys afterwards."""

from __future__ import annotations

import os
import subprocess
import uuid
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from scrapy import Request, Spider
from sqlalchemy import func, select

from archive.models import Article, CrawlRun, Fetch, Snapshot
from tests.conftest import Archive
from tests.support.crawl_process import start_crawl
from tests.support.mirror import SINCE, serve, socialist_mirror

redis = pytest.importorskip("redis")

pytestmark = [pytest.mark.redis, pytest.mark.slow]


@pytest.fixture
def redis_url() -> str:
    url = os.environ.get("ARCHIVE_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=2)
        client.ping()
        client.close()
    except redis.RedisError as exc:
        if os.environ.get("ARCHIVE_TEST_REQUIRE_REDIS") == "1":
            pytest.fail(f"Redis at {url} is required but unreachable: {exc}")
        pytest.skip(f"Redis at {url} unreachable: {exc}")
    return url


@pytest.fixture
def frontier(redis_url: str) -> Iterator[tuple[Any, str]]:
    """(client, key prefix unique to this test); every key under the prefix deleted after."""
    client = redis.Redis.from_url(redis_url)
    prefix = f"archive-test:{uuid.uuid4().hex}"
    try:
        yield client, prefix
    finally:
        keys = list(client.scan_iter(match=f"{prefix}:*"))
        if keys:
            client.delete(*keys)
        client.close()


def test_two_processes_fetch_each_article_exactly_once(
    archive: Archive, frontier: tuple[Any, str], redis_url: str
) -> None:
    client, prefix = frontier
    # Slow pages, so that both processes are crawling at the same time.
    mirror = socialist_mirror(delay=0.4, extra_articles=10, large_paragraphs=0)
    site = mirror.site
    settings = {"ARCHIVE_REDIS_URL": redis_url, "ARCHIVE_FRONTIER_KEY": prefix}
    with serve(site):
        args = {"base_url": site.base_url, "since": SINCE.isoformat()}
        procs = [start_crawl("socialist", archive.url, args, settings) for _ in range(2)]
        try:
            for proc in procs:
                assert proc.wait(timeout=120) == 0
        finally:
            for proc in procs:
                if proc.poll() is None:
                    proc.kill()
                    proc.wait()

    # Every article answered 200 exactly once in total, whichever of its URL shapes was
    # linked from the page a process happened to read.
    for role, path in mirror.articles.items():
        paths = [path] + ([mirror.paths["issue_shape"]] if role == "two_shapes" else [])
        answered = [h for p in paths for h in site.hits_for(p) if h.status == 200]
        assert len(answered) == 1, (role, [(h.path, h.status) for h in site.hits_for(path)])
    assert not [h for h in site.hits if "utm_" in h.path]
    assert site.statuses(mirror.paths["missing"]) == [404]
    for listing in ("/", "/issues/", "/issue/412/"):
        assert len(site.hits_for(listing)) == 1, listing

    n = len(mirror.articles)
    with archive.sessions() as s:
        runs = list(s.scalars(select(CrawlRun).order_by(CrawlRun.id)))
        assert [r.status for r in runs] == ["finished", "finished"], [r.error for r in runs]
        assert s.scalar(select(func.count()).select_from(Article)) == n
        assert s.scalar(select(func.count()).select_from(Snapshot)) == n
        # Both processes did part of the work: the frontier really was shared.
        per_run = dict(
            s.execute(
                select(Fetch.crawl_run_id, func.count())
                .where(Fetch.outcome == "new_snapshot")
                .group_by(Fetch.crawl_run_id)
            ).all()
        )
    assert sorted(k or 0 for k in per_run) == [r.id for r in runs] and sum(per_run.values()) == n
    assert sum(r.counts["new_articles"] for r in runs) == n
    # The last process out cleared the frontier.
    assert list(client.scan_iter(match=f"{prefix}:*")) == []


def test_seen_set_is_by_article_identity(frontier: tuple[Any, str]) -> None:
    from scraper.redis_frontier import ArticleDupeFilter

    client, prefix = frontier
    seen = ArticleDupeFilter(client, key=f"{prefix}:seen")
    other_process = ArticleDupeFilter(client, key=f"{prefix}:seen")
    meta = {"site_domain": "socialistparty.org.uk"}
    first = "https://www.socialistparty.org.uk/articles/51001/05-03-2025/depot-picket/"
    aliases = (
        "https://socialistparty.org.uk/issue/1290/51001/05-03-2025/depot-picket",
        "https://www.socialistparty.org.uk/articles/51001/05-03-2025/depot-picket?utm_source=x",
    )
    assert not seen.request_seen(Request(first, meta=meta))
    for url in aliases:
        assert other_process.request_seen(Request(url, meta=meta)), url
    different = "https://www.socialistparty.org.uk/articles/51002/05-03-2025/depot-picket/"
    assert not other_process.request_seen(Request(different, meta=meta))


def _scheduler(client: Any, prefix: str) -> Any:
    from scraper.redis_frontier import ArticleDupeFilter, SharedScheduler

    return SharedScheduler(
        server=client,
        persist=True,
        queue_key=f"{prefix}:%(spider)s:requests",
        dupefilter=ArticleDupeFilter(client, key=f"{prefix}:socialist:seen"),
        dupefilter_key=f"{prefix}:%(spider)s:seen",
    )


def test_last_process_out_clears_and_a_dead_crawls_frontier_is_dropped(
    frontier: tuple[Any, str],
) -> None:
    client, prefix = frontier
    spider = Spider(name="socialist")
    url = "https://www.socialistparty.org.uk/articles/51003/05-03-2025/rent-strike/"

    # A crawl that was SIGKILLed: registered under a pid that no longer exists, its queue
    # and seen-set left behind.
    dead = subprocess.Popen(["true"])
    dead.wait()
    left = _scheduler(client, prefix)
    left.open(spider)
    assert left.enqueue_request(Request(url, meta={"site_domain": "socialistparty.org.uk"}))
    client.hdel(left.workers_key, left.me)
    client.hset(left.workers_key, left.me.rsplit(":", 2)[0] + f":{dead.pid}:gone", "socialist")

    first, second = _scheduler(client, prefix), _scheduler(client, prefix)
    first.open(spider)  # nobody alive: a fresh frontier, the dead crawl's request is gone
    assert not first.has_pending_requests()
    assert first.enqueue_request(Request(url, meta={"site_domain": "socialistparty.org.uk"}))
    second.open(spider)  # joins the live frontier
    assert second.has_pending_requests()
    assert urlsplit(second.next_request().url).path.endswith("/rent-strike/")
    assert not second.enqueue_request(Request(url.replace("www.", "")))

    first.close("finished")
    assert client.exists(f"{prefix}:socialist:seen")  # the second is still crawling
    second.close("finished")
    assert list(client.scan_iter(match=f"{prefix}:*")) == []


def test_unreachable_redis_is_refused_in_one_line(tmp_path: Any) -> None:
    from tests.support.crawl_process import run_crawl

    result = run_crawl(
        "socialist",
        f"sqlite:///{tmp_path / 'never-created.sqlite'}",
        {"base_url": "http://127.0.0.1:9"},
        settings={"ARCHIVE_FRONTIER": "redis", "ARCHIVE_REDIS_URL": "redis://127.0.0.1:9/0"},
    )
    assert result.returncode == 2
    assert "cannot use the Redis frontier at redis://127.0.0.1:9/0" in result.stderr
    assert "Traceback" not in result.stderr


class _CreatesFile:
    """What an attacker would put in the queue: unpickling it creates ``path``."""

    def __init__(self, path: str) -> None:
        self.path = path

    def __reduce__(self) -> tuple[Any, ...]:
        return (open, (self.path, "w"))


def _put_raw(scheduler: Any, client: Any, entry: bytes) -> None:
    """Write an entry straight into the queue's Redis key, as anyone with access could."""
    if type(scheduler.queue).__name__ == "PriorityQueue":
        client.zadd(scheduler.queue.key, {entry: 0})
    else:
        client.lpush(scheduler.queue.key, entry)


def test_requests_round_trip_as_json(frontier: tuple[Any, str]) -> None:
    client, prefix = frontier
    spider = Spider(name="socialist")
    scheduler = _scheduler(client, prefix)
    scheduler.open(spider)
    try:
        url = "https://www.socialistparty.org.uk/articles/51004/05-03-2025/bus-garage/"
        meta = {"site_domain": "socialistparty.org.uk", "handle_httpstatus_list": [304]}
        sent = Request(url, headers={"If-None-Match": '"abc"'}, meta=meta, priority=5)
        assert scheduler.enqueue_request(sent)
        (entry,) = [e for e, _ in client.zrange(scheduler.queue.key, 0, -1, withscores=True)]
        assert entry.startswith(b'["archive-request/1",')  # JSON, not a pickle
        got = scheduler.next_request()
        assert (got.url, got.priority, got.headers.get("If-None-Match")) == (url, 5, b'"abc"')
        assert {k: got.meta[k] for k in meta} == meta
    finally:
        scheduler.close("finished")


def test_a_crafted_pickle_in_the_queue_is_rejected_and_runs_nothing(
    frontier: tuple[Any, str], tmp_path: Any, caplog: pytest.LogCaptureFixture
) -> None:
    import pickle

    client, prefix = frontier
    spider = Spider(name="socialist")
    scheduler = _scheduler(client, prefix)
    scheduler.open(spider)
    marker = tmp_path / "owned"
    try:
        _put_raw(scheduler, client, pickle.dumps(_CreatesFile(str(marker))))
        with caplog.at_level("ERROR", logger="scraper.redis_frontier"):
            assert scheduler.next_request() is None
        assert not marker.exists()
        (record,) = caplog.records
        message = record.getMessage()
        assert "Dropped an entry of the shared frontier" in message
        assert "a pickle is never read" in message and "\n" not in message
        assert record.exc_info is None
        # A request entry naming a class of its own is refused too, and the queue goes on.
        forged = b'["archive-request/1",{"url":"http://x/","_class":"subprocess.Popen"}]'
        _put_raw(scheduler, client, forged)
        good = "https://www.socialistparty.org.uk/articles/51005/05-03-2025/library/"
        assert scheduler.enqueue_request(Request(good, meta={"site_domain": "x"}, priority=-1))
        assert scheduler.next_request().url == good
        assert "not Scrapy's own" in caplog.records[-1].getMessage()
    finally:
        scheduler.close("finished")
