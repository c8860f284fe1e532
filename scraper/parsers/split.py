"""Splitting an article's blocks into reports.

Roundups mark where one report ends and the next begins in many ways, often mixed in one
page: a sign-off line ("Paula Mitchell, London Socialist Party"), a sub-heading, a lead-in
("Clare Wilkins reported from Birmingham:", "Nick Evans visited two picket lines:" before a
blockquote), an ``<hr>`` or a live blog's time stamp, one report per list item, a bold
"Town:" label, or nothing at all: running text, one paragraph per place. We read the
blocks once, in order, into sections at the marks the markup gives, then divide each
section where a paragraph opens a new report (it tells, in its first sentences, of a
happening at a place other than the one before). Captions never take part.

Whether a short capitalised line is a sign-off or a sub-heading is decided by what it says
(a person's name or a role word such as "member" makes a sign-off; a place alone makes a
heading) and where it stands (a line with report text before it and a heading, a rule or
the end after it closes a report).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from scraper.parsers import gazetteer, names
from scraper.parsers import vocabulary as vocab
from scraper.parsers.fields.event_type import VOTING_BODY
from scraper.parsers.fields.happening import Happening, paragraph_happenings
from scraper.parsers.fields.place import PlaceHit, places_in
from scraper.parsers.fields.report import plain_report
from scraper.parsers.records import Block

SIGNOFF_MAX_CHARS = 110
SIGNOFF_MAX_WORDS = 14
HEADING_MAX_CHARS = 120
# A list item this long is a report of its own, not a line of a list inside a report.
LIST_REPORT_MIN_CHARS = 60
LIST_REPORT_MIN_WORDS = 8
# How many sentences of a paragraph may hold its opening (place and happening).
OPENING_SENTENCES = 2

_SIGNOFF_PREFIX = re.compile(
    r"^(?:[-–—]+\s*|(?:report(?:ed)?\s+by|by|from|written\s+by|words\s+by)\s+"
    rf"|{vocab.alt(vocab.SIGNOFF_CREDITS)}\s*:\s*)",
    re.I,
)
# A closing line that credits the report to its writer: "Thanks to Jo Banks for this
# report", "Kit Marlow sent this report."
_CREDIT_LINE = re.compile(
    r"^(?:(?:many\s+|with\s+)?thanks\s+to\s+(?P<thanked>.+?)\s+for\s+(?:this|the|her|his|their)\s+report"
    r"|(?P<sender>.+?)\s+(?:sent|sends)\s+(?:us\s+)?(?:this|the)\s+report)\.?$",
    re.I,
)
_COPYRIGHT = re.compile(r"(?:copyright|©|\(c\))\b", re.I)
_PARENTHETICAL = re.compile(r"\s*\([^)]{0,40}\)")
# sentence punctuation, but not a middle initial ("Claire M. Dawson")
_SENTENCE_PUNCT = re.compile(r"[!?;:\"“”]|(?<!\b[A-Z])\.\s|\.$(?<![A-Z]\.)")
_REPORT_VERB = vocab.alt(vocab.REPORT_VERBS)
_LEAD_IN = re.compile(
    r"^(?:From\s+(?P<where0>[A-Z][^,:]{1,40}),\s+)?"
    r"(?P<who>(?:(?:Cllr|Dr|Rev)\.?\s+)?(?:[^\W\d_][\w'’.-]*\s+){0,3}?[^\W\d_][\w'’-]+"
    r"(?:\s+(?:and|&)\s+(?:[^\W\d_][\w'’.-]*\s+){1,2}?[^\W\d_][\w'’-]+)?)"
    rf"\s+{_REPORT_VERB}"
    r"(?:\s+(?:from|in|on|at)\s+(?P<where>[^:]{1,60}?))?\s*:\s*(?P<rest>.*)$",
    re.S,
)
_LEAD_IN_FROM = re.compile(
    r"^(?:Report|A report)\s+(?:from|by)\s+(?P<who>[^:]{3,60}?)\s*:\s*(?P<rest>.*)$", re.S
)
_VISIT = re.compile(rf"\b{vocab.alt(vocab.VISIT_VERBS + vocab.REPORT_VERBS)}\b")
# A name whose surname is written as initials ("Adam DC") counts in a lead-in, where a
# report verb vouches for it.
_LEAD_PERSON = re.compile(rf"\b(?:{names.NAME_TOKEN}\s+)(?:{names.NAME_TOKEN}|[A-Z]{{2,3}})\b")
_DASH_SIGNOFF = re.compile(
    r"(?<=[.!?”’\"'])\s+[–—-]\s*(?P<who>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,3})\s*$"
)
_HEADING_SPLIT = re.compile(r"\s+[–—-]\s+|:\s+|\s*[–—]\s*")
_LABEL = re.compile(r"^(?P<label>[\w'’. ]{2,40}?)\s*(?::\s+|\s+[–—-]\s+)(?=\S)")
_CONTINUATION = re.compile(
    rf"^(?:{'|'.join(re.escape(w) for w in vocab.CONTINUATION_OPENERS)}|"
    rf"the (?:{'|'.join(vocab.EVENT_BACK_REFERENCES)})\b(?!\s+(?:in|at|outside))|[“\"‘'])\b",
    re.I,
)
_SUMMARY = vocab.any_word_pattern(vocab.SUMMARY_MARKERS)
_TOUR_OPENER = re.compile(rf"^{vocab.alt(vocab.TOUR_OPENERS)}\s+(?:the\s+)?", re.I)
_FUTURE_TOUR = vocab.any_word_pattern(vocab.FUTURE_MARKERS)
_INTRO = vocab.any_word_pattern(vocab.INTRO_MARKERS)
# "in at least 24 colleges", "in more than 30 towns", "from Cornwall to Scotland": many places.
_TALLY_OF_PLACES = re.compile(
    r"\b(?:in|at|across)\s+(?:at\s+least\s+|more\s+than\s+|over\s+|some\s+|around\s+)?"
    r"(?:\d+|two|three|four|five|six|seven|eight|nine|ten|dozens\s+of|scores\s+of|hundreds\s+of)\s+"
    r"(?:\w+\s+)?(?:towns|cities|colleges|universities|places|areas|workplaces|schools|hospitals|sites|campuses|depots)\b",
    re.I,
)
# "in Durham, Bishop Auckland and Consett": a list of places.
_PLACE_LIST = re.compile(
    r"\b(?:in|at|across)\s+[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*(?:,\s+[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)+"
    r",?\s+and\s+[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*"
)
_FAR_KM = 80.0  # places further apart than a march's route
_FROM_TO = re.compile(r"\bfrom\s+(?P<a>[A-Z][\w'’-]+)\s+to\s+(?P<b>[A-Z][\w'’-]+)")
_PLACE_PAIR = re.compile(
    r"(?:^|\b[Ii]n\s+|\b[Bb]oth\s+)(?P<a>[A-Z][\w'’-]+) and (?P<b>[A-Z][\w'’-]+),"
)
_ALL_CAPS_NAME = re.compile(r"^[A-Z][A-Z'’-]+(?:\s+[A-Z][A-Z'’-]+){1,2}$")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9£])")
_SINGLE_NAME = re.compile(r"^[A-Z][a-z'’-]+$")
_BY_LINE = re.compile(
    r"^(?:by|By|BY)\s+(?P<who>[A-Z][\w'’.-]+(?:\s+(?:and\s+)?[A-Z][\w'’.-]+){1,5})\s*$"
)


@dataclass(frozen=True)
class Segment:
    """One report's blocks: its heading, its text paragraphs and who signed it."""

    heading: str | None
    paragraphs: tuple[str, ...]
    reporter: str | None
    from_list: bool = False  # one list item standing as a report of its own
    place_hint: str | None = None  # "Cardiff:" label, "… reported from Cardiff:" lead-in
    section: int = 0  # which marked-up section of the article it belongs to
    opened: bool = False  # its first paragraph tells of a happening at a place
    after_rule: bool = False  # its section began after an <hr> or a time stamp
    lead_in: bool = False  # a reader's report introduced by its writer ("Sam writes:")
    toured: bool = False  # opened by a round of visits moving on ("Over at St Pancras, …")


