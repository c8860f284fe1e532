"""The archive pipeline: every fetched article page goes to the store and through the rules.

One item is one unit of work: the fetch outcome, the snapshot (if the body is new), and the
events the current rules find in it commit together or not at all, so a crawl killed at any
moment leaves only whole pages behind and a re-run neither loses nor repeats anything.

Why a worker process and a writer thread: parsing and database writes are blocking; run on
the reactor thread they would stall every download while a page is being archived. Parsing is
also CPU that would compete with the reactor for the interpreter lock, so it runs in a separate
process (:mod:`scraper.parse_pool`, ``ARCHIVE_PARSE_PROCESSES``); a single writer thread then
records each page with its parse, in the order pages arrived (SQLite has one writer anyway),
while Scrapy keeps fetching and the next pages are being parsed.

"Already seen" is decided by the archive (alias URLs, body hashes), never by Scrapy's memory.
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from scrapy import signals
from sqlalchemy.exc import IntegrityError

from archive import store
from archive.config import database_url
from archive.db import open_archive, unit_of_work
from archive.reparse import Rules, current_rules, load_rules
from scraper.frontier import frontier_kind
from scraper.items import ArticlePage, FetchFailure
from scraper.parse_pool import WARM_UP_PAGE, PageParse, PageParser
from scraper.parsers import ParsedArticle
from scraper.runs import judge_crawl, scrapy_counts

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Spider
    from scrapy.crawler import Crawler
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session, sessionmaker

logger = logging.getLogger(__name__)

HTML_TYPES = ("html", "xml")
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


def not_article_reason(page: ArticlePage) -> str | None:
    """Why a 200 answer cannot be an article before parsing it (empty, not HTML)."""
    if not page.body.strip():
        return "empty body"
    ctype = (page.content_type or "").split(";")[0].strip().lower()
    if ctype and not any(t in ctype for t in HTML_TYPES):
        return f"not an HTML page ({ctype})"
    return None


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
        self.executor: ThreadPoolExecutor | None = None
        self.parser: PageParser | None = None
        self.rules: Rules = pipeline_rules(crawler.settings.get("ARCHIVE_RULES"))
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
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="archive")
        processes = self.crawler.settings.getint("ARCHIVE_PARSE_PROCESSES", 1)
        self.parser = PageParser(self.rules, processes)
        if not processes:  # parsing on the writer thread: warm the rules up there
            self.executor.submit(
                self.parser.submit(WARM_UP_PAGE, "https://example.invalid/", None, None)
            )
        logger.info("Crawl run %s started, archiving into %s", self.crawl_run_id, _safe(url))

    async def process_item(self, item: Any) -> Any:
        if not isinstance(item, (ArticlePage, FetchFailure)):
            return item
        assert self.executor is not None and self.parser is not None, "open_spider did not run"
        # The parse starts now, in the parser process; the writer thread waits for it in turn.
        pending: Callable[[], PageParse] | None = None
        if (
            isinstance(item, ArticlePage)
            and item.status != 304
            and not_article_reason(item) is None
        ):
            pending = self.parser.submit(item.body, item.url, item.url_date, item.content_type)
        await asyncio.get_running_loop().run_in_executor(
            self.executor, self.archive_item, item, pending
        )
        return item

    def close_spider(self) -> None:
        # Items still queued are archived before the run is finished (spider_closed).
        if self.executor is not None:
            self.executor.shutdown(wait=True)
        if self.parser is not None:
            self.parser.close()

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

    # --- one item, one unit of work (runs on the worker thread) -----------------------------

    def archive_item(
        self, item: ArticlePage | FetchFailure, pending: Callable[[], PageParse] | None = None
    ) -> None:
        """Record one item in one unit of work; ``pending`` gives the page's parse (waiting
        for the parser process if it is not done yet). The counts change only once the unit
        of work has committed."""
        try:
            parse: PageParse | None = None
            if isinstance(item, ArticlePage) and item.status != 304:
                parse = self._parse(item, pending)
            try:
                counts = self._record(item, parse)
            except IntegrityError:
                # Another crawl process sharing the archive (a shared frontier) created the
                # same source, article or alias row first: read it this time.
                counts = self._record(item, parse)
            self.counts.update(counts)
            if counts["parse_errors"] and parse is not None:
                logger.warning("Archived %s but it did not parse: %s", item.url, parse.error)
        except Exception as exc:  # one bad page must not stop the crawl; the run says so
            self.counts["pipeline_errors"] += 1
            if self.first_error is None:
                self.first_error = f"{item.url}: {type(exc).__name__}: {exc}"
            logger.exception("Could not archive %s", item.url)
        self.counts["items"] += 1
        if self.counts["items"] % self.save_every == 0:
            self._save_progress()

    def _parse(
        self, page: ArticlePage, pending: Callable[[], PageParse] | None
    ) -> PageParse | None:
        """The page's parse, or None for a page that cannot be an article unparsed."""
        if not_article_reason(page) is not None:
            return None
        if pending is None:  # archive_item called directly: parse here
            assert self.parser is not None
            pending = self.parser.submit(page.body, page.url, page.url_date, page.content_type)
        return pending()

    def _session(self) -> Any:
        assert self.sessions is not None
        return unit_of_work(self.sessions)

    def _record(self, item: ArticlePage | FetchFailure, parse: PageParse | None) -> Counter[str]:
        with self._session() as session:
            if isinstance(item, FetchFailure):
                return self._record_failure(session, item)
            if item.status == 304:
                return self._record_not_modified(session, item)
            return self._record_page(session, item, parse)

    def _record_failure(self, session: Session, item: FetchFailure) -> Counter[str]:
        store.record_fetch_failure(
            session,
            meta=store.FetchMeta(url=item.url, status=item.status, fetched_at=item.fetched_at),
            outcome="error",
            detail=item.detail,
            crawl_run_id=self.crawl_run_id,
            site_domain=item.site_domain,
        )
        return Counter(fetch_errors=1)

    def _record_not_modified(self, session: Session, page: ArticlePage) -> Counter[str]:
        store.record_not_modified(
            session,
            meta=_meta(page),
            crawl_run_id=self.crawl_run_id,
            site_domain=page.site_domain,
        )
        return Counter(not_modified=1)

    def _record_page(
        self, session: Session, page: ArticlePage, parse: PageParse | None
    ) -> Counter[str]:
        # A parse that raised is archived anyway; the error is kept with the snapshot.
        parsed: ParsedArticle | None = parse.parsed if parse else None
        error: str | None = parse.error if parse else None
        reason = not_article_reason(page)
        if reason is None and parsed is not None and not parsed.is_article:
            reason = "no article body on the page"
        if reason is not None:
            store.record_fetch_failure(
                session,
                meta=_meta(page),
                outcome="not_article",
                detail=reason,
                crawl_run_id=self.crawl_run_id,
                site_domain=page.site_domain,
            )
            return Counter(not_article=1)
        counts: Counter[str] = Counter()
        result = store.record_fetch(
            session,
            meta=_meta(page),
            body=page.body,
            crawl_run_id=self.crawl_run_id,
            site_domain=page.site_domain,
            title=parsed.title if parsed else None,
            published=(parsed.published if parsed else None) or page.url_date,
        )
        snapshot = result.snapshot
        assert snapshot is not None
        counts["new_snapshots" if result.outcome == "new_snapshot" else "unchanged"] += 1
        if result.new_article:
            counts["new_articles"] += 1
        if result.outcome == "unchanged" and (
            (parsed is None and snapshot.parse_error == error)
            or store.already_parsed(session, snapshot.id, self.rules.version)
        ):
            return counts  # this body under these rules is already in the archive
        outcome = store.record_parse(
            session,
            snapshot=snapshot,
            parsed=parsed,
            parse_run_id=self.parse_run_id,
            error=error,
            parser_version=self.rules.version,
            # An article created in this unit of work has no events yet: two reads fewer.
            state=store.ArticleEventState([], None) if result.new_article else None,
        )
        if error is not None:
            counts["parse_errors"] += 1
        else:
            counts["parsed"] += 1
            counts["events_added"] += outcome.added
            counts["events_changed"] += outcome.changed
            counts["events_closed"] += outcome.closed
            counts["events_unchanged"] += outcome.unchanged
        return counts

    def _save_progress(self) -> None:
        if self.sessions is None or self.crawl_run_id is None:
            return
        try:
            with self._session() as session:
                store.update_crawl_run_counts(session, self.crawl_run_id, self.run_counts())
        except Exception:  # progress is a courtesy; the final counts are what matter
            logger.exception("Could not save crawl progress")


def pipeline_rules(spec: str | None) -> Rules:
    """The rules the crawl parses with: the real parser, or ARCHIVE_RULES (``module:NAME``,
    the same spec as `archive reparse --rules`) for rule authors and tests."""
    return load_rules(spec) if spec else current_rules()


def _meta(page: ArticlePage) -> store.FetchMeta:
    return store.FetchMeta(
        url=page.url,
        status=page.status,
        content_type=page.content_type,
        etag=page.etag,
        last_modified=page.last_modified,
        fetched_at=page.fetched_at,
    )


def _parse_counts(counts: dict[str, Any]) -> dict[str, Any]:
    keys = ("parsed", "parse_errors", "events_added", "events_changed", "events_closed")
    return {k: counts.get(k, 0) for k in keys}


def _summary(counts: dict[str, Any], why: str | None) -> str:
    keys = (
        "requests",
        "responses",
        "new_articles",
        "new_snapshots",
        "unchanged",
        "not_modified",
        "not_article",
        "fetch_errors",
        "parse_errors",
        "events_added",
        "events_changed",
        "events_closed",
    )
    text = ", ".join(f"{k}={counts.get(k, 0)}" for k in keys)
    return f"{text}; {why}" if why else text


def _safe(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)
