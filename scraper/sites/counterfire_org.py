"""Counterfire (counterfire.org): today's ``/article/slug/`` and the old Joomla site's
numeric ids (``/news/20909-slug``, ``/index.php/articles/analysis/16412-slug``: one id space,
with or without ``index.php`` and whatever the category path), found from the home page,
the article listing and its pages, the old category listings (``?start=N``) and the sitemap.
"""

from __future__ import annotations

import re

from scraper.sites.shapes import IdShape, SiteURLs

# Joomla category paths of the old site (the section, then up to two category segments).
_OLD = r"(?:/index\.php)?/(?:news|articles)(?:/[a-z0-9-]+){0,2}"

URLS = SiteURLs(
    domain="counterfire.org",
    home="https://www.counterfire.org",
    id_shapes=(IdShape(re.compile(rf"^{_OLD}/(?P<id>\d+)-[^/]*/?$")),),
    article_shapes=(re.compile(r"^/article/[a-z0-9][a-z0-9-]*/?$"),),
    listings=(
        re.compile(r"^/$"),
        re.compile(r"^/articles/?(?:\?page=\d+)?$"),
        re.compile(r"^/articles/page/\d+/?$"),
        re.compile(rf"^{_OLD}/?(?:\?start=\d+)?$"),
    ),
    older=(re.compile(r"[?&]start=\d+"),),
    start_paths=("/", "/articles/"),
    sitemap_paths=("/sitemap.xml",),
)
