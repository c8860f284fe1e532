"""The Socialist (socialistparty.org.uk): where the body, title and date are.

Only locations live here; a redesign that renames these classes makes the body selector find
nothing and the generic path runs instead (recorded as ``fell_back``).
"""

from __future__ import annotations

from scraper.parsers.sites.selectors import Selector

DOMAIN = "socialistparty.org.uk"
NAME = "socialistparty_org_uk"

BODY = Selector("div", "articleBody")
TITLE = Selector("h1", "articleTitle")
# "From The Socialist newspaper, 24 August 2016": the site has no machine-readable date.
DATE: Selector | None = Selector("div", "articleDate")
