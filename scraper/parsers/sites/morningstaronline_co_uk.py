"""Morning Star (morningstaronline.co.uk, Drupal): where the body, title and date are.

The date is first of all in the page's JSON-LD (``datePublished``, read with the rest of the
metadata); the visible "Thursday, November 3, 2022" field is the site's date element for
pages whose JSON-LD lacks it. Only locations live here; if a redesign renames these classes,
the generic path runs instead (``fell_back``).
"""

from __future__ import annotations

from scraper.parsers.sites.selectors import Selector

DOMAIN = "morningstaronline.co.uk"
NAME = "morningstaronline_co_uk"

BODY = Selector("div", "field--name-body")
TITLE = Selector("h1", "page-title")
DATE: Selector | None = Selector("div", "field--name-created")
