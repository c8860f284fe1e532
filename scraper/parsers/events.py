"""From an article's blocks to its event records: split, judge, then fill each field.

The article is read as a whole where the rules need it: its lead (the opening text that is
no report itself) gives the day and kind of event for reports that name none ("Protests
took place on Saturday 8 August …", "out on 16 and 17 July" for "the first day of the
strike"); "the following evening" counts from the day the previous report named; and an
article that argues rather than reports (an editorial, an opinion piece) yields no events
from its unsigned text however many happenings it mentions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cached_property

from scraper.parsers import fields, names
from scraper.parsers import vocabulary as vocab
from scraper.parsers.fields.dates import event_date, nth_strike_day, usable_mentions
from scraper.parsers.fields.event_type import event_type, votes_at_meeting
from scraper.parsers.fields.happening import Happening, find_happenings, happenings, time_spans
from scraper.parsers.fields.place import places_in
from scraper.parsers.normalise import DateMention, find_dates, find_spans
from scraper.parsers.records import Block, EventRecord
from scraper.parsers.split import (
    Segment,
    is_summary,
    speaks_of_area,
    split_blocks,
    trailing_signoff,
)

# A page with more reports than this is no roundup (a scraped archive, a hostile page): the
# rest are not read, and the article says so (ParsedArticle.warnings).
MAX_REPORTS = 500
# An article more than this share of whose sentences (outside quotes) prescribe (must,
# should, need to …) and that has no signed or placed report is an editorial or an opinion
# piece: it argues about events rather than reporting them. Reports quote people who argue,
# so quoted sentences do not count, nor do "would" and "could", which reports use for what
# people said or feared.
ARGUMENT_SHARE = 0.13
_ARGUES = vocab.any_word_pattern(vocab.PRESCRIPTIVE_WORDS)
_LONG_ACTION = vocab.word_pattern(vocab.LONG_ACTION_WORDS)
_OBITUARY = vocab.any_word_pattern(vocab.OBITUARY_MARKERS)
_APPEAL = vocab.any_word_pattern(vocab.APPEAL_MARKERS)
_SUM = re.compile(r"[£$€]\s?\d")
_ON = re.compile(r"^on\s+", re.I)
_LONG_DAYS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "48": 2, "72": 3}
_TOLD = re.compile(
    rf"\btold\s+(?P<who>{names.PERSON})\s*[.,]?\s*$|\btold\s+(?P<who2>{names.PERSON})[.,]", re.M
)
# "…, reports Jo Banks." ending a paragraph: its writer, named after the report.
_REPORTS_AFTER = re.compile(
    rf",\s+(?:{vocab.alt(vocab.REPORT_VERBS_AFTER)})\s+(?P<who>{names.PERSON})"
    r"(?:,?\s+(?:of|from)\s+[^.\n]{1,60})?\s*\.?\s*$",
    re.M,
)
# "We took the campaign to …", "Our branch spent Saturday …": what we did, in the past
_WE_DID = re.compile(
    r"^(?:[A-Z][\w'’-]*\s+){0,4}?(?:[Ww]e|[Oo]ur\s+(?:branch|members|comrades|team|group))\s+"
    r"(?:also\s+)?(?:took|went|were|ran|held|spent|made|gave|got|did|brought|[a-z]+ed)\b"
)
_INTERVIEWED = re.compile(
    rf"(?P<who>{names.PERSON})\s+{vocab.alt(vocab.INTERVIEW_VERBS)}\s+(?:two|three|some|several|one|a|the|many|\w+)\b"
)


@dataclass
class _Read:
    """One segment with what the rules have read from it."""

    seg: Segment
    published: date | None

    @cached_property
    def report(self) -> fields.Report:
        return fields.Report(self.seg.heading, "\n\n".join(self.seg.paragraphs))

    @cached_property
    def hits(self) -> tuple[Happening, ...]:
        if self.seg.lead_in:
            # a reader's report in quotation marks ("Hannah emails: “About 200 of us …”")
            # is the report itself, not speech inside one
            future, past = time_spans(self.report, self.published)
            return find_happenings(self.report.text, (), future, past)
        return happenings(self.report, self.published)

    @cached_property
    def heading_hits(self) -> tuple[Happening, ...]:
        heading = self.seg.heading
        if not heading:
            return ()
        spans: tuple[tuple[int, int], ...] = ()
        if self.published is not None and any(
            m.day > self.published for m in find_dates(heading, self.published)
        ):
            spans = ((0, len(heading)),)
        return find_happenings(heading, (), spans)

    @cached_property
    def main(self) -> Happening | None:
        """The report's own happening: its first typed one, else its first."""
        main = [h for h in self.hits if h.main]
        typed = [h for h in main if h.event_type and h.role != "people"]
        first = typed or main
        return first[0] if first else None

    @property
    def votes_taken(self) -> bool:
        return votes_at_meeting(self.report.text)

    @cached_property
    def placed(self) -> bool:
        """A label, heading or lead-in names where it was."""
        if self.seg.place_hint and places_in(self.seg.place_hint):
            return True
        return bool(self.seg.heading and places_in(self.seg.heading))

    def tells(self) -> bool:
        """The segment tells of something that happened: an event word, a vote, papers
        sold, or (in a signed or placed report) a headcount of those there, or (signed)
        what we did at a place on a day gone by ("We took the campaign to the market in
        Dewsbury on Saturday")."""
        return bool(
            self.main is not None
            or any(h.main for h in self.heading_hits)
            or self.votes_taken
            or fields.papers_sold(self.report) is not None
            or (
                (self.seg.reporter is not None or self.placed)
                and fields.attendance(self.report) is not None
            )
            or (self.seg.reporter is not None and self._we_did_there_then())
        )

    def _we_did_there_then(self) -> bool:
        text = self.report.text
        a, b = self.report.sentences[0]
        first = text[a:b]
        if not _WE_DID.search(first) or self.published is None:
            return False
        if not any(h.locative for h in places_in(first)):
            return False
        days = find_dates(first, self.published)
        return bool(days) and all(d.day <= self.published for d in days)


