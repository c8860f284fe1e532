"""URL identity: one article however many URLs show it.

Shared by the spiders (which URLs are articles, fetch each article once per crawl) and the
archive store (alias URLs resolve to one article). Pure functions, no I/O.

The normal form drops the scheme difference (always ``https``), a leading ``www.`` (and a
known site's other hosts of the same site, such as ``m.``), tracking parameters, fragments and
trailing slashes, so that every spelling of a link to the same page compares equal. Sites
whose URLs carry their own article id (The Socialist shows the same article under
``/articles/ID/DD-MM-YYYY/slug/``, ``/issue/N/ID`` and more) are identified by that id
instead of by path; the shapes are each site's data in scraper/sites/.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from scraper.sites import id_match, site_for_host, url_date_of
from scraper.sites.shapes import any_match

TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "msclkid",
        "mc_cid",
        "mc_eid",
        "igshid",
        "ref",
        "ref_src",
        "source",
        "share",
        "_ga",
        "_gl",
        "yclid",
        "at_medium",
        "at_campaign",
    }
)
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hsa_")


@dataclass(frozen=True)
class ArticleKey:
    """Who an article is: its site (bare domain) and either the site's own id or its path."""

    domain: str
    site_article_id: str | None
    normal_url: str
    url_date: date | None


def bare_domain(netloc_or_url: str) -> str:
    """``https://www.Example.org:443/x`` or ``www.example.org`` -> ``example.org``."""
    target = netloc_or_url if "//" in netloc_or_url else f"//{netloc_or_url}"
    host = (urlsplit(target).hostname or "").lower().rstrip(".")
    if host.startswith("www."):
        host = host[4:]
    return host


def _is_tracking(name: str) -> bool:
    low = name.lower()
    return low in TRACKING_PARAMS or low.startswith(TRACKING_PREFIXES)


def site_domain(netloc_or_url: str) -> str:
    """The bare domain, with a known site's other hosts folded into it:
    ``m.socialistparty.org.uk`` -> ``socialistparty.org.uk`` (other hosts as bare_domain)."""
    host = bare_domain(netloc_or_url)
    site = site_for_host(host)
    return site.domain if site is not None else host


def normalise_url(url: str) -> str:
    """The canonical spelling of a URL: https, no www. (nor a known site's other hosts of the
    same site), no tracking parameters, no fragment, no trailing slash (but the root path),
    remaining query parameters sorted.

    >>> normalise_url("http://www.Example.org/a/b/?utm_source=x&b=2&a=1#top")
    'https://example.org/a/b?a=1&b=2'
    """
    parts = urlsplit(url.strip())
    host = site_domain(parts.netloc) if parts.netloc else ""
    port = parts.port
    netloc = host if port in (None, 80, 443) else f"{host}:{port}"
    path = re.sub(r"/{2,}", "/", parts.path or "/")
    if len(path) > 1:
        path = path.rstrip("/") or "/"
    query = urlencode(
        sorted(
            (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k)
        )
    )
    return urlunsplit(("https", netloc, path, query, ""))


def strip_tracking(url: str) -> str:
    """The URL as given, minus tracking parameters and fragment (scheme and host kept, so it
    can still be fetched from a local mirror)."""
    parts = urlsplit(url.strip())
    query = urlencode(
        [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k)]
    )
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))


def date_in_url(url: str) -> date | None:
    """A publication date carried by the URL (``/24-08-2016/``, ``/2016/08/24/``), if any."""
    path = urlsplit(url).path
    for pattern, order in (
        (r"/(\d{2})-(\d{2})-(\d{4})(?:/|$)", "dmy"),
        (r"/(\d{4})/(\d{2})/(\d{2})(?:/|$)", "ymd"),
        (r"/(\d{4})-(\d{2})-(\d{2})(?:/|$|-)", "ymd"),
    ):
        m = re.search(pattern, path)
        if m:
            a, b, c = (int(x) for x in m.groups())
            y, mo, d = (c, b, a) if order == "dmy" else (a, b, c)
            try:
                return date(y, mo, d)
            except ValueError:
                continue
    return None


def article_key(url: str, site_domain: str | None = None) -> ArticleKey:
    """Identify the article a URL shows.

    ``site_domain`` names the site when the URL is served from elsewhere (a local mirror at
    ``http://127.0.0.1:PORT``): the site's shapes are then applied and the identity is that
    site's, so a mirror crawl and a live crawl agree. An article URL of a known site has no
    query in its normal form (what follows ``?`` on an article is sharing, comment or
    tracking noise, never another article).
    """
    normal = normalise_url(url)
    parts = urlsplit(normal)
    domain = site_domain or parts.hostname or ""
    site = site_for_host(domain)
    site_id: str | None = None
    url_date: date | None = None
    if site is not None:
        found = id_match(site, parts.path)
        if found is not None:
            site_id = found[1].group("id").lower()
            url_date = url_date_of(found[1])
        if (found is not None or any_match(site.article_shapes, parts.path)) and parts.query:
            normal = urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
    return ArticleKey(
        domain=domain,
        site_article_id=site_id,
        normal_url=normal,
        url_date=url_date or date_in_url(normal),
    )
