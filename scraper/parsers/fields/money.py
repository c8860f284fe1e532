"""Money raised at the event, in pounds."""

from __future__ import annotations

import re

from scraper.parsers import vocabulary as vocab
from scraper.parsers.fields.report import Report
from scraper.parsers.normalise import parse_money

_MONEY = re.compile(r"£\s?(?P<v>\d[\d,]*(?:\.\d+)?\s*(?:k\b|m\b)?)", re.I)
_RAISED = re.compile(rf"\b(?:{'|'.join(vocab.MONEY_RAISED_WORDS)})\b", re.I)
_NOT_RAISED = re.compile(rf"\b(?:{'|'.join(vocab.NOT_RAISED_AFTER)})\b", re.I)


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
