"""Standard output for commands that stream: a reader that stops early is not an error.

`archive events | head -1` closes the pipe after one line; the next write raises
BrokenPipeError, which click would turn into exit status 1. The reader got what it asked
for, so the command stops writing and succeeds; stdout is pointed at /dev/null so that the
interpreter's last flush at exit does not fail again.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def piped_output() -> Iterator[None]:
    try:
        yield
        sys.stdout.flush()
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
