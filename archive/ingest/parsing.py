"""Parsing pages for the archive: which rules run, and the one pool of parser processes that
the crawl and reparse share.

Why processes: parsing is CPU, and a page that crashes the parser (the OOM killer, a crash in
a C extension) must cost only its own parse. Workers get a page's bytes (as stored: reparse
sends the compressed column and the worker decompresses it) and give back a
:class:`~scraper.parsers.records.ParsedArticle` or a one-line error; they never open a
database connection. A parse that raises, or whose rules report another version than the one
they were loaded as, is an error string. A batch whose worker died is parsed once more in a
fresh pool, so the pages queued behind the one that killed it are not blamed; if it dies
again, its pages come back marked ``died``.

The rules and their registry live beside the rules (:mod:`scraper.parsers.registry`); here a
rules spec given by a user becomes a one-line error rather than a traceback.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from datetime import date
from multiprocessing import get_context

from archive import store
from archive.errors import BadInput
from archive.ingest.processes import become_helper
from scraper.parsers.records import ParsedArticle
from scraper.parsers.registry import Rules, UnknownRules, current_rules, load_rules

WARM_UP_PAGE = b"<html><body><p>Warm-up.</p></body></html>"


def rules_for(spec: str | None) -> Rules:
    """The real parser, or the variant a spec names (``module:NAME``, as `archive reparse
    --rules` and ``-s ARCHIVE_RULES=`` take it, for rule authors and tests)."""
    if not spec:
        return current_rules()
    try:
        return load_rules(spec)
    except UnknownRules as exc:
        raise BadInput(str(exc)) from exc


@dataclass(frozen=True)
class ParseTask:
    """One page to parse: its bytes (``compression`` says how they are stored) and facts."""

    body: bytes
    url: str
    published: date | None
    content_type: str | None
    compression: str = "none"


WARM_UP = ParseTask(WARM_UP_PAGE, "https://example.invalid/", None, None)


@dataclass(frozen=True)
class PageParse:
    """The rules' output for one page, or why there is none."""

    parsed: ParsedArticle | None
    error: str | None
    died: bool = False  # the parser process died on this page, twice


def parse_error_message(exc: BaseException) -> str:
    """One line for a parse that raised, as stored with the snapshot."""
    text = str(exc).strip()
    message = f"{type(exc).__name__}: {text}" if text else type(exc).__name__
    return message.splitlines()[0]


def parse_page(rules: Rules, task: ParseTask) -> PageParse:
    """Parse one page; an exception becomes an error string (the run goes on)."""
    try:
        html = store.decompress_body(task.body, task.compression)
        parsed = rules.parse(html, task.url, task.published, task.content_type)
        if parsed.parser_version != rules.version:
            raise ValueError(
                f"rules reported version {parsed.parser_version!r}, expected {rules.version!r}"
            )
    except Exception as exc:
        return PageParse(None, parse_error_message(exc))
    return PageParse(parsed, None)


_worker_rules: Rules | None = None


def _init_worker(rules: Rules, parent_pid: int) -> None:
    global _worker_rules
    become_helper(parent_pid)
    _worker_rules = rules
    # The rules load their gazetteer on first use: do it now, not when a page is waiting.
    parse_page(rules, WARM_UP)


def _parse_in_worker(tasks: list[ParseTask]) -> list[PageParse]:
    assert _worker_rules is not None, "worker not initialised"
    return [parse_page(_worker_rules, t) for t in tasks]


def _warm() -> None:
    """A no-op task: makes the pool start its workers now, not on the first page."""


class ParserPool:
    """Parses pages with ``rules`` in ``processes`` worker processes (0: in the caller, when
    the pending result is asked for).

    :meth:`submit` returns at once; the callable it returns blocks until that batch's parses
    are done. Both may be called from different threads.
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
        self, tasks: list[ParseTask]
    ) -> tuple[ProcessPoolExecutor, Future[list[PageParse]]]:
        with self._lock:
            assert self._pool is not None, "parser closed"
            try:
                return self._pool, self._pool.submit(_parse_in_worker, tasks)
            except BrokenProcessPool:
                self._replace(self._pool)
                return self._pool, self._pool.submit(_parse_in_worker, tasks)

    def _replace(self, broken: ProcessPoolExecutor) -> None:
        """Swap a broken pool for a fresh one (once, however many batches noticed). Holds
        the lock."""
        if self._pool is broken:
            broken.shutdown(wait=False, cancel_futures=True)
            self._pool = self._new_pool()
            self.restarts += 1

    def submit(self, tasks: list[ParseTask]) -> Callable[[], list[PageParse]]:
        if self._pool is None:
            return lambda: [parse_page(self.rules, t) for t in tasks]
        pool, future = self._submit(tasks)

        def result() -> list[PageParse]:
            try:
                return future.result()
            except BrokenProcessPool:
                pass
            # The worker died, maybe on another batch queued before this one: once more.
            with self._lock:
                self._replace(pool)
            _, retry = self._submit(tasks)
            try:
                return retry.result()
            except BrokenProcessPool as exc:  # the next submit replaces the pool again
                error = f"the parser process died on this page ({exc})"
                return [PageParse(None, error, died=True) for _ in tasks]

        return result

    def close(self, cancel: bool = False) -> None:
        with self._lock:
            if self._pool is not None:
                self._pool.shutdown(wait=True, cancel_futures=cancel)
                self._pool = None
