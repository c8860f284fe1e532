"""One crawl's discovery: which of a page's links to fetch, within what budget, and which
alias URLs of an article to record. No Scrapy here (the spider turns decisions into requests),
so the rules can be tested on their own (tests/test_discovery.py).

The rules, and why:

- **Articles first, each once.** An article link is fetched unless this crawl already
  requested that article (under any alias: identity, scraper/fingerprints.py), the archive
  knows it and it is not being revisited, or its URL dates it before ``since``.
- **Any same-site page, within a budget.** Known listing shapes are followed at no depth
  cost; any other page of the site is followed too (so a redesign that renames the listings
  does not blind the crawl), one level deeper than the page that links it. A listing's
  older pages (pagination) stay at their page's depth, and so does a redirect's target.
  Article pages are depth 0: links found on articles lead back into the site. ``max_depth``
  bounds how far the crawl wanders through pages of no known shape (calendar and tag traps);
  ``max_pages`` bounds the pages followed that are not articles (never-ending pagination).
- **Stop where the archive already is.** A page's own articles are the ones it links and the
  page that led to it did not (sidebars and menus repeat on every page). When they are all
  dated before ``since``, or (``walk=incremental``) all known and dated before the revisit
  window, the page's links to older pages are not followed: what lies behind them is older
  still, and already archived. Start pages are the fronts of their listings and always
  lead on (an issue index links only issues; its sidebar says nothing about them).
- **Every alias recorded.** Each spelling of an article's URL seen in this crawl (another
  shape, a print view, the URL a redirect came from) that the archive does not hold yet is
  handed back once the article's own fetch has been answered (or at once for an article the
  archive already has), for the archive to record as an alias.
- **Counted.** Pages followed by kind (listing, other, sitemap) and links skipped by reason;
  a link counts once, under the reason it is skipped for, and no longer once it is followed.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import Literal

from scraper.fingerprints import key_identity
from scraper.sites import SiteURLs
from scraper.spiders.arguments import CrawlArgs
from scraper.spiders.routes import Route, route
from scraper.urls import article_key

Count = Callable[[str, int], None]  # (stats key, delta): the spider's Scrapy stats
PageKind = Literal["listing", "other", "sitemap"]


class SkipLink(Exception):
    """Raised by a link resolver: the link is not on the site, or not a web link."""

    def __init__(self, reason: str, key: str) -> None:
        super().__init__(reason)
        self.reason, self.key = reason, key


Resolver = Callable[[str], str]  # href -> absolute URL on the site; raises SkipLink, ValueError
# URLs whose route and key a crawl remembers: menus and sidebars repeat the same few hundred
# links on every page, and routing one is most of the spider's work per link.
MEMO_SIZE = 1 << 16


@dataclass(frozen=True)
class ArticleFetch:
    url: str  # the URL on the site to fetch
    identity: str


@dataclass(frozen=True)
class PageFetch:
    url: str
    identity: str
    kind: PageKind
    depth: int


@dataclass(frozen=True)
class Page:
    """The page whose links are planned: its identity, depth, and the page that led to it."""

    identity: str
    depth: int = 0
    parent: str | None = None
    keep_links: bool = True  # remember its articles, to tell its children's own (listings)
    start: bool = False  # a page the crawl starts from: the front of its listings


@dataclass
class LinkPlan:
    articles: list[ArticleFetch] = field(default_factory=list)
    pages: list[PageFetch] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)  # to record now (article settled)


class Discovery:
    def __init__(
        self,
        site: SiteURLs | None,
        domain: str,
        args: CrawlArgs,
        count: Count,
        *,
        today: date,
        recent_days: int,
    ) -> None:
        self.site, self.domain, self.args, self.count = site, domain, args, count
        self.cutoff = today - timedelta(days=recent_days)
        self.known: dict[str, date | None] = {}  # identity -> publication date (archive)
        self.recorded: set[str] = set()  # normal URLs the archive holds or will be given
        self.scheduled: set[str] = set()  # articles requested in this crawl
        self.answered: set[str] = set()  # ... and answered (or failed)
        self.pending: dict[str, list[str]] = {}  # aliases waiting for their article's answer
        self.skipped_articles: set[str] = set()
        self.pages: set[str] = set()  # pages (not articles) requested in this crawl
        self.followed = 0  # of them, those the budget counts
        self.skipped: dict[str, str] = {}  # link key -> reason, while it is not followed
        self.page_articles: dict[str, frozenset[str]] = {}
        self._key = lru_cache(maxsize=MEMO_SIZE)(lambda url: article_key(url, domain))
        self._route = lru_cache(maxsize=MEMO_SIZE)(lambda url: route(site, url)) if site else None

    # --- what the archive knows -------------------------------------------------------------

    def know(self, url: str, published: date | None) -> str:
        identity = self.identity(url)
        self.known[identity] = published or self._key(url).url_date
        self.recorded.add(self._key(url).normal_url)
        return identity

    def know_alias(self, normal_url: str) -> None:
        self.recorded.add(normal_url)

    def identity(self, url: str) -> str:
        return sys.intern(key_identity(self._key(url)))

    # --- articles ---------------------------------------------------------------------------

    def want_article(
        self, url: str, *, revisit: bool = False, published: date | None = None
    ) -> str | None:
        """The identity to request ``url`` under, or None when this crawl should not fetch it
        (requested already, known and not revisited, dated before ``since``)."""
        identity = self.identity(url)
        if identity in self.scheduled:
            return None
        if not revisit and identity in self.known:
            self._skip_article(identity, "archive/skipped_known")
            return None
        when = published or self._key(url).url_date
        if self.args.since and when and when < self.args.since:
            self._skip_article(identity, "archive/skipped_before_since")
            return None
        self.scheduled.add(identity)
        self.recorded.add(self._key(url).normal_url)
        self.count("archive/article_requests", 1)
        return identity

    def _skip_article(self, identity: str, key: str) -> None:
        if identity not in self.skipped_articles:
            self.skipped_articles.add(identity)
            self.count(key, 1)

    def article_answered(self, identity: str, url: str, requested: str | None) -> list[str]:
        """The article's fetch is over (answered or failed): the aliases to record now."""
        self.answered.add(identity)
        aliases = self.pending.pop(identity, [])
        normal = self._key(url).normal_url
        if requested and self._key(requested).normal_url != normal:
            aliases.append(requested)  # a redirect: the URL asked for is an alias too
        self.recorded.add(normal)
        return aliases

    def _sighting(self, identity: str, url: str) -> str | None:
        """An article seen under ``url``: the alias to record now, if any. One whose fetch is
        not answered yet keeps it until then; one neither fetched nor known has none."""
        normal = self._key(url).normal_url
        if normal in self.recorded:
            return None
        if identity in self.scheduled and identity not in self.answered:
            self.recorded.add(normal)
            self.pending.setdefault(identity, []).append(url)
            return None
        if identity in self.answered or identity in self.known:
            self.recorded.add(normal)
            return url
        return None

    # --- pages ------------------------------------------------------------------------------

    def start_page(self, url: str, kind: PageKind = "listing") -> PageFetch | None:
        """A page the crawl starts from (depth 0; sitemaps are not in the page budget)."""
        identity = self.identity(url)
        if identity in self.pages:
            return None
        return self._follow(PageFetch(url, identity, kind, 0))

    def plan(
        self,
        page: Page,
        links: Iterable[str],
        resolve: Resolver,
        *,
        redirect: bool = False,
        articles_only: bool = False,
    ) -> LinkPlan:
        """What to do with the links found on ``page``. ``redirect``: the one link is where
        the page redirects to, which is no step deeper. ``articles_only``: a sitemap, whose
        other entries are neither followed nor counted."""
        assert self._route is not None, "only a site's spider follows links"
        plan = LinkPlan()
        articles: list[Route] = []
        pages: list[Route] = []
        for href in links:
            try:
                found = self._route(resolve(href))
            except SkipLink as skip:
                self.skip(skip.key, skip.reason)
                continue
            except ValueError:
                self.skip(href, "malformed")
                continue
            if found.kind == "article":
                articles.append(found)
            elif articles_only:
                continue
            elif found.kind == "skip":
                assert found.reason is not None
                self.skip(found.identity, found.reason)
            else:
                pages.append(found)
        on_page = frozenset(a.identity for a in articles)
        url_dates = {a.identity: self._key(a.url).url_date for a in articles}
        own = on_page - self.page_articles.get(page.parent or "", frozenset())
        if page.keep_links:
            self.page_articles[page.identity] = on_page
        for article in articles:
            assert article.fetch is not None
            identity = self.want_article(article.fetch)
            if identity is not None:
                plan.articles.append(ArticleFetch(article.fetch, identity))
            alias = self._sighting(article.identity, article.url)
            if alias is not None:
                plan.aliases.append(alias)
        stop = None if page.start else self._stop_reason(own, url_dates)
        for listing in pages:
            fetch = self._page(listing, page, stop, redirect)
            if fetch is not None:
                plan.pages.append(fetch)
        return plan

    def _page(self, found: Route, page: Page, stop: str | None, redirect: bool) -> PageFetch | None:
        if found.identity in self.pages:
            return None
        if found.older and stop is not None:
            self.skip(found.identity, stop)
            return None
        if found.kind == "listing":
            depth = 0
        elif found.older or redirect:
            depth = page.depth
        else:
            depth = page.depth + 1
        if depth > self.args.max_depth:
            self.skip(found.identity, "depth")
            return None
        if self.followed >= self.args.max_pages:
            self.skip(found.identity, "budget")
            return None
        kind: PageKind = "listing" if found.kind == "listing" else "other"
        return self._follow(PageFetch(found.url, found.identity, kind, depth))

    def _follow(self, fetch: PageFetch) -> PageFetch:
        self.pages.add(fetch.identity)
        if fetch.kind != "sitemap":
            self.followed += 1
        reason = self.skipped.pop(fetch.identity, None)
        if reason is not None:  # skipped from one page, followed from another
            self.count(f"archive/links_skipped/{reason}", -1)
        self.count(f"archive/pages_followed/{fetch.kind}", 1)
        return fetch

    def skip(self, key: str, reason: str) -> None:
        """Count a link (``key``: its identity or text) skipped for ``reason``, once."""
        if key in self.skipped or key in self.pages:
            return
        self.skipped[key] = reason
        self.count(f"archive/links_skipped/{reason}", 1)

    def _stop_reason(self, own: frozenset[str], url_dates: dict[str, date | None]) -> str | None:
        """Why a page's links to older pages are not followed (see the module's rules)."""
        if not own:
            return None
        ordered = sorted(own)
        dates = [self.known.get(i) or url_dates.get(i) for i in ordered]
        dated = [d for d in dates if d is not None]
        if self.args.since and dated and max(dated) < self.args.since:
            return "before_since"
        if self.args.walk == "incremental" and all(
            identity in self.known and when is not None and when < self.cutoff
            for identity, when in zip(ordered, dates, strict=True)
        ):
            return "older_known"
        return None
