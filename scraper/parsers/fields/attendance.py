"""How many people were there: the best headcount of our side in a report.

A count is a number that names people at the event: "over 3,500 people", "Five of us",
"Between 30 and 40 were on the picket", "a 250-strong demonstration", "a crowd of 800".
What those people did decides whether they were there: "43 people signed our petition" or
"Nine people bought the paper" are not a headcount; nor are the other side, the workforce,
a town's population, viewers online, or figures announced for the future. Ranges give the
lower bound; vague words ("hundreds") give nothing. A heading's count ("London: over
100,000 on the streets") is the report's own summary and wins; otherwise the count told
where the report tells of people being there, the earliest of equals.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scraper.parsers import vocabulary as vocab
from scraper.parsers.fields.report import Report, plain_report
from scraper.parsers.normalise import NUMBER, parse_number

_RANGE = rf"(?:\s*(?:-|–|to|and|or)\s*(?P<n2>{NUMBER}))?"
# Adjectives that may stand between a number and its people ("60 junior doctors", "500
# anti-cuts protesters"): words, not prepositions or things counted.
_MODIFIER = r"(?:(?!(?:to|for|from|of|in|at|on|with|or|the|a)\b)[A-Za-z][\w'’-]*\s+){0,3}?"
_ATTEND_PEOPLE = re.compile(
    rf"(?P<n>{NUMBER}){_RANGE}\s+{_MODIFIER}(?P<noun>{vocab.alt(vocab.PEOPLE_NOUNS)})\b", re.I
)
_ATTEND_VERB = re.compile(
    rf"(?P<n>{NUMBER}){_RANGE}(?P<who>\s+(?:more|others|of\s+us|of\s+them)|\s+{_MODIFIER}"
    rf"{vocab.alt(vocab.PEOPLE_NOUNS)})?\s+(?:(?:then|had|all|also)\s+)?"
    rf"(?P<verb>{vocab.alt(vocab.PRESENT_AFTER)})\b",
    re.I,
)
# A phrase ending in "the" reads on to its noun ("Around 25 joined the picket").
_THE_NOUN = re.compile(r"\s+[\w'’-]+")
_ATTEND_STRONG = re.compile(
    rf"(?P<n>{NUMBER})[- ]strong(?:\s+[\w'’-]+){{0,2}}?\s+{vocab.alt(vocab.STRONG_CROWDS)}\b",
    re.I,
)
# "Those 170 - a record - who attended": the count, an aside, and who they were.
_ATTEND_WHO = re.compile(
    rf"(?P<n>{NUMBER})(?![\d,]\d)(?:\s+[-–—]\s[^.;]{{0,30}}?\s[-–—]|\s*\([^)]{{0,30}}\))?\s+"
    rf"(?:people\s+)?who\s+(?:had\s+)?"
    rf"(?:attended|came|turned\s+out|turned\s+up|joined|took\s+part|marched|were\s+there)\b",
    re.I,
)
_ATTEND_OF = re.compile(rf"(?P<n>{NUMBER})\s+of\s+(?:the|those)\b", re.I)
_NUMBER_AT = re.compile(rf"(?P<n>{NUMBER}){_RANGE}", re.I)
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
_QUALIFIER_BEFORE = re.compile(rf"\b{vocab.word_tree(vocab.QUALIFIERS)}\s+$", re.I)
_CROWD_BEFORE = re.compile(
    rf"(?:\b{vocab.word_tree(vocab.CROWD_NOUNS)}\s+(?:of|at)|\b(?:estimated|put|reckoned|numbered|"
    rf"(?:joined|attended|supported)\s+by)(?:\s+at)?"
    rf"|\b(?:turnout|attendance|numbers)\b[^.;,]{{0,40}}?\b{vocab.alt(vocab.TURNOUT_VERBS)})"
    rf"\s+(?:{vocab.alt(vocab.QUALIFIERS)}\s+)?$",
    re.I,
)
# "The rally drew 300.", "there were 45 at our meeting": a count standing alone after its
# verb, as far as the clause goes (not "drew 300 signatures", "there were 45 jobs").
_DRAW_BEFORE = re.compile(
    rf"(?:\b{vocab.alt(vocab.DRAW_VERBS)}|(?:^|[.;:,!?]\s*|\b(?:and|but|so)\s+)there\s+were)"
    rf"\s+(?:{vocab.alt(vocab.QUALIFIERS)}\s+)?$",
    re.I,
)
_DRAWN_AFTER = re.compile(
    r"\s*(?:[.,;:!?)]|$)|\s+(?:to|on|in|at|into|outside|inside|despite|from|and|with|for)\b"
)
# Who gave a count, not who was counted: "police estimated 4,000", "according to police".
_ESTIMATOR = re.compile(
    r"\b(?:police|officers|organisers)\s+(?:estimated|estimate|said|say|put|claimed|reckoned|"
    r"counted)\b|\baccording\s+to\s+(?:the\s+)?(?:police|organisers)\b",
    re.I,
)
_HAD_BEFORE = re.compile(
    rf"\b(?P<v>had|was|were)\s+(?:{vocab.word_tree(vocab.QUALIFIERS)}\s+)?$", re.I
)
_THERE_AFTER = re.compile(r"\s+(?:at|on|there)\b", re.I)
_STRONG_AFTER = re.compile(r"[- ]strong\b", re.I)
_PRESENCE = vocab.any_word_pattern(vocab.PRESENCE_WORDS)
_NOT_PRESENT_AFTER = re.compile(
    rf"\s+(?:[\w'’-]+\s+){{0,2}}?{vocab.word_tree(vocab.NOT_PRESENT_AFTER)}\b", re.I
)
_NOT_OUR_SIDE = re.compile(
    rf"(?<![\w-]){vocab.word_tree(vocab.NOT_OUR_SIDE)}(?![\w-])|\b(?<!anti-)(?:racists|fascists)\b",
    re.I,
)
_NOT_A_HEADCOUNT = re.compile(
    r"\s+(?:in|out of)\s+(?:every\s+)?(?:\d+|two|three|four|five|six|seven|eight|nine|ten)\b"
    r"|\s*(?:%|per\s*cent|percent|million|billion|bn\b|m\b|k\b|years?\b|-year|hours?\b"
    r"|minutes?\b|days?\b|weeks?\b|months?\b|am\b|pm\b|a\.m\.|p\.m\.|o'clock|[.:]\d\d)",
    re.I,
)
_NOT_BEFORE_NUMBER = re.compile(
    r"\b(?:one|\d+)\s+in\s+(?:every\s+)?$|\bout\s+of\s+$|\b(?:won|recruited|won\s+over)\s+(?:over\s+)?$|\b(?:aged|age|ages)\b[^.]{0,16}$"
    r"|\b(?:year|years|hour|hours|from|since|until|(?<!joined\s)(?<!attended\s)(?<!supported\s)by|(?<!estimated\s)(?<!put\s)(?<!reckoned\s)(?<!numbered\s)at)\s*$|\b(?:talked|spoke|speak|talk)\s+(?:to|with)\s+$"
    r"|\b(?:there\s+(?:are|is)|we\s+are|they\s+are)\s+$"
    r"|\b(?:sold|shifted|bought|flogged)\s+(?:(?:over|around|about|some|nearly|almost|a\s+record)\s+)?$",
    re.I,
)
_FUTURE = vocab.any_word_pattern(vocab.COUNT_FUTURE_WORDS)
# A year standing where a count might ("the 1984 picket", "in 1972 dockers struck"): no
# headcount is written as a bare four-digit year after these words.
_YEAR_AT = re.compile(r"(?:19|20)\d\d(?![\d,.])")
_YEAR_BEFORE = re.compile(
    r"\b(?:the|in|of|since|from|until|till|by|during|before|after|and|a|this)\s+$", re.I
)
# A count inside a mention of another event ("Unlike the 3,000-strong march …", "since last
# year's 5,000"): the marker stands just before it.
_PASSING_BEFORE = re.compile(
    r"\b(?:unlike|like|since|after|before|than|following)\s+(?:the\s+|a\s+|an\s+)?"
    r"(?:(?:last|previous)\s+\w+['’]s\s+)?$|\bwhile\s+(?:(?:some|around|about|over)\s+)?"
    r"(?:(?:last|previous)\s+\w+['’]s\s+)?$|\b(?:last|previous)\s+(?:year|week|month)['’]s\s+$",
    re.I,
)
_PASSING_AFTER = re.compile(rf"[^.,;:]{{0,40}}?\b{vocab.word_tree(vocab.PASSING_AFTER)}\b", re.I)
_SUMMARY_AFTER = re.compile(rf"[^.;:,]{{0,40}}?\b{vocab.word_tree(vocab.SUMMARY_MARKERS)}\b", re.I)
_CLAUSE_END = re.compile(r"[,;:.!?]|\s[–—]\s")
_VAGUE_SIZE = vocab.word_pattern(vocab.VAGUE_SIZES)


@dataclass(frozen=True)
class Attendance:
    count: int  # the figure, or a range's lower bound
    text: str
    start: int
    high: int | None = None  # a range's upper bound ("between 150 and 200" -> 200)


def _qualified_start(before: str, pos: int) -> int:
    """Where a count's phrase starts: at its qualifier ("over", "between") when one stands
    just before the number at ``pos`` (``before`` is the text up to it)."""
    q = _QUALIFIER_BEFORE.search(before)
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


def _candidates(
    report: Report, quotes_count: bool, key_sentences: set[tuple[int, int]]
) -> list[tuple[int, int, Attendance]]:
    text = report.text
    out: list[tuple[int, int, Attendance]] = []
    first_break = text.find("\n\n") if "\n\n" in text else len(text)

    def add(
        start: int,
        m: re.Match[str],
        score: int,
        end: int = -1,
        direct: bool = False,
        cut: bool = False,
    ) -> None:
        if _NOT_A_HEADCOUNT.match(text, m.end("n")):
            return
        count = parse_number(m.group("n"))
        if count is None or count <= 0 or count >= 5_000_000:
            return
        if not quotes_count and report.in_quote(start):
            return
        stop = end if cut else max(end, m.end())
        if _NOT_PRESENT_AFTER.match(text, stop):
            return  # "43 people signed our petition", "Nine people bought the paper"
        clause = text[max(0, start - 30) : stop + 20]
        if not direct and _NOT_OUR_SIDE.search(clause) and not _ESTIMATOR.search(clause):
            return  # "40 fascists", "200 police" (but "police estimated 4,000 marched")
        if _SUMMARY_AFTER.match(text, stop):
            return  # "400,000 workers struck across the country": a national total
        a, b = report.sentence_at(start)
        if _PASSING_BEFORE.search(text, max(a, start - 40), start) or _PASSING_AFTER.match(
            text, stop
        ):
            return  # "Unlike the 3,000-strong march through the city last spring, …"
        a, b = report.sentence_at(start)
        tail = _CLAUSE_END.search(text, stop, stop + 15)
        if _FUTURE.search(text, max(a, start - 40), tail.start() if tail else stop + 15):
            return  # "40,000 expected"
        sentence = text[a:b]
        if _PRESENCE.search(sentence):
            score += 2
        if (a, b) in key_sentences:
            score += 2
        if start < first_break:
            score += 1  # the report's first paragraph: its event, not a later subset
        phrase = text[start:stop].strip()
        upper = m.groupdict().get("n2")
        high = parse_number(upper) if upper else None
        high = high if high is not None and high > count else None
        out.append((score, start, Attendance(count, phrase, start, high)))

    for pos in report.number_starts:
        before = text[max(0, pos - 60) : pos]
        if before.endswith(("£", "$", "€")) or _NOT_BEFORE_NUMBER.search(before):
            continue
        if _YEAR_AT.match(text, pos) and _YEAR_BEFORE.search(before):
            continue  # "the 1984 picket": a year
        start = _qualified_start(before, pos)
        m = _ATTEND_VERB.match(text, pos)
        if m:
            # the phrase as written is the count and its people ("Around 2,500 people"), or,
            # with no people named, the count and what they did ("Around 25 joined the picket")
            end = m.end("who") if m.group("who") else m.end()
            if not m.group("who") and m.group("verb").lower().endswith(" the"):
                noun = _THE_NOUN.match(text, end)
                end = noun.end() if noun else end
            add(start, m, 2, end=end, cut=True)
            continue
        m = _ATTEND_STRONG.match(text, pos) or _ATTEND_WHO.match(text, pos)
        if m:
            add(start, m, 2, end=m.end("n"), cut=m.re is _ATTEND_WHO)
            continue
        m = _ATTEND_PEOPLE.match(text, pos)
        if m:
            add(start, m, 1)
            continue
        m = _ATTEND_OF.match(text, pos)
        if m and parse_number(m.group("n")) != 1 and _PRESENCE.search(report.sentence_text(pos)):
            add(start, m, 0, end=_of_phrase_end(text, m.end()), direct=True)
            continue
        crowd = _CROWD_BEFORE.search(before)
        if crowd:
            m = _NUMBER_AT.match(text, pos)
            if m and not text.startswith(("%", " per"), m.end()):
                add(pos - (len(before) - crowd.start()), m, 2)
            continue
        drawn = _DRAW_BEFORE.search(before)
        m = _NUMBER_AT.match(text, pos) if drawn else None
        if drawn and m and _DRAWN_AFTER.match(text, m.end()):
            add(pos - (len(before) - drawn.start()), m, 2, end=m.end(), direct=True)
            continue
        # "We had 25 at our meeting", "the march had about 300 on it", "was 2,000 strong"
        had = _HAD_BEFORE.search(before)
        m = _NUMBER_AT.match(text, pos) if had else None
        if (
            m
            and had
            and (
                (had.group("v").lower() == "had" and _THERE_AFTER.match(text, m.end()))
                or (had.group("v").lower() != "had" and _STRONG_AFTER.match(text, m.end()))
            )
        ):
            add(pos - (len(before) - had.start()), m, 2, end=m.end(), direct=True)
    return out


def attendance(
    report: Report, key_positions: tuple[int, ...] = (), quotes_count: bool = False
) -> Attendance | None:
    """The best figure for people present on our side, or None (vague words give None).
    ``key_positions`` are where the report tells of its happening; ``quotes_count`` reads
    quoted text too (a reader's report in quotation marks)."""
    if report.heading:
        head = _candidates(plain_report(report.heading), True, set())
        if head:
            best = min(head, key=lambda c: (-c[0], c[1]))[2]
            return Attendance(best.count, best.text, -1, best.high)  # -1: in the heading
    key_sentences = {report.sentence_at(p) for p in key_positions}
    found = _candidates(report, quotes_count, key_sentences)
    if not found:
        return None
    return min(found, key=lambda c: (-c[0], c[1]))[2]


def size_words(report: Report) -> str | None:
    """A crowd's size given in words only ("hundreds", "a packed hall"), as written: for
    researchers who code vague sizes; never a number (attendance stays None)."""
    text = report.text
    for m in _VAGUE_SIZE.finditer(text):
        if report.in_quote(m.start()):
            continue
        a, _ = report.sentence_at(m.start())
        if _FUTURE.search(text, max(a, m.start() - 40), m.end() + 15):
            continue
        if _PASSING_BEFORE.search(text, max(a, m.start() - 40), m.start()):
            continue
        return m.group(0)
    return None