# ---------------------------------------------------------------- sign-offs and lead-ins


def _is_person_token_run(words: list[str]) -> bool:
    return bool(_ALL_CAPS_NAME.match(" ".join(words))) and all(w.isalpha() for w in words)


def _people_in(text: str) -> list[str]:
    """People a sign-off names: "Jane Doe and John Roe, Leeds"; "Andy Thomas, Bolton
    Unison and Robert Mitchell, Bolton SP"; "MICK SAXBY, Unison member"."""
    head = text.split(",")[0].strip()
    words = head.split()
    if 2 <= len(words) <= 3 and _is_person_token_run(words):
        return [head]
    people = names.person_names(text)
    if not people:
        return []
    rest = text[text.find(people[-1]) + len(people[-1]) :]
    for m in re.finditer(r"\band\s+(?P<p>[A-Z][\w'’-]+\s+[A-Z][\w'’-]+)", rest):
        more = names.person_names(m.group("p"))
        if more and more[0] not in people:
            people.append(more[0])
    return people


def signoff_reporter(text: str, *, closing: bool = False) -> str | None:
    """The reporter a sign-off line names, or None when the line is not a sign-off.

    "Name, Branch", "Name Branch Socialist Party" and "Name Town" give the person's name
    (two people joined by "and" are kept together), "– Dan" a first name; a sign-off that
    names no person is the reporter as written when it has a role word ("Socialist Party
    reporters", "A Walthamstow Labour Party member") or, when it ``closing`` a report (a
    heading, a rule or the end comes next), when it opens with a place ("Swansea
    Marxists"). A parenthesis ("(personal capacity)") is left out."""
    t = text.strip()
    if not t or len(t) > SIGNOFF_MAX_CHARS:
        return None
    dashed = t[:1] in "-–—"
    credit = _CREDIT_LINE.match(t)
    if credit:
        t = credit.group("thanked") or credit.group("sender")
    t = _SIGNOFF_PREFIX.sub("", t).strip()
    t = _PARENTHETICAL.sub("", t).rstrip(".").strip()
    if _COPYRIGHT.match(t):
        return None  # "Copyright Eastvale Campaigner", "© Valley Press 2016"
    if not t or _SENTENCE_PUNCT.search(t) or t.startswith("("):
        return None
    words = [w for w in t.replace(",", " , ").split() if w != ","]
    if not words or len(words) > SIGNOFF_MAX_WORDS:
        return None
    if dashed and len(words) == 1 and _SINGLE_NAME.match(words[0]):
        return words[0]  # "– Dan"
    people = _people_in(t)
    if people:
        rest = t[t.find(people[-1]) + len(people[-1]) :].strip()
        rest_words = [w for w in rest.replace(",", " ").split() if w]
        if (
            not rest
            or rest.startswith(",")
            or all(
                names.is_capitalised(w)
                or w.lower() in vocab.CONNECTORS
                or w.lower() in vocab.ROLE_WORDS
                for w in rest_words
            )
        ):
            return " and ".join(people)
        return None
    for w in words:
        bare = w.strip("()'’")
        if not bare:
            continue
        if names.is_capitalised(bare):
            continue
        if bare.lower() in vocab.CONNECTORS or bare.lower() in vocab.ROLE_WORDS:
            continue
        return None
    if any(w.lower() in vocab.ROLE_WORDS for w in words):
        return t
    if closing and len(words) >= 2:
        hits = places_in(t)
        if hits and hits[0].start == 0 and len(hits[0].name) < len(t):
            return t  # "Swansea Marxists", "London Socialist Appeal"
    return None


