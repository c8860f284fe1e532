"""The Socialist (socialistparty.org.uk): every URL shape of the old site and the new, on
every one of its hosts (scraper/sites/socialistparty_org_uk.py), from the home page, the
issue index, issue pages, month archives, back-issue pages and the sitemap."""

from __future__ import annotations

from scraper.sites import socialistparty_org_uk
from scraper.spiders.base import ArchiveSpider


class SocialistSpider(ArchiveSpider):
    name = "socialist"
    site = socialistparty_org_uk.URLS
