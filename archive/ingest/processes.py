"""The duties of every helper process ingest spawns (the crawl's writer, parser workers).

They are *spawned*, not forked (no copy of the parent's sockets, threads or database
connections); they ignore Ctrl-C (the parent decides how to stop, and still needs what they
are doing); and they exit by themselves when the process that started them is gone, even
when it was SIGKILLed and could not tell them: nothing is left running, and a helper blocked
on its task queue would otherwise never notice (it holds both ends of the queue's pipe).
"""

from __future__ import annotations

import os
import signal
import threading
import time

# How often a helper checks that its parent is still there (seconds).
PARENT_CHECK_INTERVAL = 0.5


def exit_with_parent(parent_pid: int) -> None:
    """Watch the parent; leave at once when it is gone."""
    while os.getppid() == parent_pid:
        time.sleep(PARENT_CHECK_INTERVAL)
    os._exit(1)


def become_helper(parent_pid: int) -> None:
    """Ignore Ctrl-C and start watching the parent (call first thing in a spawned helper)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(
        target=exit_with_parent, args=(parent_pid,), name="parent-watch", daemon=True
    ).start()
