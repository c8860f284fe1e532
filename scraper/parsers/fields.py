"""One small function per output field of an event, each reading a report's plain text.

They share :class:`Report` (the text split into sentences once, quoted speech located once)
and the normalisers, and never look at HTML: the splitter has already turned markup into
text, so the same rules serve every site.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from scraper.parsers import gazetteer, names
from scraper.parsers.normalise import (
    MONTHS,
    NUMBER,
    TENS,
    UNITS,
    WEEKDAYS,
    DateMention,
    find_dates,
    parse_money,
    parse_number,
)

# ------------------------------------------------------------------ the report's text


_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9£])")
_QUOTED = re.compile(r"“[^”]{0,600}”|\"[^\"]{0,600}\"|‘[^’]{3,300}’(?![a-z])")


_DIGIT_START = re.compile(r"(?<![\d,.])\d")
_TOKEN = re.compile(r"\w+")
_NUMBER_FIRST_WORDS = frozenset(UNITS) | frozenset(TENS)


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


@dataclass(frozen=True)
class Report:
    """A report's heading and text, with sentence and quotation spans computed once."""

    heading: str | None
    text: str

    @cached_property
    def sentences(self) -> tuple[tuple[int, int], ...]:
        spans: list[tuple[int, int]] = []
        start = 0
        for m in _SENTENCE_END.finditer(self.text):
            spans.append((start, m.start()))
            start = m.end()
        spans.append((start, len(self.text)))
        return tuple(spans)

    @cached_property
    def quotes(self) -> tuple[tuple[int, int], ...]:
        return tuple((m.start(), m.end()) for m in _QUOTED.finditer(self.text))

    @cached_property
    def lower(self) -> str:
        return self.text.lower()

    @cached_property
    def words(self) -> frozenset[str]:
        """The set of the text's lower-cased words (runs of word characters): one cheap
        tokenisation that tells every word-keyed rule whether its words occur at all."""
        return frozenset(_TOKEN.findall(self.lower))

    def word_starts(self, word: str) -> list[int]:
        """Offsets where ``word`` (lower-case; may hold spaces) stands as whole words."""
        low = self.lower
        n = len(word)
        out: list[int] = []
        i = low.find(word)
        while i >= 0:
            end = i + n
            if (i == 0 or not _is_word_char(low[i - 1])) and (
                end >= len(low) or not _is_word_char(low[end])
            ):
                out.append(i)
            i = low.find(word, i + 1)
        return out

    @cached_property
    def number_starts(self) -> tuple[int, ...]:
        """Where a number (digits or words) starts: the anchors every count rule matches
        from, found with cheap scans so the costly patterns run only at these offsets."""
        starts = [m.start() for m in _DIGIT_START.finditer(self.text)]
        for w in self.words & _NUMBER_FIRST_WORDS:
            starts.extend(self.word_starts(w))
        if "hundred" in self.words or "thousand" in self.words:
            starts.extend(self.word_starts("a hundred") + self.word_starts("a thousand"))
        return tuple(sorted(starts))

    def in_quote(self, pos: int) -> bool:
        return any(a < pos < b for a, b in self.quotes)

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [a for a, _ in self.sentences]

    def sentence_at(self, pos: int) -> tuple[int, int]:
        i = bisect.bisect_right(self._sentence_starts, max(pos, 0)) - 1
        return self.sentences[max(i, 0)]

    def sentence_text(self, pos: int) -> str:
        a, b = self.sentence_at(pos)
        return self.text[a:b]


# ------------------------------------------------------------------ event type

EVENT_NOUNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("rally", re.compile(r"\bral(?:ly|lies|lied)\b", re.I)),
    ("meeting", re.compile(r"\b(?:meetings?|hustings|AGM)\b")),
    ("demonstration", re.compile(r"\b(?:demonstrations?|demos?|demonstrators)\b", re.I)),
    ("march", re.compile(r"\b(?:march(?:es|ed|ers|ing)?)\b")),
    ("picket", re.compile(r"\bpicket(?:s|ed|ing|\s+lines?)?\b", re.I)),
    ("strike", re.compile(r"\b(?:strikes?|striking|strikers|walk-?outs?|walked out)\b", re.I)),
    ("protest", re.compile(r"\b(?:protest(?:s|ed|ers|ors|ing)?)\b", re.I)),
    ("stall", re.compile(r"\bstalls?\b", re.I)),
    ("vigil", re.compile(r"\bvigils?\b", re.I)),
    ("occupation", re.compile(r"\b(?:occupation|occupied|sit-in)\b", re.I)),
    ("conference", re.compile(r"\bconferences?\b", re.I)),
)
# A branch or constituency party voting is a meeting even when the word is not used.
_VOTING_BODY = re.compile(r"\b(?:CLP|branch|ward|committee)\s+(?:voted|backed|nominated)\b")


@dataclass(frozen=True)
class NounHit:
    event_type: str
    start: int
    weight: int
    word: str = ""

    @property
    def singular(self) -> bool:
        """ "a demonstration", not "nine demonstrations": one event, not a tally."""
        w = self.word.lower()
        return not w.endswith("s") or w in ("hustings", "pickets", "strikers")


