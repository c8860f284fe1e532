"""The parser's output types: the event contract shared by the crawl, `archive parse` and reparse.

These are plain frozen dataclasses so that the same bytes under the same rules give equal
objects and byte-identical JSON (re-parse diffs must mean something). Nothing here imports
Scrapy or the database.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

EVENT_TYPES: tuple[str, ...] = (
    "rally",
    "meeting",
    "demonstration",
    "march",
    "picket",
    "strike",
    "protest",
    "stall",
    "vigil",
    "occupation",
    "conference",
    "other",
)

# The keys of one event, in the order `archive parse` prints them.
EVENT_KEYS: tuple[str, ...] = (
    "segment",
    "heading",
    "text",
    "event_type",
    "event_date",
    "date_precision",
    "date_text",
    "place",
    "geonameid",
    "latitude",
    "longitude",
    "admin1",
    "admin2",
    "geo_precision",
    "venue",
    "attendance",
    "attendance_text",
    "size_high",
    "size_text",
    "votes",
    "papers_sold",
    "money_raised",
    "speakers",
    "organisations",
    "reporter",
    "parser_version",
)

# How exactly an event's day is known: a day named, only its week ("last week") or month
# ("in December"), or nothing ("none": event_date is null).
DATE_PRECISIONS: tuple[str, ...] = ("day", "week", "month", "none")
# How exactly the coordinates place an event: a town or village ("locality"), a district or
# London borough, a county, a region ("East Anglia"), a nation. "venue" (coordinates of the
# building itself) and "nation" are reserved: the gazetteer holds no buildings, and the
# place rule never gives a whole nation as an event's place.
GEO_PRECISIONS: tuple[str, ...] = ("venue", "locality", "district", "county", "region", "nation")
# The fields an event version stores and compares (everything but the rules' version, which
# is recorded on the version row itself).
VERSIONED_FIELDS: tuple[str, ...] = tuple(k for k in EVENT_KEYS if k != "parser_version")

BLOCK_KINDS: tuple[str, ...] = (
    "heading",
    "paragraph",
    "list_item",
    "blockquote",
    "caption",
    "rule",
    "timestamp",
)


@dataclass(frozen=True)
class Block:
    """One unit of an article body, in reading order; captions and rules are kept as blocks
    so that the splitter can see them (and leave captions out of every event)."""

    kind: str
    text: str
    # "bold" or "italic" when the whole line is set so (a sub-head, a sign-off).
    style: str | None = None
    # A bold run opening the line ("Bristol:" in "<b>Bristol:</b> The city's part …").
    label: str | None = None
    # Blocks of one list item or blockquote share a group number: one unit of the page.
    group: int | None = None
    # What the markup says the line is ("signoff" from class="signoff").
    hint: str | None = None


@dataclass(frozen=True)
class EventRecord:
    """One report inside an article: the event contract of the parser issue."""

    segment: int
    heading: str | None
    text: str
    event_type: str
    event_date: date | None
    date_precision: str  # one of DATE_PRECISIONS
    date_text: str | None  # the phrase that gave the day, week or month, as written
    place: str | None
    geonameid: int | None
    latitude: float | None
    longitude: float | None
    admin1: str | None  # England, Scotland, Wales, Northern Ireland, an Irish province
    admin2: str | None  # county, unitary authority or London borough
    geo_precision: str | None  # one of GEO_PRECISIONS; None when no place is known
    venue: str | None
    attendance: int | None  # the lower bound of a range ("size_low")
    attendance_text: str | None
    size_high: int | None  # the upper bound of a range ("between 150 and 200" -> 200)
    size_text: str | None  # a size given in words only ("hundreds", "a packed hall")
    votes: dict[str, int] | None
    papers_sold: int | None
    money_raised: float | None
    speakers: tuple[str, ...]
    organisations: tuple[str, ...]
    reporter: str | None
    parser_version: str

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready mapping, keys in contract order, dates as YYYY-MM-DD."""
        return {
            "segment": self.segment,
            "heading": self.heading,
            "text": self.text,
            "event_type": self.event_type,
            "event_date": self.event_date.isoformat() if self.event_date else None,
            "date_precision": self.date_precision,
            "date_text": self.date_text,
            "place": self.place,
            "geonameid": self.geonameid,
            "latitude": self.latitude,
            "longitude": self.longitude,
            "admin1": self.admin1,
            "admin2": self.admin2,
            "geo_precision": self.geo_precision,
            "venue": self.venue,
            "attendance": self.attendance,
            "attendance_text": self.attendance_text,
            "size_high": self.size_high,
            "size_text": self.size_text,
            "votes": dict(self.votes) if self.votes is not None else None,
            "papers_sold": self.papers_sold,
            "money_raised": self.money_raised,
            "speakers": list(self.speakers),
            "organisations": list(self.organisations),
            "reporter": self.reporter,
            "parser_version": self.parser_version,
        }

    def fields(self) -> dict[str, Any]:
        """The versioned fields only (what the archive stores and compares between parses)."""
        d = self.to_dict()
        return {k: d[k] for k in VERSIONED_FIELDS}

    def to_json(self) -> str:
        """One JSON Lines row: deterministic (no key sorting needed: the order is the contract)."""
        return json.dumps(self.to_dict(), ensure_ascii=False)


