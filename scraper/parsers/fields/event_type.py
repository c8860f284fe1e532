"""What kind of event a report tells of, from its event words."""

from __future__ import annotations

import re
from dataclasses import dataclass

from scraper.parsers.fields.report import Report

# A branch or constituency party voting is a meeting even when the word is not used.
VOTING_BODY = re.compile(r"\b(?:CLP|branch|ward|committee)\s+(?:voted|backed|nominated)\b")


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


# Event words by type, looked up per word (a report is tokenised once; a dict look-up per
# word is far cheaper than scanning the text with a dozen alternatives). Case-sensitive words: "March"
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
    """(event type, word as written) for the token ``tok`` at ``start``, or None."""
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
        return "meeting" if VOTING_BODY.search(report.text) else "other"
    score: dict[str, int] = {}
    first: dict[str, int] = {}
    for h in hits:
        score[h.event_type] = score.get(h.event_type, 0) + h.weight
        first[h.event_type] = min(first.get(h.event_type, h.start), h.start)
    return min(score, key=lambda t: (-score[t], first[t], t))
