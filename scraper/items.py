"""What the spiders hand to the archive pipeline: fetched pages and failed fetches, raw.

Spiders only discover and fetch; they never parse article content. An item carries the bytes
exactly as received plus the HTTP facts the archive keeps; the pipeline adapts it to the
archive's ingest contract (archive/ingest/contract.py), which does everything else.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass
class ArticlePage:
    """A response to an article request: a 200 with a body, or a 304 to a conditional
    re-fetch (``body`` empty)."""

    url: str  # the URL that answered (after redirects), on the site (not the mirror's host)
    status: int
    body: bytes
    fetched_at: datetime
    site_domain: str | None  # the site the page belongs to (a mirror serves another site)
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    url_date: date | None = None  # publication date carried by the URL, if any
    requested_url: str | None = None  # the URL asked for, when a redirect changed it


@dataclass
class FetchFailure:
    """An article request that produced no usable response: an HTTP error after retries,
    a timeout, a refused connection."""

    url: str
    status: int | None
    detail: str
    fetched_at: datetime
    site_domain: str | None


@dataclass
class ArticleAliases:
    """URLs under which the crawl saw articles the archive holds (or is about to: an article
    whose fetch came first in this crawl), besides the URL each was fetched under: another
    shape of the same id, a print view, the URL a redirect came from. The archive records
    each as an alias of its article; one whose article it cannot find is only counted."""

    urls: tuple[str, ...]  # on the site (not the mirror's host)
    seen_at: datetime
    site_domain: str | None

    @property
    def url(self) -> str:
        """The first of them (what a log line names)."""
        return self.urls[0]


# Everything a spider hands to the archive pipeline.
ArchiveItem = ArticlePage | FetchFailure | ArticleAliases