def lead_in(text: str, before_quote: bool = False) -> tuple[str, str, str | None] | None:
    """(reporter, rest of paragraph, where) for a paragraph that introduces a reader's
    report: "Clare Wilkins reported from Birmingham: …", "From Leeds, Sam writes:", or,
    before a blockquote, any lead-in ending in a colon that names its writer's visit
    ("Nick Evans visited two big picket lines in London:")."""
    for rx in (_LEAD_IN, _LEAD_IN_FROM):
        m = rx.match(text)
        if not m:
            continue
        who = m.group("who").strip()
        groups = m.groupdict()
        where = groups.get("where") or groups.get("where0")
        people = names.person_names(who)
        if people:
            return " and ".join(people), m.group("rest").strip(), where
        if rx is _LEAD_IN_FROM:
            return who, m.group("rest").strip(), where
        last = who.split()[-1]
        if _SINGLE_NAME.match(last) and gazetteer.lookup(last) is None:
            return last, m.group("rest").strip(), where  # "From Leeds, Sam writes:"
    if before_quote and text.rstrip().endswith(":") and len(text) <= 300:
        visit = _VISIT.search(text)
        if visit:
            for pm in _LEAD_PERSON.finditer(text, 0, visit.start()):
                toks = pm.group(0).split()
                if names.looks_like_person(toks) or (
                    toks[-1].isupper() and names.looks_like_person([toks[0], toks[0]])
                ):
                    return pm.group(0), "", text
    return None


