"""Run the real ``scrapy crawl`` in a child process, as cron and users do.

Why a child process: it is the most faithful test (settings, spider loading, the reactor,
the pipeline's own connection), it keeps Twisted's one-shot reactor out of pytest, and it
lets a test SIGKILL a crawl half-way.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]

# Fast and quiet for local mirrors: no politeness delays, a safety timeout.
TEST_SETTINGS = {
    "AUTOTHROTTLE_ENABLED": "0",
    "DOWNLOAD_DELAY": "0",
    "LOG_LEVEL": "INFO",
    "ARCHIVE_CONTACT": "crawl-tests@example.invalid",
    "CLOSESPIDER_TIMEOUT": "90",
}


def crawl_command(
    spider: str, args: dict[str, str], settings: dict[str, str] | None = None
) -> list[str]:
    cmd = [sys.executable, "-m", "scrapy", "crawl", spider]
    for key, value in args.items():
        cmd += ["-a", f"{key}={value}"]
    for key, value in {**TEST_SETTINGS, **(settings or {})}.items():
        cmd += ["-s", f"{key}={value}"]
    return cmd


def crawl_env(db_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env["ARCHIVE_DATABASE_URL"] = db_url
    env["PYTHONPATH"] = str(REPO_ROOT)
    return env


def run_crawl(
    spider: str,
    db_url: str,
    args: dict[str, str],
    settings: dict[str, str] | None = None,
    timeout: float = 120,
) -> subprocess.CompletedProcess[str]:
    """Run one crawl to the end; its log is in ``.stderr``."""
    return subprocess.run(
        crawl_command(spider, args, settings),
        cwd=REPO_ROOT,
        env=crawl_env(db_url),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def start_crawl(
    spider: str, db_url: str, args: dict[str, str], settings: dict[str, str] | None = None
) -> subprocess.Popen[str]:
    """Start a crawl and return at once (the test may kill it)."""
    return subprocess.Popen(
        crawl_command(spider, args, settings),
        cwd=REPO_ROOT,
        env=crawl_env(db_url),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        text=True,
    )


def child_pids(pid: int) -> set[int]:
    """The processes whose parent is ``pid`` (Linux /proc), e.g. a crawl's parser workers."""
    found: set[int] = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:  # the process ended while we looked
            continue
        fields = text[text.rindex(")") + 2 :].split()
        if int(fields[1]) == pid:
            found.add(int(stat.parent.name))
    return found


def descendant_pids(pid: int) -> set[int]:
    """Children, their children, and so on (a crawl's archive process and its parser)."""
    found: set[int] = set()
    todo = [pid]
    while todo:
        children = child_pids(todo.pop()) - found
        found |= children
        todo.extend(children)
    return found


def pid_exists(pid: int) -> bool:
    """Whether a process is still there (and not a zombie waiting for its parent)."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return text[text.rindex(")") + 2 :].split()[0] != "Z"
