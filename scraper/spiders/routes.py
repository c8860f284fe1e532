"""What one same-site URL is to a spider: an article (which one), a listing, some other page
worth following, or a link to leave alone and why. Pure: the URL table tests read it
(tests/test_url_shapes.py), the spiders act on it.

The order of the questions is the order of trust: the site's own shapes (scraper/sites/)
first, since they are known to be right for that site (an article path is an article
whatever its query says, unless the path itself is a feed or the like); the generic
exclusions (scraper/spiders/links.py) next; anything left is an ordinary ("other") page,
followed within budget.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit, urlunsplit

from scraper.fingerprints import request_identity
from scraper.sites import SiteURLs, id_match
from scraper.sites.shapes import any_match
from scraper.spiders.links import PAGINATION, skip_reason

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
    if any_match(site.never, path):
        return Route("skip", url, identity, reason="print")
    found = id_match(site, path)
    if found is not None:
        shape, m = found
        if shape.view:
            assert site.article_path is not None  # checked by SiteURLs
            article = site.article_path.format(id=m.group("id"))
            fetch = urlunsplit((parts.scheme, parts.netloc, article, "", ""))
        else:
            fetch = urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
        return Route("article", url, identity, fetch=fetch)
    # An article's path names it whatever the query (sharing, comment replies, tracking).
    if skip_reason(urlunsplit(parts._replace(query=""))) is None and any_match(
        site.article_shapes, path
    ):
        fetch = urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
        return Route("article", url, identity, fetch=fetch)
    is_older = any_match(site.older, target) or any_match(PAGINATION, target)
    if any_match(site.listings, target):
        return Route("listing", url, identity, older=is_older)
    reason = skip_reason(url)
    if reason is not None:
        return Route("skip", url, identity, reason=reason)
    return Route("other", url, identity, older=is_older)