def _dash_signoff(text: str) -> tuple[str, str] | None:
    """ "… in two hours. – Anne Hollis": (the text before, the reporter)."""
    m = _DASH_SIGNOFF.search(text)
    if not m:
        return None
    who = m.group("who")
    words = who.split()
    if len(words) == 1 or names.looks_like_person(words):
        return text[: m.start()].rstrip(), who
    anonymous = signoff_reporter(who, closing=True)  # "– Norwich Socialist Students"
    return (text[: m.start()].rstrip(), anonymous) if anonymous else None


def read_heading(text: str) -> tuple[str | None, str | None]:
    """(place hint, reporter) a heading gives: "Queen Mary University, London – Katherine
    Connelly" names both; "Cardiff: thousands in Bute Park" names the town."""
    parts = [p.strip() for p in _HEADING_SPLIT.split(text, maxsplit=1) if p.strip()]
    reporter: str | None = None
    where = text
    if len(parts) == 2:
        tail = parts[1].split()
        if 2 <= len(tail) <= 3 and names.looks_like_person(tail):
            reporter, where = parts[1], parts[0]
        else:
            where = parts[0]
    hits = [h for h in places_in(where) if h.embedded is None] or places_in(where)
    if len(parts) == 2 and hits:
        return where, reporter
    return (where if hits and reporter else None), reporter


def _label_of(block: Block) -> str | None:
    """The place a paragraph opens with as its label: "<b>Bristol:</b> The city's …",
    "birkenhead – about 25 of us …", "Edinburgh: a reader outside …"."""
    label = block.label.rstrip(" :–—-") if block.label else None
    if label is None:
        m = _LABEL.match(block.text)
        if not m:
            return None
        label = m.group("label")
    candidate = " ".join(w[:1].upper() + w[1:] for w in label.split())
    if len(candidate.split()) > 5:
        return None
    hits = places_in(candidate)
    if hits and hits[0].start == 0:
        return candidate
    return None


# ---------------------------------------------------------------- openings


@dataclass(frozen=True)
class Opening:
    """What a paragraph's first sentences tell: a happening at a place."""

    place: PlaceHit
    happening: Happening

    @property
    def event_type(self) -> str | None:
        return self.happening.event_type


@lru_cache(maxsize=4096)
def _first_sentences(text: str, n: int = OPENING_SENTENCES) -> str:
    """The first ``n`` sentences of a paragraph (cached per page: a paragraph's opening is
    read by the opening test, the summary test and the lead test)."""
    cut = len(text)
    for i, m in enumerate(_SENTENCE_END.finditer(text)):
        if i == n - 1:
            cut = m.start()
            break
    return text[:cut]


