"""What the project knows about each site's URLs, as data: one module per site.

Why one record per site: the spiders (which links are articles, which pages to follow) and
the archive store (which URLs are one article) must agree on a site's URL shapes, and those
shapes change with every redesign. Keeping them together, as patterns and nothing else, makes
a new shape a one-line change that both sides see. Pure data plus a few lookups: no Scrapy,
no database (the parsers' selectors for the same sites live in scraper/parsers/sites/).

A record names:

- ``hosts``: the sub-domains that are the same site (``www`` always): links to
  ``m.socialistparty.org.uk`` are links to socialistparty.org.uk, with the same ids.
- ``id_shapes``: paths that carry the site's own article id (a regex with a group ``id``, and
  ``day``/``month``/``year`` where the path dates the article): every such URL of one id is
  one article. A shape marked ``view`` (a print view) names the article without being a page
  to archive: the crawl fetches ``article_path`` for that id instead.
- ``article_shapes``: article paths without an id (the normal URL identifies the article).
- ``never``: print pages never fetched, as articles or otherwise (a whole issue on one
  page); the crawl counts links to them as skipped ``print``.
- ``listings``: known listing shapes (path and query), followed for links at no depth cost;
  ``older``: which of a listing's links lead to its older pages (pagination, month archives,
  back issues), where an incremental crawl may stop.
- ``start_paths``, ``sitemap_paths``: where a crawl starts.

Patterns are matched against the URL's path (id and article shapes) or its path plus
``?query`` (listings, older pages), after tracking parameters are gone.
"""

from __future__ import annotations

from scraper.sites import (
    counterfire_org,
    morningstaronline_co_uk,
    socialistparty_org_uk,
    socialistworker_co_uk,
)
from scraper.sites.shapes import IdShape, SiteURLs, id_match, url_date_of

__all__ = ["SITES", "IdShape", "SiteURLs", "id_match", "site_for_host", "url_date_of"]

SITES: dict[str, SiteURLs] = {
    m.URLS.domain: m.URLS
    for m in (
        socialistparty_org_uk,
        socialistworker_co_uk,
        counterfire_org,
        morningstaronline_co_uk,
    )
}


def site_for_host(host: str) -> SiteURLs | None:
    """The known site a host name belongs to (``m.socialistparty.org.uk`` -> The Socialist's
    record); None for any other host, including sub-domains the record does not name."""
    host = host.lower().rstrip(".")
    if host in SITES:
        return SITES[host]
    label, _, rest = host.partition(".")
    site = SITES.get(rest)
    return site if site is not None and label in site.hosts else None
