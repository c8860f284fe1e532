"""Shared normalisers: numbers as people write them, and dates as reports give them.

Every field function uses these, so "over 3,500", "a thousand" and "five of us" mean the same
thing in attendance, papers sold and votes, and "28 December" means the same year everywhere.
Dates resolve only against the publication date (never the clock), so a re-parse years later
gives the same answer.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date, timedelta

from scraper.parsers import vocabulary as vocab

UNITS: dict[str, int] = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
TENS: dict[str, int] = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
SCALES: dict[str, int] = {"hundred": 100, "thousand": 1000}

_UNIT_ALT = "|".join(sorted(UNITS, key=len, reverse=True))
_TENS_ALT = "|".join(TENS)
# "twenty-five", "two hundred", "a thousand", "one and a half thousand" is too rare to chase.
WORD_NUMBER = (
    rf"(?:(?:a|one|{_UNIT_ALT}|(?:{_TENS_ALT})(?:[- ](?:{_UNIT_ALT}))?)\s+(?:hundred|thousand)"
    rf"(?:\s+and\s+(?:(?:{_TENS_ALT})(?:[- ](?:{_UNIT_ALT}))?|{_UNIT_ALT}))?"
    rf"|(?:{_TENS_ALT})(?:[- ](?:{_UNIT_ALT}))?|{_UNIT_ALT})"
)
DIGIT_NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:k\b)?"
NUMBER = rf"(?:{DIGIT_NUMBER}|\b{WORD_NUMBER}\b)"
_WORD_NUMBER_RE = re.compile(rf"^{WORD_NUMBER}$", re.I)


def parse_number(text: str) -> int | None:
    """``3,500`` -> 3500, ``a thousand`` -> 1000, ``twenty-five`` -> 25, ``2k`` -> 2000."""
    s = text.strip().lower().replace("\u2009", "").replace(" ", " ")
    if not s:
        return None
    if s[0].isdigit():
        mult = 1
        if s.endswith("k"):
            mult, s = 1000, s[:-1]
        try:
            value = float(s.replace(",", ""))
        except ValueError:
            return None
        return int(value * mult)
    if not _WORD_NUMBER_RE.match(s):
        return None
    total = 0
    current = 0
    for word in re.split(r"[\s-]+", s):
        if word in ("a", "and"):
            if word == "a":
                current = 1
            continue
        if word in UNITS:
            current += UNITS[word]
        elif word in TENS:
            current += TENS[word]
        elif word in SCALES:
            current = max(current, 1) * SCALES[word]
            if word == "thousand":
                total += current
                current = 0
    return total + current


def parse_money(text: str) -> float | None:
    """``£1,250`` / ``£1.2k`` / ``£250.50`` -> pounds as a number."""
    m = re.search(r"(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?\s*(k|m)?", text, re.I)
    if not m:
        return None
    value = float(m.group(1).replace(",", "") + (m.group(2) or ""))
    if m.group(3):
        value *= 1000 if m.group(3).lower() == "k" else 1_000_000
    return value


# ---------------------------------------------------------------- dates

MONTHS: dict[str, int] = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
WEEKDAYS: dict[str, int] = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}
_MONTH_ALT = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)"
)
_ORD = r"(?:st|nd|rd|th)?"

_WD_ALT = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
# "3-5 March", "3 to 5 March", "3 and 4 March", "Thursday 6 and Friday 7 October": a
# span, so no single day.
_RANGE = re.compile(
    rf"\b(?:{_WD_ALT}\s+)?(?P<d1>\d{{1,2}}){_ORD}\s*(?:-|–|—|to|and|&)\s*(?:{_WD_ALT}\s+)?"
    rf"(?P<d2>\d{{1,2}}){_ORD}\s+(?:of\s+)?(?P<m>{_MONTH_ALT})\b"
)
_DAY_MONTH = re.compile(
    rf"\b(?:{_WD_ALT},?\s+)?(?:the\s+)?(?P<d>\d{{1,2}}){_ORD}(?:\s+of)?\s+(?P<m>{_MONTH_ALT})\b\.?"
    rf"(?:,?\s+(?P<y>(?:19|20)\d\d)\b)?"
)
_MONTH_DAY = re.compile(
    rf"\b(?P<m>{_MONTH_ALT})\.?\s+(?P<d>\d{{1,2}}){_ORD}\b"
    rf"(?!\s*(?:,\d|(?!(?:19|20)\d\d\b)\d|%|people|pounds))"
    rf"(?:,?\s+(?P<y>(?:19|20)\d\d)\b)?"
)
_ANY_DIGIT = re.compile(r"\d")
_NUMERIC = re.compile(r"\b(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4}|\d{2})\b")
# "23.06.2022": with dots only with a four-digit year ("9.3.15" may be a time or a typo)
_NUMERIC_DOTTED = re.compile(r"\b(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>(?:19|20)\d\d)\b")
_RELATIVE_DAY = re.compile(
    r"\b(?P<w>yesterday|(?<!ago )today|tonight|this (?:morning|afternoon|evening|lunchtime)"
    r"|last night)\b",
    re.I,
)
# "on the 4th": a day of this month (or last month's, if after the publication's day)
_ON_THE_NTH = re.compile(
    rf"\bon\s+the\s+(?P<d>[1-9]|[12]\d|3[01])(?:st|nd|rd|th)\b(?!\s+(?:of\s+)?{_MONTH_ALT})",
    re.I,
)
# "two days ago", "3 days ago" (not "a few days ago": no single day)
# ("a week ago today": seven days)
_DAYS_AGO = re.compile(
    r"\b(?:(?P<n>two|three|four|five|six|\d)\s+days\s+ago|(?P<week>a|one)\s+week\s+ago\s+today)\b",
    re.I,
)
# Days named by what falls on them.
HOLIDAYS: dict[str, tuple[int, int]] = {
    "may day": (5, 1),
    "christmas eve": (12, 24),
    "christmas day": (12, 25),
    "boxing day": (12, 26),
    "new year's eve": (12, 31),
    "new year’s eve": (12, 31),
    "new year's day": (1, 1),
    "new year’s day": (1, 1),
    "hallowe'en": (10, 31),
    "halloween": (10, 31),
    "bonfire night": (11, 5),
    "guy fawkes night": (11, 5),
    "valentine's day": (2, 14),
    "valentine’s day": (2, 14),
    "st patrick's day": (3, 17),
    "st patrick’s day": (3, 17),
    "armistice day": (11, 11),
    "international women's day": (3, 8),
    "international women’s day": (3, 8),
}
_HOLIDAY = re.compile(
    r"\b(?P<h>" + "|".join(re.escape(h) for h in sorted(HOLIDAYS, key=len, reverse=True)) + r")\b",
    re.I,
)
_ANNUAL_BEFORE = re.compile(r"\bannual\s+$", re.I)
_NAMES_EVENT = re.compile(
    rf"\s+(?:eve\s+)?{vocab.alt(n for nouns in vocab.EVENT_NOUNS.values() for n in nouns)}\b",
    re.I,
)
# "Monday of last week", "last week's Monday": that weekday of the previous calendar week.
_LAST_WEEKS = re.compile(
    rf"\b(?:(?P<wd1>{_WD_ALT})\s+of\s+last\s+week|last\s+week['’]s\s+(?P<wd2>{_WD_ALT}))\b",
    re.I,
)
# "a Thursday lunchtime", "every Saturday": no particular day.
_INDEFINITE_BEFORE = re.compile(r"\b(?:a|every|each|any|one)\s+$", re.I)
_SMALL_NUMBERS = {
    "a": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
}
_WEEKDAY = re.compile(
    rf"\b(?P<rel>[Ll]ast|[Tt]his|[Nn]ext|[Oo]n|[Tt]his past|[Ll]ate on|[Ee]arly on)?\s*"
    rf"(?P<wd>{_WD_ALT})(?!s\b)\b"
)
# Cheap gates before the date patterns, each finding a substring that every match holds:
# the patterns try every position of a text, and most paragraphs name no date at all.
# Month and weekday names are matched as written (capitalised), so the text decides.
_MONTH_GATE = re.compile(
    vocab.trie_alt(
        ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
    )
)
_WEEKDAY_GATE = re.compile(
    vocab.trie_alt(("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"))
)
_HOLIDAY_GATE = re.compile(vocab.trie_alt(HOLIDAYS))
# Letters that IGNORECASE matches to an ASCII letter though ``str.lower`` makes something
# else of them (dotted and dotless i, long s).
_CASE_ODD = ("\u0130", "\u0131", "\u017f")


def _may_hold(text: str, low: str, gate: re.Pattern[str]) -> bool:
    """False only when no case-insensitive pattern whose every match holds what ``gate``
    finds (lower-case ASCII) can match ``text`` (``low`` is it lowered)."""
    if gate.search(low) is not None:
        return True
    odd_i, dotless_i, long_s = _CASE_ODD  # (three substring tests: faster than one pattern)
    return odd_i in text or dotless_i in text or long_s in text


_CHAINED = re.compile(
    r"\b(?P<w>the (?:following|next) (?:day|morning|afternoon|evening|night)"
    r"|the day after|the (?:previous|preceding) (?:day|evening|night|morning)|the day before"
    r"|(?:that |the )?same (?:day|evening|night)|that (?:day|evening|night)"
    r"|(?P<n>a|one|two|three|four|five|six|seven|\d) (?P<unit>days?|weeks?) (?P<dir>later|earlier))\b",
    re.I,
)


# Texts longer than this are lowered a piece at a time (see lower_text).
_LOWER_PIECE = 1 << 16


def lower_text(text: str) -> str:
    """``text.lower()``, a piece at a time for a long text that is not all ASCII.

    Why: CPython lowers such a text into a buffer of 12 bytes per character before it makes
    the result (48 MB for a 4 MB report, the largest single allocation of its parse); the
    pieces' buffers are small. The pieces are cut before an ASCII space, so the result is the
    same: the one mapping that depends on its neighbours (a final capital sigma) looks only
    across letters and case-ignorable characters, and a space is neither."""
    if len(text) <= _LOWER_PIECE or text.isascii():
        return text.lower()
    parts: list[str] = []
    start = 0
    while True:
        cut = text.find(" ", start + _LOWER_PIECE)
        if cut < 0:
            parts.append(text[start:].lower())
            return "".join(parts)
        parts.append(text[start:cut].lower())
        start = cut


@dataclass(frozen=True)
class DateMention:
    """A day named in text, resolved; ``start`` is its offset in the text searched."""

    start: int
    end: int
    day: date
    explicit: bool  # a day and month were written (not a weekday or "yesterday")
    text: str = ""  # the words that name the day, as written


def resolve_day_month(
    day: int, month: int, year: int | None, published: date | None
) -> date | None:
    """The date a day-and-month means: given year, else the year that puts it nearest the
    publication date, counting days after publication double (reports are mostly of the past),
    so "28 December" in a 3 January article is last year's."""
    if year is not None:
        try:
            return date(year, month, day)
        except ValueError:
            return None
    if published is None:
        return None
    best: tuple[int, date] | None = None
    for y in (published.year - 1, published.year, published.year + 1):
        try:
            cand = date(y, month, day)
        except ValueError:
            continue
        delta = (cand - published).days
        cost = delta * 2 if delta > 0 else -delta
        if best is None or cost < best[0]:
            best = (cost, cand)
    return best[1] if best else None