def opening(text: str, label: str | None = None, published: date | None = None) -> Opening | None:
    """The happening and place a paragraph opens with, or None for a paragraph that
    continues a report, gives context, or speaks of many places at once."""
    head = _first_sentences(text)
    first = _first_sentences(text, 1)
    report = plain_report(text)
    hits = [h for h in places_in(label)] if label else []
    hits += [
        h
        for h in places_in(text)
        if h.start < len(head) and not report.in_quote(h.start) and h.embedded != "origin"
    ]
    if not hits or is_summary(text, hits):
        return None
    found = tuple(h for h in paragraph_happenings(text, published) if h.start < len(head))
    usable: list[Happening] = []
    for n, h in enumerate(found):
        if not h.main or (h.plural and h.role == "noun"):
            continue  # "nine national demonstrations": a tally, not a report
        if h.role == "action" and n and found[n - 1].plural and h.start - found[n - 1].end < 40:
            continue  # "hundreds of local protests took place"
        usable.append(h)
    if usable:
        # the kind of event the opening names, if it names one ("shut down four petrol
        # stations … in protest"), else its first happening
        typed = [h for h in usable if h.event_type and h.role in ("noun", "verb")]
        return Opening(hits[0], (typed or usable)[0])
    vote = VOTING_BODY.search(first)
    if vote:  # "Brighton and Hove council voted through a budget on Thursday 3 March"
        return Opening(
            hits[0],
            Happening(
                vote.start(),
                vote.end(),
                vote.group(0),
                "meeting",
                "verb",
                False,
                False,
                False,
                False,
                False,
            ),
        )
    tour = _TOUR_OPENER.match(first)
    if tour and hits[0].start == tour.end() and not _FUTURE_TOUR.search(first):
        # "Over at St Pancras Station, the RMT rep explained: …": the round moves on
        return Opening(
            hits[0],
            Happening(
                0, tour.end(), tour.group(0), None, "tour", False, False, False, False, False
            ),
        )
    return None


# "across Yorkshire", "all over Merseyside": a county's or region's many places at once
# (but "across Leeds" is the one city).
_ACROSS = re.compile(
    r"\b(?:across|throughout|all over|around)\s+(?:the\s+)?(?P<area>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)"
)


def speaks_of_area(text: str) -> bool:
    """The first sentence speaks of a county or region at once ("Workers across Yorkshire
    struck on Monday"): in a roundup, the lead before the towns' reports."""
    first = _first_sentences(text, 1)
    for across in _ACROSS.finditer(first):
        area = gazetteer.lookup(across.group("area"))
        if area is not None and area.kind in ("county", "region"):
            return True
    return False


def is_summary(text: str, hits: list[PlaceHit] | None = None) -> bool:
    """A paragraph that speaks of many places at once ("staged rallies across Britain"):
    its first sentence says so before it names any one place ("There was also a
    demonstration in Glasgow, one of many held across the UK" is Glasgow's report)."""
    first = _first_sentences(text, 1)
    if _INTRO.search(first) and lead_in(first) is None:
        return True  # "Below are reports from Glasgow" (but "Jo Banks reports from Hull:")
    if _TALLY_OF_PLACES.search(first):
        return True  # "in 40 towns"
    # (each pattern below runs only on a sentence holding the words it must match)
    span = _FROM_TO.search(first) if "from" in first else None
    if span:
        ends = [gazetteer.lookup(span.group(g)) for g in ("a", "b")]
        if ends[0] and ends[1] and ends[0].km_to(ends[1]) > _FAR_KM:
            return True  # "from Cornwall to Scotland" (but "marched from Hull to Hessle")
    pair = _PLACE_PAIR.search(first) if " and " in first and "," in first else None
    if pair and all(gazetteer.lookup(pair.group(g)) for g in ("a", "b")):
        return True  # "In Sunderland and Bolton, young Muslims turned out …"
    listed = _PLACE_LIST.search(first) if "and" in first and "," in first else None
    if listed:
        named = {h.place.name for h in places_in(first) if listed.start() <= h.start < listed.end()}
        if len(named) >= 3:
            return True  # "protests in Durham, Bishop Auckland and Consett on Saturday"
    m = _SUMMARY.search(first)
    if m is None or first[max(0, m.start() - 5) : m.start()].lower().endswith("from "):
        return False  # "brought people from across the country onto the streets of Dublin"
    if hits is None:
        hits = places_in(first)
    return not hits or m.start() < hits[0].start


