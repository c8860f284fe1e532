"""What ingesting did, in one vocabulary for crawl runs and parse runs.

Why one: a crawl and a reparse both record fetches and parses, and researchers compare their
runs; ``crawl_runs.counts`` and ``parse_runs.counts`` hold these names, so a parse run's
counts have one shape whichever command recorded it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from archive import store

# What a fetch did to the archive.
FETCH_COUNTS = (
    "new_articles",
    "new_snapshots",
    "unchanged",
    "not_modified",
    "not_article",
    "fetch_errors",
)
# What recording the aliases a crawl saw did (crawl runs only).
ALIAS_COUNTS = ("aliases_added", "aliases_unresolved")
# What recording a snapshot's parse did (a parse run's counts, with field_changes).
PARSE_COUNTS = (
    "parsed",
    "parse_errors",
    "superseded",
    "events_added",
    "events_changed",
    "events_closed",
    "events_unchanged",
    "splits",
    "merges",
    "site_parses",
    "fell_back",
)


@dataclass(kw_only=True)
class Counts:
    """Counts of fetch and parse outcomes; ``field_changes`` counts changed values per field."""

    new_articles: int = 0
    new_snapshots: int = 0
    unchanged: int = 0
    not_modified: int = 0
    not_article: int = 0
    fetch_errors: int = 0
    aliases_added: int = 0
    aliases_unresolved: int = 0  # no article of that identity archived (its fetch failed)
    parsed: int = 0
    parse_errors: int = 0
    superseded: int = 0  # parsed, but a newer snapshot already set the events (reparse)
    events_added: int = 0
    events_changed: int = 0
    events_closed: int = 0
    events_unchanged: int = 0
    splits: int = 0
    merges: int = 0
    # Pages of a site the rules know (scraper/parsers/sites/) parsed, and of those the ones
    # whose selectors found no body (the generic path ran: a redesign?); the health checks'
    # ``selectors`` figure.
    site_parses: int = 0
    fell_back: int = 0
    field_changes: Counter[str] = field(default_factory=Counter)

    def add(self, other: Counts) -> None:
        for name in (*FETCH_COUNTS, *ALIAS_COUNTS, *PARSE_COUNTS):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.field_changes.update(other.field_changes)

    def add_outcome(self, outcome: store.ParseOutcome) -> None:
        """Count what recording one successful parse changed."""
        self.events_added += outcome.added
        self.events_changed += outcome.changed
        self.events_closed += outcome.closed
        self.events_unchanged += outcome.unchanged
        self.splits += sum(1 for *_ids, kind in outcome.lineage if kind == "split")
        self.merges += sum(1 for *_ids, kind in outcome.lineage if kind == "merge")
        self.field_changes.update(outcome.field_changes)

    def parse_run(self) -> dict[str, Any]:
        """The counts as stored on a parse run (JSON-ready)."""
        out: dict[str, Any] = {name: getattr(self, name) for name in PARSE_COUNTS}
        out["field_changes"] = dict(sorted(self.field_changes.items()))
        return out

    def crawl_run(self) -> dict[str, int]:
        """The counts as stored on a crawl run (its parse run keeps the field changes)."""
        return {name: getattr(self, name) for name in (*FETCH_COUNTS, *ALIAS_COUNTS, *PARSE_COUNTS)}
