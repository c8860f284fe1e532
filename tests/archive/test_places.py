"""`--place`: a place and every place within it, from the rules' gazetteer."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

import migrations
from archive.places import area_of, london_boroughs, places_within, resolve

LONDON_BOROUGHS = {
    "Barking and Dagenham", "Barnet", "Bexley", "Brent", "Bromley", "Camden", "City of London",
    "Croydon", "Ealing", "Enfield", "Greenwich", "Hackney", "Hammersmith and Fulham", "Haringey",
    "Harrow", "Havering", "Hillingdon", "Hounslow", "Islington", "Kensington and Chelsea",
    "Kingston upon Thames", "Lambeth", "Lewisham", "Merton", "Newham", "Redbridge",
    "Richmond upon Thames", "Southwark", "Sutton", "Tower Hamlets", "Waltham Forest",
    "Wandsworth", "Westminster",
}  # fmt: skip


def test_the_gazetteer_gives_exactly_the_33_london_boroughs() -> None:
    assert london_boroughs() == LONDON_BOROUGHS


@pytest.mark.parametrize("name", ["London", "london", "Greater London"])
def test_london_holds_its_districts(name: str) -> None:
    within = places_within(name)
    assert {"London", "Kilburn", "Hackney", "Walthamstow", "Leyton", "Eltham", "Camden"} <= within
    assert not {"Watford", "Slough", "Dartford", "Harrogate"} & within


def test_an_authority_holds_what_is_filed_under_it_but_not_larger_places() -> None:
    camden = places_within("Camden")
    assert {"Camden", "Kilburn", "Hampstead", "Bloomsbury"} <= camden
    assert "Hackney" not in camden
    # London is filed under Westminster; an event "in London" is not known to be there.
    assert "London" not in places_within("Westminster")
    kent = places_within("Kent")
    assert {"Kent", "Ashford", "Canterbury"} <= kent and "Croydon" not in kent


def test_a_town_is_itself_and_an_unknown_name_only_itself() -> None:
    assert places_within("Kilburn") == {"Kilburn"}
    assert places_within("Nowhere Special") == {"Nowhere Special"}
    place = resolve("walthamstow")
    assert place is not None and place.name == "Walthamstow"


def test_area_counts_london_as_one() -> None:
    assert area_of("Camden") == area_of("Waltham Forest") == "London"
    assert area_of("Kent") == "Kent" and area_of(None) is None


def test_the_views_list_the_boroughs_the_gazetteer_gives() -> None:
    """The views' ``area`` names the boroughs in SQL (migration 98211844b5a1)."""
    path = next(Path(migrations.__path__[0], "versions").glob("*_98211844b5a1_*.py"))
    spec = importlib.util.spec_from_file_location("research_fields_migration", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert set(module.LONDON_BOROUGHS) == london_boroughs()