# EVENT_NOUNS as word look-ups (a report is tokenised once; a dict look-up per word is far
# cheaper than scanning the text with a dozen alternatives). Case-sensitive words: "March"
# is a month and "Meeting" opens titles, so only the lower-case forms (and "AGM") count.
_EXACT_EVENT_WORDS: dict[str, str] = {
    **{w: "meeting" for w in ("meeting", "meetings", "hustings", "AGM")},
    **{w: "march" for w in ("march", "marches", "marched", "marchers", "marching")},
}
_EVENT_WORDS: dict[str, str] = {
    **{w: "rally" for w in ("rally", "rallies", "rallied")},
    **{w: "demonstration" for w in ("demonstration", "demonstrations", "demo", "demos")},
    "demonstrators": "demonstration",
    **{w: "picket" for w in ("picket", "pickets", "picketed", "picketing")},
    **{w: "strike" for w in ("strike", "strikes", "striking", "strikers", "walkout", "walkouts")},
    **{w: "protest" for w in ("protest", "protests", "protested", "protesters", "protestors")},
    "protesting": "protest",
    **{w: "stall" for w in ("stall", "stalls")},
    **{w: "vigil" for w in ("vigil", "vigils")},
    **{w: "occupation" for w in ("occupation", "occupied")},
    **{w: "conference" for w in ("conference", "conferences")},
}
# Words that count only with what follows them: "walk-out(s)", "walked out", "sit-in".
_FOLLOWED_EVENT_WORDS: dict[str, tuple[str, re.Pattern[str]]] = {
    "walk": ("strike", re.compile(r"-outs?\b", re.I)),
    "walked": ("strike", re.compile(r" out\b", re.I)),
    "sit": ("occupation", re.compile(r"-in\b", re.I)),
}
_PICKET_LINE = re.compile(r"\s+lines?\b", re.I)
_EVENT_KEYS = frozenset(
    {w.lower() for w in _EXACT_EVENT_WORDS} | set(_EVENT_WORDS) | set(_FOLLOWED_EVENT_WORDS)
)
# Words for the people taking part: they say who came, and weigh less than the word for the
# event itself in the same sentence ("200 strikers held a rally" was a rally).
_PARTICIPANT_WORDS = frozenset(
    {"striking", "strikers", "marchers", "protesters", "protestors", "demonstrators"}
)


def _event_word(text: str, start: int, tok: str) -> tuple[str, str] | None:
    """(event type, word as written) for the token ``tok`` at ``start``, or None. Same
    matches as :data:`EVENT_NOUNS`, looked up by word instead of scanned for."""
    etype = _EXACT_EVENT_WORDS.get(tok)
    if etype is None:
        low = tok.lower()
        etype = _EVENT_WORDS.get(low)
        if etype is None:
            follow = _FOLLOWED_EVENT_WORDS.get(low)
            if follow is None:
                return None
            m = follow[1].match(text, start + len(tok))
            if m is None:
                return None
            return follow[0], tok + m.group(0)
    if etype == "picket":
        m = _PICKET_LINE.match(text, start + len(tok)) if tok.lower() == "picket" else None
        if m is not None:
            return etype, tok + m.group(0)
    return etype, tok


def _noun_hits(report: Report) -> list[NounHit]:
    """Event words of the report's text in order (weight to be set by the caller); only the
    event words that occur at all are searched for."""
    hits: list[NounHit] = []
    text = report.text
    for low in report.words & _EVENT_KEYS:
        for start in report.word_starts(low):
            found = _event_word(text, start, text[start : start + len(low)])
            if found is not None:
                hits.append(NounHit(found[0], start, 1, found[1]))
    hits.sort(key=lambda h: h.start)
    return hits


def event_nouns(report: Report, key_positions: tuple[int, ...]) -> list[NounHit]:
    """Every event word outside quoted speech, weighted: in the heading 3, in a sentence
    that also gives the date or the attendance 3, otherwise 1. One pass over the report's
    tokens."""
    key_sentences = {report.sentence_at(p) for p in key_positions}
    hits: list[NounHit] = []
    if report.heading:
        for h in _noun_hits(Report(None, report.heading)):
            hits.append(NounHit(h.event_type, -1, 3, h.word))
    for h in _noun_hits(report):
        if report.in_quote(h.start):
            continue
        weight = 3 if report.sentence_at(h.start) in key_sentences else 1
        if h.word.lower() in _PARTICIPANT_WORDS:
            weight = 1  # who was there ("strikers held a rally"), not what they held
        hits.append(NounHit(h.event_type, h.start, weight, h.word))
    return hits


def event_type(hits: list[NounHit], report: Report) -> str:
    """The kind of event with most weight; ties go to the one named first."""
    if not hits:
        return "meeting" if _VOTING_BODY.search(report.text) else "other"
    score: dict[str, int] = {}
    first: dict[str, int] = {}
    for h in hits:
        score[h.event_type] = score.get(h.event_type, 0) + h.weight
        first[h.event_type] = min(first.get(h.event_type, h.start), h.start)
    return min(score, key=lambda t: (-score[t], first[t], t))


# ------------------------------------------------------------------ attendance

