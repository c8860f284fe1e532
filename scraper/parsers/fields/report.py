"""A report's text, split into sentences and quotations once, shared by every field rule."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any

from scraper.parsers.normalise import TENS, UNITS, lower_text

# A sentence ends at its full stop, or at its paragraph's end whether or not it has one.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9£])|\s*\n\n\s*")
# Quoted speech: double quotes, or single quotes whose closing mark is not an apostrophe
# inside a word ("‘… it’s about the whole of society …’"); straight single quotes open
# before a capital at a word's start ("said: 'This strike … it's …'"), as pages without
# typographic quotes write them. (Every branch opens with its quotation mark, the straight
# quote's look-behind coming after it, so the regex engine skips to the next mark at once.)
_QUOTED = re.compile(
    r"“[^”]{0,900}”|\"[^\"]{0,900}\"|‘(?:[^’]|’(?=[a-z])){3,900}’(?![a-z])"
    r"|'(?<![\w']')(?=[A-Z])(?:[^'\n]|'(?=[a-z])){3,900}'(?![a-z])"
)


_DIGIT_START = re.compile(r"(?<![\d,.])\d")
_TOKEN = re.compile(r"\w+")
_NUMBER_FIRST_WORDS = frozenset(UNITS) | frozenset(TENS)
# A text up to this long has its words listed at once (faster); a longer one adds each
# word to the set as it is found (see Report.words).
_LIST_WORDS_MAX = 1 << 16


POSSESSIVE_END = re.compile(r"['’]s$")


def is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def char_before(text: str, pos: int) -> str:
    """The last character before ``pos`` that is not white space ("" if none): what
    ``text[:pos].rstrip()[-1:]`` says, without copying the text before ``pos`` (once per
    hit, that copy made a long report's cost grow with the square of its length)."""
    i = min(pos, len(text))
    while i > 0 and text[i - 1].isspace():
        i -= 1
    return text[i - 1] if i > 0 else ""


class SpanIndex:
    """Whether a position falls inside any of some spans, in logarithmic time.

    Why: the rules ask it for every hit in a report (is this word quoted speech, in an
    announcement, in history?), and scanning every span each time made a long report
    with many quotations cost the square of its length. Spans may overlap and come in any
    order: sorted by start, with the furthest end reached so far, the last span starting
    before ``pos`` tells whether any span still covers it."""

    __slots__ = ("_ends", "_starts")

    def __init__(self, spans: tuple[tuple[int, int], ...]) -> None:
        ordered = sorted(spans)
        self._starts = [a for a, _ in ordered]
        self._ends: list[int] = []
        furthest = -1
        for _, b in ordered:
            furthest = max(furthest, b)
            self._ends.append(furthest)

    def inside(self, pos: int) -> bool:
        """Some span has ``a < pos < b``."""
        i = bisect.bisect_left(self._starts, pos) - 1
        return i >= 0 and self._ends[i] > pos

    def covers(self, pos: int) -> bool:
        """Some span has ``a <= pos < b``."""
        i = bisect.bisect_right(self._starts, pos) - 1
        return i >= 0 and self._ends[i] > pos


@dataclass(frozen=True)
class Report:
    """A report's heading and text, with sentence and quotation spans computed once."""

    heading: str | None
    text: str
    # Results other rules computed from this text, by name: the happenings, the places
    # (a report is read by several rules; each reads it once).
    memo: dict[str, Any] = field(default_factory=dict, compare=False, hash=False, repr=False)

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
        return lower_text(self.text)

    @cached_property
    def words(self) -> frozenset[str]:
        """The set of the text's lower-cased words (runs of word characters): one cheap
        tokenisation that tells every word-keyed rule whether its words occur at all. (Each
        word is added as it is found: a list of them all first took 35 MB for a 4 MB
        report.)"""
        low = self.lower
        if len(low) <= _LIST_WORDS_MAX:
            return frozenset(_TOKEN.findall(low))
        return frozenset(m.group(0) for m in _TOKEN.finditer(low))

    def word_starts(self, word: str) -> list[int]:
        """Offsets where ``word`` (lower-case; may hold spaces) stands as whole words."""
        low = self.lower
        n = len(word)
        out: list[int] = []
        i = low.find(word)
        while i >= 0:
            end = i + n
            if (i == 0 or not is_word_char(low[i - 1])) and (
                end >= len(low) or not is_word_char(low[end])
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

    @cached_property
    def _quote_index(self) -> SpanIndex:
        return SpanIndex(self.quotes)

    def in_quote(self, pos: int) -> bool:
        """``pos`` is inside quoted speech (strictly: not on a quotation mark)."""
        return self._quote_index.inside(pos)

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [a for a, _ in self.sentences]

    def sentence_at(self, pos: int) -> tuple[int, int]:
        i = bisect.bisect_right(self._sentence_starts, max(pos, 0)) - 1
        return self.sentences[max(i, 0)]

    def sentence_text(self, pos: int) -> str:
        a, b = self.sentence_at(pos)
        return self.text[a:b]


@lru_cache(maxsize=4096)
def plain_report(text: str) -> Report:
    """The one headless :class:`Report` of ``text`` for a page (cached per page, see
    parse_article): a paragraph is read as an opening, for its happenings and as a
    heading's count or day, and each reader used to split it into sentences and quotes
    again."""
    return Report(None, text)
