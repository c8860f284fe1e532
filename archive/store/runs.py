"""Crawl runs and parse runs: open, count, finish, and close the ones whose process died.

Both kinds of run share one lifecycle (running -> finished | interrupted | failed) and one
way of noticing a run whose process was killed: it names its pid and host, and a later run on
the same host that finds the pid gone marks it failed instead of leaving it looking open.
"""

from __future__ import annotations

import os
import socket
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.models import CrawlRun, ParseRun
from archive.timeutil import utcnow

Run = TypeVar("Run", CrawlRun, ParseRun)


def this_host() -> str:
    """The host name runs are recorded under (pids only mean something on their host)."""
    return socket.gethostname()


def process_alive(pid: int) -> bool:
    """Whether a process with this pid exists on this host."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _fail_dead_runs(session: Session, model: type[Run], *criteria: Any) -> int:
    stmt = select(model).where(model.status == "running", model.hostname == this_host(), *criteria)
    marked = 0
    for run in session.scalars(stmt):
        if run.pid is not None and run.pid != os.getpid() and not process_alive(run.pid):
            run.status = "failed"
            run.finished_at = utcnow()
            run.error = f"process {run.pid} ended without finishing the run (killed or crashed)"
            marked += 1
    session.flush()
    return marked


def _update_counts(session: Session, model: type[Run], run_id: int, counts: dict[str, Any]) -> None:
    session.get_one(model, run_id).counts = dict(counts)


def _finish(
    session: Session,
    model: type[Run],
    run_id: int,
    status: str,
    counts: dict[str, Any],
    error: str | None,
) -> Run:
    run = session.get_one(model, run_id)
    run.status = status
    run.counts = dict(counts)
    run.finished_at = utcnow()
    run.error = error
    return run


def _owner() -> dict[str, Any]:
    return {
        "started_at": utcnow(),
        "status": "running",
        "counts": {},
        "pid": os.getpid(),
        "hostname": this_host(),
    }


def fail_dead_crawl_runs(session: Session, spider: str | None = None) -> int:
    """Mark 'running' crawl runs whose process is gone (killed, crashed) as failed, so a
    dead crawl is never left looking open. Only runs started on this host can be judged."""
    criteria = [CrawlRun.spider == spider] if spider is not None else []
    return _fail_dead_runs(session, CrawlRun, *criteria)


def start_crawl_run(session: Session, *, spider: str, arguments: dict[str, Any]) -> CrawlRun:
    """Open a crawl run (after closing this spider's dead ones as failed)."""
    fail_dead_crawl_runs(session, spider)
    run = CrawlRun(spider=spider, arguments=dict(arguments), **_owner())
    session.add(run)
    session.flush()
    return run


def update_crawl_run_counts(session: Session, run_id: int, counts: dict[str, Any]) -> None:
    """Save the running counts, so a run that dies still shows how far it got."""
    _update_counts(session, CrawlRun, run_id, counts)


def finish_crawl_run(
    session: Session, run_id: int, *, status: str, counts: dict[str, Any], error: str | None = None
) -> CrawlRun:
    return _finish(session, CrawlRun, run_id, status, counts, error)


def start_parse_run(
    session: Session, *, parser_version: str, options: dict[str, Any] | None = None
) -> ParseRun:
    run = ParseRun(parser_version=parser_version, options=dict(options or {}), **_owner())
    session.add(run)
    session.flush()
    return run


def fail_dead_parse_runs(session: Session) -> int:
    """Mark 'running' parse runs whose process is gone (SIGKILL, crash) as failed, so a dead
    reparse or crawl is never left looking open. Only runs started on this host can be judged."""
    return _fail_dead_runs(session, ParseRun)


def update_parse_run_counts(session: Session, run_id: int, counts: dict[str, Any]) -> None:
    """Save the running counts with each batch, so a run that dies still shows how far it got."""
    _update_counts(session, ParseRun, run_id, counts)


def finish_parse_run(
    session: Session, run_id: int, *, status: str, counts: dict[str, Any], error: str | None = None
) -> ParseRun:
    return _finish(session, ParseRun, run_id, status, counts, error)