def _closes_reports(text: str, published: date | None) -> bool:
    """A paragraph that speaks of many places or only of what is to come."""
    if is_summary(text):
        return True
    if _CONTINUATION.match(text):
        return False  # "The occupiers … say they will stay": still the report
    found = [h for h in paragraph_happenings(text, published) if h.event_type]
    return bool(found) and all(h.future for h in found) and bool(places_in(text))


# A verb, then "the", just before an event word: the event is the verb's object ("told the
# protest", "joined the march"), one already told of.
_OBJECT_THE = re.compile(
    r"\b(?:told|addressed|joined|thanked|left|led|reached|heard|urged|greeted|cheered|"
    r"\w+ed)\s+the\s+$",
    re.I,
)


def _refers_back(text: str, op: Opening) -> bool:
    """ "NUS Wales officer Gethin Morgan told the protest that …": an event named with "the"
    and no place of its own after it is the one the report before told of."""
    h = op.happening
    m = _OBJECT_THE.search(text, 0, h.start)
    if h.role != "noun" or m is None:
        return False
    return not re.match(r"\s+(?:in|at|outside|on|near|from)\b", text[h.end :])


def _is_venue(hit: PlaceHit) -> bool:
    return hit.institution or hit.embedded == "venue"


def _same_report(a: Opening, b: Opening) -> bool:
    """Two openings tell of one report when they name one place (or one inside the other)
    and not two different kinds of event, nor a named institution after a bare town ("In
    London, … gathered" then "At the London School of Economics they took over …")."""
    pa, pb = a.place.place, b.place.place
    # one place, or a district of the city the report before named; not a district named
    # after its city ("… in central London", then "… in Holborn": another action)
    same_place = pa.name == pb.name or pb.contains(pa)
    if not same_place or (_is_venue(b.place) and not _is_venue(a.place)):
        return False
    return a.event_type is None or b.event_type is None or a.event_type == b.event_type


# ---------------------------------------------------------------- sections


@dataclass
class _Section:
    heading: str | None = None
    hint: str | None = None
    reporter: str | None = None  # from a sign-off: the last report's
    lead_reporter: str | None = None  # from a heading or a lead-in: the first report's
    lead_in: bool = False
    from_list: bool = False
    paras: list[str] = field(default_factory=list)
    labels: list[str | None] = field(default_factory=list)
    structured: bool = False  # opened by a heading, a lead-in or a label
    after_rule: bool = False


class _Splitter:
    def __init__(self) -> None:
        self.sections: list[_Section] = []
        self.cur = _Section()

    def close(self, reporter: str | None = None) -> None:
        cur = self.cur
        if reporter is not None:
            cur.reporter = reporter
        if cur.paras:
            self.sections.append(cur)
        self.cur = _Section()

    def open(
        self, heading: str | None = None, hint: str | None = None, reporter: str | None = None
    ) -> None:
        keep_heading = self.cur.heading if not self.cur.paras else None
        keep_hint = self.cur.hint if not self.cur.paras else None
        after_rule = self.cur.after_rule and not self.cur.paras
        self.close()
        self.cur.after_rule = after_rule
        self.cur.heading = heading if heading is not None else keep_heading
        self.cur.hint = hint or keep_hint
        self.cur.lead_reporter = reporter
        self.cur.structured = True

    def add(self, text: str, label: str | None = None) -> None:
        self.cur.paras.append(text)
        self.cur.labels.append(label)


def _group_sizes(blocks: list[Block]) -> dict[int, int]:
    sizes: dict[int, int] = {}
    for b in blocks:
        if b.group is not None and b.kind == "list_item":
            sizes[b.group] = sizes.get(b.group, 0) + len(b.text)
    return sizes


def _closing_at(content: list[Block], i: int) -> bool:
    """True when nothing but a heading, a rule, a new list item or the end follows block i."""
    nxt = content[i + 1] if i + 1 < len(content) else None
    if nxt is None or nxt.kind in ("heading", "rule", "timestamp"):
        return True
    here = content[i].group
    return nxt.group is not None and nxt.group != here


