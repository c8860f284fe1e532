"""Socialist Worker (socialistworker.co.uk): the old site's ``/art/ID/Title+words`` (2003-2013
and linked ever since; ``+`` and ``%20`` spellings of the title are one article, by its id)
and the WordPress site's ``/news/``, ``/features/`` and ``/what-we-think/`` articles, found
through their sections' pages, ``/issue/N`` listings and the WordPress sitemaps. The
WordPress URLs carry no date, so ``since`` cannot spare a fetch here.
"""

from __future__ import annotations

import re

from scraper.sites.shapes import IdShape, SiteURLs

SECTIONS = ("news", "features", "what-we-think")
_SECTION = "(?:" + "|".join(re.escape(s) for s in SECTIONS) + ")"

URLS = SiteURLs(
    domain="socialistworker.co.uk",
    home="https://socialistworker.co.uk",
    id_shapes=(IdShape(re.compile(r"^/art/(?P<id>\d+)(?:/[^/]*)?/?$")),),
    article_shapes=(re.compile(rf"^/{_SECTION}/(?!page/)[a-z0-9][a-z0-9-]*/?$"),),
    listings=(
        re.compile(r"^/(?:page/\d+/?)?$"),
        re.compile(rf"^/{_SECTION}/?(?:page/\d+/?)?$"),
        re.compile(r"^/category/[a-z0-9-]+/?(?:page/\d+/?)?$"),
        re.compile(r"^/issue/\d+/?$"),
    ),
    older=(re.compile(r"^/issue/\d+/?$"),),
    start_paths=("/", *(f"/{s}/" for s in SECTIONS)),
    sitemap_paths=("/wp-sitemap.xml",),
)
