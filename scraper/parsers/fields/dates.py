"""The day an event happened, from the days a report names.

The day is the one named where the report tells of its happening (the sentence of its
first happening), else the first day the report names; days after publication and days in
a clause about the future are announcements, not the event's day. A happening over
several days ("on both days of the strike", "that weekend", "on Wednesday 3 June, then …
on Sunday 7 June") has no single day: None. "The first day of the strike" counts from a
span the article's lead gives ("out on 16 and 17 July").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from scraper.parsers import vocabulary as vocab
from scraper.parsers.fields.happening import Happening
from scraper.parsers.fields.report import Report, plain_report
from scraper.parsers.normalise import MONTHS, DateMention, find_dates

_SPAN_WORDS = vocab.any_word_pattern(vocab.DATE_SPAN_WORDS)
_FUTURE = vocab.any_word_pattern(vocab.FUTURE_MARKERS)
_NTH_DAY = re.compile(
    r"\b(?:on\s+)?the\s+(?P<n>first|second|third|fourth|fifth|last|final)\s+(?:day|morning)\s+of\s+"
    r"(?:the|their|our|its)\s+(?:\w+\s+)?(?:strike|action|walkout|dispute|stoppage)\b",
    re.I,
)
_ORDINALS = {"first": 0, "second": 1, "third": 2, "fourth": 3, "fifth": 4}
_WEEK_PERIOD = vocab.word_pattern(vocab.WEEK_PERIODS)
# "last month", "in December", "in early March 2019": month names capitalised, as written
_MONTH_NAMES = vocab.alt(
    max((k for k in MONTHS if MONTHS[k] == n), key=len).capitalize() for n in range(1, 13)
)
_MONTH_PERIOD = re.compile(
    rf"\b(?i:{vocab.alt(vocab.MONTH_PERIODS)})\b|\b(?i:in|during|throughout)\s+"
    rf"(?:(?i:early|late|mid)-?\s*)?{_MONTH_NAMES}(?:\s+\d{{4}})?\b(?!\s+\d)",
)


def _future_mention(report: Report, m: DateMention, published: date | None) -> bool:
    if published is not None and m.day > published:
        return True
    a = report.sentence_at(m.start)[0]
    clause = report.text[max(a, m.start - 50) : m.start]
    return bool(_FUTURE.search(clause))


def usable_mentions(
    report: Report, published: date | None, previous: date | None
) -> list[DateMention]:
    """The days a report names that could be its own: outside quotes, not announced."""
    found = find_dates(report.text, published, previous)
    return [
        m
        for m in found
        if not report.in_quote(m.start) and not _future_mention(report, m, published)
    ]


def nth_strike_day(report: Report, spans: list[tuple[date, date]]) -> DateMention | None:
    """ "On the first day of the strike" counted from the lead's span of strike days."""
    m = _NTH_DAY.search(report.text)
    if not m or not spans:
        return None
    first, last = spans[0]
    n = m.group("n").lower()
    day = last if n in ("last", "final") else first + timedelta(days=_ORDINALS[n])
    if day > last:
        return None
    return DateMention(m.start(), m.end(), day, False, m.group(0).strip())


@dataclass(frozen=True)
class Period:
    """A time the report gives coarser than a day: its precision and its words."""

    precision: str  # "week" or "month" (records.DATE_PRECISIONS)
    text: str


def date_period(report: Report) -> Period | None:
    """The week or month a report's happening falls in when it names no day ("last week",
    "over the weekend", "in December"): outside quotes, not announced for later; the
    finer period first."""
    text = report.text
    for precision, rx in (("week", _WEEK_PERIOD), ("month", _MONTH_PERIOD)):
        for m in rx.finditer(text):
            if report.in_quote(m.start()):
                continue
            a, _ = report.sentence_at(m.start())
            if _FUTURE.search(text, a, m.end()):
                continue
            return Period(precision, m.group(0))
    return None


_CLAUSE_BREAK = re.compile(r",\s+|;\s+|\s+(?:and|but|then|before|after)\s+")


def _spreads(text: str, lo: int, hi: int, mentions: list[DateMention]) -> bool:
    """True when text[lo:hi] spreads its happening over days ("that weekend", "last week").
    "On Monday of last week" names a day, and a span after a day ("on Sunday evening for the
    firefighters killed … last month") is of something else."""
    span = _SPAN_WORDS.search(text, lo, hi)
    return span is not None and not any(
        m.start <= span.start() < m.end or lo <= m.start < span.start() for m in mentions
    )


def _clause_of(text: str, anchor: Happening) -> tuple[int, int]:
    a = max((m.end() for m in _CLAUSE_BREAK.finditer(text, 0, anchor.start)), default=0)
    b = next((m.start() for m in _CLAUSE_BREAK.finditer(text, anchor.end)), len(text))
    return a, b


def _nearest(here: list[DateMention], anchor: Happening, clause: tuple[int, int]) -> DateMention:
    """The day named in the anchor's own ``clause`` ("… in Fleetwood on Thursday 8 June and
    held a public meeting … the following evening"), else the nearest."""
    a, b = clause
    own = [m for m in here if a <= m.start < b]
    return min(own or here, key=lambda m: abs(m.start - anchor.start))


def event_date(
    report: Report,
    published: date | None,
    previous: date | None,
    anchors: tuple[Happening, ...],
) -> tuple[DateMention | None, bool, list[DateMention]]:
    """(the mention that gives the day, whether the report spreads its happening over days
    so that none may be given, the usable mentions). ``anchors`` are the report's own happenings, the most
    telling first (the one of the report's kind, then its first)."""
    mentions = usable_mentions(report, published, previous)
    heading: list[DateMention] = []
    if report.heading:
        head = plain_report(report.heading)
        heading = [
            m
            for m in find_dates(report.heading, published, previous)
            if not _future_mention(head, m, published)
        ][:1]
    spread_anywhere = len({m.day for m in mentions}) >= 2 and bool(_SPAN_WORDS.search(report.text))
    for anchor in anchors:
        sentence = report.sentence_at(anchor.start)
        here = [m for m in mentions if report.sentence_at(m.start) == sentence]
        clause = _clause_of(report.text, anchor)
        lo, hi = max(clause[0], sentence[0]), min(clause[1], sentence[1])
        spans_here = _spreads(report.text, lo, hi, mentions)
        if here and not (spans_here and not any(m.explicit for m in here)):
            if spread_anywhere and len({m.day for m in here}) >= 2:
                return None, True, mentions
            return _nearest(here, anchor, clause), False, mentions
        if spans_here:
            return None, True, mentions
    if spread_anywhere or _spreads(report.text, 0, report.sentences[0][1], mentions):
        return None, True, mentions
    ordered = heading + mentions
    if not ordered:
        return None, False, []
    return ordered[0], False, ordered
