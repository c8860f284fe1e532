"""Counterfire (counterfire.org): articles at ``/article/<slug>/``, found from the home page,
the article listing and its pages, and the sitemap."""

from __future__ import annotations

import re

from scraper.spiders.base import ArchiveSpider


class CounterfireSpider(ArchiveSpider):
    name = "counterfire"
    site_domain = "counterfire.org"
    default_base_url = "https://www.counterfire.org"
    start_paths = ("/", "/articles/")
    sitemap_paths = ("/sitemap.xml",)
    article_patterns = (re.compile(r"^/article/[a-z0-9][a-z0-9-]*/?$"),)
    listing_patterns = (
        re.compile(r"^/$"),
        re.compile(r"^/articles/?(?:\?page=\d+)?$"),
        re.compile(r"^/articles/page/\d+/?$"),
    )
    pagination_patterns = (re.compile(r"[?&]page=\d+"), re.compile(r"/page/\d+/?$"))
