"""Alias URLs a crawl saw linked (archive/store/aliases.py): each spelling of an article's URL
becomes one article_urls row of that article, on both backends; a spelling already there is
only seen again; one whose article the archive does not hold is counted, not invented."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from archive import store
from archive.db import unit_of_work
from archive.models import Article, ArticleURL
from tests.conftest import Archive

SP = "socialistparty.org.uk"
T0 = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
ARTICLE = "https://www.socialistparty.org.uk/articles/41001/03-02-2025/estate-meeting/"


def test_aliases_are_recorded_once_each_for_their_article(archive: Archive) -> None:
    with unit_of_work(archive.sessions) as s:
        store.record_fetch(
            s, meta=store.FetchMeta(url=ARTICLE, status=200, fetched_at=T0), body=b"<p>x</p>"
        )
    aliases = (
        "https://m.socialistparty.org.uk/issue/1301/41001",
        "http://socialistparty.org.uk/issue/1301/41001/",  # the same, spelt otherwise
        "https://www.socialistparty.org.uk/print/41001",
        "https://www.socialistparty.org.uk/keyword/Housing/Estates/41001/03-02-2025/x",
        "https://www.socialistparty.org.uk/articles/49999",  # not in the archive
    )
    with unit_of_work(archive.sessions) as s:
        first = store.record_aliases(s, urls=aliases, site_domain=SP, at=T0 + timedelta(hours=1))
    assert first == store.AliasOutcome(added=3, seen=0, unresolved=1)
    with unit_of_work(archive.sessions) as s:
        again = store.record_aliases(s, urls=aliases[:2], site_domain=SP, at=T0 + timedelta(days=1))
    assert again == store.AliasOutcome(added=0, seen=1, unresolved=0)
    with archive.sessions() as s:
        article = s.scalars(select(Article)).one()
        urls = {u.url: u for u in s.scalars(select(ArticleURL))}
        assert sorted(urls) == sorted(store.known_article_urls(s, domain=SP))
        assert store.known_article_urls(s, domain="counterfire.org") == []
    assert sorted(urls) == [
        "https://socialistparty.org.uk/articles/41001/03-02-2025/estate-meeting",
        "https://socialistparty.org.uk/issue/1301/41001",
        "https://socialistparty.org.uk/keyword/Housing/Estates/41001/03-02-2025/x",
        "https://socialistparty.org.uk/print/41001",
    ]
    assert {u.article_id for u in urls.values()} == {article.id}
    seen_again = urls["https://socialistparty.org.uk/issue/1301/41001"]
    assert seen_again.last_seen_at.replace(tzinfo=UTC) == T0 + timedelta(days=1)
