"""Research exports: which events (selection), in which formats (formats), packaged with a
Frictionless ``datapackage.json`` and a checksum (package)."""

from archive.export.formats import FORMATS, csv_cell, neutralise
from archive.export.package import ExportResult, run_export, text_checksums
from archive.export.selection import (
    CLOSED_COLUMNS,
    COLUMNS,
    Cut,
    Filters,
    check_cut,
    columns,
    count_events,
    event_rows_query,
    fields_query,
    stream_earlier_rows,
    stream_rows,
)

__all__ = [
    "CLOSED_COLUMNS",
    "COLUMNS",
    "FORMATS",
    "Cut",
    "ExportResult",
    "Filters",
    "check_cut",
    "columns",
    "count_events",
    "csv_cell",
    "event_rows_query",
    "fields_query",
    "neutralise",
    "run_export",
    "stream_earlier_rows",
    "stream_rows",
    "text_checksums",
]
