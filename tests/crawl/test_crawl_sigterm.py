"""SIGTERM during a crawl whose writer is parsing a long page: the crawl stops between pages
within seconds (it does not wait for the parse), exits non-zero, and records the run as
interrupted; what was committed stays, and no helper process is left. Both backends."""

from __future__ import annotations

import signal
import subprocess
import time
from datetime import date

import pytest
from sqlalchemy import func, select

from archive.models import CrawlRun, ParseRun, Snapshot
from tests.conftest import Archive
from tests.support.crawl_process import (
    REPO_ROOT,
    crawl_command,
    crawl_env,
    descendant_pids,
    pid_exists,
)
from tests.support.mirror import MirrorSite, serve, sp_path
from tests.support.reparse_rules import LONG_MARKER, page, report

pytestmark = pytest.mark.slow


def archived_count(archive: Archive) -> int:
    with archive.sessions() as s:
        return s.scalar(select(func.count()).select_from(Snapshot)) or 0


def test_sigterm_stops_a_crawl_between_pages(archive: Archive) -> None:
    site = MirrorSite()
    published = date(2024, 3, 6)
    texts = {
        "first": "Around 40 people came to a rally in Hull to defend the bus routes.",
        "long": f"Around 70 people came to a meeting in Exeter. {LONG_MARKER}",
        "last": "Around 25 people held a stall in Carlisle for the rent freeze petition.",
    }
    paths = {role: sp_path(7500 + i, published, role) for i, role in enumerate(texts)}
    for role, text in texts.items():
        filler = "Branch members then planned leafleting in every ward for the next month."
        body = page(report(f"Report {role}", text, filler), title=role)
        if role == "first":  # the long page is found only there: it comes after the others
            body = body.replace(b"</body>", f'<a href="{paths["long"]}">more</a></body>'.encode())
        site.add(paths[role], body)
    site.add_listing("/", "Home", [paths["first"], paths["last"]])
    site.allow_robots()
    settings = {"ARCHIVE_RULES": "tests.support.reparse_rules:LONG_T1"}
    with serve(site):
        proc = subprocess.Popen(
            crawl_command("socialist", {"base_url": site.base_url}, settings),
            cwd=REPO_ROOT,
            env=crawl_env(archive.url),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            deadline = time.monotonic() + 90
            # The two short pages are committed and the long one fetched (its parse takes
            # a minute; the parser worker may still be starting on a busy machine).
            while archived_count(archive) < 2 or not site.hits_for(paths["long"]):
                assert proc.poll() is None and time.monotonic() < deadline
                time.sleep(0.1)
            time.sleep(1.0)
            helpers = descendant_pids(proc.pid)
            proc.send_signal(signal.SIGTERM)
            sent = time.monotonic()
            _out, err = proc.communicate(timeout=30)
            took = time.monotonic() - sent
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    assert took < 10, (took, err[-3000:])
    assert proc.returncode == 130, err[-3000:]
    with archive.sessions() as s:
        run = s.scalars(select(CrawlRun)).one()
        parse_run = s.scalars(select(ParseRun)).one()
        archived = {snap.url.rsplit("/", 2)[-2] for snap in s.scalars(select(Snapshot))}
    assert run.status == "interrupted", run.error
    assert (run.error or "").startswith("interrupted (SIGTERM): stopped between pages")
    assert parse_run.status == "interrupted"
    assert {"first", "last"} <= archived, err[-3000:]  # recorded before the signal
    assert "long" not in archived  # its parse was abandoned: the next crawl fetches it
    time.sleep(1.0)
    assert not [p for p in helpers if pid_exists(p)]
