"""Event date: the one day the report's happening took place, resolved against the
publication date (CONVENTIONS.md); None when no single day follows.

Most rows are published on Wednesday 8 May 2024 (``WED``); the rows about month and year
ends say their own publication day.
"""

from __future__ import annotations

from datetime import date

import pytest

from scraper.parsers.normalise import find_dates
from tests.rules.phrases import events, field, row

WED = date(2024, 5, 8)  # Wednesday
SAT_MAR = date(2024, 3, 2)  # Saturday, the day after a leap day
FRI_MAR = date(2024, 3, 1)
NEW_YEAR = date(2025, 1, 1)  # Wednesday
JAN_2017 = date(2017, 1, 4)  # Wednesday
JAN_2024 = date(2024, 1, 3)  # Wednesday
DEC_2023 = date(2023, 12, 28)  # Thursday
MAR_2024 = date(2024, 3, 13)  # Wednesday
SUN_JUN = date(2020, 6, 7)  # Sunday

RELATIVE = [
    row("days-ago", "About 40 people picketed the depot in Hull two days ago.", WED, "2024-05-06"),
    row("on-the-nth", "About 40 people picketed the depot in Hull on the 4th.", WED, "2024-05-04"),
    row(
        "on-the-nth-opening-the-sentence",
        "On the 27th, 60 pickets were at the depot in Leyland.",
        WED,
        "2024-04-27",
    ),
    row(
        "a-week-ago-today",
        "A week ago today, 50 people protested outside the town hall in Wigan.",
        WED,
        "2024-05-01",
    ),
    row(
        "on-the-nth-last-month",
        "About 40 people picketed the depot in Hull on the 28th.",
        WED,
        "2024-04-28",
    ),
    row("a-week-ago", "About 40 people picketed the depot in Hull a week ago.", WED, None),
    row("today", "Around 60 nurses picketed the hospital in Yeovil today.", WED, "2024-05-08"),
    row(
        "tonight",
        "About 40 people held a vigil outside the town hall in Bury tonight.",
        WED,
        "2024-05-08",
    ),
    row("this-morning", "Pickets were out at the depot in Crewe this morning.", WED, "2024-05-08"),
    row(
        "this-evening",
        "The public meeting in Kendal this evening heard from three strikers.",
        WED,
        "2024-05-08",
    ),
    row("yesterday", "Over 100 people marched through Exeter yesterday.", WED, "2024-05-07"),
    row(
        "last-night", "About 70 people packed the meeting in Stroud last night.", WED, "2024-05-07"
    ),
    row(
        "yesterday-evening",
        "We held a vigil in the park in Dewsbury yesterday evening.",
        WED,
        "2024-05-07",
    ),
    row("on-saturday", "About 300 people rallied in Oxford on Saturday.", WED, "2024-05-04"),
    row("last-saturday", "Last Saturday about 300 people rallied in Oxford.", WED, "2024-05-04"),
    row("on-monday", "Pickets gathered at the bus depot in Leyland on Monday.", WED, "2024-05-06"),
    row(
        "on-tuesday-evening",
        "The branch held a public meeting in Frome on Tuesday evening.",
        WED,
        "2024-05-07",
    ),
    row(
        "on-sunday",
        "Around 80 people held a vigil in the park in Rugby on Sunday.",
        WED,
        "2024-05-05",
    ),
    row(
        "same-weekday",
        "About 50 people lobbied the council in Taunton on Wednesday.",
        WED,
        "2024-05-08",
    ),
    row(
        "last-wednesday",
        "About 50 people lobbied the council in Taunton last Wednesday.",
        WED,
        "2024-05-01",
    ),
    row(
        "monday-of-last-week",
        "On Monday of last week, 40 tenants lobbied the council in Sefton.",
        WED,
        "2024-04-29",
    ),
    row(
        "friday-of-last-week", "On Friday of last week we ran a stall in Hexham.", WED, "2024-05-03"
    ),
    row(
        "last-thursday-weekday",
        "Last Thursday about 90 people marched through Wigan.",
        WED,
        "2024-05-02",
    ),
    row(
        "saturday-just-gone",
        "On Saturday just gone, 120 people marched in Chester.",
        WED,
        "2024-05-04",
    ),
    row(
        "on-saturday-from-sunday",
        "Around 500 people protested in Newcastle on Saturday.",
        SUN_JUN,
        "2020-06-06",
    ),
    row(
        "last-friday-from-friday",
        "Last Friday about 80 people rallied in Hull.",
        date(2024, 5, 10),
        "2024-05-03",
    ),
]

