"""What recording parses would do, computed from reads alone: the dry run of `archive reparse`.

Why not write and roll back: writing needs write access (a SELECT-only PostgreSQL role, a
read-only SQLite file have none) and takes the write lock a crawl waits on. The decisions are
the store's own (:func:`archive.store.identity.match_events`, ``lineage_links``,
``fields_digest``), applied as :func:`archive.store.record_parse` applies them, to an
in-memory copy of each article's events that the batch's earlier parses update as the writes
would: an article's snapshots are replayed in order within one batch (reparse never splits an
article across batches), so the outcome is the one the real run reports.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.models import EventLineage
from archive.store.events import (
    ParseOutcome,
    _closed_versions,
    article_event_states,
    version_fields,
)
from archive.store.identity import (
    NewRecord,
    OldEvent,
    fields_digest,
    lineage_links,
    match_events,
    shingles,
)
from scraper.parsers.records import VERSIONED_FIELDS, ParsedArticle

# An article's open events as a preview shows them: key -> (segment, fields); a key below
# zero is an event the run would create (it has no id yet).
PreviewFields = dict[int, tuple[int, dict[str, Any]]]


@dataclass
class _Event:
    key: int  # the event's id, or a negative stand-in for one the run would create
    segment: int
    fields: dict[str, Any]
    digest: str

    def old(self) -> OldEvent:
        return (self.key, shingles(self.fields["text"]), self.fields)


class BatchPreview:
    """The events of one batch's articles, as the batch's parses so far would leave them."""

    def __init__(self, session: Session, article_ids: list[int]) -> None:
        self._session = session
        states = article_event_states(session, article_ids)
        self._open: dict[int, list[_Event]] = {
            aid: [
                _Event(v.event_id, v.segment, version_fields(v), v.fields_sha256)
                for v in state.open_versions
            ]
            for aid, state in states.items()
        }
        self._has_events = {
            aid: state.latest_valid_from is not None for aid, state in states.items()
        }
        self._closed: dict[int, list[_Event]] = {}
        self._links: set[tuple[int, int]] = set()
        self._next_new = -1

    def open_fields(self, article_id: int) -> PreviewFields:
        return {e.key: (e.segment, e.fields) for e in self._open.get(article_id, [])}

    def _closed_events(self, article_id: int) -> list[_Event]:
        if article_id not in self._closed:
            rows = (
                _closed_versions(self._session, article_id)
                if self._has_events.get(article_id)
                else []
            )
            self._closed[article_id] = [
                _Event(v.event_id, v.segment, version_fields(v), v.fields_sha256) for v in rows
            ]
        return self._closed[article_id]

    def _linked(self, parent: int, child: int) -> bool:
        if (parent, child) in self._links:
            return True
        if parent < 0 or child < 0:
            return False
        found = self._session.scalar(
            select(EventLineage.id).where(
                EventLineage.parent_event_id == parent, EventLineage.child_event_id == child
            )
        )
        return found is not None

    def parse(self, article_id: int, parsed: ParsedArticle) -> ParseOutcome:
        """What :func:`archive.store.record_parse` would report for this parse (and the
        article's events as it would leave them, for the next parse of the batch)."""
        current = self._open.setdefault(article_id, [])
        old = [e.old() for e in current]
        new: list[NewRecord] = [
            (shingles(f["text"]), f) for f in (e.fields() for e in parsed.events)
        ]
        pairs = match_events(old, new)
        closed = self._closed_events(article_id)
        unmatched = [ni for ni in range(len(new)) if ni not in pairs]
        reopened: dict[int, int] = {}  # new index -> index in ``closed``
        if unmatched and closed:
            cold = [e.old() for e in closed]
            sub = match_events(cold, [new[ni] for ni in unmatched])
            reopened = {unmatched[k]: ci for k, ci in sub.items()}

        outcome = ParseOutcome()
        after: list[_Event] = []
        keys: list[int] = []
        for ni, (_shingles, fields) in enumerate(new):
            digest = fields_digest(fields)
            if ni in pairs:
                event = current[pairs[ni]]
                if event.digest == digest:
                    outcome.unchanged += 1
                else:
                    for name in VERSIONED_FIELDS:
                        if event.fields.get(name) != fields.get(name):
                            outcome.field_changes[name] += 1
                    outcome.changed += 1
                key = event.key
            elif ni in reopened:
                key = closed[reopened[ni]].key
                outcome.added += 1
                outcome.reopened += 1
            else:
                key = self._next_new
                self._next_new -= 1
                outcome.added += 1
            keys.append(key)
            after.append(_Event(key, int(fields["segment"]), fields, digest))
        matched = set(pairs.values())
        gone = [e for oi, e in enumerate(current) if oi not in matched]
        outcome.closed = len(gone)
        back = {closed[ci].key for ci in reopened.values()}
        self._closed[article_id] = [e for e in closed if e.key not in back] + gone
        for (parent, child), kind in sorted(lineage_links(old, new, pairs, keys).items()):
            if not self._linked(parent, child):
                self._links.add((parent, child))
                outcome.lineage.append((parent, child, kind))
        # In the order the store reads them: by segment, then id (new events last, as new ids are).
        self._open[article_id] = sorted(after, key=lambda e: (e.segment, e.key < 0, abs(e.key)))
        if after:
            self._has_events[article_id] = True
        outcome.event_ids = keys
        return outcome