QUALIFIER = (
    r"(?:(?:well |just |a little |slightly )?(?:over|under|more than|fewer than|less than)"
    r"|around|about|roughly|some|nearly|almost|up to|at least|approximately|approx\.?"
    r"|an estimated|estimated|close to|upwards of|in excess of|as many as|at most|over)"
)
PEOPLE_NOUNS = (
    r"(?:people|persons|of us|protesters|protestors|demonstrators|marchers|campaigners"
    r"|activists|workers|strikers|pickets|trade[- ]unionists|unionists|students|pupils|parents"
    r"|residents|supporters|members|nurses|teachers|doctors|tenants|socialists|comrades"
    r"|colleagues|locals|women|men|young people|delegates|participants|attendees|mourners"
    r"|families|pensioners|youth|others|staff|anti-racists|anti-fascists|antiracists|drivers|cleaners|porters|carers|lecturers"
    r"|postal workers|firefighters|midwives|junior doctors|councillors|people from)"
)
_MODIFIER = r"(?:[A-Za-z][\w'’-]*\s+){0,3}?"
# Matched at a number's offset (see Report.number_starts); the qualifier is looked for
# just before it.
_ATTEND_PEOPLE = re.compile(
    rf"(?P<n>{NUMBER})(?:\s*(?:-|–|to|and)\s*(?P<n2>{NUMBER}))?\s+{_MODIFIER}"
    rf"(?P<noun>{PEOPLE_NOUNS})\b",
    re.I,
)
_ATTEND_OF = re.compile(rf"(?P<n>{NUMBER})\s+of\s+(?:the|those)\b", re.I)
# The words after "60 of the": the group counted ("90-strong workforce", "estate's tenants",
# "those present"). Read word by word so the phrase ends at its head noun, not mid-phrase
# ("Around 60 of the") nor at the sentence's end.
_OF_WORD = re.compile(r"\s+(?P<w>[^\W_][\w'’-]*)")
_OF_STOP = re.compile(
    r"(?:at|on|in|to|from|for|with|by|outside|inside|into|onto|across|through|near|who|that"
    r"|which|whom|whose|where|when|and|or|but|as|than|were|was|are|is|had|have|has|been|be"
    r"|did|do|will|would|could|also|all|still|then|there|here|not|never|the|a|an|this|these"
    r"|those|their|our|its|his|her|they|we|them|us|of|out|up|down|off)",
    re.I,
)
# A past-tense or adverb ending after the first word is the clause's verb ("workforce
# walked out", "tenants quickly signed"), not part of the noun phrase.
_OF_VERBISH = re.compile(r"[a-z]+(?:ed|ly)", re.I)
_OF_MAX_WORDS = 4
_ATTEND_STRONG = re.compile(
    rf"(?P<n>{NUMBER})(?:[- ]strong\b(?!\s+(?:workforce|staff|union|membership))|\s+(?:on|at|joined|outside)\s+the\s+(?:picket|rally|march"
    rf"|demo|demonstration|protest|vigil|meeting|stall|lobby|occupation)\b)",
    re.I,
)
_ATTEND_VERB = re.compile(
    rf"(?P<n>{NUMBER})\s+(?:attended|turned out|turned up|came|joined"
    rf"|took part|marched|gathered|were there|were present|showed up|rallied|protested)\b",
    re.I,
)
_QUALIFIER_BEFORE = re.compile(rf"\b(?:{QUALIFIER})\s+(?:between\s+)?$", re.I)
_BETWEEN_BEFORE = re.compile(r"\bbetween\s+$", re.I)
_CROWD_BEFORE = re.compile(
    rf"\b(?:crowd|audience|turnout|attendance|gathering|contingent|march|demo|rally|picket"
    rf"|protest|meeting|vigil)\s+of\s+(?:(?:{QUALIFIER})\s+)?$",
    re.I,
)
_PRESENCE = re.compile(
    r"\b(?:attend(?:ed|ing|ance)?|turn(?:ed)? (?:out|up)|turnout|took part|taking part|joined"
    r"|joining|gathered|marched|rallied|came|come|were there|were present|present|packed"
    r"|crammed|filled|listened|heard|showed up|assembled|braved|stood|protested|demonstrated"
    r"|picketed|lobbied|lined|descended|poured|thronged|squeezed|addressed|there were"
    r"|at the (?:rally|meeting|demo|demonstration|protest|picket|vigil|march|event|conference)"
    r"|crowd|audience)\b",
    re.I,
)
# Counts that are not people present on our side.
_NOT_ATTENDANCE = re.compile(
    r"\b(?:recruit\w*|signed up|signed|signatures|petition|workforce|employ\w*|jobs|redundan\w*"
    r"|ballot\w*|voted|votes|vote|face|threatened|laid off|sacked|on strike for"
    r"|joined the (?:socialist )?(?:party|union|tusc)|counter-\w+|(?<!anti-)fascists|EDL|BNP|police"
    r"|officers|(?<!anti-)racists|far[- ]right)\b",
    re.I,
)


@dataclass(frozen=True)
class Attendance:
    count: int
    text: str
    start: int


def _count_of(m: re.Match[str], group: str = "n") -> int | None:
    raw = m.group(group)
    return parse_number(raw) if raw else None


def _qualified_start(before: str, pos: int) -> int:
    """Where a count's phrase starts: at its qualifier ("over", "between") when one stands
    just before the number at ``pos`` (``before`` is the text up to it)."""
    q = _QUALIFIER_BEFORE.search(before) or _BETWEEN_BEFORE.search(before)
    return pos - (len(before) - q.start()) if q else pos


def _of_phrase_end(text: str, pos: int) -> int:
    """Where "60 of the ..." (matched up to "the" at ``pos``) ends: after the counted
    group's head noun, so the phrase reads whole ("Around 60 of the 90-strong workforce")
    and stops before the verb or the rest of the sentence; ``pos`` when no word follows."""
    end = pos
    for i in range(_OF_MAX_WORDS):
        w = _OF_WORD.match(text, end)
        if not w:
            break
        word = w.group("w")
        if _OF_STOP.fullmatch(word):
            break
        if i and (_PRESENCE.fullmatch(word) or _OF_VERBISH.fullmatch(word)):
            break
        end = w.end()
    return end


def attendance(report: Report) -> Attendance | None:
    """The best figure for people present on our side, or None (vague words give None)."""
    text = report.text
    candidates: list[tuple[int, int, Attendance]] = []  # (score, order, value)

    def add(start: int, m: re.Match[str], score: int, direct: bool, end: int = -1) -> None:
        if _NOT_A_HEADCOUNT.match(text, m.end("n")):
            return
        count = parse_number(m.group("n"))
        if count is None or count <= 0 or count >= 5_000_000:
            return
        if report.in_quote(start):
            return
        sentence = report.sentence_text(start)
        after = text[m.end() : m.end() + 40]
        clause = text[max(0, start - 30) : m.end() + 25]
        if not direct and _NOT_ATTENDANCE.search(clause) and not _PRESENCE.match(after.strip()):
            return
        if _NOT_ATTENDANCE.search(m.group(0)):
            return
        if _PRESENCE.search(sentence):
            score += 2
        phrase = text[start : max(end, m.end())].strip()
        candidates.append((score, start, Attendance(count, phrase, start)))

    for pos in report.number_starts:
        before = text[max(0, pos - 40) : pos]
        if before.endswith(("£", "$")) or _NOT_BEFORE_NUMBER.search(before):
            continue
        # The patterns before the number are looked for only once a count follows (most
        # numbers in a report are no headcount).
        m = _ATTEND_PEOPLE.match(text, pos)
        if m:
            noun = m.group("noun").lower()
            base = 1 if noun in ("people", "of us", "young people") else 0
            add(_qualified_start(before, pos), m, base, direct=False)
            continue
        m = _ATTEND_STRONG.match(text, pos) or _ATTEND_VERB.match(text, pos)
        if m:
            add(_qualified_start(before, pos), m, 1, direct=True)
            continue
        m = _ATTEND_OF.match(text, pos)
        if m and _PRESENCE.search(report.sentence_text(pos)):
            end = _of_phrase_end(text, m.end())
            add(_qualified_start(before, pos), m, 0, direct=True, end=end)
            continue
        crowd = _CROWD_BEFORE.search(before)
        if crowd:
            m = _NUMBER_AT.match(text, pos)
            if m and not text.startswith(("%", " per"), m.end()):
                add(pos - (len(before) - crowd.start()), m, 2, direct=True)
    if not candidates:
        return None
    best = min(candidates, key=lambda c: (-c[0], c[1]))
    return best[2]


