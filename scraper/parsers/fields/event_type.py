"""What kind of event a report tells of, from its happenings.

The kind is the one the report's own happening names: its first event word that tells of
something that happened (not announced, denied, quoted or mentioned in passing), a single
event before a tally ("a march" before "local rallies"), the event's name or its doing
before the people taking part ("200 strikers rallied" is a rally). A strike is the dispute
behind most reports: a report that names a picket, a rally or a march on a strike day is
of that. With no word of its own, a report is of the kind its article's lead announces, a
protest when it names the cause people turned out for ("to defend the A&E"), or "other".
"""

from __future__ import annotations

import re

from scraper.parsers import vocabulary as vocab
from scraper.parsers.fields.happening import Happening
from scraper.parsers.fields.report import Report

# A branch or constituency party voting is a meeting even when the word is not used.
VOTING_BODY = re.compile(
    rf"\b(?:{'|'.join(vocab.VOTING_BODIES)})\b[^.;]{{0,60}}?\b(?:{'|'.join(vocab.VOTING_VERBS)})\b",
    re.I,
)


_PURPOSE = re.compile(rf"\b(?:{'|'.join(vocab.PROTEST_PURPOSES)})\b", re.I)
_BALLOT = re.compile(r"\bballot|\d\s*%|\bper\s*cent\b", re.I)


def votes_at_meeting(text: str) -> bool:
    """A body voting where it met ("Walthamstow CLP voted to back …"); a ballot result
    ("members voted by 87% for strike action") is no meeting."""
    m = VOTING_BODY.search(text)
    if m is None:
        return False
    end = text.find(".", m.end())
    return not _BALLOT.search(text, m.start(), end if end >= 0 else len(text))


def event_type(
    heading_hits: tuple[Happening, ...],
    hits: tuple[Happening, ...],
    report: Report,
    frame: str | None = None,
    papers: bool = False,
    counted: Happening | None = None,
) -> str:
    """The kind of event a report tells of (see the module docstring). ``counted`` is the
    people word of the report's headcount ("about 80 pickets"): the kind of event those
    people make, unless the report named its event before counting them."""
    typed = [h for h in (*heading_hits, *hits) if h.main and h.event_type]
    named = [h for h in typed if h.role != "people"]
    if (
        counted is not None
        and counted.event_type
        and counted.event_type != "strike"
        and not any(
            h.start < counted.start
            or report.sentence_at(h.start) == report.sentence_at(counted.start)
            for h in named
            if h in hits
        )
        and not any(h.event_type != counted.event_type for h in named if h in heading_hits)
    ):
        return counted.event_type
    for pool in (
        [h for h in named if not h.plural and h.event_type != "strike"],
        [h for h in named if h.event_type != "strike"],
        # "Pickets were at the depot on the first day of the strike": the strike is the
        # dispute, the pickets what happened
        [h for h in typed if h.event_type != "strike"],
        named,
        typed,
    ):
        if pool:
            return pool[0].event_type or "other"
    if votes_at_meeting(report.text):
        return "meeting"
    if frame:
        if any(h.negated and h.role == "noun" and h.event_type == frame for h in hits):
            return "other"  # "… even though no protest had been called"
        # on a strike day, a report of people gathering at work is of a picket line
        return "picket" if frame == "strike" else frame
    if papers:
        return "stall"  # a paper sale with no other word for it
    passing = [h for h in hits if h.counts and h.event_type and h.role != "people"]
    if passing:
        return passing[0].event_type or "other"
    if hits and _PURPOSE.search(report.text):
        return "protest"  # people turned out for a cause the report names
    return "other"
