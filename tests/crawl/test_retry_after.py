"""Retry-After values as sites send them: seconds or an HTTP date (the crawl test covers the
wait itself against a mirror that answers 503 once)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from scraper.middlewares import retry_after_seconds

NOW = datetime(2024, 3, 2, 9, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("120", 120.0),
        (b"7", 7.0),
        ("Sat, 02 Mar 2024 09:00:30 GMT", 30.0),
        ("Sat, 02 Mar 2024 08:59:00 GMT", 0.0),  # already past: retry now
        ("", None),
        ("soon", None),
        (None, None),
    ],
)
def test_retry_after_seconds(value: str | bytes | None, expected: float | None) -> None:
    assert retry_after_seconds(value, now=NOW) == expected
