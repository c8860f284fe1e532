"""Archiving crawled pages in the crawl's archive process: the one writer, in arrival order.

Why a process of its own: Scrapy's reactor and anything else in the crawl's process share one
interpreter lock, so even with parsing elsewhere (scraper/parse_pool.py) the database writes
(SQLAlchemy is CPU too: about as much per page as the parse) took their time from fetching.
Here a single spawned process receives each item, has it parsed (by its parser process, or
itself with ``ARCHIVE_PARSE_PROCESSES=0``) and records it in one unit of work; the crawl's
process only fetches, discovers and hands items over. One process running one task at a time
keeps the writes in the order pages arrived, with a single writer (SQLite has one anyway).

Like the parser processes, it is spawned (no copy of the crawl's sockets or connections),
ignores Ctrl-C (the crawl drains it), and exits by itself when the crawl's process is gone:
a SIGKILLed crawl leaves nothing running, and a unit of work it had not committed is simply
not there (the next crawl fetches that page again).
"""

from __future__ import annotations

import logging
import os
import signal
import threading
from collections import Counter
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from multiprocessing import get_context
from multiprocessing.util import Finalize
from typing import TYPE_CHECKING, Any

from sqlalchemy.exc import IntegrityError

from archive import store
from archive.db import open_archive, unit_of_work
from scraper.items import ArticlePage, FetchFailure
from scraper.parse_pool import WARM_UP_PAGE, PageParse, PageParser, exit_with_parent
from scraper.parsers import ParsedArticle

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from scraper.parsers.registry import Rules

logger = logging.getLogger(__name__)

HTML_TYPES = ("html", "xml")


def not_article_reason(page: ArticlePage) -> str | None:
    """Why a 200 answer cannot be an article before parsing it (empty, not HTML)."""
    if not page.body.strip():
        return "empty body"
    ctype = (page.content_type or "").split(";")[0].strip().lower()
    if ctype and not any(t in ctype for t in HTML_TYPES):
        return f"not an HTML page ({ctype})"
    return None


@dataclass(frozen=True)
class ArchiveConfig:
    """What the archive process needs to know (picklable)."""

    database_url: str
    crawl_run_id: int
    parse_run_id: int
    rules: Rules
    parse_processes: int


@dataclass
class ArchiveResult:
    """What archiving one item did: counts to add to the crawl run, and what to log."""

    counts: Counter[str] = field(default_factory=Counter)
    error: str | None = None  # could not be archived (an unexpected error)
    parse_error: str | None = None  # archived, but the rules raised on it