@dataclass(frozen=True)
class ParsedArticle:
    """An article as the rules see it, with its events and a record of which rules ran."""

    url: str
    canonical_url: str | None
    title: str | None
    published: date | None
    blocks: tuple[Block, ...]
    events: tuple[EventRecord, ...]
    parser_version: str
    site: str  # the site module that ran, or "generic"
    fell_back: bool = False  # a site module's selectors found nothing; the generic path ran
    byline: str | None = None
    warnings: tuple[str, ...] = field(default=())

    @property
    def is_article(self) -> bool:
        """False for pages with no readable body: empty pages, script-only shells, pages with
        a line or two of text, and error pages served with status 200 ("Page not found"
        as the title, first heading or first paragraph of a short page). The crawl uses
        this to keep such pages out of the archive."""
        text = [b.text for b in self.blocks if b.kind in _TEXT_KINDS]
        chars = sum(len(t) for t in text)
        if chars < MIN_ARTICLE_CHARS:
            return False
        if chars < ERROR_PAGE_MAX_CHARS:
            heading = next((b.text for b in self.blocks if b.kind == "heading"), "")
            for line in (self.title or "", heading, text[0]):
                if _ERROR_PAGE.match(line.strip()):
                    return False
        return True


_TEXT_KINDS = frozenset({"paragraph", "list_item", "blockquote"})
# Fewer characters of body text than this is no article (a shell's "enable JavaScript" line,
# a stub); the shortest real report is a few sentences.
MIN_ARTICLE_CHARS = 80
# Error pages are short; an article is never judged an error page past this length.
ERROR_PAGE_MAX_CHARS = 800
_ERROR_PAGE = re.compile(
    r"(?:error\s*:?\s*)?(?:40\d|50\d)\s*(?:$|[-–—:|.]|error\b|page\b|not\s+found\b)|(?:error\s*:?\s*)?(?:page|file|article|story)\s+"
    r"not\s+found\b|not\s+found\b|(?:sorry|oops)\b.{0,80}\b(?:not\s+(?:be\s+)?found|doesn[’']?t"
    r"\s+exist|does\s+not\s+exist|no\s+longer\s+(?:exists|available)|could\s+not|can[’']?t\s+"
    r"find)|(?:the\s+)?page\s+you\s+(?:requested|were\s+looking\s+for|are\s+looking\s+for)"
    r"|(?:this\s+)?page\s+(?:does\s+not|doesn[’']?t)\s+exist|access\s+denied|forbidden\b"
    r"|(?:internal\s+)?server\s+error|something\s+went\s+wrong|we\s+couldn[’']?t\s+find",
    re.I,
)
