"""A small archive built through the store for export and research-command tests: two sites,
several event types, dates, places in and out of London, sizes, votes, lists, a heading that a
spreadsheet would run as a formula, a text with newlines, and one correction (so that the
state now differs from the state at ``BEFORE_CORRECTION``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from scraper.parsers.fields.geo import locate
from tests.conftest import Archive
from tests.support.archive_ops import T0, fetch, parse
from tests.support.factories import event

SP = "https://www.socialistparty.org.uk/articles/{id}/01-06-2016/roundup-{id}/"
BLOG = "https://example.org/news/roundup-{id}/"
FORMULA_HEADING = '=HYPERLINK("http://evil.example/","click")'
BEFORE_CORRECTION = T0 + timedelta(hours=5)
CORRECTED_AT = T0 + timedelta(hours=6)


WORDS = (
    "library", "nurses", "rent", "bus", "depot", "council", "pay", "ward", "school", "youth",
    "housing", "strike", "petition", "tenants", "porters", "drivers", "budget", "closure",
    "station", "market", "bins", "teachers", "students", "pension", "fares", "hospital",
)  # fmt: skip


def _text(n: int, place: str, kind: str) -> str:
    """A report of its own: its words differ from every other report's (no false lineage)."""
    words = " ".join(WORDS[(n * 7 + k * 3) % len(WORDS)] + str(n) for k in range(14))
    return (
        f"Report {n}: a {kind} in {place}. {words}.\n\n"
        f"Second paragraph {n}: " + " ".join(f"w{n}x{k}" for k in range(10)) + "."
    )


def research_fields(day: date | None, place: str | None) -> dict[str, Any]:
    """The date precision and map fields the rules give such a report (the map from the
    rules' own gazetteer look-up)."""
    geo = locate(place)
    return {
        "date_precision": "day" if day else "none",
        "date_text": f"on {day:%A} {day.day} {day:%B}" if day else None,
        "geonameid": geo.geonameid,
        "latitude": geo.latitude,
        "longitude": geo.longitude,
        "admin1": geo.admin1,
        "admin2": geo.admin2,
        "geo_precision": geo.precision,
    }


@dataclass(frozen=True)
class Built:
    n_now: int  # events as they stand
    n_before: int  # events at BEFORE_CORRECTION


# One event as built: type, date, place, attendance, other fields.
Spec = tuple[str, date | None, str | None, int | None, dict[str, Any]]


def build(archive: Archive) -> Built:
    specs: list[tuple[str, list[Spec]]] = [
        (
            SP.format(id=23431),
            [
                ("rally", date(2016, 8, 21), "Kilburn", 3500, {"papers_sold": 80}),
                ("rally", date(2016, 8, 20), "Harrogate", 35, {}),
                (
                    "meeting",
                    date(2016, 8, 12),
                    "Walthamstow",
                    None,
                    {"votes": {"for": 205, "against": 104}},
                ),
            ],
        ),
        (
            SP.format(id=23432),
            [
                ("picket", date(2016, 3, 1), "Hackney", 40, {"speakers": ("Ann Lee", "Bo Ray")}),
                ("march", None, "Leeds", 600, {"heading": FORMULA_HEADING, "size_high": 800}),
                ("rally", date(2017, 1, 5), "Derby", 800, {"money_raised": 190.5}),
            ],
        ),
        (
            BLOG.format(id=1),
            [
                ("protest", date(2016, 11, 5), "Camden", 120, {"organisations": ("Unite", "GMB")}),
                ("stall", date(2016, 5, 7), None, None, {"papers_sold": 12, "size_text": "dozens"}),
            ],
        ),
    ]
    n = 0
    for i, (url, events) in enumerate(specs):
        fetch(archive, url, f"<p>page {i}</p>".encode(), at=T0)
        records = []
        for seg, (kind, day, place, size, extra) in enumerate(events):
            n += 1
            records.append(
                event(
                    seg,
                    _text(n, place or "town", kind),
                    event_type=kind,
                    event_date=day,
                    place=place,
                    attendance=size,
                    attendance_text=f"about {size} people" if size else None,
                    reporter=f"Reporter {n}",
                    **research_fields(day, place),
                    **extra,
                )
            )
        parse(archive, url, *records, at=T0 + timedelta(hours=1 + i), title=f"Roundup {i}")
    # A correction after BEFORE_CORRECTION: Harrogate's crowd changes, the stall is dropped.
    url = BLOG.format(id=1)
    fetch(archive, url, b"<p>page 2, corrected</p>", at=CORRECTED_AT)
    first = specs[2][1][0]
    parse(
        archive,
        url,
        event(
            0,
            _text(7, "Camden", "protest"),
            event_type="protest",
            event_date=first[1],
            place="Camden",
            attendance=150,
            attendance_text="about 150 people",
            reporter="Reporter 7",
            organisations=("Unite", "GMB"),
            **research_fields(first[1], "Camden"),
        ),
        at=CORRECTED_AT,
        title="Roundup 2",
    )
    return Built(n_now=n - 1, n_before=n)
