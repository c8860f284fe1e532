"""The Socialist (socialistparty.org.uk): URL shapes of the old site (1990s-2023) and the new.

Every shape below that carries an article id names one article, on every host:
``/articles/23845/24-08-2016/slug``, ``/articles/5466/28-09-06/slug`` (two-digit years, the
2006 era), ``/issue/922/23845``, ``/keyword/Lefts/article/23474/31-08-2016/slug``,
``/campaign/Education/School/26054``, and the print view ``/print/23845`` (never archived: the
article page is fetched instead). ``/printdoc/issue/1000`` is a whole issue on one page and is
never fetched. Older articles are reachable through month archives (``/archive/November_2019``),
issue pages, and on the new site its back-issue pages and WordPress ``/?p=`` links.
"""

from __future__ import annotations

import re

from scraper.sites.shapes import IdShape, SiteURLs

DATE = r"(?P<day>\d{2})-(?P<month>\d{2})-(?P<year>\d{4}|\d{2})"
# After the id: an optional date and an optional slug.
TAIL = rf"(?:/{DATE})?(?:/[^/]*)?/?$"
# Topic and name segments of keyword and campaign paths (never all digits, so the id is the
# first all-digit segment).
NAMES = r"(?:[^/]*[^/\d][^/]*/)"

URLS = SiteURLs(
    domain="socialistparty.org.uk",
    home="https://www.socialistparty.org.uk",
    hosts=frozenset({"www", "m", "secure", "archive"}),
    id_shapes=(
        IdShape(re.compile(rf"^/articles/(?P<id>\d+){TAIL}")),
        IdShape(re.compile(rf"^/issue/(?P<issue>\d+)/(?P<id>\d+){TAIL}")),
        # A keyword path names the article only with its date: /keyword/Year/2008 is a topic.
        IdShape(re.compile(rf"^/keyword/{NAMES}{{1,3}}(?P<id>\d+)/{DATE}(?:/[^/]*)?/?$")),
        # Two names at least: /campaign/Elections/2019 is a campaign page, not article 2019.
        IdShape(re.compile(rf"^/campaign/{NAMES}{{2,3}}(?P<id>\d+){TAIL}")),
        IdShape(re.compile(r"^/print/(?P<id>\d+)/?$"), view=True),
    ),
    article_path="/articles/{id}",
    never=(re.compile(r"^/printdoc(?:/|$)"),),
    listings=(
        re.compile(r"^/(?:page/\d+/?)?$"),
        re.compile(r"^/issues/?(?:\?page=\d+)?$"),
        re.compile(r"^/issues/page/\d+/?$"),
        re.compile(r"^/issue/\d+/?$"),
        re.compile(r"^/categories/[a-z0-9-]+/?(?:\?page=\d+)?$"),
        re.compile(r"^/archive/?$"),
        re.compile(r"^/archive/[A-Z][a-z]+_\d{4}/?$"),
        re.compile(r"^/the-socialist-back-issues(?:/[a-z0-9-]+){0,2}/?$"),
        re.compile(r"^/\?p=\d+$"),
    ),
    older=(
        re.compile(r"^/issue/\d+/?$"),
        re.compile(r"^/archive/[A-Z][a-z]+_\d{4}/?$"),
        re.compile(r"/the-socialist-issue-\d+/?$"),
    ),
    start_paths=("/", "/issues/"),
    sitemap_paths=("/sitemap.xml",),
)
