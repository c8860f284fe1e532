"""The rules' registry: which rules run, under which version, and how to name other rules.

Why beside the rules: the crawl, `archive parse` and `archive reparse` all ask "which rules,
which version?", and the answer belongs to the rules, not to any one of their callers. A
:class:`Rules` is what a parser pool sends to its worker processes, so it must pickle: its
``parse`` is a module-level function (or a ``functools.partial`` of one). Rule authors and
tests name a variant as ``package.module:NAME`` (`archive reparse --rules`,
``-s ARCHIVE_RULES=``).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from scraper.parsers.records import ParsedArticle

ParseFn = Callable[[bytes, str, date | None, str | None], ParsedArticle]


class UnknownRules(ValueError):
    """A rules spec that names no :class:`Rules` object (the message says why, in one line)."""


@dataclass(frozen=True)
class Rules:
    """A version of the extraction rules: the parse function and the version it reports.

    ``parse`` must be importable by name (a module-level function, or a ``functools.partial``
    of one) so that worker processes can receive it.
    """

    version: str
    parse: ParseFn


def current_rules() -> Rules:
    """The real parser, as the crawl runs it."""
    from scraper.parsers import PARSER_VERSION, parse_article

    return Rules(PARSER_VERSION, parse_article)


def load_rules(spec: str) -> Rules:
    """``package.module:NAME`` -> the :class:`Rules` object of that name (for rule variants)."""
    module_name, _, attr = spec.partition(":")
    if not module_name or not attr:
        raise UnknownRules(f"rules must be given as module:NAME, not {spec!r}")
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise UnknownRules(f"cannot import rules module {module_name!r}: {exc}") from exc
    rules = getattr(module, attr, None)
    if not isinstance(rules, Rules):
        raise UnknownRules(f"{spec} is not a Rules object")
    return rules
