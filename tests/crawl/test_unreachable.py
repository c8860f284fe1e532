"""A crawl of a site it cannot reach (offline, DNS failing, a closed port) ends within
seconds, says so in one line, last, exits 1 and records the run as failed with that reason;
no traceback at the default log level. On both backends (the run is recorded)."""

from __future__ import annotations

import socket
import time

import pytest
from sqlalchemy import select

from archive.models import CrawlRun
from tests.conftest import Archive
from tests.support.crawl_process import run_crawl

pytestmark = pytest.mark.slow


def closed_port() -> int:
    """A port on 127.0.0.1 nothing listens on (bound once, then closed)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_an_unreachable_site_ends_the_crawl_in_one_line(archive: Archive) -> None:
    started = time.monotonic()
    result = run_crawl("socialist", archive.url, {"base_url": f"http://127.0.0.1:{closed_port()}"})
    elapsed = time.monotonic() - started
    assert result.returncode == 1, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("scrapy crawl: site unreachable: 2 URL(s) tried, none could connect"), (
        last
    )
    assert elapsed < 30, elapsed
    with archive.sessions() as s:
        run = s.scalars(select(CrawlRun)).one()
    assert run.status == "failed"
    assert (run.error or "").startswith("site unreachable: 2 URL(s) tried")
    assert run.counts["connection_failures"] >= 2 and run.counts["responses"] == 0