def _sections(blocks: tuple[Block, ...], title: str | None) -> list[_Section]:
    sp = _Splitter()
    content = [b for b in blocks if b.kind != "caption"]
    sizes = _group_sizes(content)
    title_key = (title or "").strip().lower()
    group: int | None = None
    for i, b in enumerate(content):
        kind, text = b.kind, b.text
        if kind in ("rule", "timestamp"):
            sp.close()
            sp.cur.after_rule = True
            group = None
            continue
        if b.group != group:
            if (
                b.group is not None
                and sizes.get(b.group, 0) >= LIST_REPORT_MIN_CHARS
                and (
                    len(" ".join(x.text for x in content if x.group == b.group).split())
                    >= LIST_REPORT_MIN_WORDS
                )
            ):
                sp.open()
                sp.cur.from_list = True
                sp.cur.structured = False
            elif group is not None and sizes.get(group, 0) >= LIST_REPORT_MIN_CHARS:
                sp.close()
            group = b.group
        if (
            kind in ("heading", "paragraph")
            and not sp.cur.paras
            and text.strip().lower() == title_key
        ):
            continue  # the article's title repeated at the top of the body
        closing = _closing_at(content, i)
        nxt = content[i + 1] if i + 1 < len(content) else None
        byline = _BY_LINE.match(text) if kind == "paragraph" and not sp.cur.paras else None
        if byline and sp.cur.heading is not None and names.person_names(byline.group("who")):
            # "by Chloe Barnes and Pat Doherty" under a report's heading names its reporter
            sp.cur.lead_reporter = " and ".join(names.person_names(byline.group("who")))
            continue
        if kind == "heading":
            led = lead_in(text, before_quote=nxt is not None and nxt.kind == "blockquote")
            if led is not None:  # a bold lead-in line: "Megan Price reported from Swansea:"
                sp.open(reporter=led[0], hint=led[2])
                sp.cur.lead_in = True
                sp.add(text)  # the lead-in is the report's first words
                continue
            if sp.cur.paras:
                signed = signoff_reporter(text, closing=closing)
                if signed and (names.person_names(text) or b.style == "italic" or closing):
                    sp.close(signed)
                    continue
            hint, reporter = read_heading(text)
            from_list = sp.cur.from_list and not sp.cur.paras
            sp.open(
                heading=text if sp.cur.paras or sp.cur.heading is None else sp.cur.heading,
                hint=hint,
                reporter=reporter,
            )
            sp.cur.from_list = from_list
            continue
        # paragraphs, list items, blockquotes
        if kind in ("paragraph", "list_item"):
            led = lead_in(text, before_quote=nxt is not None and nxt.kind == "blockquote")
            if led is not None:
                sp.open(reporter=led[0], hint=led[2])
                sp.cur.lead_in = True
                sp.add(text)  # the lead-in is the report's first words
                continue
        if kind in ("paragraph", "blockquote", "list_item") and sp.cur.paras:
            signed = signoff_reporter(
                text, closing=closing or b.hint == "signoff" or b.style == "italic"
            )
            if signed is not None:
                sp.close(signed)
                continue
        if (
            kind == "paragraph"
            and not sp.cur.paras
            and _heading_like(text)
            and nxt is not None
            and nxt.kind in ("paragraph", "blockquote")
            # a page that ends no paragraph with a full stop has no plain sub-heads
            and not (nxt.kind == "paragraph" and _heading_like(nxt.text))
            and (signoff_reporter(text) is None or not names.person_names(text))
        ):
            hint, reporter = read_heading(text)
            sp.open(heading=sp.cur.heading or text, hint=hint or sp.cur.hint, reporter=reporter)
            continue
        label = _label_of(b) if kind in ("paragraph", "list_item") else None
        if label is not None and kind == "paragraph" and sp.cur.paras:
            sp.open(hint=label)
        elif label is not None and not sp.cur.paras:
            sp.cur.hint = sp.cur.hint or label
            sp.cur.structured = True
        dashed = _dash_signoff(text)
        if dashed is not None:
            sp.add(dashed[0], label)
            sp.close(dashed[1])
            continue
        sp.add(text, label)
        if kind == "list_item" and sp.cur.from_list and closing and b.group is None:
            sp.close()
    sp.close()
    return sp.sections


