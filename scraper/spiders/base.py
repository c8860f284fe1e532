"""The base of every spider: typed arguments, conditional revisits, discovery by URL shape.

Spiders only discover. They decide which URLs are articles (by their shape, whatever page
links them, scraper/sites/), which pages to follow for more links, and when to stop; they
never look inside an article. The rules are scraper/spiders/discovery.py's; this module turns
them into Scrapy requests and items. The archive pipeline does the rest.

Arguments every spider takes (``scrapy crawl NAME -a key=value``; scraper/spiders/arguments.py):

- ``base_url``: crawl a mirror of the site instead (tests, replays of a saved site). Links to
  the real site's hosts are followed on the mirror; links elsewhere are ignored.
- ``since=YYYY-MM-DD``: do not fetch articles published before it, judged from the URL where
  it carries the date; a listing whose own articles are all older is not walked further back.
- ``revisit=none|recent|all``: re-fetch known articles conditionally (If-None-Match /
  If-Modified-Since from the newest stored snapshot): ``recent`` (default) those published in
  the last ARCHIVE_RECENT_DAYS days, ``all`` every known article, ``none`` none. Known
  articles outside the revisit set are not fetched again.
- ``walk=incremental|full``: ``incremental`` (default) stops walking a listing's older pages
  at a page of known articles older than the revisit window; ``full`` walks on (a backfill).
- ``max_pages=N``, ``max_depth=N``: the crawl's budget of pages that are not articles, and of
  links followed in a row through pages of no known shape.

What is known comes from the archive, loaded when the crawl starts; within one crawl each
article is fetched once, whichever of its URLs links to it (see scraper/fingerprints.py).
A link that cannot be read (``http://[::1``) is counted and skipped, never an error.
"""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from datetime import UTC, date, datetime
from typing import Any, ClassVar
from urllib.parse import urljoin, urlsplit, urlunsplit

import scrapy
from scrapy.http import Response, TextResponse
from scrapy.settings import BaseSettings
from scrapy.utils.asyncio import run_in_thread
from scrapy.utils.response import get_base_url
from scrapy.utils.sitemap import Sitemap
from twisted.python.failure import Failure

from archive import store
from archive.config import database_url
from archive.db import open_archive, unit_of_work
from scraper.frontier import configure_frontier
from scraper.items import ArticleAliases, ArticlePage, FetchFailure
from scraper.sites import SiteURLs
from scraper.spiders.arguments import BadSpiderArgument, CrawlArgs
from scraper.spiders.discovery import MEMO_SIZE, Discovery, Page, PageFetch, Resolver, SkipLink
from scraper.spiders.failures import failure_outcome
from scraper.spiders.page_links import page_links
from scraper.urls import article_key, site_domain, strip_tracking

__all__ = ["ArchiveSpider", "BadSpiderArgument", "CrawlArgs"]

ARTICLE_PRIORITY = 10  # fetch articles before wandering further through listings
REDIRECTS = (301, 302, 303, 307, 308)
MAX_PAGE_REDIRECTS = 5
MAX_FAILED_URLS = 5  # failed listing/feed URLs a crawl run names


