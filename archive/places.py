"""Which place names lie within a place: what ``--place London`` selects.

Why: the rules record the most specific place a report names ("Kilburn", "Hackney",
"Walthamstow"), so ``place = 'London'`` found none of London's 171 events. A researcher asking
for a town, a county or London means everything in it. The answer comes from the rules' own
gazetteer (:func:`scraper.parsers.gazetteer.places`: GeoNames places with their county or
London borough), so the archive and the rules agree on where a place is:

- a place is within itself;
- an authority (a county, a unitary authority, a London borough: a place that is its own
  ``admin2``, or a county) holds every place filed under it, except places larger than
  itself (London is filed under Westminster; it is not in Westminster);
- London (and Greater London) is the 33 London boroughs, Greater London itself (where the
  gazetteer files London) and everything filed under them. The
  boroughs are the authorities that the gazetteer's own containment test (a place five times
  larger within 30 km) puts inside Greater London; the test is only used for London, where it
  gives exactly the 33 (tests/archive/test_places.py), because elsewhere it would put towns in
  the wrong county.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

from scraper.parsers.gazetteer import Place, places

GREATER_LONDON = "Greater London"
LONDON_NAMES = frozenset({"London", GREATER_LONDON})


@functools.cache
def _by_lower() -> dict[str, Place]:
    return {name.lower(): place for name, place in places().items()}


@functools.cache
def _members() -> dict[str, tuple[Place, ...]]:
    """admin2 -> the places filed under it."""
    out: dict[str, list[Place]] = {}
    for place in places().values():
        if place.admin2:
            out.setdefault(place.admin2, []).append(place)
    return {area: tuple(ps) for area, ps in out.items()}


@functools.cache
def london_boroughs() -> frozenset[str]:
    """The London boroughs (and the City), as the gazetteer files places under them."""
    table = places()
    greater = table.get(GREATER_LONDON)
    if greater is None:
        return frozenset()
    return frozenset(
        area
        for area in _members()
        if area in table and table[area].admin2 == area and greater.contains(table[area])
    )


def resolve(name: str) -> Place | None:
    """The gazetteer's place of that name, whatever its case ("london" is London)."""
    return _by_lower().get(name.strip().lower())


def places_within(name: str) -> frozenset[str]:
    """Every place name that lies within ``name`` (``name`` itself included, as given and as
    the gazetteer spells it). A name the gazetteer does not know is only itself."""
    given = name.strip()
    place = resolve(given)
    if place is None:
        return frozenset({given})
    names = {given, place.name}
    if place.name in LONDON_NAMES:
        areas: Iterable[str] = london_boroughs() | {GREATER_LONDON}
        limit = None
    elif place.admin2 == place.name or place.kind == "county":
        areas = (place.name,)
        limit = place.population
    else:
        return frozenset(names)
    members = _members()
    for area in areas:
        names.add(area)
        for member in members.get(area, ()):
            if limit is None or member.population <= limit:
                names.add(member.name)
    return frozenset(names)


def areas_within(name: str) -> frozenset[str]:
    """The ``admin2`` values (counties, authorities, London boroughs) that lie within
    ``name``: London's boroughs and Greater London for London, an authority itself, none for
    a town (whose events are found by name)."""
    place = resolve(name)
    if place is None:
        return frozenset()
    if place.name in LONDON_NAMES:
        return london_boroughs() | {GREATER_LONDON}
    if place.admin2 == place.name or place.kind == "county":
        return frozenset({place.name})
    return frozenset()


def area_of(admin2: str | None) -> str | None:
    """The area to count an event under (the views' and exports' ``area``): London for
    anywhere in a London borough or Greater London, else its county or authority."""
    if admin2 is None:
        return None
    return "London" if admin2 in london_boroughs() or admin2 == GREATER_LONDON else admin2