_NOT_A_HEADCOUNT = re.compile(
    r"\s+(?:in|out of)\s+(?:every\s+)?(?:\d+|two|three|four|five|six|seven|eight|nine|ten)\b"
    r"|\s*(?:%|per\s*cent|percent|million|billion|bn\b|m\b|k\b|years?\b|-year|hours?\b"
    r"|minutes?\b|days?\b|weeks?\b|months?\b)",
    re.I,
)
_NUMBER_AT = re.compile(rf"(?P<n>{NUMBER})", re.I)
_NOT_BEFORE_NUMBER = re.compile(
    r"\b(?:one|\d+)\s+in\s+(?:every\s+)?$|\bout\s+of\s+$|\b(?:aged|age|ages)\b[^.]{0,16}$|\b(?:year|years|hour|hours)\s*$",
    re.I,
)


# ------------------------------------------------------------------ votes, papers, money

_NUM = rf"(?P<a>{NUMBER})"
_NUM2 = rf"(?P<b>{NUMBER})"
# For/against counts, in order of trust: (letters the match cannot do without, lower-cased:
# a cheap gate, free of i, s and k, which re.I also matches as ı, İ, ſ and the Kelvin sign;
# what must stand just before the first count or None for a word boundary,
# the pattern from the first count on). Anchored at the report's number offsets instead of
# scanning the text: "by 94 to 33", "94 votes to 33", "voted 94-33", "94 for and 33 against".
_VOTE_FOR_AGAINST: tuple[tuple[str, re.Pattern[str] | None, re.Pattern[str]], ...] = (
    (
        "by",
        re.compile(r"\bby\s+$", re.I),
        re.compile(rf"{_NUM}\s+(?:votes?\s+)?(?:to|-|–)\s+{_NUM2}\b", re.I),
    ),
    ("vote", None, re.compile(rf"{_NUM}\s+votes?\s+to\s+{_NUM2}\b", re.I)),
    (
        "vot",
        re.compile(r"\bvot(?:ed|e|ing)\s+$", re.I),
        re.compile(rf"{_NUM}\s*(?:-|–|to)\s*{_NUM2}\b", re.I),
    ),
    (
        "aga",  # against
        None,
        re.compile(
            rf"{_NUM}\s+(?:votes\s+)?(?:in favour|for)\s*(?:,|and|with|to)?\s*{_NUM2}"
            rf"\s+(?:votes\s+)?against\b",
            re.I,
        ),
    ),
)
_CAND = r"(?P<who>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2})"
_VOTES_FOR_NAME = re.compile(
    rf"\b{_NUM}\s+(?:votes?|nominations?)\s+(?:were\s+cast\s+|went\s+)?(?:for|to)\s+{_CAND}"
)
_VOTES_HIS = re.compile(
    rf"\b{_NUM}\s+votes?\s+(?:were\s+cast\s+|went\s+)?in\s+(?:his|her|their)\s+favour"
)
# "X, a bus driver, won 118 votes to Peter Vance's 64": the first count is the subject's.
_VOTES_WON = re.compile(
    rf"\b(?:won|got|received|polled|took|secured)\s+{_NUM}\s+votes?\s+to\s+{_CAND}['’]s\s+{_NUM2}\b"
)
_VOTES_WENT = re.compile(
    rf"\b(?:the\s+)?(?:remaining|other|rest|another)?\s*{_NUM}\s+(?:votes\s+)?went\s+to\s+{_CAND}"
)
_VOTES_NAME_NUM = re.compile(
    r"\b(?P<w1>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)\s+(?P<a>\d+)\s*(?:,|and|to|-|–|/)\s*"
    r"(?P<w2>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)\s+(?P<b>\d+)\b"
)
_LAST_NAME_BEFORE = re.compile(r"\b([A-Z][a-z'’]+(?:\s+[A-Z][a-z'’]+)?)\b")
_NOT_LABEL = frozenset({"The", "A", "An", "It", "He", "She", "They", "We", "This", "That"})


def _label_before(text: str, pos: int) -> str | None:
    """The nearest proper name before ``pos`` that does not open a sentence (who "his
    favour" refers to)."""
    found = None
    for m in _LAST_NAME_BEFORE.finditer(text, 0, pos):
        before = text[: m.start()].rstrip()
        if not before or before[-1] in '.!?“"':
            continue
        if m.group(1) in _NOT_LABEL or names.is_org_word(m.group(1).split()[-1]):
            continue
        found = m.group(1)
    return found


def _subject_before(report: Report, pos: int) -> str | None:
    """The first person named in the sentence before ``pos`` (who "won 118 votes")."""
    start = report.sentence_at(pos)[0]
    for m in names.PERSON_RE.finditer(report.text, start, pos):
        if names.looks_like_person(m.group(0).split()):
            return m.group(0)
    return None


