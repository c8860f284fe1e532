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

import contextlib
import ctypes
import functools
import gc
import itertools
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from datetime import date
from multiprocessing import get_context
from typing import Any

from archive import store
from archive.errors import BadInput
from archive.ingest.budgets import NO_LIMITS, ParseBudget
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
    over_memory: bool = False  # the parse ran out of the worker's memory (its worker is replaced)


def parse_error_message(exc: BaseException) -> str:
    """One line for a parse that raised, as stored with the snapshot."""
    text = str(exc).strip()
    message = f"{type(exc).__name__}: {text}" if text else type(exc).__name__
    return message.splitlines()[0]


def parse_page(rules: Rules, task: ParseTask, budget: ParseBudget = NO_LIMITS) -> PageParse:
    """Parse one page; an exception becomes an error string (the run goes on). A page over
    the budget's size cap is not parsed (its error says why)."""
    try:
        html = store.decompress_body(task.body, task.compression)
        too_large = budget.too_large(len(html))
        if too_large is not None:
            return PageParse(None, too_large)
        parsed = rules.parse(html, task.url, task.published, task.content_type)
        if parsed.parser_version != rules.version:
            raise ValueError(
                f"rules reported version {parsed.parser_version!r}, expected {rules.version!r}"
            )
    except MemoryError:
        return PageParse(None, budget.out_of_memory(), over_memory=True)
    except Exception as exc:
        return PageParse(None, parse_error_message(exc))
    return PageParse(parsed, None)


# --- in a worker process ----------------------------------------------------------------------

# What a worker is parsing, in memory its pool's parent reads (see _Clock): per worker slot,
# the task's number (-1: none), when it started (time.monotonic, the same clock in every
# process on Linux) and the worker's pid.
_SLOT_FIELDS = 3


@dataclass
class _WorkerState:
    rules: Rules
    budget: ParseBudget
    clock: Any  # the pool's shared array (multiprocessing.RawArray of doubles)
    slot: int  # this worker's place in it (-1: not watched)


_worker: _WorkerState | None = None


def _init_worker(
    rules: Rules, parent_pid: int, budget: ParseBudget, clock: Any, slots: Any
) -> None:
    global _worker
    become_helper(parent_pid)
    limit_memory(budget.memory_mb)
    with slots.get_lock():
        slot = slots.value
        slots.value += 1
    if slot * _SLOT_FIELDS >= len(clock):
        slot = -1
    else:
        base = slot * _SLOT_FIELDS
        clock[base], clock[base + 2] = -1.0, float(os.getpid())
    _worker = _WorkerState(rules, budget, clock, slot)
    # The rules load their gazetteer on first use: do it now, not when a page is waiting.
    parse_page(rules, WARM_UP)
    # What is loaded now lives as long as the worker: out of the collector's sight, so that
    # collecting a large page's garbage (below) costs only that page's objects.
    gc.freeze()


def limit_memory(memory_mb: int) -> None:
    """Cap this process's address space (0: no cap): a parse that needs more gets a
    MemoryError (its page's error) instead of taking the machine's memory."""
    if memory_mb <= 0:
        return
    import resource

    limit = memory_mb * 1024 * 1024
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


# After a batch of at least this many bytes, a worker frees its garbage at once (below).
RELEASE_AFTER_BYTES = 1_000_000


def release_memory() -> None:
    """Free a parse's garbage now and hand the memory back to the system (glibc's
    ``malloc_trim``; elsewhere only the collection). Why: a page's parsed tree is a web of
    cycles that waits for the collector, and the C allocator keeps what was freed for the
    process's next allocations, so a worker's resident memory would stay at the largest
    page it ever parsed, beside the crawl's other processes."""
    gc.collect()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        trim: Callable[[int], int] = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):  # not glibc (musl has no malloc_trim)
        return None
    return trim


def _parse_in_worker(tasks: list[tuple[int, ParseTask]]) -> list[PageParse]:
    worker = _worker
    assert worker is not None, "worker not initialised"
    results: list[PageParse] = []
    base = worker.slot * _SLOT_FIELDS
    for number, task in tasks:
        if worker.slot >= 0:  # the start time first: the parent reads the number first
            worker.clock[base + 1] = time.monotonic()
            worker.clock[base] = float(number)
        try:
            results.append(parse_page(worker.rules, task, worker.budget))
        finally:
            if worker.slot >= 0:
                worker.clock[base] = -1.0
    if sum(len(task.body) for _, task in tasks) >= RELEASE_AFTER_BYTES:
        release_memory()
    return results


def _warm() -> None:
    """A no-op task: makes the pool start its workers now, not on the first page."""


