"""Hostile markup: thousands of nested unclosed tags never raise RecursionError, through the
generic path and a site's strained tree, and the page's reports are still found (from a
parser worker too: tests/archive/ingest/test_budgets.py)."""

from __future__ import annotations

import pytest

from scraper.parsers import parse_article
from tests.support.hostile import nested_tags

URLS = {
    "generic": "https://example.org/news/deep",
    "site": "https://www.socialistparty.org.uk/articles/7301/06-03-2024/deep/",
}


@pytest.mark.parametrize("tag", ["div", "b"])
@pytest.mark.parametrize("path", sorted(URLS))
def test_five_thousand_unclosed_tags(tag: str, path: str) -> None:
    parsed = parse_article(nested_tags(5000, tag), URLS[path])
    assert [(e.place, e.attendance, e.reporter) for e in parsed.events] == [
        ("Hull", 300, "Jo Bloggs")
    ]
