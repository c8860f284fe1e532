"""Datasette's metadata for the served file: what each table and column means (from the
codebook), the facets, full-text search, the canned queries, the map and the charts.

Why generated: the descriptions are the codebook's, so the browser says exactly what
`archive codebook` says, and a column added to the exports is described here without a
second copy of its meaning.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

from archive import codebook
from archive.browse.prepare import (
    DATABASE,
    FTS,
    HISTORY,
    SERVED_COLUMNS,
    TABLE,
    VARIABLES,
)
from archive.export import CLOSED_COLUMNS, COLUMNS, Cut
from scraper.parsers import PARSER_VERSION

DEFAULT_TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
TILE_ATTRIBUTION = "&copy; OpenStreetMap contributors"
FACETS = ("event_type", "site", "place", "event_month")
SUMMARY = (
    "event_uid, event_date, event_type, place, admin2, size_low, size_high, heading, source_url"
)

QUERIES: dict[str, dict[str, str]] = {
    "events_per_month_by_type": {
        "title": "Events per month, by type",
        "description": "How many events each month, one row per month and type (events "
        "without a date are left out).",
        "sql": f"select event_month as month, event_type, count(*) as events from {TABLE}\n"
        "where event_month is not null\n"
        "group by event_month, event_type order by event_month, event_type",
    },
    "events_in_county": {
        "title": "Events in a county, borough or unitary authority",
        "description": "Every event filed under this admin area (admin2), or in it by area "
        "(London: every borough), or named so, by date.",
        "sql": f"select {SUMMARY} from {TABLE}\n"
        "where admin2 = :county or area = :county or place = :county\n"
        "order by event_date, event_uid",
    },
    "largest_events": {
        "title": "The largest events",
        "description": "The 100 events with the most people (size_low), largest first.",
        "sql": f"select {SUMMARY} from {TABLE}\n"
        "where size_low is not null order by size_low desc, event_uid limit 100",
    },
    # The served file's rows are in event_uid order (the export's order), so its rowid order
    # is uid order: these read the full-text index alone, where the table's search box
    # (Datasette's "rowid IN (match)") looks up every match in the table to count it, a
    # second for a word in half the reports at a million events (benchmarks/query.py).
    "search": {
        "title": "Full-text search",
        "description": "The first 100 events whose heading, text or article title match "
        'the words (FTS5 syntax: several words must all match; "a phrase"; word*), in '
        "event_uid order; search_count counts them all.",
        "sql": f"select {', '.join('c.' + c.strip() for c in SUMMARY.split(','))}\n"
        f"from {FTS} f join {TABLE} c on c.rowid = f.rowid\n"
        f"where {FTS} match :words order by f.rowid limit 100",
    },
    "search_count": {
        "title": "Full-text search: how many",
        "description": "How many events match the words (as the search query takes them).",
        "sql": f"select count(*) as events from {FTS} where {FTS} match :words",
    },
    "event_history": {
        "title": "One event's history",
        "description": "Every version of one event (give its event_uid), oldest first: what "
        "each parse said, and when it stopped being current.",
        "sql": "select 'current' as state, valid_from, null as valid_to, parser_version, "
        "snapshot_id, event_type, event_date, place, size_low, size_high, heading, text\n"
        f"from {TABLE} where event_uid = :event_uid\n"
        "union all\n"
        "select 'earlier', valid_from, valid_to, parser_version, snapshot_id, event_type, "
        "event_date, place, size_low, size_high, heading, text\n"
        f"from {HISTORY} where event_uid = :event_uid\n"
        "order by valid_from",
    },
}


def _columns(names: Sequence[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for name in names:
        if name in SERVED_COLUMNS:
            out[name] = SERVED_COLUMNS[name][1]
        else:
            out[name] = codebook.column(name).description
    return out


def describe_cut(cut: Cut) -> str:
    if cut.release:
        assert cut.at is not None
        return f"release {cut.release} (as of {cut.at.isoformat()})"
    if cut.at is not None:
        return f"as of {cut.at.isoformat()}"
    return "as the archive stood when served"


def metadata(
    *,
    cut: Cut,
    prepared_at: str,
    tile_url: str | None = None,
    charts: Sequence[tuple[str, str]] = (),
) -> dict[str, Any]:
    """The metadata.json of `archive serve` (``charts``: (title, URL path) of each image)."""
    state = html.escape(describe_cut(cut))
    links = "".join(
        f'<li><a href="{html.escape(url)}">{html.escape(title)}</a></li>' for title, url in charts
    )
    chart_html = f"<p>Charts:</p><ul>{links}</ul>" if links else ""
    description = (
        f"<p>Start with <a href='/{DATABASE}/{TABLE}'><strong>{TABLE}</strong></a>: one row "
        "per event report, with a map of the events that have coordinates, facets and "
        "full-text search. Read-only. Rules version "
        f"{html.escape(PARSER_VERSION)}; {state}; prepared {html.escape(prepared_at)}.</p>"
        f"{chart_html}"
    )
    history_columns = (*COLUMNS, *CLOSED_COLUMNS, "event_month")
    return {
        "title": "Campaign events",
        "description_html": description,
        "source": "campaign-archive (archive serve)",
        "databases": {
            DATABASE: {
                "description_html": description,
                "tables": {
                    TABLE: {
                        "description": "One row per event report as it stands "
                        f"({describe_cut(cut)}). Every column is described in {VARIABLES}.",
                        "columns": _columns((*COLUMNS, "event_month")),
                        "facets": list(FACETS),
                        "fts_table": FTS,
                        "fts_pk": "rowid",
                        "label_column": "heading",
                        "sort_desc": "event_date",
                    },
                    HISTORY: {
                        "description": "Every earlier version of the events: what earlier "
                        "parses said, with when each stopped being current (valid_to).",
                        "columns": _columns(history_columns),
                        "facets": ["event_type", "parser_version"],
                    },
                    VARIABLES: {
                        "description": "The codebook: what every column means (archive codebook)."
                    },
                    "event_types": {"description": "Every event type, defined, with an example."},
                },
                "queries": QUERIES,
            }
        },
        "plugins": {
            "datasette-cluster-map": {
                "latitude_column": "latitude",
                "longitude_column": "longitude",
                "tile_layer": tile_url or DEFAULT_TILE_URL,
                "tile_layer_options": {"maxZoom": 19, "attribution": TILE_ATTRIBUTION},
            }
        },
    }
