"""Event identity: which new record continues which open event, and which reports split or
merged. Pure functions over texts and field dicts, no database.

Why apart from the writes (:mod:`archive.store.events`): identity is the rule that decides
whether a re-parse keeps an event's id, and it is tested and reasoned about on plain data; the
store only applies its answers. Identity is by content (word shingles of the text, plus a
little for the same reporter, heading or segment), never by position alone, so reordering
or a new heading keeps an event's id.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

# Two texts are "the same report" above this similarity; lineage needs this much overlap.
MATCH_THRESHOLD = 0.35
LINEAGE_THRESHOLD = 0.5

# Runs of letters and digits (underscore excluded): the words shingles are made of.
_WORD = re.compile(r"[^\W_]+")

# An open (or closed) event as matching sees it: (event id, shingles, fields).
OldEvent = tuple[int, frozenset[str], dict[str, Any]]
# A record of the new parse: (shingles, fields).
NewRecord = tuple[frozenset[str], dict[str, Any]]


def canonical_fields(fields: dict[str, Any]) -> str:
    """A deterministic serialisation of an event's versioned fields (what is compared)."""
    return json.dumps(
        fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str
    )


def fields_digest(fields: dict[str, Any]) -> str:
    return hashlib.sha256(canonical_fields(fields).encode("utf-8")).hexdigest()


def shingles(text: str, size: int = 3) -> frozenset[str]:
    """The text's runs of ``size`` words, lower-cased (a short text is one shingle)."""
    # A regex rather than a per-character loop: reparse computes these for every event of
    # every snapshot in its single writing process.
    words = _WORD.findall(text.lower())
    if len(words) < size:
        return frozenset([" ".join(words)]) if words else frozenset()
    return frozenset(" ".join(words[i : i + size]) for i in range(len(words) - size + 1))


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def _containment(part: frozenset[str], whole: frozenset[str]) -> float:
    """How much of ``part`` lies inside ``whole``."""
    if not part:
        return 0.0
    return len(part & whole) / len(part)


def _score(new: NewRecord, old: OldEvent) -> float:
    """How much a new record looks like an old event (0 when their texts share nothing)."""
    nsh, nf = new
    _eid, osh, of = old
    if nf["text"] == of["text"]:
        score = 1.0
    else:
        score = _jaccard(nsh, osh)
        if score == 0.0:
            return 0.0
    if nf.get("reporter") and nf.get("reporter") == of.get("reporter"):
        score += 0.1
    if nf.get("heading") and nf.get("heading") == of.get("heading"):
        score += 0.1
    if nf.get("segment") == of.get("segment"):
        score += 0.02
    return score


def match_events(old: list[OldEvent], new: list[NewRecord]) -> dict[int, int]:
    """Pair new records with old events by content, not position: the best-scoring pairs
    first (text similarity, plus a little for the same reporter, heading or segment).
    Returns new index -> old index."""
    scored: list[tuple[float, int, int]] = []
    for ni, record in enumerate(new):
        for oi, event in enumerate(old):
            score = _score(record, event)
            if score >= MATCH_THRESHOLD:
                scored.append((score, ni, oi))
    # Highest score first; ties broken by positions so the result is deterministic.
    scored.sort(key=lambda t: (-t[0], t[1], t[2]))
    pairs: dict[int, int] = {}
    used_old: set[int] = set()
    for _, ni, oi in scored:
        if ni in pairs or oi in used_old:
            continue
        pairs[ni] = oi
        used_old.add(oi)
    return pairs


def lineage_links(
    old: list[OldEvent], new: list[NewRecord], pairs: dict[int, int], new_event_ids: list[int]
) -> dict[tuple[int, int], str]:
    """(parent event id, child event id) -> "split" | "merge".

    Split: a new event (one that continues no old event) that is mostly text of an old
    event. Merge: an old event that was closed (no new event continues it) whose text now
    lies mostly inside a new event.

    Only unpaired events can be split children or merged parents: events that merely
    continue themselves are not lineage, even when reports share much of their wording
    (a forced re-parse that changes nothing must record nothing)."""
    links: dict[tuple[int, int], str] = {}
    paired_old = set(pairs.values())
    for ni, (nsh, _nf) in enumerate(new):
        child = new_event_ids[ni]
        for oi, (parent, osh, _of) in enumerate(old):
            if parent == child or pairs.get(ni) == oi:
                continue
            if ni not in pairs and _containment(nsh, osh) >= LINEAGE_THRESHOLD:
                links.setdefault((parent, child), "split")
            elif oi not in paired_old and _containment(osh, nsh) >= LINEAGE_THRESHOLD:
                links.setdefault((parent, child), "merge")
    return links
