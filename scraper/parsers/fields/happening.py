"""Happenings: the words in a report that tell of an event taking place.

A report is an event record because it tells of something that happened (a stall, a picket
"on the first day of the strike", a lobby), not because it has a headcount or a day. Every
word of :mod:`scraper.parsers.vocabulary`'s event lists is found once per text, and each
hit says what it is worth: whether it is the kind of event or only people or an action,
whether the clause puts it in the future, denies it or mentions it in passing, and whether
it stands in quoted speech. The splitter, the event test and the event type all read these.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache

from scraper.parsers import vocabulary as vocab
from scraper.parsers.fields.report import Report, SpanIndex, char_before, plain_report
from scraper.parsers.normalise import find_dates

# A sentence naming a year this many years before publication tells of history.
HISTORY_YEARS = 2
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")

_WORD = re.compile(r"[\w’'-]+")
_CLAUSE_BREAK = re.compile(r"[;:!?]|\.\s|\s[–—]\s|,\s+(?:and|but|while|whereas)\s")
# Where a clause about another time begins: history spans run from here to the year.
# a year in an aside of commas ("…, in 2019, …")
_ASIDE_YEAR = re.compile(r",")
# a year opening its clause ("In 2011, …", "Back in 1984 …")
_OPENING_YEAR = re.compile(
    r"(?:^|[.;:!?]\s+|\n)(?:(?:back|way\s+back)\s+)?(?:in|during|by)\s+$", re.I
)
# a year standing before the noun it dates ("the 1972 dock strike")
_MODIFIER_YEAR = re.compile(r"\s+[a-z]")
_YEAR_NOUN_PHRASE = re.compile(
    r"(?:\s+(?!(?:was|were|is|are|has|had|have|will|would|at|in|on|by|with|where|which|that"
    r"|who|when|and|but|to|for|from|of|as)\b)[\w'’-]+){1,4}",
    re.I,
)
_YEAR_CLAUSE_END = re.compile(r"[;.!?](?:\s|$)|\s(?:and|but)\s")
_HISTORY_BREAK = re.compile(r"[,;:!?]|\.\s|\s[–—]\s|\s(?:to|and|but|while|when)\s")
_AFTER_FUTURE = re.compile(
    r"^[^.;:!?]{0,30}?\b(?:is|are|was|were|will\s+be|has\s+been|have\s+been)\s+"
    r"(?:planned|due|called(?!\s+by\b)|set(?!\s+up\b)|scheduled|expected|organised\s+for"
    r"|to\s+be\s+held|coming)\b"
    r"|^\s+(?:is|are)\s+on\s+(?:saturday|sunday|monday|tuesday|wednesday|thursday|friday)\b"
    r"|^(?:(?!\b(?:that|who|which|where|when)\b)[^.;:!?]){0,70}?\b(?:will|would|is\s+going\s+to|is\s+to|are\s+to)\s",
    re.I,
)


@dataclass(frozen=True)
class Happening:
    """One event word in a text."""

    start: int
    end: int
    word: str  # as written
    event_type: str | None  # None for actions that name no kind ("gathered")
    role: str  # "noun", "verb", "people", "action" (or "tour": see split.opening)
    plural: bool
    future: bool  # announced, wished for or conditional
    negated: bool
    passing: bool  # a mention of another time ("since the June demo")
    quoted: bool

    @property
    def counts(self) -> bool:
        """True when the text tells that this happened."""
        return not (self.future or self.negated or self.quoted)

    @property
    def main(self) -> bool:
        """True for a happening the text is about, not one it mentions in passing."""
        return self.counts and not self.passing


@cache
def _lexicon() -> dict[str, tuple[tuple[tuple[str, ...], str | None, str], ...]]:
    """First word -> (phrase words, event type, role) entries, longest phrase first."""
    entries: list[tuple[tuple[str, ...], str | None, str]] = []
    for table, role in (
        (vocab.EVENT_NOUNS, "noun"),
        (vocab.EVENT_VERBS, "verb"),
        (vocab.EVENT_PEOPLE, "people"),
    ):
        for kind, words in table.items():
            for w in words:
                entries.append((tuple(_WORD.findall(w.lower())), kind, role))
    for w in vocab.HAPPENING_VERBS:
        entries.append((tuple(_WORD.findall(w.lower())), None, "action"))
    out: dict[str, list[tuple[tuple[str, ...], str | None, str]]] = {}
    seen: set[tuple[str, ...]] = set()
    for phrase, etype, role in entries:
        if phrase in seen:
            continue  # the first table to name a phrase decides it
        seen.add(phrase)
        out.setdefault(phrase[0], []).append((phrase, etype, role))
    return {k: tuple(sorted(v, key=lambda e: -len(e[0]))) for k, v in out.items()}


_FUTURE = vocab.any_word_pattern(vocab.FUTURE_MARKERS)
# People whose own verb is still to come: "strikers will hold a rally on Friday", "pickets
# are due to return" (an announcement: they did nothing yet).
_PEOPLE_FUTURE = re.compile(
    r"^\s+(?:will|would|shall|are\s+(?:due|set|going|planning|expected|hoping)\s+to|are\s+to"
    r"|plan\s+to|intend\s+to|hope\s+to)\b",
    re.I,
)


_BETWEEN_WORDS = r"[^\w’'-]+"


@cache
def _phrase_pattern(ignore_case: bool) -> re.Pattern[str]:
    """Where a phrase of the lexicon may stand: its words, whole as :data:`_WORD` reads
    words; in any case when ``ignore_case``, else as the lexicon writes them (lower case),
    for a text lowered. Every place where a phrase's words are the text's words lowered is
    found (IGNORECASE matches a letter to what ``str.lower`` makes of it, and to a few more
    characters, such as the Kelvin sign): a superset, which the lexicon's lookup decides."""
    phrases = [" ".join(phrase) for entries in _lexicon().values() for phrase, _, _ in entries]
    # (the first letter tested once, before the tree: twice as fast)
    firsts = "".join(sorted({re.escape(p[0]) for p in phrases}))
    tree = vocab.trie_alt(phrases, _BETWEEN_WORDS)
    return re.compile(rf"(?<![\w’'-])(?=[{firsts}]){tree}(?![\w’'-])", re.I if ignore_case else 0)