EXPLICIT = [
    row("day-month", "About 300 people rallied in Oxford on 4 May.", WED, "2024-05-04"),
    row("ordinal", "About 300 people rallied in Oxford on 4th May.", WED, "2024-05-04"),
    row("month-day", "About 300 people rallied in Oxford on May 4.", WED, "2024-05-04"),
    row(
        "weekday-day-month",
        "On Saturday 4 May about 300 people rallied in Oxford.",
        WED,
        "2024-05-04",
    ),
    row(
        "weekday-and-bracket",
        "Last Thursday (2 May) 70 people came to the meeting in Penrith.",
        WED,
        "2024-05-02",
    ),
    row("full-date", "About 300 people rallied in Oxford on 4 May 2024.", WED, "2024-05-04"),
    row(
        "previous-month",
        "On 28 April around 60 people picketed the depot in Crewe.",
        WED,
        "2024-04-28",
    ),
    row(
        "month-name-not-place",
        "On Wednesday 6 March about 40 people held a vigil in Leeds.",
        MAR_2024,
        "2024-03-06",
    ),
    row(
        "evening-of",
        "On the evening of 6 May about 40 people held a vigil in Ripon.",
        WED,
        "2024-05-06",
    ),
    row("slash-date", "About 40 people held a vigil in Ripon on 6/5/24.", WED, "2024-05-06"),
]

BOUNDARIES = [
    row(
        "leap-day-last-thursday",
        "Last Thursday about 60 people lobbied the council in Dover.",
        SAT_MAR,
        "2024-02-29",
    ),
    row(
        "leap-day-yesterday",
        "Yesterday about 60 people lobbied the council in Dover.",
        FRI_MAR,
        "2024-02-29",
    ),
    row(
        "year-end-yesterday",
        "Yesterday about 200 people marched through Brighton.",
        NEW_YEAR,
        "2024-12-31",
    ),
    row(
        "year-end-last-saturday",
        "Last Saturday our stall in Southampton was one of the busiest of the year.",
        JAN_2017,
        "2016-12-31",
    ),
    row(
        "day-month-last-year",
        "On 22 December around 60 campaigners protested outside the hospital in Lewisham.",
        JAN_2017,
        "2016-12-22",
    ),
    row(
        "christmas-eve",
        "On Christmas Eve we ran our stall outside the market in Leicester.",
        JAN_2024,
        "2023-12-24",
    ),
    row(
        "boxing-day",
        "On Boxing Day about 30 of us picketed the store in Croydon.",
        DEC_2023,
        "2023-12-26",
    ),
    row(
        "new-years-day",
        "On New Year's Day about 50 people held a vigil in Peterborough.",
        JAN_2024,
        "2024-01-01",
    ),
    row(
        "new-years-eve",
        "On New Year's Eve about 50 people held a vigil in Peterborough.",
        JAN_2024,
        "2023-12-31",
    ),
    row("may-day", "On May Day about 400 people marched through Rotherham.", WED, "2024-05-01"),
    row(
        "monday-of-last-week-across-month",
        "On Monday of last week 40 tenants lobbied the council in Sefton.",
        date(2024, 3, 6),
        "2024-02-26",
    ),
]

NONE = [
    row(
        "a-thursday",
        "On a Thursday lunchtime we ran a stall at the college in Worthing.",
        WED,
        None,
    ),
    row(
        "that-weekend", "That weekend about 100 people protested in the square in Stoke.", WED, None
    ),
    row(
        "both-days", "Pickets were out at the depot in Leigh on both days of the strike.", WED, None
    ),
    row("last-week", "About 80 people marched in Bolton last week.", WED, None),
    row(
        "last-weekend", "Last weekend about 100 people protested in the square in Bath.", WED, None
    ),
    row("no-date", "About 60 residents protested outside the clinic in Gorleston.", WED, None),
    row(
        "month-only",
        "In April about 60 residents protested outside the clinic in Gorleston.",
        WED,
        None,
    ),
    row("span", "Pickets were out at the hospital in Luton from 6 to 8 May.", WED, None),
    row(
        "weekend", "Over the weekend about 100 people protested in the square in Hanley.", WED, None
    ),
    row(
        "this-month", "Earlier this month about 30 people picketed the store in Skipton.", WED, None
    ),
]

