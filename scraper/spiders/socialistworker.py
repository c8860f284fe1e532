"""Socialist Worker (socialistworker.co.uk), a WordPress site: articles at ``/news/<slug>/``,
found from the home page, the news listing and its pages, and the WordPress sitemaps.

Its URLs carry no date, so ``since`` cannot spare a fetch here; the archive still records each
article's publication date from the page.
"""

from __future__ import annotations

import re

from scraper.spiders.base import ArchiveSpider


class SocialistWorkerSpider(ArchiveSpider):
    name = "socialistworker"
    site_domain = "socialistworker.co.uk"
    default_base_url = "https://socialistworker.co.uk"
    start_paths = ("/", "/news/")
    sitemap_paths = ("/wp-sitemap.xml",)
    article_patterns = (re.compile(r"^/news/(?!page/)[a-z0-9][a-z0-9-]*/?$"),)
    listing_patterns = (
        re.compile(r"^/$"),
        re.compile(r"^/news/?$"),
        re.compile(r"^/news/page/\d+/?$"),
        re.compile(r"^/category/[a-z0-9-]+/?(?:page/\d+/?)?$"),
    )
    pagination_patterns = (re.compile(r"/page/\d+/?$"),)