class ArchiveSpider(scrapy.Spider):
    """Shared discovery machinery; a site spider names its site's URL record."""

    # The site's URL shapes (scraper/sites/); None for a spider that follows no links (feed).
    site: ClassVar[SiteURLs | None] = None
    # A spider's own -a arguments, besides CrawlArgs' (named in the unknown-argument message).
    extra_arguments: ClassVar[tuple[str, ...]] = ()

    def __init__(self, **kwargs: Any) -> None:
        # Scheduler arguments (scrapyd's _job) go to Scrapy as usual; ours are checked.
        super().__init__(**{k: v for k, v in kwargs.items() if k.startswith("_")})
        self.args = CrawlArgs.parse(
            kwargs, default_base=self.default_base_url, extra=self.extra_arguments
        )
        self.base_url = self.args.base_url
        self._base = urlsplit(self.base_url)
        self.discovery: Discovery  # made in start(), once the crawler's stats exist

    @property
    def default_base_url(self) -> str:
        return self.site.home if self.site is not None else ""

    @property
    def site_domain(self) -> str:
        """The site's bare domain: the archive's Source, and the key to its URL shapes."""
        return self.site.domain if self.site is not None else ""

    @classmethod
    def update_settings(cls, settings: BaseSettings) -> None:
        """Switch to the shared Redis frontier when asked (scraper/frontier.py), and complete
        the user agent with ARCHIVE_CONTACT (from -s, the environment or settings.py). Set
        above the priority it came with: `scrapy crawl` merges the project settings into the
        crawler again and would undo an equal-priority change."""
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
        stats = self.crawler.stats
        assert stats is not None
        self.discovery = Discovery(
            self.site,
            self.archive_domain,
            self.args,
            lambda key, delta: stats.inc_value(key, delta),
            today=datetime.now(UTC).date(),
            recent_days=self.settings.getint("ARCHIVE_RECENT_DAYS", 30),
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
        return {**self.args.as_record(), "site_domain": self.archive_domain}

    @property
    def archive_domain(self) -> str:
        """The Source domain the archive files this spider's articles under."""
        return self.site_domain or site_domain(self.base_url)

    # --- start ------------------------------------------------------------------------------

    def start_requests_for_discovery(self) -> Iterator[scrapy.Request]:
        assert self.site is not None, "a spider without a site record overrides this"
        for path in self.site.start_paths:
            start = self.discovery.start_page(self.site.home + path)
            if start is not None:
                yield self.page_request(start, start=True)
        for path in self.site.sitemap_paths:
            start = self.discovery.start_page(self.site.home + path, kind="sitemap")
            if start is not None:
                yield self.page_request(start)

    def _load_known(self) -> list[tuple[str, dict[str, str]]]:
        """Read the archive: every known article of this site (skipped when discovered) and
        its recorded aliases, and the ones to re-fetch conditionally."""
        url = database_url(self.settings.get("ARCHIVE_DATABASE_URL"))
        engine, sessions = open_archive(url)
        try:
            with unit_of_work(sessions) as session:
                known = store.known_articles(session, domain=self.archive_domain)
                aliases = store.known_article_urls(session, domain=self.archive_domain)
        finally:
            engine.dispose()
        for article in known:
            self.discovery.know(article.url, article.published)
        for alias in aliases:
            self.discovery.know_alias(alias)
        if self.args.revisit == "none":
            chosen: list[store.KnownArticle] = []
        elif self.args.revisit == "all":
            chosen = known
        else:
            cutoff = self.discovery.cutoff
            chosen = [a for a in known if a.published is not None and a.published >= cutoff]
        revisits = [(a.url, store.conditional_headers(a)) for a in chosen]
        self.logger.info(
            "Archive knows %d article(s) of %s; re-fetching %d (revisit=%s)",
            len(known),
            self.archive_domain,
            len(revisits),
            self.args.revisit,
        )
        return revisits

    # --- URLs on the site and on base_url -----------------------------------------------------

    def on_site(self, url: str) -> str:
        """The URL a page fetched from a mirror has on the site it mirrors: the archive
        records (and the rules read) pages as the site's, whichever copy served them."""
        if not self.args.mirror or not self.default_base_url:
            return url
        site = urlsplit(self.default_base_url)
        parts = urlsplit(url)
        if parts.netloc != self._base.netloc:
            return url  # a link to another host, already the site's own (or off-site)
        return urlunsplit((site.scheme, site.netloc, parts.path, parts.query, ""))

    def onto_base(self, url: str) -> str:
        """Where to fetch a URL: from base_url (the mirror when given, else the live site's
        main host, whichever of the site's hosts the link named); a URL of another host (a
        feed's entry elsewhere) as it is, unless crawling a mirror."""
        parts = urlsplit(url)
        if not self.args.mirror and site_domain(parts.netloc) != self.archive_domain:
            return url
        return urlunsplit((self._base.scheme, self._base.netloc, parts.path, parts.query, ""))

    def link_resolver(self, response: Response) -> Resolver:
        """The function that turns an href on ``response`` into the URL it names on the site
        (tracking parameters gone), or says why not (scraper/spiders/discovery.py)."""
        try:  # a <base href> counts, unless it cannot be read
            base = get_base_url(response) if isinstance(response, TextResponse) else response.url
        except ValueError:
            base = response.url
        page = self.on_site(base)
        origin = urlunsplit((*urlsplit(page)[:2], "/", "", ""))

        def resolve(href: str) -> str:
            href = href.strip()
            # Menus repeat the same absolute links on every page: resolve each once.
            if href.startswith(("http:", "https:")):
                found = self._resolve("", href)
            elif href.startswith("/") and not href.startswith("//"):
                found = self._resolve(origin, href)
            else:
                found = self._resolve(page, href)
            if isinstance(found, str):
                return found
            reason, key = found
            if reason == "malformed":
                raise ValueError(key)
            raise SkipLink(reason, key)

        return resolve

    @functools.cached_property
    def _resolve(self) -> Callable[[str, str], str | tuple[str, str]]:
        """(page or origin, href) -> the URL on the site, or (reason, key) why not; cached."""
        domain = self.archive_domain

        @functools.lru_cache(maxsize=MEMO_SIZE)
        def resolve(page: str, href: str) -> str | tuple[str, str]:
            try:
                absolute = self.on_site(urljoin(page, href))
                parts = urlsplit(absolute)
            except ValueError:  # http://[::1
                return ("malformed", href)
            if parts.scheme not in ("http", "https"):
                return ("not_web", absolute[:200])
            if site_domain(parts.netloc) != domain:
                return ("off_site", urlunsplit(parts._replace(fragment="")))
            return strip_tracking(absolute)

        return resolve

    # --- requests ------------------------------------------------------------------------------

    def article_request(
        self,
        url: str,
        *,
        headers: dict[str, str] | None = None,
        revisit: bool = False,
        published: date | None = None,
    ) -> scrapy.Request | None:
        """A request for the article at ``url`` (on the site), or None when this crawl should
        not fetch it (already requested under any alias, known and not to be revisited,
        older than ``since``)."""
        identity = self.discovery.want_article(url, revisit=revisit, published=published)
        if identity is None:
            return None
        return self._article_request(url, identity, headers=headers, revisit=revisit)

    def _article_request(
        self,
        url: str,
        identity: str,
        *,
        headers: dict[str, str] | None = None,
        revisit: bool = False,
    ) -> scrapy.Request:
        return scrapy.Request(
            self.onto_base(url),
            callback=self.parse_article,
            errback=self.article_failed,
            headers=headers or None,
            priority=ARTICLE_PRIORITY,
            meta={
                "site_domain": self.site_domain or None,
                "handle_httpstatus_list": [304],
                "archive_revisit": revisit,
                "archive_identity": identity,
            },
        )

    def page_request(
        self,
        page: PageFetch,
        parent: str | None = None,
        redirects: int = 0,
        *,
        start: bool = False,
    ) -> scrapy.Request:
        """A request for a page that is not an article: a listing, any other page of the site
        (its redirects come back here, so that their targets are deduplicated and counted
        like links), or a sitemap (redirects followed)."""
        if page.kind == "sitemap":
            return scrapy.Request(
                self.onto_base(page.url),
                callback=self.parse_sitemap,
                errback=self.page_failed,
                meta={"archive_kind": "sitemap"},
            )
        return scrapy.Request(
            self.onto_base(page.url),
            callback=self.parse_page,
            errback=self.page_failed,
            priority=0 if page.kind == "listing" else -page.depth,
            dont_filter=redirects > 0,
            meta={
                "site_domain": self.site_domain or None,
                "dont_redirect": True,
                "handle_httpstatus_list": list(REDIRECTS),
                "archive_page": page.identity,
                "archive_kind": page.kind,
                "archive_depth": page.depth,
                "archive_parent": parent,
                "archive_start": start,
                "archive_redirects": redirects,
            },
        )

    def _follow_links(
        self,
        response: Response,
        page: Page,
        hrefs: Iterable[str],
        *,
        redirect: bool = False,
        articles_only: bool = False,
    ) -> Iterator[Any]:
        resolve = self.link_resolver(response)
        plan = self.discovery.plan(
            page, hrefs, resolve, redirect=redirect, articles_only=articles_only
        )
        for article in plan.articles:
            yield self._article_request(article.url, article.identity)
        for listing in plan.pages:
            yield self.page_request(listing, parent=page.identity)
        if plan.aliases:
            yield self.aliases_item(plan.aliases)

    def aliases_item(self, urls: Iterable[str]) -> ArticleAliases:
        return ArticleAliases(
            urls=tuple(urls), seen_at=datetime.now(UTC), site_domain=self.site_domain or None
        )

    # --- callbacks ---------------------------------------------------------------------------------

    def parse_page(self, response: Response) -> Iterator[Any]:
        """A listing or any other page: its links, or where it redirects to."""
        meta = response.meta
        page = Page(
            meta["archive_page"],
            meta["archive_depth"],
            meta.get("archive_parent"),
            start=meta.get("archive_start", False),
        )
        if response.status in REDIRECTS:
            yield from self._page_redirect(response, page)
        elif isinstance(response, TextResponse):
            yield from self._follow_links(response, page, page_links(response.text))

    def _page_redirect(self, response: Response, page: Page) -> Iterator[Any]:
        """A page that redirects: the target is a link of the page, at the page's depth; a
        redirect to another spelling of the same page (a slash, https) is simply followed."""
        location = response.headers.get("Location")
        if not location:
            return
        href = location.decode("latin-1")
        try:
            target = self.link_resolver(response)(href)
            same = self.discovery.identity(target) == page.identity
        except (SkipLink, ValueError):
            same = False
        if not same:
            yield from self._follow_links(response, page, [href], redirect=True)
            return
        hops = int(response.meta.get("archive_redirects", 0)) + 1
        if hops > MAX_PAGE_REDIRECTS:
            self.logger.warning("Redirect loop at %s: not followed further", response.url)
            return
        again = PageFetch(target, page.identity, response.meta["archive_kind"], page.depth)
        yield self.page_request(again, parent=page.parent, redirects=hops, start=page.start)

    def parse_sitemap(self, response: Response) -> Iterator[Any]:
        """Sitemaps and sitemap indexes: articles by shape, nested sitemaps followed (the
        other pages a sitemap lists are not: listings lead to them if they matter)."""
        try:
            sitemap = Sitemap(response.body)
        except Exception:  # not XML after all (a soft-404 page): nothing to discover here
            self.logger.info("Not a sitemap: %s", response.url)
            return
        locs = [entry["loc"] for entry in sitemap if entry.get("loc")]
        if sitemap.type == "sitemapindex":
            resolve = self.link_resolver(response)
            for loc in locs:
                try:
                    nested = self.discovery.start_page(resolve(loc), kind="sitemap")
                except (SkipLink, ValueError):
                    continue
                if nested is not None:
                    yield self.page_request(nested)
            return
        page = Page(self.discovery.identity(self.on_site(response.url)), keep_links=False)
        yield from self._follow_links(response, page, locs, articles_only=True)

    def parse_article(self, response: Response) -> Iterator[Any]:
        """An article: its page goes to the archive, with the aliases it was seen under;
        its links lead back into the site."""
        item = self.page_item(response)
        yield item
        identity = response.meta.get("archive_identity") or self.discovery.identity(item.url)
        aliases = self.discovery.article_answered(identity, item.url, item.requested_url)
        if aliases:
            yield self.aliases_item(aliases)
        if response.status == 200 and self.site is not None and isinstance(response, TextResponse):
            page = Page(identity, keep_links=False)
            yield from self._follow_links(response, page, page_links(response.text))

    def article_failed(self, failure: Failure) -> Iterator[FetchFailure | ArticleAliases]:
        """An article request that got no usable answer: recorded as a failed fetch with
        its reason (scraper/spiders/failures.py). Requests refused by robots.txt were never
        sent and are only counted."""
        request = failure.request  # type: ignore[attr-defined]
        outcome = failure_outcome(failure)
        if outcome is None:
            return
        status, detail = outcome
        url = self.on_site(request.url)
        yield FetchFailure(
            url=url,
            status=status,
            detail=detail,
            fetched_at=datetime.now(UTC),
            site_domain=self.site_domain or None,
        )
        identity = request.meta.get("archive_identity")
        aliases = self.discovery.article_answered(identity, url, None) if identity else []
        if aliases:  # the archive may know the article (a revisit that failed)
            yield self.aliases_item(aliases)

    def page_failed(self, failure: Failure) -> None:
        """A listing, sitemap, feed or other page that got no usable answer: counted by kind
        (``pages_failed``) with the first few URLs, so the run's health can tell a crawl whose
        listings all failed from a quiet night. Requests robots.txt refused are not counted."""
        outcome = failure_outcome(failure)
        if outcome is None:
            return  # never sent (robots.txt, offsite)
        status, detail = outcome
        request = failure.request  # type: ignore[attr-defined]
        kind = request.meta.get("archive_kind", "other")
        stats = self.crawler.stats
        assert stats is not None
        if status is not None and kind == "other":
            # Pages beyond the site's known shapes (the generic follow): dead links there
            # are the web's normal state; the health checks leave them out of 4xx/5xx.
            stats.inc_value(f"archive/wander_failures/{status // 100}xx")
        stats.inc_value(f"archive/pages_failed/{kind}")
        if kind == "other":
            self.logger.debug("Could not fetch %s: %s", request.url, detail)
            return
        urls = stats.get_value("archive/pages_failed_urls") or []
        if len(urls) < MAX_FAILED_URLS:
            stats.set_value("archive/pages_failed_urls", [*urls, f"{request.url} ({detail})"])
        self.logger.warning("Could not fetch %s %s: %s", kind, request.url, detail)

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
            url_date=article_key(self.on_site(response.url), self.site_domain or None).url_date,
            requested_url=self.on_site(redirects[0]) if redirects else None,
        )


def _header(response: Response, name: str) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None
