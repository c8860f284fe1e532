"""Re-run the extraction rules over stored snapshots: new versions only where output changed.

Why it is shaped like this:

* **Parsing is CPU, writing is the database.** Snapshot bodies are parsed in a pool of worker
  processes; every database write happens in the main process, in batches (one unit of work
  per ``batch_size`` snapshots). Workers never open a connection: they get the compressed
  bytes and metadata and hand back a :class:`~scraper.parsers.records.ParsedArticle` (or an
  error string). Workers are *spawned*, not forked, so no open database connection or lock
  is ever copied into a child.
* **Memory stays flat.** Snapshot ids are streamed from the database in keyset-paginated
  chunks and bodies are loaded one batch at a time, with at most a few batches in flight.
* **Interruptible.** Each batch commits together with its ``snapshot_parses`` rows and the
  run's running counts, so after Ctrl-C or SIGKILL a re-run skips what was committed and
  finishes the rest exactly once. The run records how it ended: finished, interrupted
  (Ctrl-C), or failed (an error; or, for a run killed outright, marked by the next reparse).
* **Never backwards.** A snapshot whose article has a newer snapshot already parsed under
  the same rules is recorded as parsed but does not replace that newer snapshot's events
  (see :func:`archive.store.superseded_snapshots`). This is what makes
  ``--all-snapshots --force`` twice add nothing the second time.
* **The rules are injectable** (:class:`Rules`): tests and rule authors run variants with
  their own version strings; the default is the real parser.
"""

from __future__ import annotations

import os
from collections import Counter, deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from multiprocessing import get_context
from typing import Any

from sqlalchemy import Select, and_, exists, func, or_, select, tuple_
from sqlalchemy.orm import Session, defer, sessionmaker

from archive import store
from archive.errors import ArchiveError, BadInput
from archive.models import Article, Snapshot, SnapshotParse, Source
from archive.progress import Progress
from scraper.parsers.records import VERSIONED_FIELDS, ParsedArticle
from scraper.parsers.registry import Rules, current_rules
from scraper.urls import bare_domain

DEFAULT_BATCH_SIZE = 100
# Snapshot ids fetched per query while streaming the selection.
ID_CHUNK = 1000
# Error messages kept for the summary (all errors are counted and stored on the snapshot).
MAX_ERROR_SAMPLES = 20
# Characters of a field value shown in a dry-run sample.
SAMPLE_VALUE_WIDTH = 80


class ReparseFailed(ArchiveError):
    """The run could not go on (a parser process died); committed batches are kept."""


@dataclass(frozen=True)
class ReparseOptions:
    """What to re-parse and how (the `archive reparse` options)."""

    all_snapshots: bool = False
    site: str | None = None
    since: date | None = None
    article_id: int | None = None
    workers: int | None = None
    force: bool = False
    dry_run: bool = False
    batch_size: int = DEFAULT_BATCH_SIZE
    samples: int = 10

    def recorded(self) -> dict[str, Any]:
        """The options as stored on the parse run (JSON-ready)."""
        return {
            "all_snapshots": self.all_snapshots,
            "site": self.site,
            "since": self.since.isoformat() if self.since else None,
            "article_id": self.article_id,
            "workers": self.workers,
            "force": self.force,
            "batch_size": self.batch_size,
        }


@dataclass
class FieldChange:
    """One sampled change, for reviewing a rules change before committing it."""

    kind: str  # added | changed | closed
    article_id: int
    snapshot_id: int
    event_id: int | None
    segment: int
    changes: list[tuple[str, Any, Any]]  # (field, old, new)


