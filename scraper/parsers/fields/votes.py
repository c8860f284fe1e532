"""Vote counts: for/against, or counts for named candidates."""

from __future__ import annotations

import re

from scraper.parsers import names
from scraper.parsers import vocabulary as vocab
from scraper.parsers.fields.report import Report, is_word_char
from scraper.parsers.normalise import NUMBER, parse_number

_NUM = rf"(?P<a>{NUMBER})"
# "by 45 to nil": a second count may be written as a word for none
_NUM2 = rf"(?P<b>{NUMBER}|\bnil\b|\bnone\b)"
_NONE_WORDS = frozenset({"nil", "none"})
# Who voted, between a count and its verb ("the 24 Tories voted in favour"): a few words.
_VOTERS = r"(?:[A-Za-z][\w'’-]*\s+){0,2}?"
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
    (
        # "52 voted for and 7 against", "the 24 Tories voted in favour and the 13 Greens
        # against"
        "aga",
        None,
        re.compile(
            rf"{_NUM}\s+{_VOTERS}voted\s+(?:in favour|for)\s*(?:,|and|with|while)?\s*"
            rf"(?:the\s+)?{_NUM2}\s+{_VOTERS}(?:voted\s+)?against\b",
            re.I,
        ),
    ),
)
# "Only 6 voted against and 48 for": the counts the other way round.
_AGAINST_FIRST = re.compile(
    rf"{_NUM}\s+{_VOTERS}voted\s+against\s*(?:,|and|with|while)?\s*(?:the\s+)?{_NUM2}"
    rf"\s+{_VOTERS}(?:voted\s+)?(?:in favour|for)\b",
    re.I,
)
# "with 2 abstentions", "3 abstained": recorded beside the for and against counts.
_ABSTAINED = re.compile(rf"(?P<n>{NUMBER})\s+{_VOTERS}(?:abstentions?|abstained)\b", re.I)
_VOTING_CONTEXT = re.compile(rf"\bvot|\bnominat|\b{vocab.alt(vocab.VOTING_BODIES)}\b", re.I)
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


def _count(words: str) -> int | None:
    return 0 if words.lower() in _NONE_WORDS else parse_number(words)


def _with_abstentions(report: Report, pos: int, counts: dict[str, int]) -> dict[str, int]:
    """``counts`` plus the abstentions its sentence gives ("30 to 4, with 2 abstentions")."""
    a, b = report.sentence_at(pos)
    m = _ABSTAINED.search(report.text, a, b)
    n = parse_number(m.group("n")) if m else None
    return {**counts, "abstentions": n} if n is not None else counts


def votes(report: Report) -> dict[str, int] | None:
    """Vote counts as label -> count: "by 94 to 33" gives for/against; counts for named
    candidates keep their names as written."""
    text = report.text
    low = report.lower
    if (
        "vot" not in low
        and "favour" not in low
        and "against" not in low
        and "went to" not in low
        and not _VOTING_CONTEXT.search(text)
    ):
        return None
    for needed, before_rx, rx in _VOTE_FOR_AGAINST:
        m = None
        if needed not in low:
            continue
        for pos in report.number_starts:
            if before_rx is None:
                if pos > 0 and is_word_char(text[pos - 1]):
                    continue
            elif not before_rx.search(text, max(0, pos - 40), pos):
                continue
            m = rx.match(text, pos)
            if m:
                break
        if m:
            a, b = parse_number(m.group("a")), _count(m.group("b"))
            if a is not None and b is not None:
                return _with_abstentions(report, m.start(), {"for": a, "against": b})
    if "against" in low:
        for pos in report.number_starts:
            m = _AGAINST_FIRST.match(text, pos)
            if m:
                a, b = parse_number(m.group("a")), _count(m.group("b"))
                if a is not None and b is not None:
                    return _with_abstentions(report, pos, {"for": b, "against": a})
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
            # "Corbyn 205, Smith 103" in a sentence about a vote or a voting body
            if not _VOTING_CONTEXT.search(report.sentence_text(m.start())):
                continue
            named.append((m.start(), m.group("w1"), int(m.group("a"))))
            named.append((m.start() + 1, m.group("w2"), int(m.group("b"))))
    if not named:
        return None
    out: dict[str, int] = {}
    for _, who, n in sorted(named):
        out.setdefault(who, n)
    return out
