"""Which URLs of a known site are articles, and which page of the article each one names.

Why one function: the spiders decide it for every link they meet, and the archive decides it
for every page a web archive captured (``archive import-warc``); both must agree, or an
import would archive listings the crawl never would, or miss articles it would fetch. The
answer reads the site's own shapes first (scraper/sites/<site>.py) and the generic exclusions
(:mod:`scraper.sites.links`) for article shapes that carry no id (``/news/feed/`` is a feed
whatever the article shape says).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from scraper.sites.links import skip_reason
from scraper.sites.shapes import SiteURLs, any_match, id_match


@dataclass(frozen=True)
class ArticlePage:
    """The article a URL names. ``url``: the article's own page (the URL without its query,
    which on an article is sharing or tracking noise; for a view such as a print page, the
    article's page by id). ``view``: the URL is such a view, never archived itself."""

    url: str
    view: bool = False


def never_fetched(site: SiteURLs, path: str) -> bool:
    """Whether a path is one the site's record says is never fetched (a whole issue on one
    page): not an article, not a page to follow."""
    return any_match(site.never, path or "/")


def article_page(site: SiteURLs, url: str) -> ArticlePage | None:
    """The article ``url`` (absolute, on one of the site's hosts, tracking parameters gone)
    names on ``site``, or None when it names none. Raises ValueError for a URL that cannot be
    read (a bad port)."""
    parts = urlsplit(url)
    path = parts.path or "/"
    if never_fetched(site, path):
        return None
    own_page = urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
    found = id_match(site, path)
    if found is not None:
        shape, m = found
        if not shape.view:
            return ArticlePage(own_page)
        assert site.article_path is not None  # checked by SiteURLs
        article = site.article_path.format(id=m.group("id"))
        return ArticlePage(urlunsplit((parts.scheme, parts.netloc, article, "", "")), view=True)
    # An article's path names it whatever the query (sharing, comment replies, tracking).
    if skip_reason(own_page) is None and any_match(site.article_shapes, path):
        return ArticlePage(own_page)
    return None
