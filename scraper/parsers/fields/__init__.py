"""One small module per output field of an event, each reading a report's plain text.

They share :class:`Report` (the text split into sentences once, quoted speech located once)
and the normalisers, and never look at HTML: the splitter has already turned markup into
text, so the same rules serve every site.
"""

from __future__ import annotations

from scraper.parsers.fields.attendance import Attendance, attendance, size_words
from scraper.parsers.fields.dates import Period, date_period, event_date
from scraper.parsers.fields.event_type import event_type
from scraper.parsers.fields.geo import Geo, locate
from scraper.parsers.fields.happening import Happening, find_happenings
from scraper.parsers.fields.money import money_raised
from scraper.parsers.fields.organisations import organisations
from scraper.parsers.fields.papers import papers_sold
from scraper.parsers.fields.place import place
from scraper.parsers.fields.report import Report
from scraper.parsers.fields.speakers import speakers
from scraper.parsers.fields.venue import venue
from scraper.parsers.fields.votes import votes
from scraper.parsers.normalise import find_dates

__all__ = [
    "Attendance",
    "Geo",
    "Happening",
    "Period",
    "Report",
    "attendance",
    "date_period",
    "event_date",
    "event_type",
    "find_dates",
    "find_happenings",
    "locate",
    "money_raised",
    "organisations",
    "papers_sold",
    "place",
    "size_words",
    "speakers",
    "venue",
    "votes",
]
