"""The day an event happened, from the days a report names."""

from __future__ import annotations

from datetime import date

from scraper.parsers.fields.report import Report
from scraper.parsers.normalise import DateMention, find_dates


def event_date(
    report: Report,
    published: date | None,
    previous: date | None,
    key_positions: tuple[int, ...],
    found: list[DateMention] | None = None,
) -> tuple[date | None, list[DateMention]]:
    """The single day the report's event happened: a day named in the sentence that names
    the event or its attendance, else the first day named; None when no day is named.
    ``found`` is ``find_dates`` of the text when the caller already has it."""
    if found is None:
        found = find_dates(report.text, published, previous)
    mentions = [m for m in found if not report.in_quote(m.start)]
    if report.heading:
        mentions = find_dates(report.heading, published, previous)[:1] + mentions
    if not mentions:
        return None, []
    # the day named nearest the event word (or the count) in the same sentence
    best: tuple[int, int, DateMention] | None = None
    for m in mentions:
        sentence = report.sentence_at(m.start)
        for p in key_positions:
            if p >= 0 and report.sentence_at(p) == sentence:
                cand = (abs(p - m.start), m.start, m)
                if best is None or cand < best:
                    best = cand
    if best is not None:
        return best[2].day, mentions
    return mentions[0].day, mentions