# A sentence ending inside a line ("… on Monday. Jo Banks"): no heading reads so.
_SENTENCE_INSIDE = re.compile(r"[a-z0-9)’'\"”][.!?]\s+[A-Z]")


def _heading_like(text: str) -> bool:
    """A short line with no sentence punctuation at its end, nor a sentence inside it: a
    plain-paragraph sub-head."""
    return (
        len(text) <= HEADING_MAX_CHARS
        and text[-1:].isalnum()
        and len(text.split()) <= 16
        and text[:1].isupper()
        and not _SENTENCE_INSIDE.search(text)
    )


def trailing_signoff(paragraph: str) -> str | None:
    """A sign-off written on at the end of a report's last paragraph ("… hooted every car.
    Jo Banks, Calderdale SP"): the person it names, or None."""
    cut = max(paragraph.rfind(". "), paragraph.rfind("! "), paragraph.rfind("? "))
    tail = paragraph[cut + 2 :].strip() if cut >= 0 else ""
    if not tail or tail[-1:] in ".!?" or len(tail.split()) > 8:
        return None
    who = signoff_reporter(tail, closing=True)
    return who if who and names.person_names(tail) else None


def _divide(sec: _Section, index: int, published: date | None) -> list[Segment]:
    """A section's reports: a new one starts at each paragraph that opens with a happening
    at a place other than the current report's (running text, one paragraph per place)."""
    openings = [opening(p, lab, published) for p, lab in zip(sec.paras, sec.labels, strict=True)]
    parts: list[tuple[int, int]] = []
    start = 0
    current = openings[0]
    for j in range(1, len(sec.paras)):
        op = openings[j]
        if (
            op is None
            and current is not None
            and sec.reporter is None
            and _closes_reports(sec.paras[j], published)
        ):
            # a summary or an announcement after the reports ("Actions also took place in
            # more than 30 other towns", "The next step is a national demonstration on …")
            # is no part of the report before it
            parts.append((start, j))
            start = j
            current = None
            continue
        if op is None or (
            sec.labels[j] is None and current is not None and _CONTINUATION.match(sec.paras[j])
        ):
            continue
        if current is not None and (_same_report(current, op) or _refers_back(sec.paras[j], op)):
            continue
        introduced = current is None and not any(is_summary(p) for p in sec.paras[start:j])
        if introduced and any(
            h.place.name == op.place.place.name for p in sec.paras[start:j] for h in places_in(p)
        ):
            current = op  # the paragraphs before introduce this report ("… in Derby")
            continue
        if introduced and sec.structured:
            hint_hits = places_in(sec.hint) if sec.hint else []
            if not hint_hits or hint_hits[0].place.name == op.place.place.name:
                current = op
                continue
        parts.append((start, j))
        start = j
        current = op
    parts.append((start, len(sec.paras)))
    out: list[Segment] = []
    for n, (a, b) in enumerate(parts):
        first, last = n == 0, n == len(parts) - 1
        op = openings[a]
        out.append(
            Segment(
                heading=sec.heading if first else None,
                paragraphs=tuple(sec.paras[a:b]),
                reporter=(sec.lead_reporter if first else None) or (sec.reporter if last else None),
                from_list=sec.from_list,
                place_hint=(sec.hint if first else None) or sec.labels[a],
                section=index,
                opened=op is not None,
                after_rule=sec.after_rule and first,
                lead_in=sec.lead_in and first,
                toured=op is not None and op.happening.role == "tour",
            )
        )
    return out


def split_blocks(
    blocks: tuple[Block, ...], title: str | None = None, published: date | None = None
) -> list[Segment]:
    """The article's reports, in order (captions dropped, rules and sign-offs as breaks).
    ``published`` tells announcements and history from news in the openings."""
    out: list[Segment] = []
    for index, sec in enumerate(_sections(blocks, title)):
        out.extend(_divide(sec, index, published))
    return out
