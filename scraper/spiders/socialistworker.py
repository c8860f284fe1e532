"""Socialist Worker (socialistworker.co.uk): the old ``/art/ID/...`` articles and the
WordPress ``/news/``, ``/features/`` and ``/what-we-think/`` ones
(scraper/sites/socialistworker_co_uk.py), from the sections, their pages, ``/issue/N``
listings and the WordPress sitemaps."""

from __future__ import annotations

from scraper.sites import socialistworker_co_uk
from scraper.spiders.base import ArchiveSpider


class SocialistWorkerSpider(ArchiveSpider):
    name = "socialistworker"
    site = socialistworker_co_uk.URLS
