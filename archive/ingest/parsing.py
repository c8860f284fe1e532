"""Parsing pages for the archive: which rules run.

The rules and their registry live beside the rules (:mod:`scraper.parsers.registry`); here a
rules spec given by a user becomes a one-line error rather than a traceback.
"""

from __future__ import annotations

from archive.errors import BadInput
from scraper.parsers.registry import Rules, UnknownRules, current_rules, load_rules


def rules_for(spec: str | None) -> Rules:
    """The real parser, or the variant a spec names (``module:NAME``, as `archive reparse
    --rules` and ``-s ARCHIVE_RULES=`` take it, for rule authors and tests)."""
    if not spec:
        return current_rules()
    try:
        return load_rules(spec)
    except UnknownRules as exc:
        raise BadInput(str(exc)) from exc
