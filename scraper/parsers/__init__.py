"""Extraction rules: pure functions from HTML bytes (+ URL, + publication date) to an article
and its events. No Scrapy and no database imports, so that the crawl, `archive parse` and
`archive reparse` all run exactly the same code.

The single entry point is :func:`parse_article`; :data:`PARSER_VERSION` names the rules.
The page is parsed once (BeautifulSoup with lxml; for a known site, only the parts the rules
read, see strained.py); everything after works on that tree and on plain strings.
"""

from __future__ import annotations

import warnings
from datetime import date
from typing import TYPE_CHECKING

from bs4 import BeautifulSoup, Tag, XMLParsedAsHTMLWarning

from scraper.parsers.records import Block, EventRecord, ParsedArticle

if TYPE_CHECKING:
    from scraper.parsers.sites import Site

__all__ = ["PARSER_VERSION", "Block", "EventRecord", "ParsedArticle", "parse_article"]

# Bump whenever what the rules output changes (see README "Changing the rules").
PARSER_VERSION = "0.2.2"


def parse_article(
    html: bytes,
    url: str,
    published: date | None = None,
    content_type: str | None = None,
) -> ParsedArticle:
    """Read one saved page: title, dates, body blocks and the events its reports describe.

    ``published`` (when the caller knows it) overrides what the page says; otherwise the
    page's metadata, the site's date element, a date-looking element, a visible dateline and
    the URL are tried in that order. ``content_type`` is the HTTP header, for its charset.

    A known site's page is first parsed without its chrome (scraper/parsers/strained.py);
    when that tree cannot give the full tree's answer (a redesign, a page without the site's
    title or date), the whole page is parsed and read exactly as before.
    """
    from scraper.parsers.decode import decode_html
    from scraper.parsers.sites import site_for
    from scraper.parsers.strained import parse_kept

    _forget_texts()
    text = decode_html(html, content_type)
    site = site_for(url)
    if site is not None and site.body.class_name in text:
        # (a page without the body's class name anywhere cannot have the site's body: a
        # redesign or another of the site's layouts, read whole at once)
        parsed = _read(parse_kept(text, site), url, published, site, strained=True)
        if parsed is not None:
            return parsed
    with warnings.catch_warnings():
        # An XHTML page is still read as HTML: that is what browsers do with text/html.
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        soup = BeautifulSoup(text, "lxml")
    read = _read(soup, url, published, site, strained=False)
    assert read is not None  # only a strained read declines
    return read


def _forget_texts() -> None:
    """Empty the per-text caches (dates, places, happenings of a line), so that a cache
    serves one page: the splitter, the event test and the fields ask about the same lines,
    but no page's answers outlive it (memory stays flat over a crawl, and a benchmark
    that parses a page twice pays twice)."""
    from scraper.parsers.fields.happening import find_happenings, paragraph_happenings
    from scraper.parsers.fields.place import _places_in, _scan
    from scraper.parsers.fields.report import plain_report
    from scraper.parsers.normalise import _find_dates
    from scraper.parsers.split import _first_sentences

    for cached in (
        find_happenings,
        paragraph_happenings,
        _scan,
        _places_in,
        _find_dates,
        plain_report,
        _first_sentences,
    ):
        cached.cache_clear()


def _read(
    soup: BeautifulSoup,
    url: str,
    published: date | None,
    site: Site | None,
    *,
    strained: bool,
) -> ParsedArticle | None:
    """The article from a parsed page. A ``strained`` tree holds only the metadata, bylines
    and the site's selected elements: None when the answer needs anything else (no site
    body or title; no date from the caller, the metadata or the site's date element, so
    date-looking elements elsewhere on the page would decide)."""
    from scraper.parsers import article, generic
    from scraper.parsers.body import blocks_from
    from scraper.parsers.events import extract_events
    from scraper.urls import date_in_url

    facts = article.scan_page(soup, url)
    site_name = "generic"
    fell_back = False
    body: Tag | None = None
    title = facts.title
    site_date: date | None = None
    if site is not None:
        body = site.find_body(facts)
        if body is None:
            if strained:
                return None
            fell_back = True
        else:
            site_name = site.name
            site_title = site.find_title(facts)
            date_text = site.find_date_text(facts)
            if date_text:
                site_date = article.parse_date_text(date_text)
            if strained and (
                site_title is None or not (published or facts.metadata_published or site_date)
            ):
                return None
            title = site_title or title
    if body is None:
        body = generic.find_main(soup, facts.classed, facts.landmarks)
    blocks = blocks_from(body) if body is not None else ()
    lead = generic.find_standfirst(body, facts.classed) if body is not None else None
    if lead is not None:
        blocks = blocks_from(lead) + blocks
    blocks, dateline, body_byline = article.take_datelines(blocks)
    pub = (
        published
        or facts.metadata_published
        or site_date
        or facts.published
        or dateline
        or date_in_url(url)
        or (None if strained else article.visible_date(soup))
    )
    from scraper.parsers.events import MAX_REPORTS

    events = extract_events(blocks, title, pub, PARSER_VERSION)
    warnings_: tuple[str, ...] = ()
    if len(events) >= MAX_REPORTS:
        warnings_ = (
            f"more than {MAX_REPORTS} reports on the page: only the first {MAX_REPORTS} read",
        )
    return ParsedArticle(
        url=url,
        canonical_url=facts.canonical_url,
        title=title,
        published=pub,
        blocks=blocks,
        events=events,
        parser_version=PARSER_VERSION,
        site=site_name,
        fell_back=fell_back,
        byline=facts.byline or body_byline,
        warnings=warnings_,
    )
