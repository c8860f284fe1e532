"""Whether a segment is a report of an event at all."""

from __future__ import annotations

import re
from datetime import date

from scraper.parsers.fields.attendance import Attendance
from scraper.parsers.fields.event_type import VOTING_BODY, NounHit
from scraper.parsers.fields.report import Report
from scraper.parsers.normalise import DateMention

_PRESENCE_CUE = re.compile(
    r"\b(?:we|our|us|took part|joined|gathered|attended|turned out|marched|held|organised"
    r"|walked out|struck|occupied|lobbied|demonstrated|assembled|drew|packed"
    r"|spoke|addressed|rallied|protested|picketed|stood|braved|came|went)\b",
    re.I,
)


def is_event_report(
    report: Report,
    hits: list[NounHit],
    signed: bool,
    count: Attendance | None,
    day: date | None,
    mentions: list[DateMention],
) -> bool:
    """Evidence, not numbers: an event word plus a sign-off, an attendance figure, or a day
    named in a sentence that tells of people being there. An analysis piece full of dates
    and figures names no one present and is not a report."""
    if not hits and not VOTING_BODY.search(report.text):
        return False
    if signed:
        return True
    # Unsigned: one event (a singular event word) told in the sentence that counts the people
    # or names the day, or in the heading.
    if not any(h.singular for h in hits):
        return False  # only tallies ("nine national demonstrations"): an analysis
    if any(h.start < 0 for h in hits) and (count is not None or day is not None):
        return True
    if count is not None:
        return True
    single = {report.sentence_at(h.start) for h in hits if h.start >= 0 and h.singular}
    if day is None:
        return False
    for m in mentions:
        s = report.sentence_at(m.start)
        if m.day == day and s in single and _PRESENCE_CUE.search(report.text[s[0] : s[1]]):
            return True
    return False
