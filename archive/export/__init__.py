"""Research exports: which events (selection), in which formats (formats), packaged with a
Frictionless ``datapackage.json`` and a checksum (package)."""

from archive.export.formats import FORMATS, csv_cell, neutralise
from archive.export.package import ExportResult, run_export, text_checksums
from archive.export.selection import (
    COLUMNS,
    Cut,
    Filters,
    check_cut,
    columns,
    count_events,
    event_rows_query,
    stream_rows,
)

__all__ = [
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
    "neutralise",
    "run_export",
    "stream_rows",
    "text_checksums",
]
