"""Organisations named as organising or taking part."""

from __future__ import annotations

import re

from scraper.parsers import gazetteer
from scraper.parsers.fields.report import POSSESSIVE_END, Report

_KNOWN_ORGS = (
    r"Unison|Unite|GMB|RMT|TSSA|NEU|NUT|PCS|CWU|UCU|FBU|BMA|RCN|Aslef|ASLEF|Usdaw|NUJ|EIS|NASUWT"
    r"|BFAWU|CND|TUSC|SWP|NSSN|Momentum|TUC|IWGB|UVW|ACORN|Acorn|NUS|Unite the Union|Young Socialists"
    r"|Socialist Students|(?i:Stand Up to Racism)|Youth Fight for Jobs|Keep Our NHS Public"
)
_ORG_KEYWORD = (
    r"(?:Party|Union|Council|Campaign|Committee|Coalition|Association|Federation|Society"
    r"|Alliance|Front|Movement|Network|Assembly|Collective|Congress|CLP|TUC|Group|Forum|League"
    r"|Branch|Students|Momentum|Unite|Unison|GMB|RMT|NEU|PCS|CWU|UCU|FBU)"
)
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
    r"(?:members?|activists?|supporters?|drivers|workers|nurses|teachers"
    r"|staff|doctors|porters|cleaners|carers|lecturers|officials?|officers?|secretary|chair"
    r"|president|convenor|leaders?|organisers?|branch(?:es)?|banners?|contingents?|reps?"
    r"|stewards?|delegations?|organised|organized|called|hosted|sponsored|voted|held|rally"
    r"|meeting|demo|demonstration|protest|picket|march|stall|vigil|conference|group|comrades"
    r"|also|stepped|balloted|launched|led|backed|supported|mobilised|brought|sent|joined"
    r"|marched|walked|struck)\b)",
    re.I,
)
_ORG_ROLE_BEFORE = re.compile(
    r"\b(?:organised by|organized by|called by|hosted by|sponsored by|supported by|backed by"
    r"|led by|joined by|alongside|together with|invited by|run by|set up by|coordinated by"
    r"|members of|contingent from|delegation from|banners? from|union|from|with the|of)\s+(?:the\s+)?$",
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
