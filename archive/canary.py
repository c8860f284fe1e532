"""`archive check-site`: a canary that fetches a site's newest few articles again and says,
per field, whether the rules still find it.

Why: the health checks notice a broken layout only after a crawl has archived a night of
it; a daily canary (fundus runs one per publisher) notices on the day, before the night's
crawl, and says exactly which field went. It compares what the current rules read from each
page now with what the archive holds for the same article (its current events, title and
date): a field the archive had and the page no longer gives is a regression, as is a known
site's body selector no longer matching (the generic fallback). For cron, never for CI: it
fetches the live site (or ``--base-url``, a mirror).
"""

from __future__ import annotations

import os
import re
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from archive.errors import BadInput
from archive.ingest.parsing import ParseTask, parse_page
from archive.models import Article, CrawlRun, Event, EventVersion, Snapshot, Source
from scraper.parsers.registry import current_rules
from scraper.sites import SITES
from scraper.sites.articles import article_page

USER_AGENT = "campaign-archive/0.1 canary (research crawler of campaign news; +{contact})"
TIMEOUT = 30.0
# The event fields checked, as (name, column of the stored version, attribute of the record).
FIELDS = (
    ("date", "event_date", "event_date"),
    ("place", "place", "place"),
    ("size", "attendance", "attendance"),
    ("reporter", "reporter", "reporter"),
)
REGRESSIONS = ("lost", "fewer")
HREF = re.compile(rb"""href\s*=\s*["']([^"'#]+)""", re.I)


@dataclass
class FieldCheck:
    field: str
    before: int | bool | None  # what the archive holds (events with it, or found or not)
    now: int | bool | None
    status: str  # ok | lost | fewer (under half) | missing (never found) | new


@dataclass
class ArticleCheck:
    url: str
    fetched: str  # the URL fetched (on base_url)
    error: str | None = None
    fields: list[FieldCheck] = field(default_factory=list)

    @property
    def regressed(self) -> bool:
        return self.error is not None or any(f.status in REGRESSIONS for f in self.fields)

    def record(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "fetched": self.fetched,
            "error": self.error,
            "regressed": self.regressed,
            "fields": [f.__dict__ for f in self.fields],
        }


def site_domain_for(session: Session, spider: str) -> str:
    """The site a spider crawls, from its last crawl run; a known site's domain as is."""
    if spider in SITES:
        return spider
    args = session.scalar(
        select(CrawlRun.arguments)
        .where(CrawlRun.spider == spider)
        .order_by(CrawlRun.started_at.desc())
        .limit(1)
    )
    domain = (args or {}).get("site_domain")
    if not domain:
        known = ", ".join(sorted(SITES))
        raise BadInput(
            f"no crawl run of spider {spider!r} in the archive to learn its site from; "
            f"give the site's domain instead ({known})"
        )
    return str(domain)


def newest_articles(session: Session, domain: str, count: int) -> list[Article]:
    return list(
        session.scalars(
            select(Article)
            .join(Source, Source.id == Article.source_id)
            .where(Source.domain == domain)
            .order_by(Article.published.desc().nulls_last(), Article.first_seen_at.desc())
            .limit(count)
        )
    )


def page_url(session: Session, article: Article) -> str:
    """The URL the article's newest snapshot was fetched from (its canonical URL is an
    identity, not always a page the site serves)."""
    url = session.scalar(
        select(Snapshot.url)
        .where(Snapshot.article_id == article.id)
        .order_by(Snapshot.fetched_at.desc(), Snapshot.id.desc())
        .limit(1)
    )
    return url or article.canonical_url


def on_base(url: str, base: str) -> str:
    parts, b = urlsplit(url), urlsplit(base)
    return urlunsplit((b.scheme, b.netloc, parts.path, parts.query, ""))


def fetch(url: str) -> tuple[bytes, str | None]:
    contact = os.environ.get("ARCHIVE_CONTACT") or "no contact configured"
    request = urllib.request.Request(
        url, headers={"User-Agent": USER_AGENT.format(contact=contact)}
    )
    with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
        return response.read(), response.headers.get("Content-Type")


