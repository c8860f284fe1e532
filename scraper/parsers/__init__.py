"""Extraction rules: pure functions from HTML bytes (+ URL, + publication date) to an article
and its events. No Scrapy and no database imports, so that the crawl, `archive parse` and
`archive reparse` all run exactly the same code.

The single entry point is :func:`parse_article`; :data:`PARSER_VERSION` names the rules.
"""

from scraper.parsers.records import Block, EventRecord, ParsedArticle

__all__ = ["PARSER_VERSION", "Block", "EventRecord", "ParsedArticle", "parse_article"]

# Bump whenever what the rules output changes (see README "Changing the rules").
PARSER_VERSION = "0.1.0"


def parse_article(  # pragma: no cover - replaced by the parser work
    html: bytes,
    url: str,
    published: "date | None" = None,  # noqa: F821
    content_type: str | None = None,
) -> ParsedArticle:
    raise NotImplementedError
