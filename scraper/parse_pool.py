"""Parsing crawled pages in a separate process, so that a page that crashes the parser costs
only its own parse.

Why: the archive process (scraper/archiver.py) hands each page's bytes to a worker process
(``ARCHIVE_PARSE_PROCESSES``, default 1) and gets back a
:class:`~scraper.parsers.records.ParsedArticle` or an error string; a parse that raises is an
error string, and a worker that dies (the OOM killer, a crash in a C extension) is replaced.
The database writes stay in the archive process, one page at a time, in arrival order.

Workers are *spawned* (no copy of open sockets, threads or database connections), ignore
Ctrl-C (the crawl decides how to stop, and still needs the parses of the pages it has), and
exit by themselves when the process that started them is gone, even when it was SIGKILLed and
could not tell them: nothing is left running, and they never write anything.

A page that kills its worker (the OOM killer, a crash in a C extension) is parsed once more in
a fresh worker, so the other pages that were queued behind it are not blamed; if it kills that
one too it is archived with the error, like a page whose parse raises.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from datetime import date
from multiprocessing import get_context
from typing import TYPE_CHECKING

from scraper.parsers.records import ParsedArticle

if TYPE_CHECKING:
    from scraper.parsers.registry import Rules

# How often a worker checks that the crawl's process is still there (seconds).
PARENT_CHECK_INTERVAL = 0.5
WARM_UP_PAGE = b"<html><body><p>Warm-up.</p></body></html>"


@dataclass(frozen=True)
class PageParse:
    """The rules' output for one page, or why there is none."""

    parsed: ParsedArticle | None
    error: str | None


def parse_error_message(exc: BaseException) -> str:
    """One line for a parse that raised, as stored with the snapshot."""
    text = str(exc).strip()
    message = f"{type(exc).__name__}: {text}" if text else type(exc).__name__
    return message.splitlines()[0]


def parse_page(
    rules: Rules, body: bytes, url: str, published: date | None, content_type: str | None
) -> PageParse:
    """Parse one page; an exception becomes an error string (the crawl goes on)."""
    try:
        return PageParse(rules.parse(body, url, published, content_type), None)
    except Exception as exc:
        return PageParse(None, parse_error_message(exc))


_worker_rules: Rules | None = None


def _init_worker(rules: Rules, parent_pid: int) -> None:
    global _worker_rules
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker_rules = rules
    threading.Thread(
        target=exit_with_parent, args=(parent_pid,), name="parent-watch", daemon=True
    ).start()
    # The rules load their gazetteer on first use: do it while the first listings download
    # rather than when the first article is waiting.
    parse_page(rules, WARM_UP_PAGE, "https://example.invalid/", None, None)


def exit_with_parent(parent_pid: int) -> None:
    """A worker blocked on its task queue would never notice a SIGKILLed crawl (it holds
    both ends of the queue's pipe): watch the parent and leave when it is gone."""
    while os.getppid() == parent_pid:
        time.sleep(PARENT_CHECK_INTERVAL)
    os._exit(1)


def _parse_in_worker(
    body: bytes, url: str, published: date | None, content_type: str | None
) -> PageParse:
    assert _worker_rules is not None, "worker not initialised"
    return parse_page(_worker_rules, body, url, published, content_type)


def _warm(_: None = None) -> None:
    """A no-op task: makes the pool start its workers now, not on the first article."""


class PageParser:
    """Parses pages with ``rules`` in ``processes`` worker processes (0: in the caller's
    thread, when the pending result is asked for).

    :meth:`submit` returns at once; the callable it returns blocks until that page's parse
    is done. Both may be called from different threads.
    """

    def __init__(self, rules: Rules, processes: int = 1) -> None:
        self.rules = rules
        self.processes = max(0, processes)
        self._lock = threading.Lock()
        self._pool: ProcessPoolExecutor | None = None
        self.restarts = 0
        if self.processes:
            self._pool = self._new_pool()
            for _ in range(self.processes):
                self._pool.submit(_warm)

    def _new_pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=self.processes,
            mp_context=get_context("spawn"),
            initializer=_init_worker,
            initargs=(self.rules, os.getpid()),
        )

    def _submit(
        self, args: tuple[bytes, str, date | None, str | None]
    ) -> tuple[ProcessPoolExecutor, Future[PageParse]]:
        with self._lock:
            assert self._pool is not None, "parser closed"
            try:
                return self._pool, self._pool.submit(_parse_in_worker, *args)
            except BrokenProcessPool:
                self._replace(self._pool)
                return self._pool, self._pool.submit(_parse_in_worker, *args)

    def _replace(self, broken: ProcessPoolExecutor) -> None:
        """Swap a broken pool for a fresh one (once, however many pages noticed). Holds
        the lock."""
        if self._pool is broken:
            broken.shutdown(wait=False, cancel_futures=True)
            self._pool = self._new_pool()
            self.restarts += 1

    def submit(
        self, body: bytes, url: str, published: date | None, content_type: str | None
    ) -> Callable[[], PageParse]:
        args = (body, url, published, content_type)
        if self._pool is None:
            return lambda: parse_page(self.rules, *args)
        pool, future = self._submit(args)

        def result() -> PageParse:
            try:
                return future.result()
            except BrokenProcessPool:
                pass
            # The worker died, maybe on another page queued before this one: once more.
            with self._lock:
                self._replace(pool)
            _, retry = self._submit(args)
            try:
                return retry.result()
            except BrokenProcessPool as exc:  # the next submit replaces the pool again
                return PageParse(None, f"the parser process died on this page ({exc})")

        return result

    def close(self) -> None:
        with self._lock:
            if self._pool is not None:
                self._pool.shutdown(wait=True, cancel_futures=True)
                self._pool = None
