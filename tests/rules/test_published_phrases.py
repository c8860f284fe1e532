"""The publication date a page gives only as visible text, in the ways sites print it.

Why: the dev set's scorer (and a crawl of a site with no module) passes no date, so a page
must give its own, and every event's "on Saturday" is counted from it. Each row is a date
line as some CMS prints it under an article's title.
"""

from __future__ import annotations

from datetime import date

import pytest

from scraper.parsers import parse_article
from tests.rules.phrases import row

DAY = date(2022, 6, 23)  # a Thursday: "on Saturday" is 18 June

LINES = [
    row("posted-on-ordinal", "Posted on 23rd June 2022"),
    row("us-order", "June 23, 2022"),
    row("us-order-no-comma", "Jun 23 2022"),
    row("us-ordinal-time", "June 23rd, 2022 at 10:15 am"),
    row("slashes", "23/06/2022"),
    row("slashes-short-year", "23/06/22"),
    row("dots", "23.06.2022"),
    row("iso", "2022-06-23"),
    row("weekday-time", "Thursday 23 June 2022 10:00"),
    row("abbreviated", "23 Jun 2022"),
    row("abbreviated-comma", "23rd Jun, 2022"),
    row("rfc-like", "Thu, 23 Jun 2022"),
    row("published-label", "Published: 23 June 2022"),
    row("byline-and-date", "By Jo Banks | 23 June 2022"),
    row("capitals", "THURSDAY, JUNE 23, 2022"),
]


def _page(line: str) -> bytes:
    return (
        "<html><head><title>Rally report</title></head><body><div class='post'>"
        f"<h1>Rally report</h1><p class='meta'>{line}</p>"
        "<p>About 300 people rallied in Leeds on Saturday against the cuts.</p>"
        "</div></body></html>"
    ).encode()


@pytest.mark.parametrize("line", LINES)
def test_visible_date_line(line: str) -> None:
    parsed = parse_article(_page(line), "https://www.example.org/news/rally-report")
    assert parsed.published == DAY
    assert [e.event_date for e in parsed.events] == [date(2022, 6, 18)]


def test_a_dotted_date_needs_a_full_year() -> None:
    """ "9.3.15" under a photo may be a time or a typo: no date from it."""
    parsed = parse_article(_page("Photo 9.3.15"), "https://www.example.org/news/rally-report")
    assert parsed.published is None
