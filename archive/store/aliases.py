"""Alias URLs a crawl saw linked, besides the URL each article was fetched under.

Why apart from fetches: a crawl fetches an article once, under whichever of its URLs it met
first, but links to it use other shapes too (The Socialist's ``/issue/N/ID``, ``/keyword/...``,
print views, the short URL a redirect came from). The spider reports those spellings
(scraper/spiders/discovery.py); here each becomes an ``article_urls`` row of the article its
identity names, so that every alias is recorded and resolves to the one article.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.models import Article, ArticleURL, Source
from archive.store.fetches import find_article
from archive.timeutil import utcnow
from scraper.urls import article_key


@dataclass(frozen=True)
class AliasOutcome:
    added: int  # new alias rows
    seen: int  # already recorded (seen again)
    unresolved: int  # no article of that identity in the archive (its fetch failed)


def record_aliases(
    session: Session, *, urls: tuple[str, ...], site_domain: str | None, at: datetime | None
) -> AliasOutcome:
    """Record each URL (in normal form) as an alias of the article its identity names."""
    when = at or utcnow()
    added = seen = unresolved = 0
    for normal, url in {article_key(u, site_domain).normal_url: u for u in urls}.items():
        article = find_article(session, url, site_domain)
        if article is None:
            unresolved += 1
            continue
        alias = session.scalar(select(ArticleURL).where(ArticleURL.url == normal))
        if alias is None:
            session.add(
                ArticleURL(article_id=article.id, url=normal, first_seen_at=when, last_seen_at=when)
            )
            added += 1
        else:
            alias.last_seen_at = max(alias.last_seen_at, when)
            seen += 1
    session.flush()
    return AliasOutcome(added=added, seen=seen, unresolved=unresolved)


def known_article_urls(session: Session, *, domain: str) -> list[str]:
    """Every alias URL (normal form) of a site's articles: what a crawl need not report."""
    return list(
        session.scalars(
            select(ArticleURL.url)
            .join(Article, ArticleURL.article_id == Article.id)
            .join(Source, Article.source_id == Source.id)
            .where(Source.domain == domain)
        )
    )
