"""From an article's blocks to its event records: split, then fill each field.

The article is read as a whole where the issue's rules need it: a date given once in the
lead applies to reports that give none, and "the following evening" counts from the day the
previous report named.
"""

from __future__ import annotations

from datetime import date

from scraper.parsers import fields
from scraper.parsers.records import Block, EventRecord
from scraper.parsers.split import Segment, split_blocks


def _report(seg: Segment) -> fields.Report:
    return fields.Report(seg.heading, "\n\n".join(seg.paragraphs))


def _is_lead(segments: list[Segment]) -> bool:
    """The first segment is the article's lead (not a report) when it is unsigned and
    unheaded, later segments are signed or headed, and it counts nobody present."""
    if len(segments) < 2:
        return False
    first = segments[0]
    if first.reporter is not None or first.heading is not None:
        return False
    if not any(
        s.reporter is not None or s.heading is not None or s.from_list for s in segments[1:]
    ):
        return False
    return fields.attendance(_report(first)) is None


def _lead_date(seg: Segment, published: date | None) -> date | None:
    days = {m.day for m in fields.find_dates(_report(seg).text, published)}
    return next(iter(days)) if len(days) == 1 else None


def extract_events(
    blocks: tuple[Block, ...], title: str | None, published: date | None, version: str
) -> tuple[EventRecord, ...]:
    """The article's events in order; nothing for an article that reports no event."""
    segments = split_blocks(blocks, title)
    default_day: date | None = None
    lead_type: str | None = None
    if _is_lead(segments):
        default_day = _lead_date(segments[0], published)
        lead = _report(segments[0])
        lead_hits = fields.event_nouns(lead, ())
        lead_type = fields.event_type(lead_hits, lead) if lead_hits else None
        segments = segments[1:]
    previous: date | None = default_day
    events: list[EventRecord] = []
    for seg in segments:
        report = _report(seg)
        count = fields.attendance(report)
        count_pos = (count.start,) if count else ()
        all_days = fields.find_dates(report.text, published, previous)
        hits = fields.event_nouns(report, count_pos + tuple(m.start for m in all_days))
        etype = fields.event_type(hits, report)
        if seg.from_list and lead_type is not None:
            # items under a lead ("protests across England. Among them: …") are of its kind
            etype = lead_type
        type_pos = tuple(h.start for h in hits if h.event_type == etype and h.start >= 0)
        day, mentions = fields.event_date(
            report, published, previous, count_pos + type_pos, all_days
        )
        listed = seg.from_list and (lead_type is not None or bool(hits))
        if not listed and not fields.is_event_report(
            report, hits, seg.reporter is not None, count, day, mentions
        ):
            if mentions:
                previous = mentions[-1].day
            continue
        day_pos = tuple(m.start for m in mentions if m.day == day)[:1]
        if day is None:
            day = default_day
        else:
            previous = day
        vote_counts = fields.votes(report)
        events.append(
            EventRecord(
                segment=len(events),
                heading=seg.heading,
                text=report.text,
                event_type=etype,
                event_date=day,
                place=fields.place(report, count_pos + day_pos + type_pos, seg.place_hint),
                venue=fields.venue(report),
                attendance=count.count if count else None,
                attendance_text=count.text if count else None,
                votes=vote_counts,
                papers_sold=fields.papers_sold(report),
                money_raised=fields.money_raised(report),
                speakers=fields.speakers(report),
                organisations=fields.organisations(report),
                reporter=seg.reporter,
                parser_version=version,
            )
        )
    return tuple(events)
