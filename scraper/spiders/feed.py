"""A spider for any site with an RSS/Atom feed or a sitemap: a researcher adds a site
without writing code.

    scrapy crawl feed -a url=https://example.org/feed.xml [-a domain=example.org]

Every entry of the feed (or ``<loc>`` of the sitemap) is an article; sitemap indexes are
followed. ``since`` is judged from the entry's date (RSS pubDate, Atom published/updated)
or from the URL. ``domain`` names the site in the archive (default: the feed's host); with
``base_url`` the feed and its articles are fetched from a mirror instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

import scrapy
from scrapy import Selector
from scrapy.http import Response

from scraper.spiders.arguments import http_url
from scraper.spiders.base import ArchiveSpider, BadSpiderArgument
from scraper.urls import bare_domain, strip_tracking


def entry_date(text: str | None) -> date | None:
    """A feed date: RFC 822 (RSS) or ISO 8601 (Atom, sitemaps); None when unreadable."""
    if not text:
        return None
    text = text.strip()
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        return None


class FeedSpider(ArchiveSpider):
    name = "feed"
    extra_arguments = ("domain", "url")

    def __init__(self, url: str | None = None, domain: str | None = None, **kwargs: Any) -> None:
        if not url:
            raise BadSpiderArgument("the feed spider needs -a url=FEED_OR_SITEMAP_URL")
        parts = urlsplit(http_url("url", url))
        self._feed_base = urlunsplit((parts.scheme, parts.netloc, "", "", ""))
        self._feed_domain = (domain or bare_domain(parts.netloc)).strip().lower()
        super().__init__(**kwargs)
        self.feed_url = self.onto_base(url.strip()) if self.args.mirror else url.strip()

    @property
    def default_base_url(self) -> str:
        return self._feed_base

    @property
    def site_domain(self) -> str:
        return self._feed_domain

    def run_arguments(self) -> dict[str, Any]:
        return {**super().run_arguments(), "url": self.feed_url}

    def start_requests_for_discovery(self) -> Iterator[scrapy.Request]:
        yield self.feed_request(self.feed_url)

    def feed_request(self, url: str) -> scrapy.Request:
        """A request for a feed or a sitemap (counted as a page followed of kind ``feed``)."""
        stats = self.crawler.stats
        assert stats is not None
        stats.inc_value("archive/pages_followed/feed")
        return scrapy.Request(
            url, callback=self.parse_feed, errback=self.page_failed, meta={"archive_kind": "feed"}
        )

    def entry_url(self, link: str, response: Response) -> str | None:
        """An entry's URL on the site (the mirror's host mapped back), tracking parameters
        gone; None (counted) for one that cannot be read or is not a web URL."""
        try:
            absolute = self.on_site(urljoin(self.on_site(response.url), link.strip()))
            scheme = urlsplit(absolute).scheme
        except ValueError:
            self.discovery.skip(link, "malformed")
            return None
        if scheme not in ("http", "https"):
            self.discovery.skip(absolute, "not_web")
            return None
        return strip_tracking(absolute)

    def parse_feed(self, response: Response) -> Iterator[scrapy.Request]:
        # From the bytes: a feed served with a binary content type is no TextResponse.
        sel = Selector(body=response.body, type="xml")
        sel.remove_namespaces()
        root = sel.xpath("/*[1]")
        kind = root.xpath("name()").get() if root else None
        entries: list[tuple[str | None, str | None]] = []
        if kind == "sitemapindex":
            for loc in sel.xpath("//sitemap/loc/text()").getall():
                url = self.entry_url(loc, response)
                if url:
                    yield self.feed_request(self.onto_base(url))
            return
        if kind == "urlset":
            entries = [
                (u.xpath("loc/text()").get(), None) for u in sel.xpath("//url")
            ]  # lastmod is when it changed, not when it was published
        elif kind == "rss" or kind == "RDF":
            entries = [
                (i.xpath("link/text()").get(), i.xpath("pubDate/text()|date/text()").get())
                for i in sel.xpath("//item")
            ]
        elif kind == "feed":
            for e in sel.xpath("//entry"):
                link = e.xpath("link[@rel='alternate']/@href|link[not(@rel)]/@href").get()
                entries.append((link, e.xpath("published/text()|updated/text()").get()))
        else:
            self.logger.error("Not an RSS/Atom feed or a sitemap: %s", response.url)
            return
        for link, when in entries:
            url = self.entry_url(link, response) if link else None
            if url is None:
                continue
            request = self.article_request(url, published=entry_date(when))
            if request is not None:
                yield request

    def parse_article(self, response: Response) -> Iterator[Any]:
        # Feeds name the articles; links inside articles are not followed.
        yield self.page_item(response)