def _plain_opening(reads: list[_Read]) -> str | None:
    """The article's first sentence, when neither it nor its heading tells of an event of
    its own: what the obituary and appeal tests read."""
    if not reads:
        return None
    first = reads[0].report
    a, b = first.sentences[0]
    if any(h.main for h in reads[0].heading_hits):
        return None  # "Vigil for the homeless": the heading tells of an event
    if any(h.main and a <= h.start < b for h in reads[0].hits):
        return None
    return first.text[a:b]


def _is_obituary(reads: list[_Read]) -> bool:
    """The article opens as an obituary: its first sentence says its subject has died and
    tells of no event of its own ("Around 200 attended the funeral of Jo Banks, who died on
    Monday" is a report)."""
    sentence = _plain_opening(reads)
    return sentence is not None and _OBITUARY.search(sentence) is not None


def _is_appeal(reads: list[_Read]) -> bool:
    """The article opens as an appeal for money (a fighting fund's column): its first
    sentence asks for or counts a sum toward a target and tells of no event of its own."""
    sentence = _plain_opening(reads)
    return sentence is not None and bool(_APPEAL.search(sentence) and _SUM.search(sentence))


def _argues(reads: list[_Read]) -> bool:
    sentences = [r.report.text[a:b] for r in reads for a, b in r.report.sentences if b - a > 20]
    if not sentences:
        return False
    share = sum(1 for s in sentences if _ARGUES.search(s)) / len(sentences)
    structured = any(r.seg.reporter or r.placed or r.seg.from_list for r in reads)
    return share > ARGUMENT_SHARE and not structured


def _is_report(read: _Read, argued: bool) -> bool:
    seg = read.seg
    if not read.tells():
        return False
    if seg.reporter is not None or read.placed:
        return True
    if seg.from_list:
        return bool(places_in(read.report.text[:200]))
    if argued:
        return False
    return seg.opened


def _tells_one_event(read: _Read) -> bool:
    """The segment tells of one event (not a tally, a summary or a history) in its first
    sentences."""
    r = read.report
    head_end = r.sentences[min(1, len(r.sentences) - 1)][1]
    tells = (
        any(
            h.main
            and h.start < head_end
            and (h.role == "verb" or (h.role == "noun" and not h.plural))
            for h in read.hits
        )
        or fields.papers_sold(r) is not None
    )
    return tells and not any(is_summary(p) for p in read.seg.paragraphs[:1])


def _is_lead(reads: list[_Read]) -> bool:
    """The first segment is the article's lead, not a report, when it stands unsigned and
    unheaded before reports that are signed, headed or listed, and counts nobody there
    ("Refuse workers in three West Yorkshire councils were out on 16 and 17 July …")."""
    first = reads[0].seg
    if first.reporter is not None or first.heading is not None or first.from_list:
        return False
    rest = reads[1:]
    if speaks_of_area(first.paragraphs[0]) and all(
        r.seg.opened or r.seg.reporter or r.seg.heading or r.placed for r in rest
    ):
        return True  # "Workers across Yorkshire struck on Monday." then the towns' reports
    if not all(r.seg.reporter or r.seg.heading or r.seg.from_list or r.placed for r in rest):
        return False
    return fields.attendance(reads[0].report) is None


