"""What a reparse did, and what a dry run shows: counts, errors, and sampled field changes.

Why apart from the loop: the summary is what users read (`archive reparse` prints it, the
parse run stores its counts), and the dry-run diffs are the review of a rules change before it
is committed; both are plain data built from what the writes report.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from archive.ingest.counts import Counts
from scraper.parsers.records import VERSIONED_FIELDS

# Error messages kept for the summary (all errors are counted and stored on the snapshot).
MAX_ERROR_SAMPLES = 20
# Characters of a field value shown in a dry-run sample.
SAMPLE_VALUE_WIDTH = 80


@dataclass
class FieldChange:
    """One sampled change, for reviewing a rules change before committing it."""

    kind: str  # added | changed | closed
    article_id: int
    snapshot_id: int
    event_id: int | None  # None: an event the run would create
    segment: int
    changes: list[tuple[str, Any, Any]]  # (field, old, new)
    event_uid: str | None = None  # the public id the dry run names it by (filled by the run)


@dataclass(kw_only=True)
class ReparseSummary(Counts):
    """What a reparse did (or, in a dry run, would do): its counts and what to report."""

    parser_version: str
    run_id: int | None = None
    status: str = "running"
    dry_run: bool = False
    selected: int = 0
    error_samples: list[tuple[int, str]] = field(default_factory=list)
    samples: list[FieldChange] = field(default_factory=list)
    marked_failed: int = 0
    error: str | None = None

    def counts(self) -> dict[str, Any]:
        """The running counts as stored on the parse run."""
        return {"selected": self.selected, **self.parse_run()}

    def absorb(self, other: ReparseSummary) -> None:
        """Add a committed batch's counts to the run's."""
        self.add(other)
        room = MAX_ERROR_SAMPLES - len(self.error_samples)
        self.error_samples.extend(other.error_samples[: max(room, 0)])
        self.samples.extend(other.samples)


# An article's open events: event id -> (segment, fields); an id below zero stands for an
# event the run would create (see archive.store.preview).
OpenFields = dict[int, tuple[int, dict[str, Any]]]


def _short(value: Any) -> Any:
    if isinstance(value, str) and len(value) > SAMPLE_VALUE_WIDTH:
        return value[: SAMPLE_VALUE_WIDTH - 1] + "…"
    return value


def diff_samples(
    before: OpenFields, after: OpenFields, article_id: int, snapshot_id: int
) -> list[FieldChange]:
    """The events a parse added, changed or closed, with old and new values per field."""
    out: list[FieldChange] = []
    for event_id, (segment, new) in sorted(after.items(), key=lambda kv: kv[1][0]):
        old = before.get(event_id)
        if old is None:
            changes = [
                (n, None, _short(new[n])) for n in VERSIONED_FIELDS if new[n] not in (None, [])
            ]
            known = event_id if event_id > 0 else None
            out.append(FieldChange("added", article_id, snapshot_id, known, segment, changes))
        elif old[1] != new:
            changes = [
                (n, _short(old[1][n]), _short(new[n]))
                for n in VERSIONED_FIELDS
                if old[1][n] != new[n]
            ]
            out.append(FieldChange("changed", article_id, snapshot_id, event_id, segment, changes))
    for event_id, (segment, old_fields) in sorted(before.items(), key=lambda kv: kv[1][0]):
        if event_id not in after:
            changes = [("text", _short(old_fields["text"]), None)]
            out.append(FieldChange("closed", article_id, snapshot_id, event_id, segment, changes))
    return out
