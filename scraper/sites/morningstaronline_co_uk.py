"""Morning Star (morningstaronline.co.uk, Drupal): ``/article/slug`` (today),
``/article/b/slug`` (earlier, with a one-letter section: ``b``, ``s``, ...) and the old site's
``/a-0709-Slug`` (a four-hex-digit id; the slug is decorative).

The two ``/article/`` shapes are not treated as aliases of each other: today's slugs are
shortened (``south-sudan-president-dissolves-transitional-gover``) where the lettered ones
spell out the headline, so a slug is not known to name one article across them; each URL is
its own article (by its normal form). Sections and their ``?page=N`` pages are
found by the generic follow (any same-site page, within the crawl's budget).
"""

from __future__ import annotations

import re

from scraper.sites.shapes import IdShape, SiteURLs

URLS = SiteURLs(
    domain="morningstaronline.co.uk",
    home="https://morningstaronline.co.uk",
    id_shapes=(IdShape(re.compile(r"^/a-(?P<id>[0-9a-fA-F]{4})-[^/]*/?$")),),
    article_shapes=(re.compile(r"^/article/(?:[a-z]/)?[a-z0-9][a-z0-9-]*/?$"),),
    listings=(re.compile(r"^/(?:\?page=\d+)?$"),),
    start_paths=("/",),
    sitemap_paths=("/sitemap.xml",),
)
