"""The real spiders against mirrors laid out like the real sites (tests/site_mirrors.py):
every article archived once with every alias recorded, nothing fetched twice with 200 in a
crawl, robots.txt obeyed, print and whole-issue pages never fetched, the traps and the
never-ending pagination ended by the budget, and the crawl run's counts exact. A second
crawl of The Socialist is incremental: it finds the new issue and walks no further back
than the archive already is."""

from __future__ import annotations

from collections import Counter
from typing import Any
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from archive.models import Article, ArticleURL, CrawlRun, Snapshot, Source
from tests.conftest import Archive
from tests.support.crawl_process import run_crawl
from tests.support.mirror import serve
from tests.support.site_mirrors import (
    SiteMirror,
    counterfire_site_mirror,
    morningstar_site_mirror,
    socialist_site_mirror,
    socialistworker_site_mirror,
)

pytestmark = pytest.mark.slow

SKIPPED_ON_EVERY_SP_PAGE = {
    # The chrome and the home page's odd links, each counted once under its reason.
    "asset": 1,
    "comment": 1,
    "feed": 1,
    "login": 1,
    "malformed": 2,  # http://[::1 and a port out of range: counted, the crawl goes on
    "not_web": 1,
    "off_site": 1,
    "print": 1,
    "search": 1,
    "share": 1,
}


def crawl(archive: Archive, spider: str, mirror: SiteMirror, **args: str) -> CrawlRun:
    result = run_crawl(spider, archive.url, {"base_url": mirror.site.base_url, **args})
    assert result.returncode == 0, result.stderr[-4000:]
    assert "Traceback" not in result.stderr, result.stderr[-4000:]
    with archive.sessions() as s:
        run = s.scalars(select(CrawlRun).order_by(CrawlRun.id.desc()).limit(1)).one()
    assert run.status == "finished", (run.error, result.stderr[-4000:])
    return run


def archived(archive: Archive, domain: str) -> dict[str, set[str]]:
    """article key (site id, or canonical path) -> the paths of its recorded URLs (all on
    the site's own domain); every article has exactly one snapshot."""
    out: dict[str, set[str]] = {}
    with archive.sessions() as s:
        articles = s.scalars(select(Article).join(Source).where(Source.domain == domain))
        for article in articles:
            snapshots = s.scalars(select(Snapshot.id).where(Snapshot.article_id == article.id))
            assert len(snapshots.all()) == 1, article.canonical_url
            key = article.site_article_id or urlsplit(article.canonical_url).path
            urls = [
                urlsplit(u)
                for u in s.scalars(
                    select(ArticleURL.url).where(ArticleURL.article_id == article.id)
                )
            ]
            assert {u.hostname for u in urls} == {domain}
            out[key] = {u.path + (f"?{u.query}" if u.query else "") for u in urls}
    return out


def fetched_articles(mirror: SiteMirror) -> set[str]:
    """The articles (keys) the mirror served with 200 since its hits were last cleared."""
    return {key for key, path in mirror.served.items() if 200 in mirror.site.statuses(path)}


def twice_with_200(mirror: SiteMirror) -> list[str]:
    ok = Counter(h.path for h in mirror.site.hits if h.status == 200)
    return [path for path, n in ok.items() if n > 1 and path != "/robots.txt"]


def requested(mirror: SiteMirror) -> set[str]:
    return {h.path for h in mirror.site.hits}


def discovery_counts(run: CrawlRun) -> dict[str, Any]:
    c = run.counts
    keys = ("article_requests", "new_articles", "skipped_known", "robots_forbidden")
    return {k: c[k] for k in keys} | {
        "pages_followed": c["pages_followed"],
        "links_skipped": c["links_skipped"],
        "aliases_added": c["aliases_added"],
        "aliases_unresolved": c["aliases_unresolved"],
        "fetch_errors": c["fetch_errors"],
        "not_article": c["not_article"],
    }


