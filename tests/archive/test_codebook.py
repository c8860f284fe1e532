"""The codebook documents every exported column, every field of the rules' event contract
and every event type; a new one without an entry fails here."""

from __future__ import annotations

import json

from archive import codebook
from archive.export import COLUMNS
from scraper.parsers.records import (
    DATE_PRECISIONS,
    EVENT_TYPES,
    GEO_PRECISIONS,
    VERSIONED_FIELDS,
)


def test_every_exported_column_has_an_entry() -> None:
    documented = {c.name for c in codebook.COLUMNS}
    missing = [c for c in COLUMNS if c not in documented]
    assert not missing, f"exported columns with no codebook entry: {missing}"


def test_every_field_of_the_rules_is_exported() -> None:
    missing = [f for f in VERSIONED_FIELDS if f not in COLUMNS]
    assert not missing, f"fields the rules output that no export carries: {missing}"


def test_no_entry_for_a_column_that_is_not_exported() -> None:
    stale = [c.name for c in codebook.COLUMNS if c.name not in COLUMNS]
    assert not stale, f"codebook entries for columns no export has: {stale}"


def test_every_event_type_has_a_definition_and_an_example() -> None:
    missing = [t for t in EVENT_TYPES if t not in codebook.EVENT_TYPE_DEFINITIONS]
    assert not missing, f"event types with no codebook entry: {missing}"
    for entry in codebook.event_types():
        assert len(entry.definition) > 5 and len(entry.example) > 10, entry.name
    assert set(codebook.EVENT_TYPE_DEFINITIONS) == set(EVENT_TYPES)


def test_every_precision_code_is_explained() -> None:
    assert set(codebook.PRECISION_CODES["date_precision"]) == set(DATE_PRECISIONS)
    assert set(codebook.PRECISION_CODES["geo_precision"]) == set(GEO_PRECISIONS)
    assert codebook.column("date_precision").values == DATE_PRECISIONS
    assert codebook.column("geo_precision").values == GEO_PRECISIONS
    md = codebook.as_markdown()
    assert "## Codes of `geo_precision`" in md and "| `locality` |" in md


def test_every_entry_is_complete() -> None:
    kinds = {"integer", "number", "string", "date", "datetime", "array", "object"}
    for entry in codebook.COLUMNS:
        assert entry.type in kinds, entry.name
        assert entry.description and entry.derivation and entry.missing, entry.name
    assert codebook.column("event_type").values == EVENT_TYPES


def test_markdown_and_json_list_everything() -> None:
    md = codebook.as_markdown()
    doc = json.loads(codebook.dumps_json())
    for name in COLUMNS:
        assert f"| `{name}` |" in md
    for name in EVENT_TYPES:
        assert f"| `{name}` |" in md
    assert [c["name"] for c in doc["columns"]] == [c.name for c in codebook.COLUMNS]
    rally = next(t for t in doc["event_types"] if t["name"] == "rally")
    assert "rallies" in rally["words"]