@dataclass
class ReparseSummary:
    """What a reparse did (or, in a dry run, would do)."""

    parser_version: str
    run_id: int | None = None
    status: str = "running"
    dry_run: bool = False
    selected: int = 0
    parsed: int = 0
    errors: int = 0
    superseded: int = 0
    added: int = 0
    changed: int = 0
    closed: int = 0
    unchanged: int = 0
    splits: int = 0
    merges: int = 0
    field_changes: Counter[str] = field(default_factory=Counter)
    error_samples: list[tuple[int, str]] = field(default_factory=list)
    samples: list[FieldChange] = field(default_factory=list)
    marked_failed: int = 0
    error: str | None = None

    def counts(self) -> dict[str, Any]:
        """The running counts as stored on the parse run."""
        return {
            "selected": self.selected,
            "parsed": self.parsed,
            "errors": self.errors,
            "superseded": self.superseded,
            "added": self.added,
            "changed": self.changed,
            "closed": self.closed,
            "unchanged": self.unchanged,
            "splits": self.splits,
            "merges": self.merges,
            "field_changes": dict(sorted(self.field_changes.items())),
        }

    def absorb(self, other: ReparseSummary) -> None:
        """Add a committed batch's counts to the run's."""
        for name in (
            "parsed",
            "errors",
            "superseded",
            "added",
            "changed",
            "closed",
            "unchanged",
            "splits",
            "merges",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.field_changes.update(other.field_changes)
        room = MAX_ERROR_SAMPLES - len(self.error_samples)
        self.error_samples.extend(other.error_samples[: max(room, 0)])
        self.samples.extend(other.samples)


# ---------------------------------------------------------------------------------------------
# Selection


@dataclass(frozen=True)
class SnapshotRef:
    id: int
    article_id: int


def _selection(rules: Rules, options: ReparseOptions) -> Select[Any]:
    """The snapshots to parse, as (id, article_id, fetched_at), in processing order: by
    article, oldest snapshot first (so the article's final state is its newest snapshot's)."""
    stmt = select(Snapshot.id, Snapshot.article_id, Snapshot.fetched_at)
    if not options.all_snapshots:
        newer = Snapshot.__table__.alias("newer")
        stmt = stmt.where(
            ~exists().where(
                newer.c.article_id == Snapshot.article_id,
                or_(
                    newer.c.fetched_at > Snapshot.fetched_at,
                    and_(newer.c.fetched_at == Snapshot.fetched_at, newer.c.id > Snapshot.id),
                ),
            )
        )
    if options.site is not None or options.since is not None:
        stmt = stmt.join(Article, Snapshot.article_id == Article.id)
        if options.since is not None:
            stmt = stmt.where(Article.published >= options.since)
        if options.site is not None:
            stmt = stmt.join(Source, Article.source_id == Source.id).where(
                Source.domain == bare_domain(options.site)
            )
    if options.article_id is not None:
        stmt = stmt.where(Snapshot.article_id == options.article_id)
    if not options.force:
        stmt = stmt.where(
            ~exists().where(
                SnapshotParse.snapshot_id == Snapshot.id,
                SnapshotParse.parser_version == rules.version,
                SnapshotParse.error.is_(None),
            )
        )
    return stmt


def _check_filters(session: Session, options: ReparseOptions) -> None:
    """Unknown sites and articles are a user's typo: say so rather than parse nothing."""
    if options.site is not None:
        domain = bare_domain(options.site)
        if not domain or session.scalar(select(Source.id).where(Source.domain == domain)) is None:
            raise BadInput(f"no site {options.site!r} in the archive")
    if (
        options.article_id is not None
        and session.scalar(select(Article.id).where(Article.id == options.article_id)) is None
    ):
        raise BadInput(f"no article {options.article_id} in the archive")


def count_selected(session: Session, rules: Rules, options: ReparseOptions) -> int:
    sub = _selection(rules, options).subquery()
    return session.scalar(select(func.count()).select_from(sub)) or 0


def stream_selected(
    factory: sessionmaker[Session], rules: Rules, options: ReparseOptions, chunk: int = ID_CHUNK
) -> Iterator[SnapshotRef]:
    """The selection, streamed by keyset pagination in short read transactions: memory and
    locks stay small however many snapshots there are."""
    base = _selection(rules, options).order_by(
        Snapshot.article_id, Snapshot.fetched_at, Snapshot.id
    )
    last: tuple[Any, ...] | None = None
    while True:
        stmt = base
        if last is not None:
            stmt = stmt.where(tuple_(Snapshot.article_id, Snapshot.fetched_at, Snapshot.id) > last)
        with factory() as session:
            rows = session.execute(stmt.limit(chunk)).all()
        if not rows:
            return
        for sid, aid, _fetched in rows:
            yield SnapshotRef(sid, aid)
        last = (rows[-1][1], rows[-1][2], rows[-1][0])


def article_batches(refs: Iterator[SnapshotRef], size: int) -> Iterator[list[SnapshotRef]]:
    """Batches of about ``size`` snapshots that never split an article's snapshots, so each
    article's replay happens inside one transaction (and a dry run, rolled back per batch,
    still sees each article's earlier snapshots)."""
    batch: list[SnapshotRef] = []
    for ref in refs:
        if len(batch) >= size and batch[-1].article_id != ref.article_id:
            yield batch
            batch = []
        batch.append(ref)
    if batch:
        yield batch


# ---------------------------------------------------------------------------------------------
# Parsing (in workers)


@dataclass(frozen=True)
class ParseTask:
    snapshot_id: int
    body: bytes  # as stored (compressed)
    compression: str
    url: str
    published: date | None
    content_type: str | None


@dataclass(frozen=True)
class ParseResult:
    snapshot_id: int
    parsed: ParsedArticle | None
    error: str | None


_worker_rules: Rules | None = None


def _init_worker(rules: Rules) -> None:
    """Runs once in each worker. Ctrl-C is the main process's to handle: a worker that died
    of it would break the pool before the run could be marked interrupted."""
    import signal

    global _worker_rules
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker_rules = rules


def parse_one(rules: Rules, task: ParseTask) -> ParseResult:
    """Parse one snapshot; an exception becomes an error string (the run goes on)."""
    try:
        html = store.decompress_body(task.body, task.compression)
        parsed = rules.parse(html, task.url, task.published, task.content_type)
        if parsed.parser_version != rules.version:
            raise ValueError(
                f"rules reported version {parsed.parser_version!r}, expected {rules.version!r}"
            )
    except Exception as exc:
        message = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        return ParseResult(task.snapshot_id, None, message.splitlines()[0])
    return ParseResult(task.snapshot_id, parsed, None)


def _parse_chunk(tasks: list[ParseTask]) -> list[ParseResult]:
    assert _worker_rules is not None, "worker not initialised"
    return [parse_one(_worker_rules, t) for t in tasks]


class _Parser:
    """Hands batches of tasks to the pool (or parses inline with one worker) and gives back
    their results in order."""

    def __init__(self, rules: Rules, workers: int) -> None:
        self.rules = rules
        self.workers = workers
        self.pool: ProcessPoolExecutor | None = None
        if workers > 1:
            self.pool = ProcessPoolExecutor(
                max_workers=workers,
                mp_context=get_context("spawn"),
                initializer=_init_worker,
                initargs=(rules,),
            )

    def submit(self, tasks: list[ParseTask]) -> Callable[[], list[ParseResult]]:
        if self.pool is None:
            results = [parse_one(self.rules, t) for t in tasks]
            return lambda: results
        # A few chunks per worker: balanced load without a round trip per snapshot.
        per = max(1, len(tasks) // (self.workers * 2))
        futures: list[Future[list[ParseResult]]] = [
            self.pool.submit(_parse_chunk, tasks[i : i + per]) for i in range(0, len(tasks), per)
        ]
        return lambda: [r for f in futures for r in f.result()]

    def close(self, cancel: bool = False) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=cancel)


def _load_tasks(factory: sessionmaker[Session], batch: list[SnapshotRef]) -> list[ParseTask]:
    ids = [r.id for r in batch]
    with factory() as session:
        rows = session.execute(
            select(
                Snapshot.id,
                Snapshot.body,
                Snapshot.compression,
                Snapshot.url,
                Article.published,
                Snapshot.content_type,
            )
            .join(Article, Snapshot.article_id == Article.id)
            .where(Snapshot.id.in_(ids))
        ).all()
    by_id = {row[0]: ParseTask(*row) for row in rows}
    # Snapshots are never deleted, but keep the batch order and tolerate a vanished row.
    return [by_id[i] for i in ids if i in by_id]


# ---------------------------------------------------------------------------------------------
# Writing (main process)


def _short(value: Any) -> Any:
    if isinstance(value, str) and len(value) > SAMPLE_VALUE_WIDTH:
        return value[: SAMPLE_VALUE_WIDTH - 1] + "…"
    return value


def _open_fields(session: Session, article_id: int) -> dict[int, tuple[int, dict[str, Any]]]:
    return {
        v.event_id: (v.segment, store.version_fields(v))
        for v in store.current_events(session, article_id)
    }


def _diff_samples(
    before: dict[int, tuple[int, dict[str, Any]]],
    after: dict[int, tuple[int, dict[str, Any]]],
    article_id: int,
    snapshot_id: int,
) -> list[FieldChange]:
    out: list[FieldChange] = []
    for event_id, (segment, new) in sorted(after.items(), key=lambda kv: kv[1][0]):
        old = before.get(event_id)
        if old is None:
            changes = [
                (n, None, _short(new[n])) for n in VERSIONED_FIELDS if new[n] not in (None, [])
            ]
            out.append(FieldChange("added", article_id, snapshot_id, event_id, segment, changes))
        elif old[1] != new:
            changes = [
                (n, _short(old[1][n]), _short(new[n]))
                for n in VERSIONED_FIELDS
                if old[1][n] != new[n]
            ]
            out.append(FieldChange("changed", article_id, snapshot_id, event_id, segment, changes))
    for event_id, (segment, old_fields) in sorted(before.items(), key=lambda kv: kv[1][0]):
        if event_id not in after:
            changes = [("text", _short(old_fields["text"]), None)]
            out.append(FieldChange("closed", article_id, snapshot_id, event_id, segment, changes))
    return out


@contextmanager
def _batch_session(factory: sessionmaker[Session], dry_run: bool) -> Iterator[Session]:
    """A unit of work that commits, or in a dry run always rolls back."""
    with factory() as session:
        session.begin()
        try:
            yield session
        except BaseException:
            session.rollback()
            raise
        if dry_run:
            session.rollback()
        else:
            session.commit()


def _write_batch(
    factory: sessionmaker[Session],
    results: list[ParseResult],
    rules: Rules,
    run: ReparseSummary,
    sample_room: int,
    dry_run: bool,
) -> ReparseSummary:
    """Record one batch's parses in one transaction (with the run's counts so far)."""
    batch = ReparseSummary(parser_version=rules.version)
    ids = [r.snapshot_id for r in results]
    with _batch_session(factory, dry_run) as session:
        snaps = {
            s.id: s
            for s in session.scalars(
                select(Snapshot).where(Snapshot.id.in_(ids)).options(defer(Snapshot.body))
            )
        }
        superseded = store.superseded_snapshots(session, ids, rules.version)
        # The batch's articles and their events, read in a few queries rather than a few per
        # snapshot; record_parse then finds the articles in the session.
        article_ids = {s.article_id for s in snaps.values()}
        articles = list(session.scalars(select(Article).where(Article.id.in_(article_ids))))
        states = store.article_event_states(session, list(article_ids))
        for result in results:
            snap = snaps[result.snapshot_id]
            if result.parsed is None:
                store.record_parse(
                    session,
                    snapshot=snap,
                    parsed=None,
                    error=result.error,
                    parser_version=rules.version,
                    parse_run_id=run.run_id,
                )
                batch.errors += 1
                if len(batch.error_samples) < MAX_ERROR_SAMPLES:
                    batch.error_samples.append((snap.id, result.error or "error"))
                continue
            batch.parsed += 1
            if snap.id in superseded:
                store.record_superseded_parse(
                    session, snapshot=snap, parsed=result.parsed, parse_run_id=run.run_id
                )
                batch.superseded += 1
                continue
            want_sample = len(batch.samples) < sample_room
            before = _open_fields(session, snap.article_id) if want_sample else {}
            outcome = store.record_parse(
                session,
                snapshot=snap,
                parsed=result.parsed,
                parse_run_id=run.run_id,
                # Only the article's first parse in the batch: after it the state is stale.
                state=states.pop(snap.article_id, None),
            )
            batch.added += outcome.added
            batch.changed += outcome.changed
            batch.closed += outcome.closed
            batch.unchanged += outcome.unchanged
            batch.field_changes.update(outcome.field_changes)
            batch.splits += sum(1 for *_ids, kind in outcome.lineage if kind == "split")
            batch.merges += sum(1 for *_ids, kind in outcome.lineage if kind == "merge")
            if want_sample and (outcome.added or outcome.changed or outcome.closed):
                after = _open_fields(session, snap.article_id)
                found = _diff_samples(before, after, snap.article_id, snap.id)
                batch.samples.extend(found[: sample_room - len(batch.samples)])
        del articles
        if run.run_id is not None:
            so_far = ReparseSummary(parser_version=rules.version, selected=run.selected)
            so_far.absorb(run)
            so_far.absorb(batch)
            store.update_parse_run_counts(session, run.run_id, so_far.counts())
    return batch


# ---------------------------------------------------------------------------------------------
# The run


def _finish(
    factory: sessionmaker[Session], summary: ReparseSummary, status: str, error: str | None
) -> None:
    summary.status = status
    summary.error = error
    if summary.run_id is None:
        return
    with _batch_session(factory, dry_run=False) as session:
        store.finish_parse_run(
            session, summary.run_id, status=status, counts=summary.counts(), error=error
        )


def reparse(
    factory: sessionmaker[Session],
    options: ReparseOptions | None = None,
    *,
    rules: Rules | None = None,
    progress: Callable[[int], Progress] | None = None,
) -> ReparseSummary:
    """Re-run ``rules`` (default: the real parser) over the selected snapshots.

    ``progress`` makes a :class:`Progress` for the number of selected snapshots. Ctrl-C
    (``KeyboardInterrupt``) rolls back the batch in hand and ends the run as ``interrupted``
    (the returned summary says so and counts what was committed); any other error ends it as
    ``failed`` and re-raises.
    """
    options = options or ReparseOptions()
    rules = rules or current_rules()
    if options.batch_size < 1:
        raise BadInput("--batch-size must be at least 1")
    workers = options.workers if options.workers is not None else (os.cpu_count() or 1)
    if workers < 1:
        raise BadInput("--workers must be at least 1")

    summary = ReparseSummary(parser_version=rules.version, dry_run=options.dry_run)
    with _batch_session(factory, options.dry_run) as session:
        _check_filters(session, options)
        summary.marked_failed = store.fail_dead_parse_runs(session)
        summary.selected = count_selected(session, rules, options)
        if not options.dry_run:
            run = store.start_parse_run(
                session, parser_version=rules.version, options=options.recorded()
            )
            summary.run_id = run.id
            store.update_parse_run_counts(session, run.id, summary.counts())

    bar = progress(summary.selected) if progress is not None and summary.selected else None
    parser: _Parser | None = None
    try:
        if summary.selected:
            parser = _Parser(rules, min(workers, summary.selected))
            # Parsing runs ahead of writing by this many batches (none when inline).
            ahead = 2 if parser.pool is not None else 0
            pending: deque[Callable[[], list[ParseResult]]] = deque()
            refs = stream_selected(factory, rules, options)
            for batch in article_batches(refs, options.batch_size):
                pending.append(parser.submit(_load_tasks(factory, batch)))
                while len(pending) > ahead:
                    _drain_one(factory, pending, rules, summary, options, bar)
            while pending:
                _drain_one(factory, pending, rules, summary, options, bar)
    except KeyboardInterrupt:
        if parser is not None:
            parser.close(cancel=True)
            parser = None
        _finish(factory, summary, "interrupted", "interrupted by the user")
        return summary
    except BrokenProcessPool as exc:
        # A worker died outright (killed, out of memory, a crash in C code): no parse result
        # to record for its snapshots, so the run stops; what was committed stays done.
        parser = None  # a broken pool has already shut its workers down
        message = "a parser process died (killed, out of memory or crashed)"
        _finish(factory, summary, "failed", message)
        raise ReparseFailed(
            f"{message}; {summary.parsed + summary.errors} snapshots were recorded, "
            "run reparse again to finish the rest"
        ) from exc
    except BaseException as exc:
        if parser is not None:
            parser.close(cancel=True)
            parser = None
        _finish(factory, summary, "failed", f"{type(exc).__name__}: {exc}".splitlines()[0])
        raise
    finally:
        if parser is not None:
            parser.close()
        if bar is not None:
            bar.close()
    _finish(factory, summary, "finished", None)
    return summary


def _drain_one(
    factory: sessionmaker[Session],
    pending: deque[Callable[[], list[ParseResult]]],
    rules: Rules,
    summary: ReparseSummary,
    options: ReparseOptions,
    bar: Progress | None,
) -> None:
    results = pending.popleft()()
    room = max(options.samples - len(summary.samples), 0) if options.dry_run else 0
    batch = _write_batch(factory, results, rules, summary, room, options.dry_run)
    summary.absorb(batch)
    if bar is not None:
        bar.advance(len(results))