def _status(before: int | bool | None, now: int | bool | None) -> str:
    if before and not now:
        return "lost"
    counted = isinstance(before, int) and not isinstance(before, bool)
    if counted and before and isinstance(now, int) and now < int(before) / 2:
        return "fewer"  # under half of what the archive holds (3 reports read as 1)
    if not before and now:
        return "new"
    return "ok" if now else "missing"


def _stored(session: Session, article: Article) -> dict[str, int]:
    """Per field, how many of the article's current events have it (and how many events)."""
    cols = [func.count()] + [func.count(getattr(EventVersion, col)) for _, col, _ in FIELDS]
    row = session.execute(
        select(*cols)
        .join(Event, Event.id == EventVersion.event_id)
        .where(Event.article_id == article.id, EventVersion.valid_to.is_(None))
    ).one()
    out = {"events": int(row[0])}
    for (name, _, _), value in zip(FIELDS, row[1:], strict=True):
        out[name] = int(value)
    return out


def check_article(session: Session, url: str, base: str, article: Article | None) -> ArticleCheck:
    target = on_base(url, base)
    check = ArticleCheck(url, target)
    try:
        body, ctype = fetch(target)
    except (urllib.error.URLError, OSError, ValueError) as exc:
        check.error = f"could not fetch: {exc}"
        return check
    result = parse_page(current_rules(), ParseTask(body, url, None, ctype))
    if result.parsed is None:
        check.error = f"the rules raised: {result.error}"
        return check
    parsed = result.parsed
    stored = _stored(session, article) if article is not None else {}
    if parsed.site != "generic" or parsed.fell_back:  # a site the rules have selectors for
        check.fields.append(
            FieldCheck(
                "body selector", True, not parsed.fell_back, "lost" if parsed.fell_back else "ok"
            )
        )
    else:
        check.fields.append(FieldCheck("body selector", None, None, "generic"))
    for name, before, now in (
        ("title", article.title is not None if article else None, parsed.title is not None),
        (
            "published",
            article.published is not None if article else None,
            parsed.published is not None,
        ),
        ("events", stored.get("events"), len(parsed.events)),
    ):
        check.fields.append(FieldCheck(name, before, now, _status(before, now)))
    for name, _, attr in FIELDS:
        now_n = sum(1 for e in parsed.events if getattr(e, attr) is not None)
        before_n = stored.get(name)
        check.fields.append(FieldCheck(name, before_n, now_n, _status(before_n, now_n)))
    return check


def home_articles(domain: str, base: str, count: int) -> list[str]:
    """Article URLs linked from the site's home page (when the archive has none yet)."""
    site = SITES.get(domain)
    if site is None:
        return []
    try:
        body, _ = fetch(on_base(site.home + "/", base))
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise BadInput(f"could not fetch the home page of {domain}: {exc}") from None
    found: list[str] = []
    for href in HREF.findall(body):
        url = urljoin(site.home + "/", href.decode("latin-1").strip())
        try:
            page = article_page(site, on_base(url, site.home))
        except ValueError:
            continue
        if page is not None and page.url not in found:
            found.append(page.url)
        if len(found) >= count:
            break
    return found


def check_site(
    session: Session, spider: str, base_url: str | None = None, count: int = 3
) -> tuple[str, list[ArticleCheck]]:
    """(the site's domain, a check per article) for the site's newest ``count`` articles."""
    domain = site_domain_for(session, spider)
    site = SITES.get(domain)
    base = base_url or (site.home if site is not None else f"https://www.{domain}")
    if urlsplit(base).scheme not in ("http", "https"):
        raise BadInput(f"--base-url must be an http(s) URL, not {base!r}")
    articles = newest_articles(session, domain, count)
    if articles:
        return domain, [check_article(session, page_url(session, a), base, a) for a in articles]
    urls = home_articles(domain, base, count)
    if not urls:
        raise BadInput(f"no article of {domain} in the archive or on its home page to check")
    return domain, [check_article(session, u, base, None) for u in urls]