def votes(report: Report) -> dict[str, int] | None:
    """Vote counts as label -> count: "by 94 to 33" gives for/against; counts for named
    candidates keep their names as written."""
    text = report.text
    low = report.lower
    if "vot" not in low and "favour" not in low and "against" not in low and "went to" not in low:
        return None
    for needed, before_rx, rx in _VOTE_FOR_AGAINST:
        m = None
        if needed not in low:
            continue
        for pos in report.number_starts:
            if before_rx is None:
                if pos > 0 and _is_word_char(text[pos - 1]):
                    continue
            elif not before_rx.search(text, max(0, pos - 40), pos):
                continue
            m = rx.match(text, pos)
            if m:
                break
        if m:
            a, b = parse_number(m.group("a")), parse_number(m.group("b"))
            if a is not None and b is not None:
                return {"for": a, "against": b}
    named: list[tuple[int, str, int]] = []
    # The named-count patterns scan the whole text; each runs only where the words it cannot
    # match without are there (they are case-sensitive, so the text as written).
    for m in _VOTES_WON.finditer(text) if "vote" in text else ():
        a, b = parse_number(m.group("a")), parse_number(m.group("b"))
        who = _subject_before(report, m.start())
        if who and a is not None and b is not None:
            named.append((m.start(), who, a))
            named.append((m.start() + 1, m.group("who"), b))
    if named:
        return {who: n for _, who, n in named}
    for m in _VOTES_HIS.finditer(text) if "vote" in text and "favour" in text else ():
        who = _label_before(text, m.start())
        n = parse_number(m.group("a"))
        if who and n is not None:
            named.append((m.start(), who, n))
    scans: list[re.Pattern[str]] = []
    if "vote" in text or "nomination" in text:
        scans.append(_VOTES_FOR_NAME)
    if "went" in text:
        scans.append(_VOTES_WENT)
    for rx in scans:
        for m in rx.finditer(text):
            n = parse_number(m.group("a"))
            who = m.group("who")
            if n is not None and who.split()[0] not in _NOT_LABEL:
                named.append((m.start(), who, n))
    if not named:
        for m in _VOTES_NAME_NUM.finditer(text):
            if "vot" not in report.sentence_text(m.start()).lower():
                continue
            named.append((m.start(), m.group("w1"), int(m.group("a"))))
            named.append((m.start() + 1, m.group("w2"), int(m.group("b"))))
    if not named:
        return None
    out: dict[str, int] = {}
    for _, who, n in sorted(named):
        out.setdefault(who, n)
    return out


_PAPERS = re.compile(rf"(?P<n>{NUMBER})\s+(?:copies|papers|issues)\b", re.I)
_SOLD = re.compile(r"\b(?:sold|sell|selling|sales?)\b", re.I)


def papers_sold(report: Report) -> int | None:
    """Copies of the paper sold ("We sold 80 copies of the Socialist")."""
    low = report.lower
    if "cop" not in low and "paper" not in low and "issues" not in low:
        return None
    for pos in report.number_starts:
        m = _PAPERS.match(report.text, pos)
        if m and _SOLD.search(report.sentence_text(pos)):
            n = parse_number(m.group("n"))
            if n is not None:
                return n
    return None


_MONEY = re.compile(r"£\s?(?P<v>\d[\d,]*(?:\.\d+)?\s*(?:k\b|m\b)?)", re.I)
_RAISED = re.compile(
    r"\b(?:raised|raising|collected|collection|donated|donations?|fighting fund|whip-?round"
    r"|bucket|appeal|towards)\b",
    re.I,
)
_NOT_RAISED = re.compile(
    r"\b(?:an hour|a week|per hour|per week|a year|wage|pay|salary|cuts?)\b", re.I
)


def money_raised(report: Report) -> float | None:
    """Pounds raised at the event (never wages, cuts or budgets)."""
    if "£" not in report.text:
        return None
    for m in _MONEY.finditer(report.text):
        sentence = report.sentence_text(m.start())
        near = report.text[m.end() : m.end() + 20]
        if _RAISED.search(sentence) and not _NOT_RAISED.match(near.strip()):
            return parse_money(m.group("v"))
    return None


# ------------------------------------------------------------------ dates


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


# ------------------------------------------------------------------ place and venue

_CAP_RUN = re.compile(
    r"(?<![\w'’-])[A-Z][\w'’]*(?:-[\w'’]+)*(?:\s+(?:upon|on|under|le|de|[A-Z][\w'’]*(?:-[\w'’]+)*))*"
)
_COMPASS = frozenset(
    {
        "North",
        "South",
        "East",
        "West",
        "North-west",
        "North-West",
        "North-east",
        "North-East",
        "South-west",
        "South-West",
        "South-east",
        "South-East",
        "Central",
        "Greater",
        "Inner",
        "Outer",
        "Mid",
    }
)
_RUN_OPENERS = frozenset(
    {
        "In",
        "At",
        "On",
        "From",
        "To",
        "The",
        "A",
        "And",
        "But",
        "Outside",
        "Across",
        "Near",
        "By",
        "Around",
        "Inside",
        "Through",
        "With",
        "For",
        "Of",
        "As",
        "While",
        "When",
        "After",
        "Before",
        "Since",
        "Last",
        "This",
        "Next",
        "Every",
        "Both",
        "Over",
        "Meanwhile",
        "Elsewhere",
        "Back",
    }
)
_LOCATIVE = re.compile(
    r"\b(?:in|at|outside|near|across|around|through|into|inside|of)\s+(?:the\s+)?(?:(?:north|south|east|west|central|north-west|north-east|south-west|south-east)\s+)?$",
    re.I,
)
_CONSTITUENCY_NEXT = re.compile(
    r"^\s+(?:CLP|Labour|constituency|Constituency|Momentum|Socialist|Trades|TUC)\b"
)


@dataclass(frozen=True)
class PlaceHit:
    place: gazetteer.Place
    name: str
    start: int
    locative: bool
    key: bool
    heading: bool


