"""What the figures count: the chosen events' dates, groups and places, read through the
same filters as `archive events` and `archive export` (:func:`archive.export.fields_query`),
only the columns a figure needs."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Engine

from archive.export import Cut, Filters, fields_query

PERIODS = ("month", "week", "year")
GROUPS = ("type", "site")
_GROUP_COLUMN = {"type": "event_type", "site": "site"}


def period_start(day: date, period: str) -> date:
    """The first day of the month, ISO week (Monday) or year holding ``day``."""
    if period == "month":
        return day.replace(day=1)
    if period == "week":
        return day - timedelta(days=day.weekday())
    if period == "year":
        return day.replace(month=1, day=1)
    raise ValueError(f"unknown period {period!r}")


def next_period(start: date, period: str) -> date:
    if period == "month":
        return date(start.year + start.month // 12, start.month % 12 + 1, 1)
    if period == "week":
        return start + timedelta(days=7)
    return date(start.year + 1, 1, 1)


def period_label(start: date, period: str) -> str:
    if period == "month":
        return f"{start:%Y-%m}"
    if period == "week":
        year, week, _ = start.isocalendar()
        return f"{year}-W{week:02d}"
    return f"{start:%Y}"


@dataclass(frozen=True)
class Series:
    """Counts per period (every period from the first to the last, gaps as 0) and group."""

    period: str
    starts: tuple[date, ...]
    counts: dict[str, tuple[int, ...]]  # group -> one count per period; "" when ungrouped
    undated: int  # chosen events with no date (not drawn; said in the caption)

    @property
    def total(self) -> int:
        return sum(sum(c) for c in self.counts.values())


DATES = ("event", "published")  # which date places an event in time
_DATE_COLUMN = {"event": "event_date", "published": "published"}


def count_by_period(
    engine: Engine,
    filters: Filters,
    cut: Cut,
    *,
    period: str,
    group: str | None = None,
    by_date: str = "event",
) -> Series:
    """``by_date``: the event's own date, or its article's publication date (never mixed:
    an event without its own date is not placed at its publication date)."""
    if period not in PERIODS:
        raise ValueError(f"unknown period {period!r}")
    names: tuple[str, ...] = (_DATE_COLUMN[by_date],)
    if group is not None:
        names += (_GROUP_COLUMN[group],)
    counts: Counter[tuple[date, str]] = Counter()
    undated = 0
    with engine.connect() as conn:
        for row in conn.execute(fields_query(names, filters, cut)):
            day = row[0]
            if day is None:
                undated += 1
                continue
            counts[(period_start(day, period), row[1] if group is not None else "")] += 1
    if not counts:
        return Series(period, (), {}, undated)
    first = min(start for start, _ in counts)
    last = max(start for start, _ in counts)
    starts: list[date] = []
    at = first
    while at <= last:
        starts.append(at)
        at = next_period(at, period)
    groups = sorted(
        {g for _, g in counts}, key=lambda g: (-sum(n for (_, h), n in counts.items() if h == g), g)
    )
    return Series(
        period,
        tuple(starts),
        {g: tuple(counts.get((s, g), 0) for s in starts) for g in groups},
        undated,
    )


@dataclass(frozen=True)
class Spot:
    """One place on the map and the events there."""

    latitude: float
    longitude: float
    place: str
    events: int


def count_by_place(engine: Engine, filters: Filters, cut: Cut) -> tuple[list[Spot], int]:
    """The chosen events with coordinates, one spot per coordinate pair (largest first), and
    how many chosen events have none."""
    counts: Counter[tuple[float, float]] = Counter()
    names: dict[tuple[float, float], Counter[str]] = {}
    missing = 0
    with engine.connect() as conn:
        stmt = fields_query(("latitude", "longitude", "place"), filters, cut)
        for lat, lon, place in conn.execute(stmt):
            if lat is None or lon is None:
                missing += 1
                continue
            key = (round(float(lat), 5), round(float(lon), 5))
            counts[key] += 1
            names.setdefault(key, Counter())[place or "?"] += 1
    spots = [
        Spot(lat, lon, names[(lat, lon)].most_common(1)[0][0], n)
        for (lat, lon), n in counts.items()
    ]
    spots.sort(key=lambda s: (-s.events, s.place, s.latitude, s.longitude))
    return spots, missing
