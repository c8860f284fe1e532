"""Where a reparse may be interrupted: while it waits for its parsers, or between batches,
never inside a database call.

Why: `kill PID` used to raise ``KeyboardInterrupt`` wherever the signal found the main
thread. Inside psycopg's wait for a query's answer that left the connection busy, and the
next use of it ("can't change 'autocommit' now: connection in transaction status ACTIVE")
failed the run instead of recording it as interrupted. The handler installed by `archive
reparse` (:func:`handle`) now only notes the request, and the run raises it at the places
that are safe: on entering or during a wait for parse results (:func:`waiting`, which may
take a minute on a slow page) and between batches (:func:`check`). Used as a library,
without the handler, these cost nothing and change nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType


class _State:
    requested = False
    waiting = False


_state = _State()


def handle(_signum: int, _frame: FrameType | None) -> None:
    """The signal handler: interrupt now if waiting for parsers, else at the next safe place."""
    _state.requested = True
    if _state.waiting:
        _state.requested = False
        raise KeyboardInterrupt


def check() -> None:
    """Between batches: stop here if an interrupt was asked for."""
    if _state.requested:
        _state.requested = False
        raise KeyboardInterrupt


@contextmanager
def waiting() -> Iterator[None]:
    """Around a wait for parse results (no database call inside): interrupts land at once."""
    check()
    _state.waiting = True
    try:
        yield
    finally:
        _state.waiting = False


def reset() -> None:
    """Forget an earlier request (a new run begins)."""
    _state.requested = False
    _state.waiting = False