def _merge_crossheads(segments: list[Segment]) -> list[Segment]:
    """A sub-heading inside one report ("Protest" in a council-budget story) does not start
    a new one: an unsigned section under a heading that names no place, whose text opens
    no report of its own, continues the unsigned report before it."""
    out: list[Segment] = []
    for seg in segments:
        prev = out[-1] if out else None
        if (
            prev is not None
            and seg.heading is not None
            and not seg.opened
            and (seg.reporter is None or prev.opened)
            and prev.reporter is None
            and seg.place_hint is None
            and not places_in(seg.heading)
            and not seg.from_list
            and not seg.after_rule
        ):
            out[-1] = replace(
                prev, paragraphs=prev.paragraphs + seg.paragraphs, reporter=seg.reporter
            )
            continue
        out.append(seg)
    return out


def _inline_reporter(read: _Read) -> str | None:
    """A report's writer named in its text: "… one of the guards told Maria Hollis",
    "Hugh Caffrey talked to two of the doctors", "…, reports Jo Banks.", a sign-off written
    on at the end of the last paragraph ("… every car. Jo Banks")."""
    text = read.report.text
    if read.seg.paragraphs:
        signed = trailing_signoff(read.seg.paragraphs[-1])
        if signed:
            return signed
    for rx in (_REPORTS_AFTER, _INTERVIEWED, _TOLD):
        for m in rx.finditer(text):
            who = (
                m.group("who")
                if "who" in m.groupdict() and m.group("who")
                else m.groupdict().get("who2")
            )
            if who and names.looks_like_person(who.split()):
                return who
    return None


def _as_written(words: str) -> str | None:
    """A date's words without the "on" and full stop the date patterns take in ("on 3
    March." -> "3 March")."""
    return _ON.sub("", words.strip()).rstrip(".,;:") or None


def _lead_facts(
    lead: list[_Read], title: str | None, published: date | None
) -> tuple[DateMention | None, list[tuple[date, date]], str | None]:
    """The lead's single day (as the mention naming it), its spans of days and the kind of
    event it announces."""
    texts = [r.report.text for r in lead]
    days: set[date] = set()
    named: dict[date, DateMention] = {}  # each day's first mention (its words as written)
    last: date | None = None
    spans: list[tuple[date, date]] = []
    for r in lead:
        mentions = []
        for m in usable_mentions(r.report, published, last):
            long = _LONG_ACTION.search(r.report.sentence_text(m.start))
            if long and m.day != published:
                # "began a five-day strike on Monday": its reports may be of any of its
                # days, though "the first day of the strike" is that Monday
                length = _LONG_DAYS.get(long.group(0).lower().split("-")[0], 1)
                spans.append((m.day, m.day + timedelta(days=length - 1)))
                continue
            mentions.append(m)
        days |= {m.day for m in mentions}
        for m in mentions:
            named.setdefault(m.day, m)
        last = mentions[-1].day if mentions else last
        spans += find_spans(r.report.text, published)
    if not days and title:
        for m in find_dates(title, published):
            if published is None or m.day <= published:
                days.add(m.day)
                named.setdefault(m.day, m)
    frame: str | None = None
    for text in [*texts, title or ""]:
        typed = [
            h for h in find_happenings(text) if h.counts and h.event_type and h.role != "people"
        ]
        if typed:
            frame = typed[0].event_type
            break
    # several days: the one the lead names last ("On Tuesday, the first day, … News Line
    # went round the picket lines that day") is the day its reports are of
    lead_day = next(iter(days)) if len(days) == 1 else last
    return (named[lead_day] if lead_day is not None else None), spans, frame


