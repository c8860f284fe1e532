"""What one same-site URL is to a spider: an article (which one), a listing, some other page
worth following, or a link to leave alone and why. Pure: the URL table tests read it
(tests/test_url_shapes.py), the spiders act on it.

The order of the questions is the order of trust: the site's own shapes (scraper/sites/)
first, since they are known to be right for that site (an article path is an article
whatever its query says, unless the path itself is a feed or the like); the generic
exclusions (scraper/sites/links.py) next; anything left is an ordinary ("other") page,
followed within budget. Which URLs are articles is :func:`scraper.sites.articles.article_page`,
the answer the archive's web-archive import gives too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit

from scraper.fingerprints import request_identity
from scraper.sites import SiteURLs
from scraper.sites.articles import article_page, never_fetched
from scraper.sites.links import PAGINATION, skip_reason
from scraper.sites.shapes import any_match

Kind = Literal["article", "listing", "other", "skip"]


@dataclass(frozen=True)
class Route:
    """``kind`` article: ``fetch`` is the URL to fetch (the article page itself, or for a view
    such as a print page the article's own page), ``identity`` the article's. listing/other:
    ``older`` when it is a listing's older page. skip: ``reason``."""

    kind: Kind
    url: str
    identity: str
    fetch: str | None = None
    older: bool = False
    reason: str | None = None


def _path_and_query(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def route(site: SiteURLs, url: str) -> Route:
    """Route a URL of ``site`` (absolute, on one of the site's hosts, tracking parameters
    gone). Raises ValueError for a URL that cannot be read (a bad port)."""
    parts = urlsplit(url)
    path, target = parts.path or "/", _path_and_query(url)
    identity = request_identity(url, site.domain)
    if never_fetched(site, path):
        return Route("skip", url, identity, reason="print")
    article = article_page(site, url)
    if article is not None:
        return Route("article", url, identity, fetch=article.url)
    is_older = any_match(site.older, target) or any_match(PAGINATION, target)
    if any_match(site.listings, target):
        return Route("listing", url, identity, older=is_older)
    reason = skip_reason(url)
    if reason is not None:
        return Route("skip", url, identity, reason=reason)
    return Route("other", url, identity, older=is_older)