def _place_hits(
    text: str, report: Report | None, key_sentences: set[tuple[int, int]], heading: bool
) -> list[PlaceHit]:
    hits: list[PlaceHit] = []
    firsts = gazetteer.first_words()
    for run in _CAP_RUN.finditer(text):
        words = run.group(0).split()
        i = 0
        while i < len(words) and (words[i] in _COMPASS or words[i] in _RUN_OPENERS):
            i += 1
        if (
            i < len(words) - 1
            and words[i].endswith(("’s", "'s"))
            and gazetteer.lookup(words[i][:-2]) is None
        ):
            i += 1  # "Unison's Leicester city branch": the owner is not the place
        if i >= len(words) or (words[i].rstrip("'’s") not in firsts and words[i] not in firsts):
            continue
        found: tuple[str, int] | None = None
        for n in range(min(gazetteer.max_words(), len(words) - i), 0, -1):
            name = " ".join(words[i : i + n])
            for cand in (name, _POSSESSIVE_END.sub("", name)):
                if gazetteer.lookup(cand) is not None:
                    found = (cand, n)
                    break
            if found:
                break
        if not found:
            continue
        start = run.start()
        for w in words[:i]:  # the offset of word i in the run
            start = text.index(w, start) + len(w)
        start = text.index(words[i], start)
        before = text[max(0, start - 40) : start]
        locative = bool(_LOCATIVE.search(before))
        sentence_start = not before.strip() or before.rstrip()[-1] in '.!?“"‘'
        place = gazetteer.lookup(found[0])
        assert place is not None
        if sentence_start and not locative and place.population < 20_000:
            continue
        if not locative and place.population < 2_000 and not heading:
            continue
        key = report is not None and report.sentence_at(start) in key_sentences
        hits.append(PlaceHit(place, found[0], start, locative, key, heading))
    return hits


_AND_NAME = re.compile(r"[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?")
_POSSESSIVE_END = re.compile(r"['’]s$")


def _and_name_after(src: str, name: str) -> re.Match[str] | None:
    """The capitalised name in the first "<name> and <Name>" of ``src`` (name at a word
    start), found with plain string search rather than a pattern compiled per name."""
    needle = name + " and "
    i = src.find(needle)
    while i >= 0:
        if i == 0 or not (src[i - 1].isalnum() or src[i - 1] == "_"):
            m = _AND_NAME.match(src, i + len(needle))
            if m is not None:
                return m
        i = src.find(needle, i + 1)
    return None


def place(report: Report, key_positions: tuple[int, ...], hint: str | None = None) -> str | None:
    """Where it happened: the most specific place named, preferring places the key sentence
    names after "in"/"at"; a city around a named district gives way to the district; two
    places joined by "and" before a party or constituency word ("Leyton and Wanstead CLP")
    are one constituency and are kept together."""
    if hint is not None:
        # "Clare Wilkins reported from Birmingham:": the reporter said where
        for cand in _place_hits(hint, None, set(), heading=True):
            return cand.name
    key_sentences = {report.sentence_at(p) for p in key_positions}
    hits = _place_hits(report.text, report, key_sentences, heading=False)
    if report.heading:
        hits = _place_hits(report.heading, None, set(), heading=True) + hits
    if not hits:
        return None
    # constituency names: "X and Y" followed by CLP/Labour/...
    for src in ([report.heading] if report.heading else []) + [report.text]:
        for a in hits:
            m = _and_name_after(src, a.name)
            if m and gazetteer.lookup(m.group(0)) is not None:
                rest = src[m.end() :]
                if _CONSTITUENCY_NEXT.match(rest) or (src is report.heading and not rest.strip()):
                    return f"{a.name} and {m.group(0)}"
    distinct = {h.place.name: h.place for h in hits}
    contained = {n for n, p in distinct.items() if any(p.contains(q) for q in distinct.values())}
    pool = [h for h in hits if h.place.name not in contained] or hits
    best = min(
        pool,
        key=lambda h: (-(2 * h.key + 2 * h.locative + h.heading), h.start if not h.heading else -1),
    )
    return best.name


_VENUE_WORDS = (
    r"(?:Hall|Centre|Center|Church|Chapel|Hotel|Pub|Inn|Arms|Library|House|Square|Park|Street"
    r"|Road|Lane|Avenue|Theatre|Club|Institute|Building|Station|Hospital|School|College"
    r"|University|Gardens|Green|Common|Rooms|Room|Tavern|Bar|Cafe|Café|Bridge|Place|Way"
    r"|Market|Plaza|Court|Works|Depot|Factory|Gates?|Cathedral|Mosque|Temple|Stadium|Ground"
    r"|Arena|Forum|Quay|Embankment|Parade|Crescent|Terrace|Row|Circus|Cross|Office|Offices"
    r"|Headquarters|HQ|Walk|Precinct|Mall|Exchange|Baths|Pavilion|Lodge|Studios?|Barracks"
    r"|Minster|Abbey|Cenotaph|Memorial|Monument)"
)
_VENUE = re.compile(
    rf"\b(?:in|at|inside|outside|on|to|from|of|near|opposite)\s+(?:the\s+)?"
    rf"(?P<v>(?:[A-Z][\w'’&.-]*\s+(?:(?:of|the|and|on|upon|&)\s+)?){{1,4}}{_VENUE_WORDS})\b"
)


_VENUE_THE = re.compile(
    r"\b(?:outside|at|inside|in front of|opposite|on the steps of|into|in)\s+the\s+"
    r"(?P<v>[A-Z][\w'’]+(?:\s+[A-Z][\w'’]+){0,2})\b"
)
_VENUE_COMMON = re.compile(
    r"\b(?P<v>[A-Z][\w'’]+(?:\s+[A-Z][\w'’]+)?\s+(?:library|children['’]s centre|town hall"
    r"|civic centre|community centre|leisure centre|bus station|railway station|station"
    r"|jobcentre|hospital|fire station|health centre|high street|market square|park))\b"
)


# A named spot inside a named town ("filled Broadgate in Coventry"): the town is the place,
# the spot (no venue word, not a place, person or organisation) is the venue.
_VENUE_IN_TOWN = re.compile(
    r"\b(?:(?:at|outside|filled|packed|into|in|on|through|around|along)\s+|of\s+the\s+)"
    r"(?P<v>[A-Z][\w'’]+(?:\s+[A-Z][\w'’]+){0,2})\s+in\s+(?P<town>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)"
)
_NOT_SPOT = frozenset(MONTHS) | frozenset(WEEKDAYS)


def _spot_in_town(report: Report) -> str | None:
    for m in _VENUE_IN_TOWN.finditer(report.text):
        v, town = m.group("v"), m.group("town")
        words = v.split()
        if (
            gazetteer.lookup(town) is None
            or gazetteer.lookup(v) is not None
            or words[0] in _RUN_OPENERS
            or words[0].lower() in _NOT_SPOT
            or any(names.is_org_word(w) for w in words)
            or (not m.group(0).startswith("of the ") and names.looks_like_person(words))
            or report.in_quote(m.start())
        ):
            continue
        return v
    return None


