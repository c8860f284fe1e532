"""Copies of the paper sold at the event."""

from __future__ import annotations

import re

from scraper.parsers import vocabulary as vocab
from scraper.parsers.fields.report import Report
from scraper.parsers.normalise import NUMBER, parse_number

_PAPERS = re.compile(rf"(?P<n>{NUMBER})\s+(?:{'|'.join(vocab.PAPER_WORDS)})\b", re.I)
# "we sold 40 Socialists": a paper's title counted, case as written
_TITLES = re.compile(
    rf"(?P<n>{NUMBER})\s+(?:(?:[Cc]opies|issues)\s+of\s+)?(?:[Tt]he\s+)?"
    rf"(?:{'|'.join(vocab.PAPER_TITLES)})\b"
)
_SOLD = re.compile(rf"\b(?:{'|'.join(vocab.SELLING_WORDS)})\b", re.I)
# "Papers sold: 18", "Paper sales: 25": a tally line
_TALLY = re.compile(
    rf"\b(?:papers|copies)\s+sold\s*:\s*(?P<n>{NUMBER})|\bpaper\s+sales\s*:\s*(?P<n2>{NUMBER})",
    re.I,
)
# "Nine people bought the paper", "600 bought a copy of the Socialist"
_BOUGHT = re.compile(
    rf"(?P<n>{NUMBER})\s+(?:(?:more\s+)?(?:people|of\s+them|others|students|workers)\s+)?"
    r"(?:bought|took|snapped\s+up)\s+(?:a\s+copy|copies|the\s+paper|the\s+Socialist|a\s+paper|papers)\b",
    re.I,
)


# "22 papers went in the first hour", "all 40 copies went"
_WENT = re.compile(
    rf"(?P<n>{NUMBER})\s+(?:papers|copies)\s+(?:went|were\s+sold|sold\s+out)\b", re.I
)


def papers_sold(report: Report) -> int | None:
    """Copies of the paper sold ("We sold 80 copies of the Socialist")."""
    low = report.lower
    if "cop" not in low and "paper" not in low and "issues" not in low and "socialist" not in low:
        return None
    tally = _TALLY.search(report.text)
    if tally:
        n = parse_number(tally.group("n") or tally.group("n2"))
        if n is not None:
            return n
    for pos in report.number_starts:
        m = _PAPERS.match(report.text, pos) or _TITLES.match(report.text, pos)
        if m and _SOLD.search(report.sentence_text(pos)):
            n = parse_number(m.group("n"))
            if n is not None:
                return n
        m = _BOUGHT.match(report.text, pos) or _WENT.match(report.text, pos)
        if m:
            n = parse_number(m.group("n"))
            if n is not None:
                return n
    return None
