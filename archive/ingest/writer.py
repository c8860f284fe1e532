"""The crawl's writer: one process that parses and records every page, in arrival order,
committing them in groups.

Why a process of its own: Scrapy's reactor and anything else in the crawl's process share one
interpreter lock, and the database writes (SQLAlchemy is CPU too) and parsing would take their
time from fetching. Here one spawned process receives each page, has it parsed by its parser
pool (:mod:`archive.ingest.parsing`; ``parse_processes=0`` parses in this process) while it
records the pages before it, and records it (:func:`archive.ingest.record.record_page`). One
process taking pages in order keeps a single writer (SQLite has one anyway).

Why groups: a transaction per page makes every page wait for its own commit to reach disk.
Pages are committed together, at most ``group_pages`` of them or ``group_seconds`` after the
group's first page, whichever comes first (or as soon as no page has come for a moment, so
a crawl's last pages do not wait for the clock); each page is still all or nothing (a SAVEPOINT),
so a page that fails is rolled back alone and the others commit. A page's result is sent
back only once its group has committed, so the crawl counts nothing that is not in the
archive. A crash (or SIGKILL) loses at most the group not yet committed: those pages are not
in the archive, so the next crawl fetches them again. A page retried after the writer died
is committed on its own (the group before it first), so a page that kills the writer cannot
take others down with it twice.

Like the parser workers it is spawned, ignores Ctrl-C (the crawl drains it) and exits by
itself when the crawl's process is gone (:mod:`archive.ingest.processes`).
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from multiprocessing import get_context
from multiprocessing.connection import Connection, wait
from queue import Empty
from typing import TYPE_CHECKING, Any

from sqlalchemy.exc import IntegrityError

from archive import store
from archive.db import open_archive
from archive.ingest.budgets import NO_LIMITS, ParseBudget
from archive.ingest.contract import FetchedPage, Page
from archive.ingest.counts import Counts
from archive.ingest.parsing import WARM_UP, PageParse, ParserPool, ParseTask, Pending
from archive.ingest.processes import become_helper
from archive.ingest.record import Runs, record_page

if TYPE_CHECKING:
    from multiprocessing.process import BaseProcess
    from multiprocessing.queues import Queue

    from sqlalchemy.orm import Session, sessionmaker

    from scraper.parsers.registry import Rules

logger = logging.getLogger(__name__)

# A group commits at this many pages, or this long after its first page, or when no page has
# come for IDLE_SECONDS (the crawl has paused or is ending: its last pages need not wait).
GROUP_PAGES = 50
GROUP_SECONDS = 1.0
IDLE_SECONDS = 0.05
# Pages whose parse may run ahead of the one being recorded.
PARSE_AHEAD = 4


class WriterDied(Exception):
    """The writer process ended before it committed this page."""


@dataclass(frozen=True)
class WriterConfig:
    """What the writer process needs to know (picklable)."""

    database_url: str
    runs: Runs
    rules: Rules
    parse_processes: int
    group_pages: int = GROUP_PAGES
    group_seconds: float = GROUP_SECONDS
    budget: ParseBudget = NO_LIMITS


@dataclass
class PageResult:
    """What recording one page did (once committed): counts, and what to log."""

    counts: Counts = field(default_factory=Counts)
    error: str | None = None  # could not be archived (an unexpected error)
    parse_error: str | None = None  # archived, but the rules raised on it


@dataclass(frozen=True)
class Message:
    """To the writer: a page to record (``alone``: in a transaction of its own), or the crawl
    run's running counts to save."""

    seq: int = 0
    page: Page | None = None
    alone: bool = False
    counts: dict[str, Any] | None = None


# --- in the writer process ---------------------------------------------------------------------


class _Stopped(BaseException):
    """SIGTERM from the crawl (it is shutting down): stop between pages, now."""


class _StopSignal:
    """The writer's SIGTERM handler: while a page is being written it only notes the signal
    (the page is finished, then the writer stops); otherwise (waiting for a page or for a
    parse, which may take a minute) it stops at once. Either way the pages recorded so far
    are committed and their results sent."""

    def __init__(self) -> None:
        self.requested = False
        self.writing = False

    def __call__(self, _signum: int, _frame: object) -> None:
        self.requested = True
        if not self.writing:
            raise _Stopped

    def install(self) -> None:
        signal.signal(signal.SIGTERM, self)

    def write(self) -> _Writing:
        return _Writing(self)


class _Writing:
    def __init__(self, stop: _StopSignal) -> None:
        self.stop = stop

    def __enter__(self) -> None:
        self.stop.writing = True

    def __exit__(self, *exc: object) -> None:
        self.stop.writing = False
        if self.stop.requested and exc[0] is None:
            raise _Stopped


_stop = _StopSignal()


