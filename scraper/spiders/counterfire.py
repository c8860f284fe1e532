"""Counterfire (counterfire.org): today's ``/article/slug/`` and the old site's numeric ids
(scraper/sites/counterfire_org.py), from the home page, the article listing and its pages,
the old category listings and the sitemap."""

from __future__ import annotations

from scraper.sites import counterfire_org
from scraper.spiders.base import ArchiveSpider


class CounterfireSpider(ArchiveSpider):
    name = "counterfire"
    site = counterfire_org.URLS
