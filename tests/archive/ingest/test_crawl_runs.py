"""When a crawl run counts as failed (archive/ingest/crawl_runs.py: what the crawl records and
the cron wrapper's exit status follow)."""

from __future__ import annotations

from typing import Any

import pytest

from archive.ingest.crawl_runs import judge_crawl

GOOD: dict[str, Any] = {"close_reason": "finished", "requests": 12, "responses": 12}


@pytest.mark.parametrize(
    ("counts", "failed_because"),
    [
        (GOOD | {"new_snapshots": 3}, None),
        (GOOD | {"close_reason": "shutdown"}, "did not finish"),
        (GOOD | {"responses": 0}, "no response at all"),
        # Dead links are no failure of the run (the health checks judge error shares): a
        # quiet night with nothing new and a couple of dead links is fine.
        (GOOD | {"fetch_errors": 2}, None),
        (GOOD | {"fetch_errors": 4, "not_modified": 1}, None),
        (GOOD | {"pipeline_errors": 1, "new_snapshots": 1}, "could not be archived"),
        (GOOD | {"spider_errors": 2, "new_snapshots": 1}, "unhandled error(s) in the spider"),
        # Sharing a Redis frontier, a process can find every request taken by the others.
        ({"close_reason": "finished", "frontier": "redis", "requests": 0, "responses": 0}, None),
        # ... but one that asked and got nothing did fail, shared frontier or not.
        (GOOD | {"frontier": "redis", "responses": 0}, "no response at all"),
        (GOOD | {"frontier": "memory", "requests": 0, "responses": 0}, "no response at all"),
    ],
)
def test_judge_crawl(counts: dict[str, Any], failed_because: str | None) -> None:
    why = judge_crawl(counts)
    if failed_because is None:
        assert why is None
    else:
        assert why is not None and failed_because in why