def _weekday_before(published: date, weekday: int, strictly: bool = True) -> date:
    back = (published.weekday() - weekday) % 7
    if back == 0 and strictly:
        back = 7
    return published - timedelta(days=back)


def find_dates(
    text: str, published: date | None, previous: date | None = None
) -> list[DateMention]:
    """Every single day the text names, in order, resolved against the publication date.

    Spans ("3-5 March"), months alone and vague words ("last week", "recently") name no
    single day and give nothing. ``previous`` is the last day named before this text, for
    "the following evening" and friends. Paragraphs ("\\n\\n"-separated) are read one
    by one, so a paragraph read before (as an opening, then in its report) costs nothing.
    """
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    offset = 0
    chainable = False
    for part in text.split("\n\n"):
        days, spans, chains = _find_dates(part, published)
        chainable = chainable or chains
        if offset:
            found.extend(
                DateMention(m.start + offset, m.end + offset, m.day, m.explicit, m.text)
                for m in days
            )
            taken.extend((x + offset, y + offset) for x, y in spans)
        else:
            found.extend(days)
            taken.extend(spans)
        offset += len(part) + 2
    chained = _chained(text, found, taken, previous) if chainable else []
    if chained:
        found = sorted(found + chained, key=lambda x: x.start)
    return found


@functools.lru_cache(maxsize=4096)
def _find_dates(
    text: str, published: date | None
) -> tuple[tuple[DateMention, ...], tuple[tuple[int, int], ...], bool]:
    """The days one paragraph names on its own (all but the chained ones), the spans
    already taken by dates and ranges, and whether it may name a chained day (holds what
    every phrase of _CHAINED holds; no such phrase spans two paragraphs). Cached per page
    (see parse_article): the splitter, the event test and the fields read the same
    paragraphs."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    # Cheap gates first: every written date needs a digit, every weekday ends in "day", and
    # most report paragraphs name neither, so most patterns never run.
    has_digit = _ANY_DIGIT.search(text) is not None
    low = lower_text(text)
    # (a month's name, as the patterns write it, opens with one of these)
    has_month = has_digit and _MONTH_GATE.search(text) is not None
    if has_month:
        for m in _RANGE.finditer(text):
            taken.append((m.start(), m.end()))
    written = (
        ((_DAY_MONTH, _MONTH_DAY) if has_month else ())
        + ((_NUMERIC,) if "/" in text else ())
        + ((_NUMERIC_DOTTED,) if "." in text else ())
    )
    for rx in written if has_digit else ():
        for m in rx.finditer(text):
            if not free(m.start(), m.end()):
                continue
            d = int(m.group("d"))
            mo_raw = m.group("m")
            mo = int(mo_raw) if mo_raw.isdigit() else MONTHS[mo_raw.lower().rstrip(".")]
            y_raw = m.group("y")
            y = int(y_raw) if y_raw else None
            if y is not None and y < 100:
                y += 2000
            if rx is _MONTH_DAY and mo_raw.lower() in ("may", "march") and mo_raw[0].islower():
                continue
            day = resolve_day_month(d, mo, y, published) if 1 <= mo <= 12 else None
            taken.append((m.start(), m.end()))
            if day is not None:
                found.append(DateMention(m.start(), m.end(), day, True, m.group(0)))
    if published is not None and (
        "yesterday" in low
        or "this " in low
        or "last night" in low
        or "today" in low
        or "tonight" in low
    ):
        for m in _RELATIVE_DAY.finditer(text):
            if not free(m.start(), m.end()):
                continue
            w = m.group("w").lower()
            offset = 1 if w in ("yesterday", "last night") else 0
            taken.append((m.start(), m.end()))
            found.append(
                DateMention(
                    m.start(), m.end(), published - timedelta(days=offset), False, m.group(0)
                )
            )
    if published is not None and "the " in low and has_digit:
        for m in _ON_THE_NTH.finditer(text):
            if not free(m.start(), m.end()):
                continue
            d = int(m.group("d"))
            month_start = published.replace(day=1)
            if d > published.day:  # "on the 28th" in a paper of the 3rd: last month's
                month_start = (month_start - timedelta(days=1)).replace(day=1)
            try:
                day = month_start.replace(day=d)
            except ValueError:
                continue
            taken.append((m.start(), m.end()))
            found.append(DateMention(m.start(), m.end(), day, False, m.group(0)))
    if published is not None and " ago" in low:
        for m in _DAYS_AGO.finditer(text):
            n = 7 if m.group("week") else parse_number(m.group("n"))
            if n is None or not free(m.start(), m.end()):
                continue
            taken.append((m.start(), m.end()))
            found.append(
                DateMention(m.start(), m.end(), published - timedelta(days=n), False, m.group(0))
            )
    if published is not None and _may_hold(text, low, _HOLIDAY_GATE):
        for m in _HOLIDAY.finditer(text):
            if not free(m.start(), m.end()):
                continue
            if _ANNUAL_BEFORE.search(text, 0, m.start()) or _NAMES_EVENT.match(text, m.end()):
                # "the annual May Day parade", "our May Day eve rally" name the event,
                # which is often held on the nearest weekend or bank holiday.
                continue
            month, dom = HOLIDAYS[m.group("h").lower()]
            day = resolve_day_month(dom, month, None, published)
            taken.append((m.start(), m.end()))
            if day is not None:
                found.append(DateMention(m.start(), m.end(), day, False, m.group(0)))
    if published is not None and "last week" in low:
        monday = published - timedelta(days=published.weekday() + 7)
        for m in _LAST_WEEKS.finditer(text):
            if not free(m.start(), m.end()):
                continue
            wd = WEEKDAYS[(m.group("wd1") or m.group("wd2")).lower()]
            taken.append((m.start(), m.end()))
            found.append(
                DateMention(m.start(), m.end(), monday + timedelta(days=wd), False, m.group(0))
            )
    if published is not None and _WEEKDAY_GATE.search(text):
        for m in _WEEKDAY.finditer(text):
            if not free(m.start("wd"), m.end("wd")):
                continue
            rel = (m.group("rel") or "").lower()
            if not rel and _INDEFINITE_BEFORE.search(
                text, max(0, m.start("wd") - 8), m.start("wd")
            ):
                taken.append((m.start("wd"), m.end("wd")))
                continue  # "a Thursday lunchtime": no particular day
            wd = WEEKDAYS[m.group("wd").lower()]
            if rel == "next":
                ahead = (wd - published.weekday()) % 7 or 7
                day = published + timedelta(days=ahead)
            else:
                # "on Tuesday" in a Tuesday paper is that day; "last Tuesday" the one before
                day = _weekday_before(published, wd, strictly=rel not in ("", "on"))
            taken.append((m.start("wd"), m.end("wd")))
            found.append(DateMention(m.start("wd"), m.end("wd"), day, False, m.group(0)))
    found.sort(key=lambda x: x.start)
    return tuple(found), tuple(taken), _may_hold(text, low, _CHAIN_GATE)


# What every phrase of _CHAINED holds, lower-cased (its spaces are single spaces).
_CHAIN_GATE = re.compile(
    vocab.trie_alt(
        (
            "the following ",
            "the next ",
            "the day after",
            "the previous ",
            "the preceding ",
            "the day before",
            "same day",
            "same evening",
            "same night",
            "that day",
            "that evening",
            "that night",
            " later",
            " earlier",
        )
    )
)


def _chained(
    text: str,
    found: list[DateMention],
    taken: list[tuple[int, int]],
    previous: date | None,
) -> list[DateMention]:
    """Days named from the day before them ("the following evening", "three days later",
    "that same day"): from the last day named earlier in the text, else ``previous``.
    (Read only when a paragraph may name one: see _find_dates.)"""
    chained: list[DateMention] = []
    for m in _CHAINED.finditer(text):
        if not all(m.end() <= a or m.start() >= b for a, b in taken):
            continue
        before = [f for f in found if f.start < m.start()]
        base = before[-1].day if before else previous
        if base is None:
            continue
        w = m.group("w").lower()
        if m.group("n"):
            count = _SMALL_NUMBERS.get(m.group("n").lower()) or int(m.group("n"))
            step = count * (7 if m.group("unit").lower().startswith("week") else 1)
            if m.group("dir").lower() == "earlier":
                step = -step
        elif "same" in w or w.startswith("that "):
            step = 0
        elif "previous" in w or "preceding" in w or "before" in w:
            step = -1
        else:
            step = 1
        chained.append(
            DateMention(m.start(), m.end(), base + timedelta(days=step), False, m.group(0))
        )
    return chained


def parse_date_text(text: str) -> date | None:
    """A full date written out ("Saturday, 3 January 2015", "August 24, 2016", "2016-08-24")."""
    if text.isupper():
        text = text.title()  # "FRIDAY, MAY 08, 2009": a date line set in capitals
    m = re.search(r"\b((?:19|20)\d\d)-(\d\d)-(\d\d)", text)
    if m:
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
    for mention in find_dates(text, None):
        return mention.day
    return None


def find_spans(text: str, published: date | None) -> list[tuple[date, date]]:
    """The spans of days a text names ("out on 16 and 17 July", "3-5 March"), resolved like
    single days: what "the first day of the strike" counts from."""
    if published is None or not _ANY_DIGIT.search(text) or not _MONTH_GATE.search(text):
        return []
    out: list[tuple[date, date]] = []
    for m in _RANGE.finditer(text):
        month = MONTHS[m.group("m").lower().rstrip(".")]
        first = resolve_day_month(int(m.group("d1")), month, None, published)
        last = resolve_day_month(int(m.group("d2")), month, None, published)
        if first is not None and last is not None and first <= last:
            out.append((first, last))
    return out
