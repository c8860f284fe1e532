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