def extract_events(
    blocks: tuple[Block, ...], title: str | None, published: date | None, version: str
) -> tuple[EventRecord, ...]:
    """The article's events in order; nothing for an article that reports no event."""
    segments = _merge_crossheads(split_blocks(blocks, title, published))
    reads = [_Read(seg, published) for seg in segments]
    if _is_obituary(reads) or _is_appeal(reads):
        return ()
    argued = _argues(reads)
    judged = [_is_report(r, argued) for r in reads]
    if len(reads) > 1 and judged[0] and _is_lead(reads):
        judged[0] = False
    if not any(judged) and not argued:
        # a single report that names no place the gazetteer knows ("About 40 people held a
        # vigil outside the hospital on Sunday") is still a report: it tells of a happening
        sole = next((i for i, r in enumerate(reads) if _tells_one_event(r)), None)
        if sole is not None and len(reads) <= 2:
            judged[sole] = True
    first_report = next((i for i, ok in enumerate(judged) if ok), len(reads))
    lead = reads[:first_report]
    lead_mention, lead_spans, frame = _lead_facts(lead, title, published)
    lead_day = lead_mention.day if lead_mention else None
    if frame and not argued:
        # "Kit Marlow reported from Wakefield:" before a quote that names no event word: a
        # report of the kind the lead announces ("out on picket lines across the country")
        for i in range(first_report + 1, len(reads)):
            seg = reads[i].seg
            if not judged[i] and seg.lead_in and seg.reporter is not None and reads[i].placed:
                judged[i] = True
    if frame and not argued:
        # "Over at St Pancras Station, the RMT rep explained: '…'": a round of the kind the
        # lead announces ("went round the picket lines") moves on to its next place
        for i in range(first_report + 1, len(reads)):
            if not judged[i] and judged[i - 1] and reads[i].seg.toured:
                judged[i] = True
    if (
        lead_day is None
        and published is not None
        and sum(b.kind == "timestamp" for b in blocks) >= 2
    ):
        # a live blog: its entries, stamped with times, are of the day (no words name it)
        lead_mention = DateMention(-1, -1, published, False)
        lead_day = published
    previous: date | None = lead_day
    last_mention: DateMention | None = None
    # "last week", "in December": the lead's period, for reports that name none
    lead_period = next((p for r in lead if (p := fields.date_period(r.report))), None)
    events: list[EventRecord] = []
    for read, ok in zip(reads, judged, strict=True):
        report = read.report
        if not ok:
            continue
        if len(events) >= MAX_REPORTS:
            break
        seg = read.seg
        main_pos = (read.main.start,) if read.main else ()
        count = fields.attendance(report, main_pos, seg.lead_in)
        count_pos = (count.start,) if count and count.start >= 0 else ()
        papers = fields.papers_sold(report)
        counted = None
        if count is not None and count.start >= 0:
            end = count.start + len(count.text)
            counted = next(
                (h for h in read.hits if h.role == "people" and count.start <= h.start < end), None
            )
        etype = event_type(read.heading_hits, read.hits, report, frame, papers is not None, counted)
        anchors = (
            tuple(h for h in read.hits if h.main and h.event_type == etype)[:1]
            + tuple(h for h in read.hits if h.main)[:1]
        )
        found, spread, mentions = event_date(report, published, previous, anchors)
        if found is None and not spread:
            found = nth_strike_day(report, lead_spans) or lead_mention
            if (
                found is None
                and last_mention is not None
                and published is not None
                and timedelta(0) <= published - last_mention.day <= timedelta(days=1)
            ):
                # news of the day: the report before was of it too
                found = DateMention(-1, -1, last_mention.day, False)
        day = found.day if found else None
        if day is not None:
            previous = day
        last_mention = found
        period = None if found else (fields.date_period(report) or lead_period)
        type_pos = tuple(h.start for h in read.hits if h.event_type == etype and h.start >= 0)
        day_pos = tuple(m.start for m in mentions if m.day == day)[:1]
        hints = tuple(h for h in (seg.place_hint,) if h)
        where = fields.place(report, count_pos + day_pos + type_pos, hints, title)
        geo = fields.locate(where)
        events.append(
            EventRecord(
                segment=len(events),
                heading=seg.heading,
                text=report.text,
                event_type=etype,
                event_date=day,
                date_precision="day" if found else (period.precision if period else "none"),
                date_text=_as_written(found.text) if found else (period.text if period else None),
                place=where,
                geonameid=geo.geonameid,
                latitude=geo.latitude,
                longitude=geo.longitude,
                admin1=geo.admin1,
                admin2=geo.admin2,
                geo_precision=geo.precision,
                venue=fields.venue(report),
                attendance=count.count if count else None,
                attendance_text=count.text if count else None,
                size_high=count.high if count else None,
                size_text=None if count else fields.size_words(report),
                votes=fields.votes(report),
                papers_sold=papers,
                money_raised=fields.money_raised(report),
                speakers=fields.speakers(report),
                organisations=fields.organisations(report),
                reporter=seg.reporter or _inline_reporter(read),
                parser_version=version,
            )
        )
    return tuple(events)
