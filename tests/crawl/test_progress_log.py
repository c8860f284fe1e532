"""A crawl in progress logs pages done, queued, in flight and the rate every few seconds
(scraper/progress_log.py)."""

from __future__ import annotations

import re
from datetime import date

import pytest

from tests.support.crawl_process import run_crawl
from tests.support.mirror import MirrorSite, roundup_spec, serve

pytestmark = pytest.mark.slow  # a real crawl in a child process


def test_a_crawl_logs_its_progress(db_url: str) -> None:
    if not db_url.startswith("sqlite"):
        pytest.skip("the progress log does not depend on the backend: one real crawl is enough")
    site = MirrorSite()
    paths = [f"/article/report-{i}/" for i in range(4)]
    for i, path in enumerate(paths):
        spec = roundup_spec(80 + i, f"https://counterfire.org{path}", date(2024, 3, 2))
        site.add_article(path, "counterfire", spec, delay=0.4)
    site.add_listing("/", "Counterfire", paths)
    with serve(site):
        result = run_crawl(
            "counterfire",
            db_url,
            {"base_url": site.base_url},
            {"ARCHIVE_PROGRESS_INTERVAL": "0.3", "CONCURRENT_REQUESTS_PER_DOMAIN": "1"},
        )
    assert result.returncode == 0, result.stderr[-2000:]
    lines = re.findall(
        r"Progress: (\d+) pages done, (\d+) queued, (\d+) in flight, ([\d.]+) pages/s",
        result.stderr,
    )
    assert len(lines) >= 2, result.stderr[-2000:]
    done = [int(d) for d, *_ in lines]
    assert done == sorted(done) and done[-1] > 0
    assert any(int(q) > 0 for _, q, _, _ in lines)  # articles were waiting their turn
