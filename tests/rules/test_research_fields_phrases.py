"""The research fields of an event: how exactly its day is known (``date_precision``, with
the words that gave it), where it is on the map (GeoNames id, coordinates, nation, county,
precision) and sizes given as a range or in words only (``size_high``, ``size_text``).

Why tables: each row is a sentence a researcher would code by hand, with the value a coder
would write; invented towns' reports, in the shapes real roundups use. Published on
Wednesday 8 May 2024 (tests/rules/phrases.py).
"""

from __future__ import annotations

from typing import Any

import pytest

from scraper.parsers.records import DATE_PRECISIONS, GEO_PRECISIONS
from tests.rules.phrases import events, row

PRECISION = [
    row(
        "named-day",
        "Around 60 nurses picketed the hospital in Yeovil on Saturday.",
        "day",
        "Saturday",
    ),
    row("day-and-month", "About 200 marched through Derby on 4 May.", "day", "4 May"),
    row("yesterday", "Pickets were out at the depot in Crewe yesterday.", "day", "yesterday"),
    row(
        "last-week",
        "Hundreds marched in Kendal last week against the closure.",
        "week",
        "last week",
    ),
    row(
        "weekend",
        "Over the weekend 30 of us ran a stall in Bury market.",
        "week",
        "Over the weekend",
    ),
    row("this-week", "Strikers in Wigan held a rally this week.", "week", "this week"),
    row(
        "in-month",
        "A packed meeting in Lancaster in April heard from the strikers.",
        "month",
        "in April",
    ),
    row(
        "early-month",
        "Some 40 people joined the vigil in Whitby in early April.",
        "month",
        "in early April",
    ),
    row("last-month", "Last month 25 of us lobbied the council in Stroud.", "month", "Last month"),
    row("no-date", "About 80 people rallied outside the town hall in Kettering.", "none", None),
    # a day named only for a future event leaves the report's own day unknown
    row(
        "future-only",
        "Fifty people rallied in Bolton. Another protest is planned for 18 May.",
        "none",
        None,
    ),
]


@pytest.mark.parametrize(("text", "precision", "words"), PRECISION)
def test_date_precision(text: str, precision: str, words: str | None) -> None:
    (event,) = events(text)
    assert event["date_precision"] == precision
    assert event["date_precision"] in DATE_PRECISIONS
    got = event["date_text"]
    assert (got.casefold() if got else None) == (words.casefold() if words else None)
    # a day is given exactly when the precision says so
    assert (event["event_date"] is not None) == (precision == "day")


GEO = [
    # place, admin1, admin2, precision
    row(
        "town",
        "About 200 marched through Derby on Saturday.",
        "Derby",
        "England",
        "Derby",
        "locality",
    ),
    row(
        "london-district",
        "Around 50 people picketed the library in Kilburn on Saturday.",
        "Kilburn",
        "England",
        "Camden",
        "locality",
    ),
    row(
        "london-itself",
        "Thousands marched through central London on Saturday.",
        "London",
        "England",
        "Greater London",
        "locality",
    ),
    row(
        "borough",
        "About 60 people rallied in Lewisham on Saturday.",
        "Lewisham",
        "England",
        "Lewisham",
        "district",
    ),
    row(
        "scottish-town",
        "Around 90 strikers rallied in Paisley on Saturday.",
        "Paisley",
        "Scotland",
        "Renfrewshire",
        "locality",
    ),
    row(
        "welsh-city",
        "About 300 marched in Swansea on Saturday.",
        "Swansea",
        "Wales",
        "Swansea",
        "locality",
    ),
    row(
        "county",
        "Pickets were out across Cumbria on Saturday.",
        "Cumbria",
        "England",
        "Cumbria",
        "county",
    ),
]


@pytest.mark.parametrize(("text", "place", "admin1", "admin2", "precision"), GEO)
def test_geo(text: str, place: str, admin1: str, admin2: str, precision: str) -> None:
    (event,) = events(text)
    assert event["place"] == place
    assert (event["admin1"], event["admin2"], event["geo_precision"]) == (admin1, admin2, precision)
    assert event["geo_precision"] in GEO_PRECISIONS
    lat, lon = event["latitude"], event["longitude"]
    # the British Isles, to a coarse box: a wrong place of the same name lands elsewhere
    assert 49.5 < lat < 61.0 and -11.0 < lon < 2.0


def test_geonames_id_of_a_populated_place_and_none_for_curated_areas() -> None:
    (town,) = events("About 200 marched through Derby on Saturday.")
    assert town["geonameid"] == 2651347  # GeoNames: Derby, England
    (borough,) = events("About 60 people rallied in Lewisham on Saturday.")
    assert borough["geonameid"] is None  # a London borough: no GeoNames populated place


def test_no_place_no_coordinates() -> None:
    (event,) = events("About 40 people held a vigil outside the hospital on Sunday.")
    assert event["place"] is None
    keys = ("geonameid", "latitude", "longitude", "admin1", "admin2", "geo_precision")
    assert all(event[k] is None for k in keys)


SIZES = [
    # attendance, size_high, size_text
    row(
        "range-between", "Between 150 and 200 people rallied in Derby on Saturday.", 150, 200, None
    ),
    row(
        "range-to", "Some 40 to 50 strikers picketed the depot in Crewe on Saturday.", 40, 50, None
    ),
    row("range-dash", "Around 30-40 people joined the vigil in Whitby on Saturday.", 30, 40, None),
    row("single", "Over 3,500 marched through Leeds on Saturday.", 3500, None, None),
    row("hundreds", "Hundreds marched through Kendal on Saturday.", None, None, "Hundreds"),
    row(
        "thousands-of",
        "Tens of thousands marched in Glasgow on Saturday.",
        None,
        None,
        "Tens of thousands",
    ),
    row(
        "packed-hall",
        "A packed hall in Lancaster heard from the strikers on Monday.",
        None,
        None,
        "A packed hall",
    ),
    row(
        "dozens",
        "Dozens of parents protested outside the school in Stroud on Friday.",
        None,
        None,
        "Dozens",
    ),
    # a number wins: the words are not needed
    row(
        "number-and-words",
        "Around 400 people rallied in Bury on Saturday and hundreds more watched.",
        400,
        None,
        None,
    ),
]


@pytest.mark.parametrize(("text", "low", "high", "words"), SIZES)
def test_sizes(text: str, low: int | None, high: int | None, words: str | None) -> None:
    (event,) = events(text)
    got: tuple[Any, ...] = (event["attendance"], event["size_high"], event["size_text"])
    assert got == (low, high, words)
