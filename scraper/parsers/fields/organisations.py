"""Organisations named as organising or taking part."""

from __future__ import annotations

import re

from scraper.parsers import gazetteer
from scraper.parsers import vocabulary as vocab
from scraper.parsers.fields.report import POSSESSIVE_END, Report

_KNOWN_ORGS = "|".join(
    [re.escape(o) for o in vocab.KNOWN_ORGS]
    + [f"(?i:{re.escape(o)})" for o in vocab.KNOWN_ORGS_ANY_CASE]
)
_ORG_KEYWORD = "(?:" + "|".join(vocab.ORG_KEYWORDS) + ")"
_ORG = re.compile(
    rf"\b(?P<org>(?:[A-Z][\w'’&-]*\s+(?:(?:and|for|of|the|against|to)\s+)?){{0,5}}{_ORG_KEYWORD}\b"
    rf"|(?:{_KNOWN_ORGS})\b(?:\s+(?:union|branch))?)"
)
# What follows an organisation's name when it took part: its people or officers ("NEU district
# secretary"), its own event ("Stockport Trades Council's meeting"), or what it did ("the CWU
# stepped up its fight"); a name in a list shares the list's role ("Stand Up to Racism and
# local trade unionists called …").
_ORG_ROLE_AFTER = re.compile(
    r"^(?:(?-i:['’]s\s+[A-Z][a-z]+\s+[A-Z][a-z])|(?:['’]s)?\s*(?:(?:and|,)\s+(?:[\w’'-]+\s+){1,3}?)?(?:[a-z]+\s+){0,2}?"
    rf"(?:{'|'.join(vocab.ORG_ROLE_WORDS)})\b)",
    re.I,
)
_ORG_ROLE_BEFORE = re.compile(
    rf"\b(?:{'|'.join(vocab.ORG_ROLE_BEFORE)})\s+(?:the\s+)?$",
    re.I,
)
_ORG_STRIP_LEAD = re.compile(
    r"^(?:The|A|An|Our|Both|All|Other|Local|Many|Some|At|In|On|By|With|From)\s+"
)


def organisations(report: Report) -> tuple[str, ...]:
    """Organisations that organised or took part: named with a role ("Unison members",
    "organised by X", "a Greenwich Momentum rally", "sponsored by Greenwich Unite")."""
    text = report.text
    out: list[str] = []
    for m in _ORG.finditer(text):
        org = _ORG_STRIP_LEAD.sub("", m.group("org")).strip()
        org = POSSESSIVE_END.sub("", org)
        if " and " in org:
            first, _, rest = org.rpartition(" and ")
            if gazetteer.lookup(first.split()[-1]) is None and rest:
                org = rest  # "GP Harriet Wolfe and Unison": the list's last item
        if not org or org.split()[0].lower() in ("mp", "mps"):
            continue
        after = text[m.end() : m.end() + 50]
        before = text[max(0, m.start() - 30) : m.start()]
        if not (_ORG_ROLE_AFTER.match(after) or _ORG_ROLE_BEFORE.search(before)):
            continue
        if report.in_quote(m.start()):
            continue
        if org not in out:
            out.append(org)
    return tuple(out)
