"""Where an event happened: the most specific gazetteer place a report names."""

from __future__ import annotations

import re
from dataclasses import dataclass

from scraper.parsers import gazetteer
from scraper.parsers.fields.report import POSSESSIVE_END, Report

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
RUN_OPENERS = frozenset(
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
        while i < len(words) and (words[i] in _COMPASS or words[i] in RUN_OPENERS):
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
            for cand in (name, POSSESSIVE_END.sub("", name)):
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
