"""What ingest takes: a fetched page, a failed fetch or aliases seen, as plain data.

Why types of the archive's own (not Scrapy items): the crawl hands pages over through
scraper/pipelines.py, a web-archive import will hand over captures, and the archive must not
depend on how a page was fetched. A page carries the bytes exactly as received plus the HTTP
facts the archive keeps (for conditional re-fetch and offline re-parse).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from archive import store
from scraper.parsers.decode import binary_kind

HTML_TYPES = ("html", "xml")


@dataclass(frozen=True)
class FetchedPage:
    """A response to an article request: a 200 with a body, or a 304 to a conditional
    re-fetch (``body`` empty)."""

    url: str  # the URL that answered, on the site (not a mirror's host)
    status: int
    body: bytes
    fetched_at: datetime
    site_domain: str | None  # the site the page belongs to (a mirror serves another site)
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    url_date: date | None = None  # publication date carried by the URL, if any

    def meta(self) -> store.FetchMeta:
        return store.FetchMeta(
            url=self.url,
            status=self.status,
            content_type=self.content_type,
            etag=self.etag,
            last_modified=self.last_modified,
            fetched_at=self.fetched_at,
        )

    def not_article_reason(self) -> str | None:
        """Why a 200 answer cannot be an article before parsing it (empty, not HTML, a
        binary body whatever its label says)."""
        if not self.body.strip():
            return "empty body"
        ctype = (self.content_type or "").split(";")[0].strip().lower()
        if ctype and not any(t in ctype for t in HTML_TYPES):
            return f"not an HTML page ({ctype})"
        kind = binary_kind(self.body)
        if kind is not None:
            return f"not an HTML page: {kind}, served as {ctype or 'no content type'}"
        return None


@dataclass(frozen=True)
class FailedFetch:
    """An article request that produced no usable response: an HTTP error after retries,
    a timeout, a refused connection."""

    url: str
    status: int | None
    detail: str
    fetched_at: datetime
    site_domain: str | None

    def meta(self) -> store.FetchMeta:
        return store.FetchMeta(url=self.url, status=self.status, fetched_at=self.fetched_at)


@dataclass(frozen=True)
class SeenAliases:
    """URLs under which the crawl saw articles linked, besides the URL each was fetched
    under (another shape of the same id, a print view, a redirect's source): each becomes
    an alias of its article (archive/store/aliases.py)."""

    urls: tuple[str, ...]  # on the site (not a mirror's host)
    seen_at: datetime
    site_domain: str | None

    @property
    def url(self) -> str:
        """The first of them (what a log line names)."""
        return self.urls[0]


Page = FetchedPage | FailedFetch | SeenAliases