# A text up to this long is searched for phrases lowered (twice as fast as IGNORECASE); a
# longer one as written, so that no lowered copy of a long report is made.
_LOWERED_SEARCH_MAX = 1 << 16
# The letters IGNORECASE matches to an ASCII letter though ``str.lower`` makes something
# else of them (dotted and dotless i, long s): a text holding one is searched as written.
_CASE_ODD = ("\u0130", "\u0131", "\u017f")


def _phrase_search(text: str) -> tuple[re.Pattern[str], str]:
    """The phrase pattern and the string to search for ``text``'s phrases: its lowered
    copy (positions are the same: lowering maps every character to one, and keeps which
    are word characters) unless it is long or holds a letter lowering cannot stand for."""
    if len(text) <= _LOWERED_SEARCH_MAX:
        odd_i, dotless_i, long_s = _CASE_ODD
        if not (odd_i in text or dotless_i in text or long_s in text):
            low = text.lower()
            if len(low) == len(text):
                return _phrase_pattern(False), low
    return _phrase_pattern(True), text


# A ballot's choice: "voted by 87% for strike action" wishes for the strike, it tells of
# none.
_BALLOT_FOR = re.compile(
    r"\bvoted\s+(?:by\s+)?(?:(?:a\s+)?\d+(?:\.\d+)?\s*(?:%|per\s*cent)\s+(?:majority\s+)?"
    r"|overwhelmingly\s+)?"
    r"(?:for|in\s+favour\s+of)\s+(?:[\w'’-]+\s+){0,2}$",
    re.I,
)
# A denial governs a noun it stands just before ("no Black Lives Matter protest had been
# called", "not a picket"), or a verb ("did not march"); "Snow did not stop the SOAS
# picket" denies the stopping, not the picket.
_NEGATED_NOUN = re.compile(
    r"\b(?:no|never\s+(?:a|an)|not\s+(?:a|an|one|any)|without\s+(?:a|an|any))\s+(?:[\w'’-]+\s+){0,3}$",
    re.I,
)
_NEGATED_VERB = re.compile(r"\b(?:not|never|n[’']t|nobody|none)\s+(?:\w+\s+)?$", re.I)
_DETERMINER_BEFORE = re.compile(
    r"\b(?:a|an|the|our|their|its|his|her|this|that|pop-up|street|campaign|information)\s+(?:[\w'’-]+\s+)?$",
    re.I,
)
# ("the following day", "the previous evening" name the report's own time, resolved as a
# day: no mention of another event)
_PASSING = re.compile(
    rf"\b(?:(?!earlier\b){vocab.word_tree(vocab.PASSING_MARKERS)}\b(?!\s+(?:{vocab.alt(vocab.DAY_PART_WORDS)})\b)"
    rf"|earlier\b(?!\s*(?:{vocab.alt(vocab.EARLIER_OWN_TIME)})))",
    re.I,
)
_CLAUSE_PASSING = re.compile(
    rf"\b{vocab.word_tree(vocab.CLAUSE_PASSING_MARKERS)}\b"
    r"|\btold\b[^.;]*?(?:\bthat\b|:|[“\"‘])"
    r"|\bhad\s+(?:(?:already|also|just|never|not)\s+)?(?:been|\w+ed|gone|come|run|held|seen|begun|taken)\b",
    re.I,
)
_PASSING_AFTER = vocab.any_word_pattern(vocab.PASSING_AFTER)
# "a street stall on Queen Street, every Saturday in October": a regular activity, listed or
# announced, is no one event.
_HABITUAL = re.compile(
    r"\b(?:every|each)\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|week|"
    r"weekend|month|morning|evening|day)\b|\bweekly\b|\bon\s+(?:mondays|tuesdays|wednesdays|"
    r"thursdays|fridays|saturdays|sundays)\b",
    re.I,
)
_NAMED_PERIOD = re.compile(
    r"\b(?:day|days|week|weeks|month|year|summer|season|wave)\s+of\s+$", re.I
)
_AFTER_CLAUSE = re.compile(r"[,;:.!?]|\s(?:and|but|while)\s")
# How far before an event word a passing marker governs it ("after last week's big").
_PASSING_REACH = 32
# "the tens of thousands who marched": a relative clause describes, it does not report.
_RELATIVE = re.compile(r"\b(?:who|which|whom|whose)\s+(?:\w+\s+){0,2}$", re.I)
_PLURAL_EXCEPTIONS = frozenset(vocab.NOT_PLURAL_NOUNS)