FUTURE_INSIDE = [
    row(
        "future-return",
        "About 50 people joined the picket in Leeds on Saturday and agreed to return on 18 May.",
        WED,
        "2024-05-04",
    ),
    row(
        "next-meeting",
        "Around 40 people came to the public meeting in Hythe on Monday. The next one is on 20 May.",
        WED,
        "2024-05-06",
    ),
    row(
        "future-strike-days",
        "Pickets were out at the depot in Hull on Monday; the next strike days are 14 and 15 May.",
        WED,
        "2024-05-06",
    ),
    row(
        "future-weekday",
        "About 60 people rallied in Wrexham on Saturday and will march again on Saturday 18 May.",
        WED,
        "2024-05-04",
    ),
    # a day inside quoted speech is the speaker's, also with straight quotes
    row(
        "straight-quoted-day",
        "Pickets at the depot in Crewe were out on Tuesday. Driver Jo Banks said: 'We marched "
        "through Crewe on Saturday and it's growing.'",
        WED,
        "2024-05-07",
    ),
    row(
        "curly-quoted-day",
        "Pickets at the depot in Crewe were out on Tuesday. Driver Jo Banks said: ‘We marched "
        "through Crewe on Saturday and it’s growing.’",
        WED,
        "2024-05-07",
    ),
    row(
        "past-then-future",
        "On 1 May we leafleted the estate in Bolton, and on 15 May we will hold a public meeting.",
        WED,
        "2024-05-01",
    ),
]


@pytest.mark.parametrize(
    ("text", "published", "expected"), RELATIVE + EXPLICIT + BOUNDARIES + NONE + FUTURE_INSIDE
)
def test_event_date(text: str, published: date, expected: str | None) -> None:
    assert field("event_date", text, published=published) == expected


# Dates that only the article around the report gives.
CONTEXT = [
    row(
        "title-only",
        ("About 60 people picketed the depot in Crewe.",),
        "Crewe picket, Saturday 4 May",
        0,
        "2024-05-04",
    ),
    row(
        "title-weekday",
        ("About 60 people picketed the depot in Crewe.",),
        "Crewe depot picket on Monday",
        0,
        "2024-05-06",
    ),
    row(
        "first-day-of-strike",
        (
            "Council workers in the north were out on 6 and 7 May.",
            "h: Leeds",
            "About 40 pickets were at the depot in Leeds on the first day of the strike.",
            "h: Bradford",
            "Pickets stood outside the town hall in Bradford on the second day of the strike.",
        ),
        "Council strike: picket lines",
        0,
        "2024-05-06",
    ),
    row(
        "second-day-of-strike",
        (
            "Council workers in the north were out on 6 and 7 May.",
            "h: Leeds",
            "About 40 pickets were at the depot in Leeds on the first day of the strike.",
            "h: Bradford",
            "Pickets stood outside the town hall in Bradford on the second day of the strike.",
        ),
        "Council strike: picket lines",
        -1,
        "2024-05-07",
    ),
    row(
        "lead-date-for-all",
        (
            "On Saturday 4 May, protests took place in towns across the region.",
            "h: Ripon",
            "About 40 people held a vigil in the market square in Ripon.",
            "h: Thirsk",
            "Around 25 people protested outside the clinic in Thirsk.",
        ),
        "Day of protest",
        -1,
        "2024-05-04",
    ),
    row(
        "three-days-later",
        (
            "h: Bolton",
            "On Friday 3 May, around 70 people marched through Bolton.",
            "h: Bury",
            "Three days later, 40 people picketed the hospital in Bury.",
        ),
        "Health campaign reports",
        -1,
        "2024-05-06",
    ),
]


@pytest.mark.parametrize(("lines", "title", "index", "expected"), CONTEXT)
def test_event_date_in_context(
    lines: tuple[str, ...], title: str, index: int, expected: str
) -> None:
    """The event at ``index`` (of the reports the mini-article holds) has the expected date."""
    found = events(*lines, title=title)
    assert found, "no event"
    assert found[index]["event_date"] == expected


# find_dates alone: the single days a phrase names (None: it names none).
FIND_DATES = [
    row("fd-yesterday", "yesterday", WED, date(2024, 5, 7)),
    row("fd-today", "today", WED, date(2024, 5, 8)),
    row("fd-on-friday", "on Friday", WED, date(2024, 5, 3)),
    row("fd-last-sunday", "last Sunday", WED, date(2024, 5, 5)),
    row("fd-4-may", "on 4 May", WED, date(2024, 5, 4)),
    row("fd-christmas-eve", "On Christmas Eve", JAN_2024, date(2023, 12, 24)),
    row("fd-monday-last-week", "on Monday of last week", WED, date(2024, 4, 29)),
    row("fd-a-thursday", "on a Thursday", WED, None),
    row("fd-last-week", "last week", WED, None),
    row("fd-march-month", "in March", WED, None),
    row("fd-span", "from 6 to 8 May", WED, None),
]


@pytest.mark.parametrize(("text", "published", "expected"), FIND_DATES)
def test_find_dates(text: str, published: date, expected: date | None) -> None:
    found = find_dates(text, published)
    assert (found[0].day if found else None) == expected