# --- in the pool's process --------------------------------------------------------------------


class _Clock:
    """Kills the worker of a parse that has run past the timeout.

    Why from the parent: a parse stuck in C code (a regular expression backtracking, lxml)
    holds the worker's interpreter lock, so nothing inside the worker can stop it. The
    workers write what they are parsing and since when into shared memory; a thread here
    reads it a few times a second and SIGKILLs a worker past its time, noting the task's
    number first, so that the broken pool's retry knows that page timed out and does not
    send it again."""

    def __init__(self, ctx: Any, processes: int, timeout: float) -> None:
        self.timeout = timeout
        self.array = ctx.RawArray("d", processes * _SLOT_FIELDS)
        for i in range(0, len(self.array), _SLOT_FIELDS):
            self.array[i] = -1.0
        self.slots = ctx.Value("i", 0)

    def pids(self) -> list[int]:
        """The workers that have started."""
        pids = [int(self.array[i + 2]) for i in range(0, len(self.array), _SLOT_FIELDS)]
        return [pid for pid in pids if pid > 0]

    def overdue(self) -> list[tuple[int, int]]:
        """(task number, worker pid) of every parse past the timeout."""
        if not self.timeout:
            return []
        now = time.monotonic()
        found = []
        for base in range(0, len(self.array), _SLOT_FIELDS):
            number = self.array[base]
            started = self.array[base + 1]
            if number >= 0 and now - started > self.timeout and self.array[base] == number:
                found.append((int(number), int(self.array[base + 2])))
        return found


class Pending:
    """A batch's parses on their way: call it for them (it blocks); :meth:`wait` for them
    a while without taking them (True: they are there)."""

    def __init__(
        self, get: Callable[[], list[PageParse]], future: Future[list[PageParse]] | None = None
    ) -> None:
        self._get = get
        self.future = future

    def wait(self, timeout: float) -> bool:
        if self.future is None:
            return True
        done, _ = wait([self.future], timeout=timeout)
        return bool(done)

    def __call__(self) -> list[PageParse]:
        return self._get()