class _Group:
    """The pages recorded since the last commit, in one transaction, each in a savepoint."""

    def __init__(self, sessions: sessionmaker[Session], pages: int, seconds: float) -> None:
        self.sessions = sessions
        self.pages = max(1, pages)
        self.seconds = seconds
        self._session: Session | None = None
        self._started = 0.0
        self.results: list[tuple[int, PageResult]] = []

    def session(self) -> Session:
        if self._session is None:
            self._session = self.sessions()
            self._started = time.monotonic()
        return self._session

    def time_left(self) -> float | None:
        """Seconds until the open group is due (None: no group open)."""
        if self._session is None:
            return None
        return max(0.0, self._started + self.seconds - time.monotonic())

    def wait_for_next(self) -> float | None:
        """How long to wait for the next page before committing (None: no group open)."""
        left = self.time_left()
        return None if left is None else min(left, IDLE_SECONDS)

    def due(self) -> bool:
        return len(self.results) >= self.pages or self.time_left() == 0.0

    def commit(self) -> list[tuple[int, PageResult]]:
        """Commit the group; its pages' results (all errors if the commit failed)."""
        session, self._session = self._session, None
        results, self.results = self.results, []
        if session is None:
            return results
        try:
            session.commit()
        except Exception as exc:
            logger.exception("Could not commit %d page(s)", len(results))
            session.rollback()
            error = f"the commit failed: {type(exc).__name__}: {exc}".splitlines()[0]
            results = [(seq, PageResult(error=error)) for seq, _ in results]
        finally:
            session.close()
        return results


class _Recorder:
    """Records pages in groups; results go to ``send`` as their group commits."""

    def __init__(
        self,
        config: WriterConfig,
        sessions: sessionmaker[Session],
        parser: ParserPool,
        send: Callable[[list[tuple[int, PageResult]]], None],
    ) -> None:
        self.config = config
        self.parser = parser
        self.send = send
        self.group = _Group(sessions, config.group_pages, config.group_seconds)

    def start_parse(self, page: Page) -> Pending | None:
        """Start parsing a page that may be an article (None for one that cannot be)."""
        if not isinstance(page, FetchedPage) or page.status == 304:
            return None
        if page.not_article_reason() is not None:
            return None
        task = ParseTask(page.body, page.url, page.url_date, page.content_type)
        return self.parser.submit([task])

    def record(self, seq: int, page: Page, parse: Pending | None) -> None:
        # The pages before a slow parse need not wait for it: committed when the group is
        # due, as they would have been.
        if (
            parse is not None
            and self.group.results
            and not parse.wait(self.group.time_left() or 0.0)
        ):
            self.commit()
        parsed = parse()[0] if parse is not None else None
        with _stop.write():
            result = self._record(page, parsed)
            self.group.results.append((seq, result))
        if self.group.due():
            self.commit()

    def record_alone(self, seq: int, page: Page, parse: Pending | None) -> None:
        """A page retried after the writer died: committed on its own."""
        self.commit()
        self.record(seq, page, parse)
        self.commit()

    def _record(self, page: Page, parse: PageParse | None) -> PageResult:
        """One page in a savepoint of the group; never raises."""
        session = self.group.session()
        try:
            try:
                with session.begin_nested():
                    counts = record_page(session, page, parse, self.config.runs)
            except IntegrityError:
                # Another crawl process sharing the archive (a shared frontier) created the
                # same source, article or alias row first: read it this time.
                with session.begin_nested():
                    counts = record_page(session, page, parse, self.config.runs)
        except Exception as exc:  # one bad page must not stop the crawl; the run says so
            logger.exception("Could not archive %s", page.url)
            return PageResult(error=f"{page.url}: {type(exc).__name__}: {exc}")
        error = parse.error if parse is not None and counts.parse_errors else None
        return PageResult(counts=counts, parse_error=error)

    def save_counts(self, counts: dict[str, Any]) -> None:
        """The crawl run's running counts, committed with the group in hand."""
        with _stop.write():
            session = self.group.session()
            with session.begin_nested():
                store.update_crawl_run_counts(session, self.config.runs.crawl_run_id, counts)

    def commit(self) -> None:
        with _stop.write():
            results = self.group.commit()
            if results:
                self.send(results)


def _writer_main(
    config: WriterConfig, tasks: Queue[Message | None], results: Connection, parent_pid: int
) -> None:
    become_helper(parent_pid)
    _stop.install()
    engine, sessions = open_archive(config.database_url, writer=True)
    parser = ParserPool(config.rules, config.parse_processes, config.budget)
    if not config.parse_processes:  # parsing here: load the rules' gazetteer now
        parser.submit([WARM_UP])()
    recorder = _Recorder(config, sessions, parser, results.send)
    try:
        try:
            _serve(tasks, recorder)
        except _Stopped:  # the crawl is shutting down: what was recorded is committed
            _stop.requested, _stop.writing = False, True
            recorder.commit()
    finally:
        parser.close(cancel=True)
        engine.dispose()
        results.close()


