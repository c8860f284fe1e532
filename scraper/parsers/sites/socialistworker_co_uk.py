"""Socialist Worker (socialistworker.co.uk, WordPress): where the body, title and date are.

Only locations live here; if a theme change renames these classes, the body selector finds
nothing and the generic path runs instead (recorded as ``fell_back``).
"""

from __future__ import annotations

from scraper.parsers.sites.selectors import Selector

DOMAIN = "socialistworker.co.uk"
NAME = "socialistworker_co_uk"

BODY = Selector("div", "entry-content")
TITLE = Selector("h1", "entry-title")
# <time class="published" datetime="2023-05-12T10:00:00+01:00">12 May 2023</time>
DATE: Selector | None = Selector("time", "published")