# "<people> from/of the <Name … Forum>": the group they belong to, not where they were.
_MEMBERS_FROM = re.compile(
    r"\b(?:people|campaigners|members|workers|activists|delegates|delegation|contingent"
    r"|banners?|supporters|residents|staff|students|nurses|teachers|drivers|pensioners)"
    r"\s+(?:from|of)\s+(?:the\s+)?$"
)
# A lower-case word after "in the <Name>" (other than a linking word) makes the name an
# adjective of something else ("in the Penyfan colliery flooding").
_THEN_LOWER = re.compile(
    r"\s+(?!(?:on|in|at|for|to|with|and|or|of|from|by|as|when|where|which|who|that|"
    r"after|before|until|since|during|but|so|while)\b)[a-z]"
)


def _alternatives(group: str) -> frozenset[str]:
    """The lower-cased words of a ``(?:A|Bs?|…)`` group ("Gates?" gives gate and gates)."""
    out: set[str] = set()
    for alt in group.removeprefix("(?:").removesuffix(")").split("|"):
        if alt.endswith("s?"):
            out.update({alt[:-2].lower(), alt[:-1].lower()})
        else:
            out.add(alt.lower())
    return frozenset(out)


# Words each venue pattern cannot match without (gates before the patterns run).
_VENUE_GATES: tuple[tuple[re.Pattern[str], frozenset[str]], ...] = (
    (_VENUE, _alternatives(_VENUE_WORDS)),
    (_VENUE_THE, frozenset({"the"})),
    (
        _VENUE_COMMON,
        frozenset({"library", "centre", "hall", "station", "jobcentre", "hospital", "street"})
        | frozenset({"square", "park"}),
    ),
)


def venue(report: Report) -> str | None:
    """The hall, building or street named with "in/at/outside" ("Progress Hall", "outside
    the Guildhall", "Greenstead library")."""
    found: list[tuple[int, str]] = []
    for rx, gate in _VENUE_GATES:
        if report.words.isdisjoint(gate):
            continue
        for m in rx.finditer(report.text):
            v = m.group("v")
            if report.in_quote(m.start()):
                continue
            first = v.split()[0]
            if rx is not _VENUE and (
                gazetteer.lookup(v) is not None
                or (rx is _VENUE_THE and names.is_org_word(v.split()[-1]))
                or first in _RUN_OPENERS
            ):
                continue
            if rx is _VENUE and _MEMBERS_FROM.search(
                report.text, max(0, m.start() - 40), m.start("v")
            ):
                continue  # "campaigners from the Teesside Pensioners' Forum": who, not where
            if (
                rx is _VENUE_THE
                and m.group(0).startswith("in ")
                and _THEN_LOWER.match(report.text, m.end())
            ):
                continue  # "killed in the Penyfan colliery flooding": a name, not a venue
            found.append((m.start("v"), v))
            break
    if found:
        return min(found)[1]
    return _spot_in_town(report)


# ------------------------------------------------------------------ people and organisations

_SPEAKERS_LIST = re.compile(
    r"\b(?:[Ss]peakers?\s+(?:included|including|were|was|:|from)|(?:[Oo]ther|[Tt]he)\s+speakers?\s+(?:were|included)"
    r"|(?:was|were)\s+addressed\s+by|addressed\s+by|heard\s+from|[Ss]peaking\s+(?:were|was)"
    r"|[Ss]peeches\s+(?:from|by))\s+(?P<list>[^.;!?]+)"
)
_SAID = re.compile(
    rf"\b(?P<who>{names.PERSON})(?:,[^,]{{1,80}},)?\s+(?:said|says|spoke|speaks|told|declared|commented|explained|argued"
    rf"|addressed|talked|urged|called|pointed out|added|warned|insisted|opened|chaired|introduced"
    rf"|welcomed|thanked|gave a speech|emphasised|stressed|highlighted"
    rf"|read (?:out )?(?:a|an|the|her|his|their) (?:poem|statement|message|letter|speech))\b"
)
_SAID_AFTER = re.compile(
    rf"[,”\"]\s*(?:said|says|added|declared)\s+(?:[a-z][\w-]*\s+){{0,5}}?(?P<who>{names.PERSON})\b"
)
_ALSO_SPEAKER = re.compile(
    rf"(?P<who>{names.PERSON})\s+was\s+(?:also\s+)?(?:one of the|a|another)\s+speakers?\b"
)


# Words each speaker pattern cannot match without (a cheap gate before the name patterns).
_SPEAKERS_LIST_WORDS = frozenset(
    {"speaker", "speakers", "addressed", "heard", "speaking", "speeches"}
)
_SAID_WORDS = frozenset(
    {
        "said", "says", "spoke", "speaks", "told", "declared", "commented", "explained",
        "argued", "addressed", "talked", "urged", "called", "pointed", "added", "warned",
        "insisted", "opened", "chaired", "introduced", "welcomed", "thanked", "gave",
        "emphasised", "stressed", "highlighted", "read",
    }
)  # fmt: skip
_SAID_AFTER_WORDS = frozenset({"said", "says", "added", "declared"})
_ALSO_SPEAKER_WORDS = frozenset({"speaker", "speakers"})


