"""Money raised at the event, in pounds."""

from __future__ import annotations

import re

from scraper.parsers.fields.report import Report
from scraper.parsers.normalise import parse_money

_MONEY = re.compile(r"£\s?(?P<v>\d[\d,]*(?:\.\d+)?\s*(?:k\b|m\b)?)", re.I)
_RAISED = re.compile(
    r"\b(?:raised|raising|collected|collection|donated|donations?|fighting fund|whip-?round"
    r"|bucket|appeal|towards)\b",
    re.I,
)
_NOT_RAISED = re.compile(
    r"\b(?:an hour|a week|per hour|per week|a year|wage|pay|salary|cuts?)\b", re.I
)


def money_raised(report: Report) -> float | None:
    """Pounds raised at the event (never wages, cuts or budgets)."""
    if "£" not in report.text:
        return None
    for m in _MONEY.finditer(report.text):
        sentence = report.sentence_text(m.start())
        near = report.text[m.end() : m.end() + 20]
        if _RAISED.search(sentence) and not _NOT_RAISED.match(near.strip()):
            return parse_money(m.group("v"))
    return None
