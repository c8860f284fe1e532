"""The duties of every helper process ingest spawns (the crawl's writer, parser workers).

They are *spawned*, not forked (no copy of the parent's sockets, threads or database
connections); they ignore Ctrl-C (the parent decides how to stop, and still needs what they
are doing); and they exit by themselves when the process that started them is gone, even
when it was SIGKILLed and could not tell them: nothing is left running, and a helper blocked
on its task queue would otherwise never notice (it holds both ends of the queue's pipe).

Two watches, since either alone can miss: a thread polling the parent's pid (everywhere), and
on Linux the kernel's parent-death signal (``prctl(PR_SET_PDEATHSIG)``), which also ends a
helper stuck in C code that holds its interpreter lock, where the thread cannot run. The
kernel's "parent" is the *thread* that started the helper: start helpers from a thread that
lives as long as they should (the main thread, as the crawl's writer and reparse do).
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time

# How often a helper checks that its parent is still there (seconds).
PARENT_CHECK_INTERVAL = 0.5


def exit_with_parent(parent_pid: int) -> None:
    """Watch the parent; leave at once when it is gone."""
    while os.getppid() == parent_pid:
        time.sleep(PARENT_CHECK_INTERVAL)
    os._exit(1)


# prctl(2): the signal this process gets when its parent ends.
PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """Linux: have the kernel SIGKILL this process when the thread that started it ends."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # no libc prctl: the watch thread still does it
        pass


def become_helper(parent_pid: int) -> None:
    """Ignore Ctrl-C and start watching the parent (call first thing in a spawned helper)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with_parent()
    if os.getppid() != parent_pid:  # it ended before the kernel was told
        os._exit(1)
    threading.Thread(
        target=exit_with_parent, args=(parent_pid,), name="parent-watch", daemon=True
    ).start()
