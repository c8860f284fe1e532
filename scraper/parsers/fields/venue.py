"""The hall, building or street an event was held in."""

from __future__ import annotations

import re

from scraper.parsers import gazetteer, names
from scraper.parsers import vocabulary as vocab
from scraper.parsers.fields.place import RUN_OPENERS
from scraper.parsers.fields.report import Report
from scraper.parsers.normalise import MONTHS, WEEKDAYS

_VENUE_WORDS = "(?:" + "|".join(vocab.VENUE_NAME_WORDS) + ")"
_VENUE = re.compile(
    rf"\b(?:in|into|at|inside|outside|on|to|from|of|near|opposite)\s+(?:the\s+)?"
    rf"(?P<v>(?:[A-Z][\w'’&.-]*\s+(?:(?:of|the|and|on|upon|&)\s+)?){{1,4}}{_VENUE_WORDS})\b"
)


_VENUE_THE = re.compile(
    r"\b(?:outside|at|inside|in front of|opposite|on the steps of|into|in)\s+the\s+"
    r"(?P<v>[A-Z][\w'’]+(?:\s+[A-Z][\w'’]+){0,2})\b"
)
_VENUE_COMMON = re.compile(
    r"\b(?P<v>[A-Z][\w'’]+(?:\s+[A-Z][\w'’]+)?\s+(?:"
    + "|".join(sorted(vocab.VENUE_COMMON_WORDS, key=len, reverse=True))
    + r"))\b"
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
            or words[0] in RUN_OPENERS
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
        frozenset(w.split()[-1] for w in vocab.VENUE_COMMON_WORDS),
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
                or first in RUN_OPENERS
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
        # the earliest; of two starting together the longer ("Royal Mail delivery office")
        return min(found, key=lambda f: (f[0], -len(f[1])))[1]
    return _spot_in_town(report)