def _clause_before(text: str, pos: int, reach: int = 70) -> str:
    """The clause that leads up to ``pos`` (at most ``reach`` characters back)."""
    start = max(0, pos - reach)
    window = text[start:pos]
    cut = 0
    for m in _CLAUSE_BREAK.finditer(window):
        cut = m.end()
    return window[cut:]


def _clause_after(after: str) -> str:
    m = _AFTER_CLAUSE.search(after)
    return after[: m.start()] if m else after


def _is_plural(word: str, phrase: tuple[str, ...]) -> bool:
    last = phrase[-1]
    return last.endswith("s") and last not in _PLURAL_EXCEPTIONS and not last.endswith("ss")


def _history_start(text: str, pos: int, reach: int = 60) -> int:
    """Where the clause about a year long past begins: its clause break, or "since" (the
    routes "already lost since 2019" are history, the vigil held for them is not)."""
    start = max(0, pos - reach)
    cut = start
    for m in _HISTORY_BREAK.finditer(text, start, pos):
        cut = m.end()
    since = text.rfind(" since ", cut, pos)
    return max(cut, since - 30) if since >= 0 else cut


_FUTURE_BREAK = re.compile(
    r"[;:]|,\s+(?:and|but|while|whereas)\s|\s(?:but|while)\s"
    rf"|\s+and\s+(?=(?:{vocab.alt(vocab.FUTURE_CLAUSE_OPENERS)})\b)",
    re.I,
)


