"""A reparse's interrupt lands only where no database call is under way."""

from __future__ import annotations

import signal

import pytest

from archive.reparse import interrupts


def test_an_interrupt_outside_a_wait_is_held_until_the_next_safe_place() -> None:
    interrupts.reset()
    interrupts.handle(signal.SIGTERM, None)  # e.g. during a batch's writes: noted, not raised
    with pytest.raises(KeyboardInterrupt):
        interrupts.check()  # between batches
    interrupts.check()  # asked once, raised once


def test_an_interrupt_during_a_wait_for_parsers_lands_at_once() -> None:
    interrupts.reset()
    with pytest.raises(KeyboardInterrupt), interrupts.waiting():
        interrupts.handle(signal.SIGTERM, None)
    interrupts.handle(signal.SIGTERM, None)  # after the wait: held again
    with pytest.raises(KeyboardInterrupt), interrupts.waiting():  # raised on entering one
        pass
    interrupts.reset()
