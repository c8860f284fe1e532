"""Public event ids: ``<site>:<article>:<n>`` (``socialistparty.org.uk:30116:2``).

Why not the row number: two builds of an archive from the same pages numbered their rows
differently (311 of 1,790 ids agreed), so a cited "event 170" could not be found again. A uid
is made only of what the pages themselves say: the site's domain, the article's own id where
its URLs carry one (a digest of the article's normal URL where the site has none) and the
event's place in the order its article's events were first recorded (the first parse's
reports in reading order, then any later new event, a split or merge child included, after
them). It is assigned once, when the event is created, and kept through every re-parse; a
reopened event keeps its uid. Crawl order, other articles and the backend play no part, so two
independent crawls of the same pages give every event the same uid.
"""

from __future__ import annotations

import hashlib

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from archive.models import Article, Event, Source

# Hex digits of the URL digest standing in for an article id (48 bits: a collision within one
# site needs some ten million URL-only articles).
URL_DIGEST_CHARS = 12


def article_stem(domain: str, site_article_id: str | None, canonical_url: str) -> str:
    """``domain:article`` for an article: its own id, or a digest of its normal URL."""
    if site_article_id:
        return f"{domain}:{site_article_id}"
    digest = hashlib.sha256(canonical_url.encode("utf-8")).hexdigest()[:URL_DIGEST_CHARS]
    return f"{domain}:{digest}"


def event_uid(stem: str, ordinal: int) -> str:
    return f"{stem}:{ordinal}"


def next_event_uids(
    session: Session, article_id: int, count: int, *, first_events: bool = False
) -> list[str]:
    """Uids for ``count`` new events of an article, after those it already has
    (``first_events``: the caller knows it has none yet, which spares counting them)."""
    # By primary key: the session usually holds both rows already (no query then).
    article = session.get_one(Article, article_id)
    source = session.get_one(Source, article.source_id)
    stem = article_stem(source.domain, article.site_article_id, article.canonical_url)
    existing = (
        0
        if first_events
        else session.scalar(
            select(func.count()).select_from(Event).where(Event.article_id == article_id)
        )
        or 0
    )
    return [event_uid(stem, existing + k) for k in range(1, count + 1)]
