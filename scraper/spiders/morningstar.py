"""Morning Star (morningstaronline.co.uk): ``/article/slug``, ``/article/b/slug`` and the old
site's ``/a-0709-Slug`` (scraper/sites/morningstaronline_co_uk.py), from the home page and
its pages, the sections the generic follow finds, and the sitemap."""

from __future__ import annotations

from scraper.sites import morningstaronline_co_uk
from scraper.spiders.base import ArchiveSpider


class MorningStarSpider(ArchiveSpider):
    name = "morningstar"
    site = morningstaronline_co_uk.URLS