def test_socialist_finds_every_article_in_every_shape_then_crawls_incrementally(
    archive: Archive,
) -> None:
    mirror = socialist_site_mirror()
    site = mirror.site
    with serve(site):
        run = crawl(archive, "socialist", mirror)
        assert archived(archive, mirror.domain) == mirror.articles
        assert fetched_articles(mirror) == set(mirror.articles)
        assert twice_with_200(mirror) == []
        assert not requested(mirror) & mirror.never
        # The one article of an id shown only as a print view was fetched as the article.
        assert site.statuses("/articles/107") == [301]
        # Both traps were cut short: three steps from the page that led into each.
        calendar = sorted(p for p in requested(mirror) if p.startswith("/calendar/"))
        assert calendar == [f"/calendar/2024/0{m}" for m in range(1, 6)]
        assert len([p for p in requested(mirror) if p.startswith("/tag/")]) == 7
        assert discovery_counts(run) == {
            "article_requests": 15,  # 14 archived + 1 refused by robots.txt
            "new_articles": 14,
            "skipped_known": 0,
            "robots_forbidden": 2,  # that article and /members/
            "pages_followed": {"listing": 15, "other": 14, "sitemap": 1},
            "links_skipped": SKIPPED_ON_EVERY_SP_PAGE | {"depth": 10},
            # /issue/1000/101, /print/102, /articles/107 (a redirect's source), /print/107
            "aliases_added": 4,
            "aliases_unresolved": 0,
            "fetch_errors": 0,
            "not_article": 0,
        }

        # --- a day later: issue 1001 is out --------------------------------------------------
        later = socialist_site_mirror(new_issue=True)
        site.pages.update(later.site.pages)
        later.site = site  # the same server, now serving the later pages
        site.clear_hits()
        run = crawl(archive, "socialist", mirror)
        assert archived(archive, mirror.domain) == later.articles
        assert twice_with_200(mirror) == []
        # Only the new articles were fetched; known ones, however linked, were not.
        article_hits = {p for p in requested(mirror) if "/articles/" in p or "/issue/10" in p}
        assert {
            p for p in article_hits if site.pages.get(p) and b"<article>" in site.pages[p].body
        } == {
            "/articles/116/01-05-2024/new-on-home/",
            "/issue/1001/117/01-05-2024/new-issue",
        }
        # Not walked back past known articles: October 2019 (behind a month of them).
        assert "/archive/October_2019" not in requested(later)
        assert discovery_counts(run) == {
            "article_requests": 3,  # the two new ones, and the one robots.txt refuses
            "new_articles": 2,
            "skipped_known": 11,
            "robots_forbidden": 2,
            "pages_followed": {"listing": 14, "other": 6, "sitemap": 1},
            "links_skipped": SKIPPED_ON_EVERY_SP_PAGE | {"depth": 2, "older_known": 1},
            "aliases_added": 0,
            "aliases_unresolved": 0,
            "fetch_errors": 0,
            "not_article": 0,
        }


# These crawls exercise the spiders; the archive side runs on both backends above.
sqlite_only = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


@sqlite_only
def test_socialistworker_budget_ends_pagination_that_never_ends(archive: Archive) -> None:
    mirror = socialistworker_site_mirror()
    with serve(mirror.site):
        run = crawl(archive, "socialistworker", mirror, max_pages="12")
        assert archived(archive, mirror.domain) == mirror.articles
        assert fetched_articles(mirror) == set(mirror.articles)
        assert twice_with_200(mirror) == []
        # 4 sections, /issue/250 and /news/page/2/, then the features pages up to the budget.
        features = sorted(p for p in requested(mirror) if p.startswith("/features/page/"))
        assert features == [f"/features/page/{n}/" for n in range(2, 8)]
    assert discovery_counts(run) == {
        "article_requests": 9,
        "new_articles": 9,
        "skipped_known": 0,
        "robots_forbidden": 0,
        "pages_followed": {"listing": 12, "sitemap": 2},
        "links_skipped": {"budget": 1, "feed": 2, "login": 1, "off_site": 1, "search": 1},
        "aliases_added": 1,  # /art/26426 under its %20 spelling
        "aliases_unresolved": 0,
        "fetch_errors": 0,
        "not_article": 0,
    }


@sqlite_only
@pytest.mark.parametrize(
    ("spider", "build", "counts"),
    [
        (
            "counterfire",
            counterfire_site_mirror,
            {
                "article_requests": 4,
                "new_articles": 4,
                "pages_followed": {"listing": 5, "sitemap": 1},
                "links_skipped": {"search": 1},
                "aliases_added": 1,  # 16412 without index.php
            },
        ),
        (
            "morningstar",
            morningstar_site_mirror,
            {
                "article_requests": 4,
                "new_articles": 4,
                "pages_followed": {"listing": 1, "other": 3, "sitemap": 1},
                "links_skipped": {"asset": 1, "login": 1, "search": 1},
                "aliases_added": 1,  # the old id spelt in lower case, on www.
            },
        ),
    ],
)
def test_old_and_new_shapes_of_counterfire_and_morning_star(
    archive: Archive, spider: str, build: Any, counts: dict[str, Any]
) -> None:
    mirror: SiteMirror = build()
    with serve(mirror.site):
        run = crawl(archive, spider, mirror)
        assert archived(archive, mirror.domain) == mirror.articles
        assert fetched_articles(mirror) == set(mirror.articles)
        assert twice_with_200(mirror) == []
    assert {k: v for k, v in discovery_counts(run).items() if k in counts} == counts
    assert (run.counts["fetch_errors"], run.counts["aliases_unresolved"]) == (0, 0)