def _future_start(report: Report, pos: int) -> int:
    """Where the clause naming a later day begins: after the last ";", ":" or ", and" of its
    sentence ("… on Saturday, and the campaign will hold a meeting on Tuesday 2 April")."""
    start = report.sentence_at(pos)[0]
    cut = start
    for m in _FUTURE_BREAK.finditer(report.text, start, pos):
        cut = m.end()
    return cut


def time_spans(
    report: Report, published: date | None
) -> tuple[tuple[tuple[int, int], ...], tuple[tuple[int, int], ...]]:
    """(sentences that name a day after publication: announcements; sentences that name a
    year long before it: history)."""
    if published is None:
        return (), ()
    # the clause that names a later day, not its whole sentence: "Around 30 people marched
    # on Saturday, and the campaign will hold a public meeting on Tuesday 2 April"
    future = tuple(
        (_future_start(report, m.start), report.sentence_at(m.start)[1])
        for m in find_dates(report.text, published)
        if m.day > published
    )
    old = published.year - HISTORY_YEARS
    text = report.text
    past: list[tuple[int, int]] = []
    for m in _YEAR.finditer(text):
        if int(m.group(0)) > old:
            continue
        start = _history_start(text, m.start())
        if _ASIDE_YEAR.match(text, m.end()) and char_before(text, start) == ",":
            # "The last strike in Hull, in 2019, won a rise": the aside dates the words
            # before its comma
            start = _history_start(text, text.rfind(",", 0, start))
        end = m.end()
        if _OPENING_YEAR.search(text, max(0, m.start() - 12), m.start()):
            # "In 2011, 750,000 workers struck": the year opens its clause and dates all of it
            stop = _YEAR_CLAUSE_END.search(text, m.end() + 1)
            end = stop.start() if stop else len(text)
        elif _MODIFIER_YEAR.match(text, m.end()):
            # "the 1972 dock strike picket lines": the year dates the noun phrase after it
            # (not "… was remembered by 300 at a rally" after that)
            phrase = _YEAR_NOUN_PHRASE.match(text, m.end())
            end = phrase.end() if phrase else m.end()
        past.append((start, end))
    return future, tuple(past)


@lru_cache(maxsize=4096)
def paragraph_happenings(paragraph: str, published: date | None = None) -> tuple[Happening, ...]:
    """The happenings of one paragraph (cached per page: a paragraph is read as an opening,
    then as part of its report)."""
    report = plain_report(paragraph)
    future, past = time_spans(report, published)
    return find_happenings(paragraph, report.quotes, future, past)


def happenings(report: Report, published: date | None = None) -> tuple[Happening, ...]:
    """The happenings of a report's text, paragraph by paragraph."""
    out: list[Happening] = []
    offset = 0
    for part in report.text.split("\n\n"):
        found = paragraph_happenings(part, published)
        if offset:
            # (built field by field: dataclasses.replace costs several times as much)
            out.extend(
                Happening(
                    h.start + offset,
                    h.end + offset,
                    h.word,
                    h.event_type,
                    h.role,
                    h.plural,
                    h.future,
                    h.negated,
                    h.passing,
                    h.quoted,
                )
                for h in found
            )
        else:
            out.extend(found)
        offset += len(part) + 2
    return tuple(out)


class _WordsFrom:
    """The words of a text from one of them on, as :data:`_WORD` reads them, read only as
    far as a phrase asks."""

    __slots__ = ("_low", "_text", "spans")

    def __init__(self, text: str, first: re.Match[str]) -> None:
        self._text = text
        self.spans: list[tuple[int, int]] = [first.span()]
        self._low: list[str] = [first.group(0).lower()]

    def lowered(self, j: int) -> str | None:
        """The ``j``-th word from the first, lower-cased; None past the text's end."""
        while len(self._low) <= j:
            m = _WORD.search(self._text, self.spans[-1][1])
            if m is None:
                return None
            self.spans.append(m.span())
            self._low.append(m.group(0).lower())
        return self._low[j]


