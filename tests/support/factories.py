"""Small builders for store tests: event records and parsed articles made in code, so the
store's tests do not depend on the extraction rules."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from scraper.parsers.records import Block, EventRecord, ParsedArticle


def event(segment: int, text: str, **fields: Any) -> EventRecord:
    base = EventRecord(
        segment=segment,
        heading=None,
        text=text,
        event_type="rally",
        event_date=None,
        date_precision="none",
        date_text=None,
        place=None,
        geonameid=None,
        latitude=None,
        longitude=None,
        admin1=None,
        admin2=None,
        geo_precision=None,
        venue=None,
        attendance=None,
        attendance_text=None,
        size_high=None,
        size_text=None,
        votes=None,
        papers_sold=None,
        money_raised=None,
        speakers=(),
        organisations=(),
        reporter=None,
        parser_version=fields.pop("parser_version", "test-1"),
    )
    return replace(base, **fields)


def parsed(
    url: str, *events: EventRecord, version: str = "test-1", title: str = "T"
) -> ParsedArticle:
    return ParsedArticle(
        url=url,
        canonical_url=None,
        title=title,
        published=date(2016, 8, 24),
        blocks=tuple(Block("paragraph", e.text) for e in events),
        events=tuple(replace(e, parser_version=version) for e in events),
        parser_version=version,
        site="test",
    )


# Three invented reports, long enough to tell apart by content.
REPORT_A = (
    "Around forty people joined a lively rally in Stockport market square on Saturday "
    "to defend the local library from closure, and we sold twelve papers."
)
REPORT_B = (
    "The trades council meeting in Wigan heard from striking bin workers who explained "
    "why they had walked out over pay and agreed a solidarity collection."
)
REPORT_C = (
    "A vigil outside the Bolton hospital drew nurses, porters and patients who lit candles "
    "for the ward that managers plan to shut before the winter."
)