class PageArchiver:
    """Records items in the archive: one unit of work per item."""

    def __init__(
        self, sessions: sessionmaker[Session], config: ArchiveConfig, parser: PageParser
    ) -> None:
        self.sessions = sessions
        self.config = config
        self.parser = parser

    def archive(self, item: ArticlePage | FetchFailure) -> ArchiveResult:
        """Parse (an article page) and record the item; never raises."""
        try:
            parse: PageParse | None = None
            if isinstance(item, ArticlePage) and item.status != 304:
                parse = self._parse(item)
            try:
                counts = self._record(item, parse)
            except IntegrityError:
                # Another crawl process sharing the archive (a shared frontier) created the
                # same source, article or alias row first: read it this time.
                counts = self._record(item, parse)
        except Exception as exc:  # one bad page must not stop the crawl; the run says so
            logger.exception("Could not archive %s", item.url)
            return ArchiveResult(error=f"{item.url}: {type(exc).__name__}: {exc}")
        error = parse.error if parse is not None and counts["parse_errors"] else None
        return ArchiveResult(counts=counts, parse_error=error)

    def save_counts(self, counts: dict[str, Any]) -> None:
        with unit_of_work(self.sessions) as session:
            store.update_crawl_run_counts(session, self.config.crawl_run_id, counts)

    def _parse(self, page: ArticlePage) -> PageParse | None:
        """The page's parse, or None for a page that cannot be an article unparsed."""
        if not_article_reason(page) is not None:
            return None
        return self.parser.submit(page.body, page.url, page.url_date, page.content_type)()

    def _record(self, item: ArticlePage | FetchFailure, parse: PageParse | None) -> Counter[str]:
        with unit_of_work(self.sessions) as session:
            if isinstance(item, FetchFailure):
                store.record_fetch_failure(
                    session,
                    meta=store.FetchMeta(
                        url=item.url, status=item.status, fetched_at=item.fetched_at
                    ),
                    outcome="error",
                    detail=item.detail,
                    crawl_run_id=self.config.crawl_run_id,
                    site_domain=item.site_domain,
                )
                return Counter(fetch_errors=1)
            if item.status == 304:
                store.record_not_modified(
                    session,
                    meta=_meta(item),
                    crawl_run_id=self.config.crawl_run_id,
                    site_domain=item.site_domain,
                )
                return Counter(not_modified=1)
            return self._record_page(session, item, parse)

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
                crawl_run_id=self.config.crawl_run_id,
                site_domain=page.site_domain,
            )
            return Counter(not_article=1)
        counts: Counter[str] = Counter()
        result = store.record_fetch(
            session,
            meta=_meta(page),
            body=page.body,
            crawl_run_id=self.config.crawl_run_id,
            site_domain=page.site_domain,
            title=parsed.title if parsed else None,
            published=(parsed.published if parsed else None) or page.url_date,
        )
        snapshot = result.snapshot
        assert snapshot is not None
        counts["new_snapshots" if result.outcome == "new_snapshot" else "unchanged"] += 1
        if result.new_article:
            counts["new_articles"] += 1
        version = self.config.rules.version
        if result.outcome == "unchanged" and (
            (parsed is None and snapshot.parse_error == error)
            or store.already_parsed(session, snapshot.id, version)
        ):
            return counts  # this body under these rules is already in the archive
        outcome = store.record_parse(
            session,
            snapshot=snapshot,
            parsed=parsed,
            parse_run_id=self.config.parse_run_id,
            error=error,
            parser_version=version,
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


def _meta(page: ArticlePage) -> store.FetchMeta:
    return store.FetchMeta(
        url=page.url,
        status=page.status,
        content_type=page.content_type,
        etag=page.etag,
        last_modified=page.last_modified,
        fetched_at=page.fetched_at,
    )


# --- the archive process ----------------------------------------------------------------------

_archiver: PageArchiver | None = None


def _init_archive_process(config: ArchiveConfig, parent_pid: int) -> None:
    global _archiver
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(
        target=exit_with_parent, args=(parent_pid,), name="parent-watch", daemon=True
    ).start()
    engine, sessions = open_archive(config.database_url)
    parser = PageParser(config.rules, config.parse_processes)
    # At exit: the parser's processes stopped, the connections closed.
    Finalize(None, parser.close, exitpriority=20)
    Finalize(None, engine.dispose, exitpriority=10)
    if not config.parse_processes:  # parsing here: load the rules' gazetteer now
        parser.submit(WARM_UP_PAGE, "https://example.invalid/", None, None)()
    _archiver = PageArchiver(sessions, config, parser)


def _archive_in_process(item: ArticlePage | FetchFailure) -> ArchiveResult:
    assert _archiver is not None, "archive process not initialised"
    return _archiver.archive(item)


def _save_counts_in_process(counts: dict[str, Any]) -> None:
    assert _archiver is not None, "archive process not initialised"
    _archiver.save_counts(counts)


def _ready() -> None:
    """A no-op task: starts the process (and its parser) before the first article."""


class ArchiveProcess:
    """The crawl's single archive process: items in, :class:`ArchiveResult` out, in order.
    If it dies (OOM killer), the items it held are reported as errors and a new one starts."""

    def __init__(self, config: ArchiveConfig) -> None:
        self.config = config
        self._lock = threading.Lock()
        self._pool = self._new_pool()
        self._pool.submit(_ready)

    def _new_pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=1,
            mp_context=get_context("spawn"),
            initializer=_init_archive_process,
            initargs=(self.config, os.getpid()),
        )

    def _submit(self, fn: Any, arg: Any) -> Future[Any]:
        with self._lock:
            try:
                return self._pool.submit(fn, arg)
            except BrokenProcessPool:
                self._pool.shutdown(wait=False, cancel_futures=True)
                self._pool = self._new_pool()
                return self._pool.submit(fn, arg)

    def submit(self, item: ArticlePage | FetchFailure) -> Future[ArchiveResult]:
        return self._submit(_archive_in_process, item)

    def save_counts(self, counts: dict[str, Any]) -> Future[None]:
        return self._submit(_save_counts_in_process, counts)

    def close(self) -> None:
        with self._lock:
            self._pool.shutdown(wait=True)