@lru_cache(maxsize=4096)
def find_happenings(
    text: str,
    quotes: tuple[tuple[int, int], ...] = (),
    future_spans: tuple[tuple[int, int], ...] = (),
    past_spans: tuple[tuple[int, int], ...] = (),
) -> tuple[Happening, ...]:
    """Every event word of ``text`` in order. ``quotes`` are spans of quoted speech;
    ``future_spans`` are sentences that name a day after publication and ``past_spans``
    sentences that name a year long before it (history, not news)."""
    lex = _lexicon()
    in_future, in_past, in_quotes = (
        SpanIndex(future_spans).covers,
        SpanIndex(past_spans).covers,
        SpanIndex(quotes).inside,
    )
    # Only the words where a phrase of the lexicon may stand are visited: one pattern finds
    # them; the words from there on are read as the phrases ask. (Visiting every word of
    # the text, lowering it and looking it up, cost more than all the rest for a short
    # report; and nothing is kept per word of a long one.)
    pattern, searched = _phrase_search(text)
    find_phrase = pattern.search
    out: list[Happening] = []
    pos = 0
    while True:
        found = find_phrase(searched, pos)
        if found is None:
            break
        first_m = _WORD.match(text, found.start())
        assert first_m is not None  # the pattern starts with a word
        pos = first_m.end()
        entries = lex.get(first_m.group(0).lower())
        if entries is None:
            continue  # (the pattern finds a superset: the lexicon decides)
        words = _WordsFrom(text, first_m)
        lowered_at = words.lowered
        for phrase, etype, role in entries:
            k = len(phrase)
            if k > 1 and any(lowered_at(j) != phrase[j] for j in range(1, k)):
                continue
            start, end = words.spans[0][0], words.spans[k - 1][1]
            written = text[start:end]
            first = phrase[0]
            if first in vocab.LOWER_CASE_ONLY and written[:1].isupper():
                continue
            if first in vocab.UPPER_CASE_ONLY and not written.isupper():
                continue
            if (
                etype == "strike"
                and phrase[-1] == "out"
                and lowered_at(k) in vocab.NOT_STRIKE_AFTER
                and not (
                    lowered_at(k + 1) in vocab.WALKOUT_PLACES
                    or (
                        lowered_at(k + 1) in ("their", "the", "our")
                        and lowered_at(k + 2) in vocab.WALKOUT_PLACES
                    )
                )
            ):
                continue  # "walked out of the talks"; but "walked out of lessons" is a walkout
            if role == "noun" and lowered_at(k) in vocab.NOT_EVENT_AFTER:
                continue  # "strike ballots", "picket supervisor"
            before = _clause_before(text, start)
            after = text[end : end + 60]
            if first in vocab.WEAK_NOUNS and not _DETERMINER_BEFORE.search(before[-30:]):
                continue  # "stand together", "debate about": not a stand or a debate held
            if role == "noun" and _NAMED_PERIOD.search(before):
                continue  # "the week of protest", "a national day of action": a campaign's name
            out.append(
                Happening(
                    start=start,
                    end=end,
                    word=written,
                    event_type=etype,
                    role=role,
                    plural=role in ("noun", "people") and _is_plural(written, phrase),
                    future=bool(_FUTURE.search(before))
                    or bool(role == "noun" and _AFTER_FUTURE.match(after))
                    or bool(role == "people" and _PEOPLE_FUTURE.match(after))
                    or bool(role == "noun" and _BALLOT_FOR.search(before[-60:]))
                    or bool(_HABITUAL.search(before[-40:]) or _HABITUAL.search(after[:40]))
                    or in_future(start),
                    negated=bool(
                        (_NEGATED_NOUN if role == "noun" else _NEGATED_VERB).search(before[-40:])
                    ),
                    passing=bool(
                        in_past(start)
                        or _PASSING_AFTER.search(_clause_after(after))
                        or _PASSING.search(before[-_PASSING_REACH:])
                        or _CLAUSE_PASSING.search(before)
                        or (role != "noun" and _RELATIVE.search(before))
                    ),
                    quoted=in_quotes(start),
                )
            )
            pos = end
            break
    return tuple(out)
