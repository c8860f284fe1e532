"""The base of every spider: typed arguments, conditional revisits, discovery by URL shape.

Spiders only discover. They decide which URLs are articles (by their shape, whatever page
links them), which pages to follow for more links, and when to stop (``since``); they never
look inside an article. The pipeline does the rest.

Arguments every spider takes (``scrapy crawl NAME -a key=value``):

- ``base_url``: crawl a mirror of the site instead (tests, replays of a saved site). Links to
  the real site's host are followed on the mirror; links elsewhere are ignored.
- ``since=YYYY-MM-DD``: do not fetch articles published before it, judged from the URL where
  it carries the date.
- ``revisit=none|recent|all``: re-fetch known articles conditionally (If-None-Match /
  If-Modified-Since from the newest stored snapshot): ``recent`` (default) those published in
  the last ARCHIVE_RECENT_DAYS days, ``all`` every known article, ``none`` none. Known
  articles outside the revisit set are not fetched again.

What is known comes from the archive, loaded when the crawl starts; within one crawl each
article is fetched once, whichever of its URLs links to it (see scraper/fingerprints.py).
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, ClassVar
from urllib.parse import urljoin, urlsplit, urlunsplit

import scrapy
from scrapy.exceptions import IgnoreRequest, UsageError
from scrapy.http import Response, TextResponse
from scrapy.settings import BaseSettings
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.asyncio import run_in_thread
from scrapy.utils.sitemap import Sitemap
from twisted.python.failure import Failure

from archive import store
from archive.config import database_url
from archive.db import open_archive, unit_of_work
from scraper.fingerprints import request_identity
from scraper.frontier import configure_frontier
from scraper.items import ArticlePage, FetchFailure
from scraper.urls import bare_domain, date_in_url, is_site_article_url, strip_tracking

REVISIT_CHOICES = ("none", "recent", "all")
ARTICLE_PRIORITY = 10  # fetch articles before wandering further through listings


class BadSpiderArgument(UsageError):
    """A ``-a`` argument that cannot be used (scrapy prints it as one line)."""


@dataclass(frozen=True)
class CrawlArgs:
    """The validated arguments common to every spider."""

    base_url: str
    since: date | None
    revisit: str
    mirror: bool  # base_url was given: a mirror or replay, not the live site

    @classmethod
    def parse(
        cls, *, base_url: str | None, since: str | None, revisit: str | None, default_base: str
    ) -> CrawlArgs:
        chosen = (base_url or default_base).strip()
        parts = urlsplit(chosen)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise BadSpiderArgument(f"base_url must be an http(s) URL, got {chosen!r}")
        since_date: date | None = None
        if since:
            try:
                since_date = date.fromisoformat(since.strip())
            except ValueError:
                raise BadSpiderArgument(f"since must be YYYY-MM-DD, got {since!r}") from None
        mode = (revisit or "recent").strip().lower()
        if mode not in REVISIT_CHOICES:
            raise BadSpiderArgument(
                f"revisit must be one of {', '.join(REVISIT_CHOICES)}, got {revisit!r}"
            )
        return cls(
            base_url=urlunsplit((parts.scheme, parts.netloc, parts.path.rstrip("/"), "", "")),
            since=since_date,
            revisit=mode,
            mirror=bool(base_url),
        )


class ArchiveSpider(scrapy.Spider):
    """Shared discovery machinery; a site spider sets the class attributes below."""

    # The site's bare domain: the archive's Source, and the key to its URL id patterns.
    site_domain: ClassVar[str] = ""
    default_base_url: ClassVar[str] = ""
    # Where discovery starts (paths under base_url), and sitemaps (a 404 is fine).
    start_paths: ClassVar[tuple[str, ...]] = ("/",)
    sitemap_paths: ClassVar[tuple[str, ...]] = ()
    # Path (+ "?query") shapes: articles (besides the id shapes in scraper/urls.py), pages
    # worth following for links, and which of those are "older" pages of a listing.
    article_patterns: ClassVar[tuple[re.Pattern[str], ...]] = ()
    listing_patterns: ClassVar[tuple[re.Pattern[str], ...]] = (re.compile(r"^/$"),)
    pagination_patterns: ClassVar[tuple[re.Pattern[str], ...]] = ()

    def __init__(
        self,
        base_url: str | None = None,
        since: str | None = None,
        revisit: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.args = CrawlArgs.parse(
            base_url=base_url, since=since, revisit=revisit, default_base=self.default_base_url
        )
        self.base_url = self.args.base_url
        self._base = urlsplit(self.base_url)
        self._hosts = {bare_domain(self._base.netloc), self.site_domain} - {""}
        self.scheduled: set[str] = set()  # article identities requested in this crawl
        self.known: set[str] = set()  # article identities already in the archive

    @classmethod
    def update_settings(cls, settings: BaseSettings) -> None:
        """Switch to the shared Redis frontier when asked (scraper/frontier.py), and complete
        the user agent with ARCHIVE_CONTACT (from -s, the environment or settings.py). Set above the priority it came with: `scrapy crawl` merges the
        project settings into the crawler again and would undo an equal-priority change."""
        super().update_settings(settings)
        configure_frontier(settings, priority=30)
        contact = settings.get("ARCHIVE_CONTACT") or "no contact configured"
        agent = str(settings.get("USER_AGENT"))
        if "{contact}" in agent:
            settings.set(
                "USER_AGENT",
                agent.replace("{contact}", contact),
                priority=max((settings.getpriority("USER_AGENT") or 0) + 1, 30),
            )

    async def start(self) -> AsyncIterator[Any]:
        if not self.settings.get("ARCHIVE_CONTACT"):
            self.logger.warning(
                "ARCHIVE_CONTACT is not set: site operators cannot tell who runs this crawl"
            )
        revisits = await run_in_thread(self._load_known)
        for url, headers in revisits:
            request = self.article_request(url, headers=headers, revisit=True)
            if request is not None:
                yield request
        for request in self.start_requests_for_discovery():
            yield request

    # --- what the crawl run records -------------------------------------------------------

    def run_arguments(self) -> dict[str, Any]:
        return {
            "base_url": self.base_url,
            "since": self.args.since.isoformat() if self.args.since else None,
            "revisit": self.args.revisit,
            "site_domain": self.archive_domain,
        }

    @property
    def archive_domain(self) -> str:
        """The Source domain the archive files this spider's articles under."""
        return self.site_domain or bare_domain(self.base_url)

    # --- start ------------------------------------------------------------------------------

    def start_requests_for_discovery(self) -> Iterator[scrapy.Request]:
        for path in self.start_paths:
            yield scrapy.Request(self.base_url + path, callback=self.parse_listing)
        for path in self.sitemap_paths:
            yield scrapy.Request(self.base_url + path, callback=self.parse_sitemap)

    def _load_known(self) -> list[tuple[str, dict[str, str]]]:
        """Read the archive: every known article of this site (skipped when discovered), and
        the ones to re-fetch conditionally."""
        url = database_url(self.settings.get("ARCHIVE_DATABASE_URL"))
        engine, sessions = open_archive(url)
        try:
            with unit_of_work(sessions) as session:
                known = store.known_articles(session, domain=self.archive_domain)
        finally:
            engine.dispose()
        for article in known:
            self.known.add(request_identity(article.url, self.site_domain or None))
        if self.args.revisit == "none":
            chosen: list[store.KnownArticle] = []
        elif self.args.revisit == "all":
            chosen = known
        else:
            days = self.settings.getint("ARCHIVE_RECENT_DAYS", 30)
            cutoff = datetime.now(UTC).date() - timedelta(days=days)
            chosen = [a for a in known if a.published is not None and a.published >= cutoff]
        revisits = [(self.onto_base(a.url), store.conditional_headers(a)) for a in chosen]
        self.logger.info(
            "Archive knows %d article(s) of %s; re-fetching %d (revisit=%s)",
            len(self.known),
            self.archive_domain,
            len(revisits),
            self.args.revisit,
        )
        return revisits

    # --- URL rules -----------------------------------------------------------------------------

    def on_site(self, url: str) -> str:
        """The URL a page fetched from a mirror has on the site it mirrors: the archive
        records (and the rules read) pages as the site's, whichever copy served them."""
        if not self.args.mirror or not self.default_base_url:
            return url
        site = urlsplit(self.default_base_url)
        parts = urlsplit(url)
        return urlunsplit((site.scheme, site.netloc, parts.path, parts.query, ""))

    def onto_base(self, url: str) -> str:
        """A stored or linked URL of this site, fetched from base_url (the mirror when given)."""
        parts = urlsplit(url)
        return urlunsplit((self._base.scheme, self._base.netloc, parts.path, parts.query, ""))

    def crawl_url(self, link: str, page_url: str) -> str | None:
        """The URL to fetch for a link found on a page: on this site, tracking parameters
        gone, moved onto base_url; None for links off the site."""
        absolute = urljoin(page_url, link.strip())
        parts = urlsplit(absolute)
        if parts.scheme not in ("http", "https") or bare_domain(parts.netloc) not in self._hosts:
            return None
        return strip_tracking(self.onto_base(absolute))

    @staticmethod
    def _path_and_query(url: str) -> str:
        parts = urlsplit(url)
        return parts.path + (f"?{parts.query}" if parts.query else "")

    def is_article_url(self, url: str) -> bool:
        if self.site_domain and is_site_article_url(url, self.site_domain):
            return True
        target = self._path_and_query(url)
        return any(p.search(target) for p in self.article_patterns)

    def is_listing_url(self, url: str) -> bool:
        target = self._path_and_query(url)
        return any(p.search(target) for p in self.listing_patterns)

    def is_pagination_url(self, url: str) -> bool:
        target = self._path_and_query(url)
        return any(p.search(target) for p in self.pagination_patterns)

    def before_since(self, url: str, published: date | None = None) -> bool:
        when = published or date_in_url(url)
        return bool(self.args.since and when and when < self.args.since)

    # --- requests --------------------------------------------------------------------------------

    def article_request(
        self,
        url: str,
        *,
        headers: dict[str, str] | None = None,
        revisit: bool = False,
        published: date | None = None,
    ) -> scrapy.Request | None:
        """A request for an article, or None when this crawl should not fetch it (already
        requested under any alias, known and not to be revisited, older than ``since``)."""
        identity = request_identity(url, self.site_domain or None)
        stats = self.crawler.stats
        assert stats is not None
        if identity in self.scheduled:
            return None
        if self.before_since(url, published):
            stats.inc_value("archive/skipped_before_since")
            return None
        if not revisit and identity in self.known:
            stats.inc_value("archive/skipped_known")
            return None
        self.scheduled.add(identity)
        stats.inc_value("archive/article_requests")
        return scrapy.Request(
            url,
            callback=self.parse_article,
            errback=self.article_failed,
            headers=headers or None,
            priority=ARTICLE_PRIORITY,
            meta={
                "site_domain": self.site_domain or None,
                "handle_httpstatus_list": [304],
                "archive_revisit": revisit,
            },
        )

    def requests_from_links(self, response: Response) -> Iterator[scrapy.Request]:
        """Article and listing requests for the links on a page."""
        if not isinstance(response, TextResponse):
            return
        articles: list[str] = []
        listings: list[str] = []
        for href in response.css("a::attr(href)").getall():
            url = self.crawl_url(href, response.url)
            if url is None:
                continue
            if self.is_article_url(url):
                articles.append(url)
            elif self.is_listing_url(url):
                listings.append(url)
        for url in articles:
            request = self.article_request(url)
            if request is not None:
                yield request
        # A listing page whose dated articles are all older than `since`: go no further back.
        dated = [d for d in (date_in_url(u) for u in articles) if d is not None]
        too_old = bool(self.args.since and dated and max(dated) < self.args.since)
        for url in listings:
            if too_old and self.is_pagination_url(url):
                continue
            yield scrapy.Request(url, callback=self.parse_listing)

    # --- callbacks ---------------------------------------------------------------------------------

    def parse_listing(self, response: Response) -> Iterator[scrapy.Request]:
        yield from self.requests_from_links(response)

    def parse_sitemap(self, response: Response) -> Iterator[scrapy.Request]:
        """Sitemaps and sitemap indexes: articles by shape, nested sitemaps followed."""
        try:
            sitemap = Sitemap(response.body)
        except Exception:  # not XML after all (a soft-404 page): nothing to discover here
            self.logger.info("Not a sitemap: %s", response.url)
            return
        for entry in sitemap:
            loc = entry.get("loc")
            url = self.crawl_url(loc, response.url) if loc else None
            if url is None:
                continue
            if sitemap.type == "sitemapindex":
                yield scrapy.Request(url, callback=self.parse_sitemap)
            elif self.is_article_url(url):
                request = self.article_request(url)
                if request is not None:
                    yield request

    def parse_article(self, response: Response) -> Iterable[Any]:
        yield self.page_item(response)
        if response.status == 200:
            yield from self.requests_from_links(response)

    def article_failed(self, failure: Failure) -> Iterator[FetchFailure]:
        """An article request that got no usable answer: recorded as a failed fetch.
        Requests refused by robots.txt were never sent and are only counted."""
        request = failure.request  # type: ignore[attr-defined]
        if failure.check(HttpError):
            response = failure.value.response
            status: int | None = response.status
            detail = f"HTTP {response.status}"
        elif failure.check(IgnoreRequest):
            return
        else:
            status = None
            detail = f"{type(failure.value).__name__}: {failure.value}"
        yield FetchFailure(
            url=self.on_site(request.url),
            status=status,
            detail=detail,
            fetched_at=datetime.now(UTC),
            site_domain=self.site_domain or None,
        )

    def page_item(self, response: Response) -> ArticlePage:
        """The item for an article response, raw: bytes as received plus the HTTP facts
        kept, under the page's URL on the site (see :meth:`on_site`)."""
        redirects = response.request.meta.get("redirect_urls") if response.request else None
        return ArticlePage(
            url=self.on_site(response.url),
            status=response.status,
            body=response.body if response.status != 304 else b"",
            fetched_at=datetime.now(UTC),
            site_domain=self.site_domain or None,
            content_type=_header(response, "Content-Type"),
            etag=_header(response, "ETag"),
            last_modified=_header(response, "Last-Modified"),
            url_date=date_in_url(response.url),
            requested_url=self.on_site(redirects[0]) if redirects else None,
        )


def _header(response: Response, name: str) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None
