"""People who spoke at the event."""

from __future__ import annotations

import re

from scraper.parsers import names
from scraper.parsers import vocabulary as vocab
from scraper.parsers.fields.report import Report, char_before

_SPEAKERS_LIST = re.compile(
    r"\b(?:[Ss]peakers?\s+(?:included|including|were|was|:|from)"
    r"|[Ss]peakers?\s+(?:at|on|for)\s+(?:the|a|an|our|this|that)\s+[^.;!?,]{1,60}?\s+"
    r"(?:included|including|were)"
    r"|(?:[Oo]ther|[Tt]he)\s+speakers?\s+(?:were|included)"
    r"|(?:was|were)\s+addressed\s+by|addressed\s+by|heard\s+from|[Ss]peaking\s+(?:were|was)"
    r"|[Ss]peeches\s+(?:from|by))\s+(?P<list>[^.;!?]+)"
)
_SAID = re.compile(
    rf"\b(?P<who>{names.PERSON})(?:,[^,]{{1,80}},)?\s+(?:{'|'.join(vocab.SPEECH_VERBS)}"
    rf"|read (?:out )?(?:a|an|the|her|his|their) (?:poem|statement|message|letter|speech))\b"
)
_SAID_AFTER = re.compile(
    rf"[,”\"]\s*(?:{'|'.join(vocab.QUOTE_VERBS)})\s+(?:[a-z][\w-]*\s+){{0,5}}?(?P<who>{names.PERSON})\b"
)
_ALSO_SPEAKER = re.compile(
    rf"(?P<who>{names.PERSON})\s+was\s+(?:also\s+)?(?:one of the|a|another)\s+speakers?\b"
)


# Words each speaker pattern cannot match without (a cheap gate before the name patterns).
_SPEAKERS_LIST_WORDS = frozenset(
    {"speaker", "speakers", "addressed", "heard", "speaking", "speeches"}
)
_SAID_WORDS = frozenset(w.split()[0] for w in vocab.SPEECH_VERBS) | {"read"}
_SAID_AFTER_WORDS = frozenset(vocab.QUOTE_VERBS)
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
            while toks and (toks[0].rstrip(".") in vocab.TITLES or toks[0].endswith(("’s", "'s"))):
                toks = toks[1:]
            before = char_before(text, m.start("who"))
            if len(toks) == 3 and (not before or before in '.!?”"'):
                toks = toks[1:]  # "Nurse Rhodri Davies said": a capitalised role opens the sentence
            while len(toks) > 2 and (
                names.is_org_word(toks[0])
                or names.is_place_word(toks[0])
                or toks[0].lower() in vocab.NOT_GIVEN_NAMES
            ):
                toks = toks[1:]
            if names.looks_like_person(toks):
                found.append((m.start("who"), " ".join(toks)))
    out: list[str] = []
    for _, who in sorted(found):
        if who not in out:
            out.append(who)
    return tuple(out)