class ParserPool:
    """Parses pages with ``rules`` in ``processes`` worker processes (0: in the caller, when
    the pending result is asked for), within ``budget`` (the size cap applies in both cases;
    the timeout and the memory cap only to worker processes).

    :meth:`submit` returns at once; the callable it returns blocks until that batch's parses
    are done. Both may be called from different threads.
    """

    def __init__(self, rules: Rules, processes: int = 1, budget: ParseBudget = NO_LIMITS) -> None:
        self.rules = rules
        self.processes = max(0, processes)
        self.budget = budget
        self._lock = threading.Lock()
        self._pool: ProcessPoolExecutor | None = None
        self._clock: _Clock | None = None
        self._numbers = itertools.count()
        self._timed_out: set[int] = set()
        self.timeouts = 0  # parses killed for running past the timeout
        self.over_memory = 0  # pools replaced after a parse ran out of a worker's memory
        self.restarts = 0
        self._closing = threading.Event()
        if self.processes:
            self._pool = self._new_pool()
            for _ in range(self.processes):
                self._pool.submit(_warm)
            if budget.timeout:
                threading.Thread(target=self._watch, name="parser-timeouts", daemon=True).start()

    def _new_pool(self) -> ProcessPoolExecutor:
        ctx = get_context("spawn")
        self._clock = _Clock(ctx, self.processes, self.budget.timeout)
        return ProcessPoolExecutor(
            max_workers=self.processes,
            mp_context=ctx,
            initializer=_init_worker,
            initargs=(
                self.rules,
                os.getpid(),
                self.budget,
                self._clock.array,
                self._clock.slots,
            ),
        )

    def _watch(self) -> None:
        """Kill every worker whose parse is past the timeout (see :class:`_Clock`)."""
        interval = min(0.25, self.budget.timeout / 4)
        while not self._closing.wait(interval):
            with self._lock:
                clock = self._clock
                overdue = clock.overdue() if clock is not None else []
                for number, pid in overdue:
                    if number in self._timed_out:
                        continue
                    self._timed_out.add(number)
                    self.timeouts += 1
                    with contextlib.suppress(OSError):  # it ended meanwhile
                        os.kill(pid, signal.SIGKILL)

    def _submit(
        self, tasks: list[tuple[int, ParseTask]]
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

    def submit(self, tasks: list[ParseTask]) -> Pending:
        if self._pool is None:
            return Pending(lambda: [parse_page(self.rules, t, self.budget) for t in tasks])
        # A page whose bytes are plain and over the size cap is refused here: sending it to
        # a worker only to be refused there cost a copy of it in both processes (60 MB for a
        # 30 MB page). (Stored bytes are compressed: the worker measures them.)
        refused = {
            i: why
            for i, t in enumerate(tasks)
            if t.compression == "none" and (why := self.budget.too_large(len(t.body)))
        }
        if refused:
            return self._refuse(tasks, refused)
        numbered = [(next(self._numbers), t) for t in tasks]
        kills_before = self._kills()
        pool, future = self._submit(numbered)

        def result() -> list[PageParse]:
            return self._result(numbered, pool, future, kills_before)

        return Pending(result, future)

    def _refuse(self, tasks: list[ParseTask], refused: dict[int, str]) -> Pending:
        """A batch some of whose pages are refused: the rest go to the workers."""
        sent = [t for i, t in enumerate(tasks) if i not in refused]
        rest = self.submit(sent) if sent else Pending(list)

        def result() -> list[PageParse]:
            parsed = iter(rest())
            return [
                PageParse(None, refused[i]) if i in refused else next(parsed)
                for i in range(len(tasks))
            ]

        return Pending(result, rest.future)

    def _kills(self) -> int:
        """Workers killed on purpose so far (a timeout, a parse out of memory): a broken
        pool they explain is not a parse that killed its worker."""
        return self.timeouts + self.over_memory

    def _retire(self, pool: ProcessPoolExecutor) -> None:
        """Replace the workers of ``pool`` after a parse ran out of memory in one of them:
        its heap may be left fragmented or half-built. The batches still in hand there
        break and are parsed again in the fresh pool (explained: not counted as deaths)."""
        with self._lock:
            if self._pool is not pool:
                return  # replaced meanwhile
            self.over_memory += 1
            clock = self._clock
            processes = dict(getattr(pool, "_processes", None) or {})
            for pid in set(processes) | set(clock.pids() if clock is not None else ()):
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGKILL)
            self._replace(pool)

    def _result(
        self,
        numbered: list[tuple[int, ParseTask]],
        pool: ProcessPoolExecutor,
        future: Future[list[PageParse]],
        kills_before: int,
    ) -> list[PageParse]:
        """Wait for a batch. When its worker died: its pages that timed out get the
        timeout as their error; the others are parsed once more in a fresh pool (the worker
        may have died on another batch queued before this one); if they kill it again with
        no timeout or memory replacement to explain it, they come back marked ``died``. A
        batch with a page that ran out of memory has its pool replaced."""
        done: dict[int, PageParse] = {}
        todo = numbered
        unexplained = 0
        while todo:
            try:
                parses = future.result()
            except BrokenProcessPool as exc:
                broken: BrokenProcessPool = exc
            except CancelledError:
                # Still queued in a pool that _retire replaced: its shutdown cancels the
                # queued batches before the executor may notice its killed workers (a
                # race: which of the two a batch sees depends on timing). Parsed again in
                # the fresh pool, like a broken one; not when the parser was closed.
                if self._pool is None:
                    raise
                broken = BrokenProcessPool("its pool was replaced while it was queued")
            else:
                done.update((n, p) for (n, _), p in zip(todo, parses, strict=True))
                if any(p.over_memory for p in parses):
                    self._retire(pool)
                break
            with self._lock:
                self._replace(pool)
                kills_now = self._kills()
                timed_out = {n for n, _ in todo if n in self._timed_out}
            for number in timed_out:
                done[number] = PageParse(None, self.budget.timed_out())
            todo = [(n, t) for n, t in todo if n not in timed_out]
            if kills_now == kills_before:
                unexplained += 1
            kills_before = kills_now
            if unexplained > 1:
                error = f"the parser process died on this page ({broken})"
                done.update((n, PageParse(None, error, died=True)) for n, _ in todo)
                break
            if todo:
                pool, future = self._submit(todo)
        return [done[n] for n, _ in numbered]

    def close(self, cancel: bool = False) -> None:
        """Wait for the parses in hand, then stop the workers; ``cancel``: drop the queued
        ones and kill the workers at once (Ctrl-C, SIGTERM: a page may take a minute)."""
        with self._lock:
            pool, self._pool = self._pool, None
            clock = self._clock
        # (outside the lock: the timeout watch goes on while the last parses end)
        if pool is not None:
            if cancel:
                # The executor's own table of its processes (private, but the only list of
                # workers still starting, which have not told the clock their pid yet).
                processes = dict(getattr(pool, "_processes", None) or {})
                pids = set(processes) | set(clock.pids() if clock is not None else ())
                for pid in pids:
                    with contextlib.suppress(OSError):
                        os.kill(pid, signal.SIGKILL)
            pool.shutdown(wait=True, cancel_futures=cancel)
        self._closing.set()
