"""The reparse loop: stream the selection, parse it in the shared parser pool, write batches.

Why it is shaped like this:

* **Parsing is CPU, writing is the database.** Snapshot bodies are parsed in the parser pool
  the crawl uses too (:mod:`archive.ingest.parsing`); every database write happens in this
  process, in batches (one unit of work per ``batch_size`` snapshots), through the same
  recording code as the crawl (:func:`archive.ingest.record.record_snapshot_parse`).
* **Interruptible.** Each batch commits together with its ``snapshot_parses`` rows and the
  run's running counts, so after Ctrl-C or SIGKILL a re-run skips what was committed and
  finishes the rest exactly once. The run records how it ended: finished, interrupted
  (Ctrl-C), or failed (an error, a parser process that died on a snapshot twice; or, for a
  run killed outright, marked by the next reparse).
* **Never backwards.** A snapshot whose article has a newer snapshot already parsed under
  the same rules is recorded as parsed but does not replace that newer snapshot's events
  (see :func:`archive.store.superseded_snapshots`). This is what makes
  ``--all-snapshots --force`` twice add nothing the second time.
* **The rules are injectable** (:class:`~scraper.parsers.registry.Rules`): tests and rule
  authors run variants with their own version strings; the default is the real parser.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlalchemy import select
from sqlalchemy.orm import Session, defer, sessionmaker

from archive import store
from archive.db import unit_of_work
from archive.errors import ArchiveError, BadInput
from archive.ingest.budgets import ParseBudget
from archive.ingest.parsing import PageParse, ParserPool, ParseTask
from archive.ingest.record import record_snapshot_parse
from archive.models import Article, Event, Snapshot
from archive.progress import Progress
from archive.reparse import interrupts
from archive.reparse.options import ReparseOptions
from archive.reparse.selection import (
    article_batches,
    check_filters,
    count_selected,
    load_tasks,
    stream_selected,
)
from archive.reparse.summary import (
    MAX_ERROR_SAMPLES,
    FieldChange,
    ReparseSummary,
    diff_samples,
)
from archive.store.preview import BatchPreview
from scraper.parsers.registry import Rules, current_rules

# A batch's parses once done: (snapshot id, parse) in batch order.
Pending = Callable[[], list[tuple[int, PageParse]]]


class ReparseFailed(ArchiveError):
    """The run could not go on (a parser process died); committed batches are kept."""


class _ParserDied(Exception):
    pass


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


def _submit(pool: ParserPool, tasks: list[tuple[int, ParseTask]], workers: int) -> Pending:
    """Parse a batch: a few chunks per worker (balanced load without a round trip per
    snapshot)."""
    per = max(1, len(tasks) // (workers * 2))
    chunks = [tasks[i : i + per] for i in range(0, len(tasks), per)]
    parts = [(chunk, pool.submit([t for _, t in chunk])) for chunk in chunks]

    def results() -> list[tuple[int, PageParse]]:
        out: list[tuple[int, PageParse]] = []
        for chunk, part in parts:
            out.extend((sid, parse) for (sid, _), parse in zip(chunk, part(), strict=True))
        return out

    return results


def _write_batch(
    factory: sessionmaker[Session],
    results: list[tuple[int, PageParse]],
    rules: Rules,
    run: ReparseSummary,
) -> ReparseSummary:
    """Record one batch's parses in one transaction (with the run's counts so far)."""
    batch = ReparseSummary(parser_version=rules.version)
    ids = [sid for sid, _ in results]
    with unit_of_work(factory) as session:
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
        for sid, parse in results:
            snap = snaps[sid]
            writes_events = parse.parsed is not None and sid not in superseded
            counts = record_snapshot_parse(
                session,
                snap,
                parse,
                parse_run_id=run.run_id,
                parser_version=rules.version,
                # Only the article's first parse in the batch: after it the state is stale.
                state=states.pop(snap.article_id, None) if writes_events else None,
                superseded=sid in superseded,
            )
            batch.add(counts)
            if counts.parse_errors and len(batch.error_samples) < MAX_ERROR_SAMPLES:
                batch.error_samples.append((sid, parse.error or "error"))
        del articles
        if run.run_id is not None:
            so_far = ReparseSummary(parser_version=rules.version, selected=run.selected)
            so_far.absorb(run)
            so_far.absorb(batch)
            store.update_parse_run_counts(session, run.run_id, so_far.counts())
    return batch


def _preview_batch(
    factory: sessionmaker[Session],
    results: list[tuple[int, PageParse]],
    rules: Rules,
    sample_room: int,
) -> ReparseSummary:
    """What :func:`_write_batch` would record for one batch, from reads alone (a dry run:
    nothing is written, so a read-only archive or a SELECT-only role is enough)."""
    batch = ReparseSummary(parser_version=rules.version)
    ids = [sid for sid, _ in results]
    with factory() as session:
        articles: dict[int, int] = {
            sid: aid
            for sid, aid in session.execute(
                select(Snapshot.id, Snapshot.article_id).where(Snapshot.id.in_(ids))
            )
        }
        superseded = store.superseded_snapshots(session, ids, rules.version)
        preview = BatchPreview(session, list(set(articles.values())))
        for sid, parse in results:
            article_id = articles[sid]
            if parse.parsed is None:
                batch.parse_errors += 1
                if len(batch.error_samples) < MAX_ERROR_SAMPLES:
                    batch.error_samples.append((sid, parse.error or "error"))
                continue
            # Counted as archive.ingest.record.record_snapshot_parse counts it (the dry-run
            # tests hold the two to the same counts).
            batch.parsed += 1
            if parse.parsed.fell_back or parse.parsed.site != "generic":
                batch.site_parses += 1
                batch.fell_back += int(parse.parsed.fell_back)
            if sid in superseded:
                batch.superseded += 1
                continue
            before = preview.open_fields(article_id)
            outcome = preview.parse(article_id, parse.parsed)
            batch.add_outcome(outcome)
            if len(batch.samples) < sample_room and (
                outcome.added or outcome.changed or outcome.closed
            ):
                found = diff_samples(before, preview.open_fields(article_id), article_id, sid)
                _name_by_uid(session, found)
                batch.samples.extend(found[: sample_room - len(batch.samples)])
        session.rollback()
    return batch


def _name_by_uid(session: Session, samples: list[FieldChange]) -> None:
    """Give each sampled change its event's public ``event_uid``: the id a researcher cites
    and ``archive history`` takes (row ids differ between builds of the same pages)."""
    ids = [s.event_id for s in samples if s.event_id is not None]
    if not ids:
        return
    rows = session.execute(select(Event.id, Event.event_uid).where(Event.id.in_(ids)))
    uids = {event_id: uid for event_id, uid in rows}
    for s in samples:
        if s.event_id is not None:
            s.event_uid = uids.get(s.event_id)


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


def _start(factory: sessionmaker[Session], rules: Rules, options: ReparseOptions) -> ReparseSummary:
    """Check the filters, close dead runs, count the selection and open the parse run."""
    summary = ReparseSummary(parser_version=rules.version, dry_run=options.dry_run)
    with _batch_session(factory, options.dry_run) as session:
        check_filters(session, options)
        if not options.dry_run:  # a dry run writes nothing, not even that
            summary.marked_failed = store.fail_dead_parse_runs(session)
        summary.selected = count_selected(session, rules, options)
        if not options.dry_run:
            run = store.start_parse_run(
                session, parser_version=rules.version, options=options.recorded()
            )
            summary.run_id = run.id
            store.update_parse_run_counts(session, run.id, summary.counts())
    return summary


def reparse(
    factory: sessionmaker[Session],
    options: ReparseOptions | None = None,
    *,
    rules: Rules | None = None,
    progress: Callable[[int], Progress] | None = None,
    budget: ParseBudget | None = None,
) -> ReparseSummary:
    """Re-run ``rules`` (default: the real parser) over the selected snapshots.

    ``progress`` makes a :class:`Progress` for the number of selected snapshots. Ctrl-C
    (``KeyboardInterrupt``) rolls back the batch in hand and ends the run as ``interrupted``
    (the returned summary says so and counts what was committed); any other error ends it as
    ``failed`` and re-raises. ``budget``: what one page may cost (default: from the
    environment, :mod:`archive.ingest.budgets`); a page past it is recorded with the reason
    as its parse error and the run goes on.
    """
    options = options or ReparseOptions()
    rules = rules or current_rules()
    budget = budget if budget is not None else ParseBudget.from_environment()
    if options.batch_size < 1:
        raise BadInput("--batch-size must be at least 1")
    workers = options.workers if options.workers is not None else (os.cpu_count() or 1)
    if workers < 1:
        raise BadInput("--workers must be at least 1")

    summary = _start(factory, rules, options)
    bar = progress(summary.selected) if progress is not None and summary.selected else None
    pool: ParserPool | None = None
    try:
        if summary.selected:
            workers = min(workers, summary.selected)
            # One worker parses in this process; more run in worker processes.
            pool = ParserPool(rules, workers if workers > 1 else 0, budget)
            _run(factory, pool, workers, rules, options, summary, bar)
    except KeyboardInterrupt:
        if pool is not None:
            pool.close(cancel=True)
            pool = None
        _finish(factory, summary, "interrupted", "interrupted by the user")
        return summary
    except _ParserDied as exc:
        # A worker died outright on a snapshot, twice (killed, out of memory, a crash in C
        # code): no parse result to record for it, so the run stops; what was committed
        # stays done.
        if pool is not None:
            pool.close(cancel=True)
            pool = None
        message = "a parser process died (killed, out of memory or crashed)"
        _finish(factory, summary, "failed", message)
        raise ReparseFailed(
            f"{message}; {summary.parsed + summary.parse_errors} snapshots were recorded, "
            "run reparse again to finish the rest"
        ) from exc
    except BaseException as exc:
        if pool is not None:
            pool.close(cancel=True)
            pool = None
        _finish(factory, summary, "failed", f"{type(exc).__name__}: {exc}".splitlines()[0])
        raise
    finally:
        if pool is not None:
            pool.close()
        if bar is not None:
            bar.close()
    _finish(factory, summary, "finished", None)
    return summary


def _run(
    factory: sessionmaker[Session],
    pool: ParserPool,
    workers: int,
    rules: Rules,
    options: ReparseOptions,
    summary: ReparseSummary,
    bar: Progress | None,
) -> None:
    # Parsing runs ahead of writing by this many batches (none when inline).
    ahead = 2 if pool.processes else 0
    pending: deque[Pending] = deque()
    refs = stream_selected(factory, rules, options)
    for batch in article_batches(refs, options.batch_size):
        interrupts.check()
        pending.append(_submit(pool, load_tasks(factory, batch), workers))
        while len(pending) > ahead:
            _drain_one(factory, pending, rules, summary, options, bar)
    while pending:
        _drain_one(factory, pending, rules, summary, options, bar)


def _drain_one(
    factory: sessionmaker[Session],
    pending: deque[Pending],
    rules: Rules,
    summary: ReparseSummary,
    options: ReparseOptions,
    bar: Progress | None,
) -> None:
    with interrupts.waiting():
        results = pending.popleft()()
    if any(parse.died for _, parse in results):
        raise _ParserDied
    if options.dry_run:
        room = max(options.samples - len(summary.samples), 0)
        batch = _preview_batch(factory, results, rules, room)
    else:
        batch = _write_batch(factory, results, rules, summary)
    summary.absorb(batch)
    if bar is not None:
        bar.advance(len(results))
