"""How many people were there: the best headcount of our side in a report."""

from __future__ import annotations

import re
from dataclasses import dataclass

from scraper.parsers.fields.report import Report
from scraper.parsers.normalise import NUMBER, parse_number

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
