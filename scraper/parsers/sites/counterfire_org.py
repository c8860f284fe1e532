"""Counterfire (counterfire.org): where the body and title are.

The date is machine-readable (``<meta property="article:published_time">``, read with the
rest of the page's metadata), so there is no date element to point at. Only locations live
here; if a redesign renames these classes, the generic path runs instead (``fell_back``).
"""

from __future__ import annotations

from scraper.parsers.sites.selectors import Selector

DOMAIN = "counterfire.org"
NAME = "counterfire_org"

BODY = Selector("div", "article-body")
TITLE = Selector("h1", "article-title")
DATE: Selector | None = None  # the article:published_time meta tag