def _serve(tasks: Queue[Message | None], recorder: _Recorder) -> None:
    """Take messages in order until the crawl says it is done (None), parsing a few pages
    ahead of the one being recorded."""
    ahead: deque[tuple[Message, Pending | None]] = deque()
    done = False
    while not done or ahead:
        block = not ahead
        while not done and len(ahead) < PARSE_AHEAD:
            try:
                message = tasks.get(block=block, timeout=recorder.group.wait_for_next())
            except Empty:
                break
            block = False
            if message is None:
                done = True
                break
            parse = recorder.start_parse(message.page) if message.page is not None else None
            ahead.append((message, parse))
        if not ahead:
            recorder.commit()  # nothing came for a moment, or the group is due
            continue
        message, parse = ahead.popleft()
        if message.page is None:
            recorder.save_counts(message.counts or {})
        elif message.alone:
            recorder.record_alone(message.seq, message.page, parse)
        else:
            recorder.record(message.seq, message.page, parse)
    recorder.commit()


# --- in the crawl's process ----------------------------------------------------------------------


class _Process:
    """One writer process, its task queue and its results pipe."""

    def __init__(self, config: WriterConfig) -> None:
        ctx = get_context("spawn")
        self.tasks: Queue[Message | None] = ctx.Queue()
        self.results, child_end = ctx.Pipe(duplex=False)
        self.process: BaseProcess = ctx.Process(
            target=_writer_main,
            args=(config, self.tasks, child_end, os.getpid()),
            name="archive-writer",
        )
        self.process.start()
        child_end.close()
        self.pending: dict[int, Future[PageResult]] = {}
        self.dead = False
        self.stopping = False
        self.collector: threading.Thread | None = None


class Writer:
    """The crawl's writer: pages in, :class:`PageResult` futures out (resolved, in order, once
    each page's group has committed). If the process dies, the pages it had not committed
    fail with :class:`WriterDied` and the next page starts a new one."""

    def __init__(self, config: WriterConfig) -> None:
        self.config = config
        self._lock = threading.Lock()
        self._seq = 0
        self._current = self._start()

    def _start(self) -> _Process:
        proc = _Process(self.config)
        proc.collector = threading.Thread(
            target=self._collect, args=(proc,), name="archive-writer-results", daemon=True
        )
        proc.collector.start()
        return proc

    def _collect(self, proc: _Process) -> None:
        """Resolve futures as results arrive; fail the rest when the process is gone."""
        while True:
            ready = wait([proc.results, proc.process.sentinel])
            if proc.results in ready:
                try:
                    batch = proc.results.recv()
                except (EOFError, OSError):
                    batch = None
                if batch is not None:
                    self._resolve(proc, batch)
                    continue
            # The process ended (or closed its end): whatever it had not sent is lost.
            proc.process.join()
            with self._lock:
                proc.dead = True
                lost = list(proc.pending.values())
                proc.pending.clear()
            code = proc.process.exitcode
            for future in lost:
                future.set_exception(WriterDied(f"the archive process died (exit code {code})"))
            proc.results.close()
            return

    def _resolve(self, proc: _Process, batch: list[tuple[int, PageResult]]) -> None:
        with self._lock:
            futures = [(proc.pending.pop(seq), result) for seq, result in batch]
        for future, result in futures:
            future.set_result(result)

    def _put(self, message: Message, future: Future[PageResult] | None = None) -> None:
        with self._lock:
            if self._current.stopping:  # no new writer once the crawl is shutting down
                if future is not None:
                    future.set_exception(WriterDied("the crawl is shutting down"))
                return
            if self._current.dead:
                self._current = self._start()
            if future is not None:
                self._current.pending[message.seq] = future
            self._current.tasks.put(message)

    def submit(self, page: Page, alone: bool = False) -> Future[PageResult]:
        """Record a page (``alone``: in a transaction of its own, for a retry)."""
        future: Future[PageResult] = Future()
        with self._lock:
            self._seq += 1
            seq = self._seq
        self._put(Message(seq, page, alone), future)
        return future

    def save_counts(self, counts: dict[str, Any]) -> None:
        """Save the crawl run's running counts with the pages (a courtesy: the final ones
        are what count)."""
        self._put(Message(counts=counts))

    def stop(self) -> None:
        """The crawl is shutting down (SIGTERM): the writer commits what it has recorded and
        ends between pages, without waiting for a parse in hand; pages it had not recorded
        fail with :class:`WriterDied` (they are not in the archive: the next crawl fetches
        them), and so does every page submitted after."""
        with self._lock:
            proc = self._current
            proc.stopping = True
        if not proc.dead and proc.process.pid is not None:
            with contextlib.suppress(OSError):
                os.kill(proc.process.pid, signal.SIGTERM)

    def close(self) -> None:
        """Record what is queued, commit, and stop the process."""
        with self._lock:
            proc = self._current
        if not proc.dead:
            proc.tasks.put(None)
        proc.process.join()
        if proc.collector is not None:
            proc.collector.join()
        proc.tasks.close()
        proc.tasks.join_thread()
