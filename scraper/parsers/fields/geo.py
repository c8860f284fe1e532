"""Where on the map an event's place is: GeoNames id, coordinates, nation and county.

Why from the same gazetteer the place rule reads (``places.txt``, shipped): researchers
aggregate by county and map by coordinates offline, and the coordinates must be those of
the very place the rules chose, so that a later gazetteer can only change both together
(a new rules version). The place stays as written; this only looks it up.
"""

from __future__ import annotations

from dataclasses import dataclass

from scraper.parsers import gazetteer
from scraper.parsers.fields.place import places_in

# The gazetteer's kinds of place, as the output's precision codes (records.GEO_PRECISIONS).
_PRECISION_OF_KIND = {
    "locality": "locality",
    "district": "district",
    "county": "county",
    "region": "region",
}


@dataclass(frozen=True)
class Geo:
    geonameid: int | None
    latitude: float | None
    longitude: float | None
    admin1: str | None
    admin2: str | None
    precision: str | None


NOWHERE = Geo(None, None, None, None, None, None)


def locate(place: str | None) -> Geo:
    """The map facts of ``place`` (a name the place rule gave): the gazetteer's entry of that
    name, else of the first gazetteer place inside it ("Leicester East" -> Leicester); a
    place the gazetteer lacks ("Gleadless", read from a heading) has none."""
    if not place:
        return NOWHERE
    found = gazetteer.lookup(place)
    if found is None:
        inside = places_in(place)
        found = inside[0].place if inside else None
    if found is None:
        return NOWHERE
    return Geo(
        geonameid=found.geonameid or None,
        latitude=found.latitude,
        longitude=found.longitude,
        admin1=found.admin1 or None,
        admin2=found.admin2 or None,
        precision=_PRECISION_OF_KIND.get(found.kind, "locality"),
    )
