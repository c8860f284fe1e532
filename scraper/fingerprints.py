"""Request fingerprints by article identity, not by URL spelling.

Scrapy's default fingerprint keeps ``www.``/no ``www.``, trailing slashes, tracking parameters
and The Socialist's two URL shapes of one article apart, so the same article would be fetched
several times in one crawl (and a shared scrapy-redis frontier could not tell either). Here a
request's fingerprint is its article identity (:func:`scraper.urls.article_key`: the site's own
id where its URLs carry one, else the normal URL), so every alias of an article is one
request. A redirected request gets its own fingerprint (with the hop count), since a site
that redirects one alias to another must still be followed.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from scraper.urls import ArticleKey, article_key

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Request
    from scrapy.crawler import Crawler


def request_identity(url: str, site_domain: str | None) -> str:
    """What makes two URLs the same page: ``id:<domain>:<site id>`` or ``url:<normal url>``."""
    return key_identity(article_key(url, site_domain))


def key_identity(key: ArticleKey) -> str:
    """The identity (as :func:`request_identity`) of an already computed article key."""
    if key.site_article_id is not None:
        return f"id:{key.domain}:{key.site_article_id}"
    return f"url:{key.normal_url}"


class ArticleFingerprinter:
    """REQUEST_FINGERPRINTER_CLASS: method + article identity (+ body, + redirect hops)."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls()

    def fingerprint(self, request: Request) -> bytes:
        h = hashlib.sha1()
        h.update(request.method.encode("ascii"))
        h.update(b"\0")
        h.update(request_identity(request.url, request.meta.get("site_domain")).encode("utf-8"))
        h.update(b"\0")
        h.update(request.body or b"")
        hops = request.meta.get("redirect_times")
        if hops:
            h.update(f"\0redirect:{hops}".encode("ascii"))
        return h.digest()
