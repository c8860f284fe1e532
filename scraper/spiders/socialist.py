"""The Socialist (socialistparty.org.uk): articles found from the home page, the issue index,
issue pages, category listings and the sitemap.

Articles are recognised by their shape wherever they are linked: ``/articles/<id>/<date>/<slug>/``
and ``/issue/<n>/<id>/<date>/<slug>`` (the id patterns live in scraper/urls.py, shared with the
store), and both shapes of one id are one article.
"""

from __future__ import annotations

import re

from scraper.spiders.base import ArchiveSpider


class SocialistSpider(ArchiveSpider):
    name = "socialist"
    site_domain = "socialistparty.org.uk"
    default_base_url = "https://www.socialistparty.org.uk"
    start_paths = ("/", "/issues/")
    sitemap_paths = ("/sitemap.xml",)
    listing_patterns = (
        re.compile(r"^/$"),
        re.compile(r"^/issues/?(?:\?page=\d+)?$"),
        re.compile(r"^/issues/page/\d+/?$"),
        re.compile(r"^/issue/\d+/?$"),
        re.compile(r"^/categories/[a-z0-9-]+/?(?:\?page=\d+)?$"),
    )
    pagination_patterns = (re.compile(r"[?&]page=\d+"), re.compile(r"/page/\d+/?$"))