def speakers(report: Report) -> tuple[str, ...]:
    """People who spoke: "Speakers included X and Y", "X said", "addressed by X"."""
    found: list[tuple[int, str]] = []
    text = report.text
    words = report.words
    if words.isdisjoint(_SPEAKERS_LIST_WORDS | _SAID_WORDS):
        return ()
    for m in _SPEAKERS_LIST.finditer(text) if not words.isdisjoint(_SPEAKERS_LIST_WORDS) else ():
        lst = m.group("list")
        base = m.start("list")
        for part in re.split(r",\s+|\s+and\s+|\s+&\s+", lst):
            who = names.trailing_person(part)
            if who is None:
                # first name-like run in the part ("Claudia Webbe, a councillor in …")
                for pm in names.PERSON_RE.finditer(part):
                    toks = pm.group(0).split()
                    if names.looks_like_person(toks):
                        who = pm.group(0)
                        break
            if who:
                found.append((base + lst.find(who), who))
    for rx, gate in (
        (_SAID, _SAID_WORDS),
        (_SAID_AFTER, _SAID_AFTER_WORDS),
        (_ALSO_SPEAKER, _ALSO_SPEAKER_WORDS),
    ):
        if words.isdisjoint(gate):
            continue
        for m in rx.finditer(text):
            if rx is _SAID and report.in_quote(m.start()):
                continue
            toks = m.group("who").split()
            while toks and (toks[0].rstrip(".") in names.TITLES or toks[0].endswith(("’s", "'s"))):
                toks = toks[1:]
            before = text[: m.start("who")].rstrip()
            if len(toks) == 3 and (not before or before[-1] in '.!?”"'):
                toks = toks[1:]  # "Nurse Rhodri Davies said": a capitalised role opens the sentence
            while len(toks) > 2 and (
                names.is_org_word(toks[0])
                or names.is_place_word(toks[0])
                or toks[0].lower() in names.NOT_GIVEN_NAMES
            ):
                toks = toks[1:]
            if names.looks_like_person(toks):
                found.append((m.start("who"), " ".join(toks)))
    out: list[str] = []
    for _, who in sorted(found):
        if who not in out:
            out.append(who)
    return tuple(out)


_KNOWN_ORGS = (
    r"Unison|Unite|GMB|RMT|TSSA|NEU|NUT|PCS|CWU|UCU|FBU|BMA|RCN|Aslef|ASLEF|Usdaw|NUJ|EIS|NASUWT"
    r"|BFAWU|CND|TUSC|SWP|NSSN|Momentum|TUC|IWGB|UVW|ACORN|Acorn|NUS|Unite the Union|Young Socialists"
    r"|Socialist Students|(?i:Stand Up to Racism)|Youth Fight for Jobs|Keep Our NHS Public"
)
_ORG_KEYWORD = (
    r"(?:Party|Union|Council|Campaign|Committee|Coalition|Association|Federation|Society"
    r"|Alliance|Front|Movement|Network|Assembly|Collective|Congress|CLP|TUC|Group|Forum|League"
    r"|Branch|Students|Momentum|Unite|Unison|GMB|RMT|NEU|PCS|CWU|UCU|FBU)"
)
_ORG = re.compile(
    rf"\b(?P<org>(?:[A-Z][\w'’&-]*\s+(?:(?:and|for|of|the|against|to)\s+)?){{0,5}}{_ORG_KEYWORD}\b"
    rf"|(?:{_KNOWN_ORGS})\b(?:\s+(?:union|branch))?)"
)
# What follows an organisation's name when it took part: its people or officers ("NEU district
# secretary"), its own event ("Stockport Trades Council's meeting"), or what it did ("the CWU
# stepped up its fight"); a name in a list shares the list's role ("Stand Up to Racism and
# local trade unionists called …").
_ORG_ROLE_AFTER = re.compile(
    r"^(?:(?-i:['’]s\s+[A-Z][a-z]+\s+[A-Z][a-z])|(?:['’]s)?\s*(?:(?:and|,)\s+(?:[\w’'-]+\s+){1,3}?)?(?:[a-z]+\s+){0,2}?"
    r"(?:members?|activists?|supporters?|drivers|workers|nurses|teachers"
    r"|staff|doctors|porters|cleaners|carers|lecturers|officials?|officers?|secretary|chair"
    r"|president|convenor|leaders?|organisers?|branch(?:es)?|banners?|contingents?|reps?"
    r"|stewards?|delegations?|organised|organized|called|hosted|sponsored|voted|held|rally"
    r"|meeting|demo|demonstration|protest|picket|march|stall|vigil|conference|group|comrades"
    r"|also|stepped|balloted|launched|led|backed|supported|mobilised|brought|sent|joined"
    r"|marched|walked|struck)\b)",
    re.I,
)
_ORG_ROLE_BEFORE = re.compile(
    r"\b(?:organised by|organized by|called by|hosted by|sponsored by|supported by|backed by"
    r"|led by|joined by|alongside|together with|invited by|run by|set up by|coordinated by"
    r"|members of|contingent from|delegation from|banners? from|union|from|with the|of)\s+(?:the\s+)?$",
    re.I,
)
_ORG_STRIP_LEAD = re.compile(
    r"^(?:The|A|An|Our|Both|All|Other|Local|Many|Some|At|In|On|By|With|From)\s+"
)


def organisations(report: Report) -> tuple[str, ...]:
    """Organisations that organised or took part: named with a role ("Unison members",
    "organised by X", "a Greenwich Momentum rally", "sponsored by Greenwich Unite")."""
    text = report.text
    out: list[str] = []
    for m in _ORG.finditer(text):
        org = _ORG_STRIP_LEAD.sub("", m.group("org")).strip()
        org = _POSSESSIVE_END.sub("", org)
        if " and " in org:
            first, _, rest = org.rpartition(" and ")
            if gazetteer.lookup(first.split()[-1]) is None and rest:
                org = rest  # "GP Harriet Wolfe and Unison": the list's last item
        if not org or org.split()[0].lower() in ("mp", "mps"):
            continue
        after = text[m.end() : m.end() + 50]
        before = text[max(0, m.start() - 30) : m.start()]
        if not (_ORG_ROLE_AFTER.match(after) or _ORG_ROLE_BEFORE.search(before)):
            continue
        if report.in_quote(m.start()):
            continue
        if org not in out:
            out.append(org)
    return tuple(out)


# ------------------------------------------------------------------ is it a report?

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
    if not hits and not _VOTING_BODY.search(report.text):
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
    if signed or count is not None:
        return True
    if day is None:
        return False
    noun_sentences = {report.sentence_at(h.start) for h in hits if h.start >= 0}
    for m in mentions:
        s = report.sentence_at(m.start)
        if (s in noun_sentences or any(h.start < 0 for h in hits)) and _PRESENCE_CUE.search(
            report.text[s[0] : s[1]]
        ):
            return True
    return False
