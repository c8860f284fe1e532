"""Progress reports for long runs: a redrawn bar on a terminal, plain lines in a log.

Why two shapes: a researcher watching `archive reparse` wants a live bar with the rate and an
ETA, while cron and CI logs want one line every so often (a bar's carriage returns turn a log
file into one enormous line).
"""

from __future__ import annotations

import time
from typing import TextIO

BAR_WIDTH = 30


def format_duration(seconds: float) -> str:
    """``75`` -> ``1m15s``; hours when needed; ``--`` when unknown."""
    if seconds != seconds or seconds < 0 or seconds == float("inf"):  # NaN or nonsense
        return "--"
    total = round(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}h{minutes:02d}m"
    if minutes:
        return f"{minutes}m{secs:02d}s"
    return f"{secs}s"


class Progress:
    """Counts work done out of ``total`` and reports it on ``stream``.

    On a TTY the bar is redrawn at most ``redraw`` times a second; otherwise a line is written
    every ``interval`` seconds (and once at the end), so logs stay readable. ``unit`` names
    what is counted when it is not items (``KiB`` of a file read).
    """

    def __init__(
        self,
        total: int,
        stream: TextIO,
        *,
        label: str = "",
        interval: float = 10.0,
        redraw: float = 0.1,
        tty: bool | None = None,
        unit: str = "",
    ) -> None:
        self.total = total
        self.unit = f" {unit}" if unit else ""
        self.done = 0
        self.stream = stream
        self.label = label
        self.tty = stream.isatty() if tty is None else tty
        self.interval = redraw if self.tty else interval
        self.started = time.monotonic()
        self._last = self.started
        self._emitted: int | None = None
        self._closed = False

    def rate(self) -> float:
        elapsed = time.monotonic() - self.started
        return self.done / elapsed if elapsed > 0 else 0.0

    def line(self) -> str:
        """The current state as text (without a newline)."""
        rate = self.rate()
        left = self.total - self.done
        eta = format_duration(left / rate) if rate > 0 else "--"
        pct = 100.0 * self.done / self.total if self.total else 100.0
        unit = self.unit
        counts = f"{self.done}/{self.total}{unit} ({pct:.0f}%) {rate:.1f}{unit}/s ETA {eta}"
        prefix = f"{self.label} " if self.label else ""
        if not self.tty:
            return f"{prefix}{counts}"
        filled = int(BAR_WIDTH * self.done / self.total) if self.total else BAR_WIDTH
        bar = "#" * filled + "-" * (BAR_WIDTH - filled)
        return f"{prefix}[{bar}] {counts}"

    def advance(self, n: int = 1) -> None:
        self.done += n
        now = time.monotonic()
        if now - self._last >= self.interval:
            self._last = now
            self._emit()

    def _emit(self) -> None:
        self._emitted = self.done
        if self.tty:
            self.stream.write("\r" + self.line() + "\x1b[K")
        else:
            self.stream.write(self.line() + "\n")
        self.stream.flush()

    def close(self, final: bool = True) -> None:
        """Write the final state (and end the bar's line). ``final=False``: a run that
        stopped on an error, whose message follows: a log gets no last line for it."""
        if self._closed:
            return
        self._closed = True
        if self._emitted != self.done and (final or self.tty):  # not the same line again
            self._emit()
        if self.tty:
            self.stream.write("\n")
            self.stream.flush()
