"""The other spiders against local mirrors: socialistworker and counterfire (listings,
pagination, sitemaps), the generic feed spider (RSS, Atom, sitemap), and arguments that are
refused in one line."""

from __future__ import annotations

import subprocess
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sqlalchemy import func, select

from archive.models import Article, CrawlRun, EventVersion, Snapshot, Source
from tests.conftest import Archive
from tests.support.crawl_process import REPO_ROOT, crawl_command, crawl_env, run_crawl
from tests.support.mirror import MirrorSite, roundup_spec, serve

# Real crawls in child processes: seconds each.
pytestmark = pytest.mark.slow

SITES = {
    # spider: (layout, domain, article path shape, listing, page 2 of the listing, sitemap)
    "socialistworker": (
        "socialistworker",
        "socialistworker.co.uk",
        "/news/{slug}/",
        "/news/",
        "/news/page/2/",
        "/wp-sitemap.xml",
    ),
    "counterfire": (
        "counterfire",
        "counterfire.org",
        "/article/{slug}/",
        "/articles/",
        "/articles/page/2/",
        "/sitemap.xml",
    ),
}


def archived(archive: Archive) -> dict[str, int]:
    """Archived article path -> number of snapshots."""
    with archive.sessions() as s:
        rows = s.execute(
            select(Article.canonical_url, func.count(Snapshot.id))
            .join(Snapshot, Snapshot.article_id == Article.id)
            .group_by(Article.canonical_url)
        ).all()
    return {urlsplit(url).path: n for url, n in rows}


def last_run(archive: Archive) -> CrawlRun:
    with archive.sessions() as s:
        return s.scalars(select(CrawlRun).order_by(CrawlRun.id.desc()).limit(1)).one()


@pytest.mark.parametrize("spider", sorted(SITES))
def test_site_spider_finds_articles_by_listing_pagination_and_sitemap(
    archive: Archive, spider: str
) -> None:
    layout, domain, shape, listing, page2, sitemap = SITES[spider]
    site = MirrorSite()
    paths = [shape.format(slug=f"branch-reports-{i}") for i in range(4)]
    for i, path in enumerate(paths):
        spec = roundup_spec(40 + i, f"https://{domain}{path}", date(2023, 5, 12) + timedelta(i))
        site.add_article(path, layout, spec)
    # Home: article 0 (and again without its trailing slash and with tracking parameters),
    # the listing; listing page 1 -> article 1 and page 2; page 2 -> article 2; article 3 is
    # only in the sitemap. Off-site links are never followed.
    site.add_listing(
        "/",
        "Home",
        [paths[0], paths[0].rstrip("/") + "?utm_source=x", listing, "https://elsewhere.example/"],
    )
    site.add_listing(listing, "Listing", [paths[1], page2])
    site.add_listing(page2, "Listing page 2", [paths[2]])
    site.add(
        sitemap,
        (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"<url><loc>https://www.{domain}{paths[3]}</loc></url>"
            f"<url><loc>https://{domain}{paths[0]}</loc></url></urlset>"
        ).encode(),
        content_type="application/xml",
    )
    with serve(site):
        result = run_crawl(spider, archive.url, {"base_url": site.base_url})
        assert result.returncode == 0, result.stderr[-3000:]
        for path in paths:
            assert site.statuses(path) == [200], path
        assert not [h for h in site.hits if "utm_" in h.path]
    # The archive keeps URLs in normal form (no trailing slash).
    assert archived(archive) == {p.rstrip("/"): 1 for p in paths}
    run = last_run(archive)
    assert run.status == "finished" and run.spider == spider
    assert run.counts["new_articles"] == 4 and run.counts["events_added"] > 0
    with archive.sessions() as s:
        assert list(s.scalars(select(Source.domain))) == [domain]
        assert (
            s.scalar(select(func.count()).select_from(EventVersion)) == run.counts["events_added"]
        )


FEEDS = {
    "rss": (
        "/feed.xml",
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Northfield TUC</title>{items}'
        "</channel></rss>",
        "<item><title>t</title><link>{url}</link><pubDate>{rfc822}</pubDate></item>",
    ),
    "atom": (
        "/atom.xml",
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        "<title>Northfield TUC</title>{items}</feed>",
        '<entry><title>t</title><link rel="alternate" href="{url}"/>'
        "<published>{iso}T10:41:00Z</published></entry>",
    ),
    "sitemap": (
        "/sitemap.xml",
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        "{items}</urlset>",
        "<url><loc>{url}</loc></url>",
    ),
}


@pytest.mark.parametrize("kind", sorted(FEEDS))
def test_feed_spider_reads_rss_atom_and_sitemaps(archive: Archive, kind: str) -> None:
    """A windows-1252 trades-council blog known only by its feed; with since, entries dated
    before it are not fetched (feeds carry dates, sitemaps only the URL)."""
    feed_path, wrapper, item = FEEDS[kind]
    site = MirrorSite()
    dates = [date(2014, 11, 8), date(2015, 1, 3), date(2015, 2, 21)]
    paths = [f"/{d.year}/{d.month:02d}/day-of-action-{i}.html" for i, d in enumerate(dates)]
    items = []
    for i, (d, path) in enumerate(zip(dates, paths, strict=True)):
        url = f"https://northfieldtuc.org.uk{path}"
        site.add_article(path, "tradescouncil-blog", roundup_spec(60 + i, url, d))
        rfc822 = d.strftime("%a, %d %b %Y 10:41:00 +0000")
        items.append(item.format(url=url, rfc822=rfc822, iso=d.isoformat()))
    # An entry whose link cannot be read: counted, and the crawl goes on.
    items.append(item.format(url="http://[::1", rfc822=rfc822, iso=dates[-1].isoformat()))
    body = wrapper.format(items="".join(items)).encode()
    site.add(feed_path, body, content_type="application/xml")
    with serve(site):
        args = {
            "url": f"https://northfieldtuc.org.uk{feed_path}",
            "base_url": site.base_url,
            "since": "2015-01-01",
        }
        result = run_crawl("feed", archive.url, args)
        assert result.returncode == 0, result.stderr[-3000:]
    # Feeds date their entries: the 2014 post is skipped. A sitemap does not: all three.
    expected = paths if kind == "sitemap" else paths[1:]
    assert archived(archive) == dict.fromkeys(expected, 1)
    run = last_run(archive)
    assert run.status == "finished" and run.arguments["site_domain"] == "northfieldtuc.org.uk"
    assert run.counts["skipped_before_since"] == (0 if kind == "sitemap" else 1)
    assert run.counts["links_skipped"] == {"malformed": 1}


@pytest.mark.parametrize(
    ("spider", "args", "message"),
    [
        ("socialist", {"since": "2016-31-12"}, "since must be YYYY-MM-DD"),
        ("socialist", {"revisit": "weekly"}, "revisit must be one of none, recent, all"),
        ("counterfire", {"base_url": "counterfire.org"}, "base_url must be an http(s) URL"),
        ("feed", {}, "the feed spider needs -a url="),
        (
            "socialist",
            {"revist": "all"},
            "unknown spider argument 'revist' (known: base_url, max_depth, max_pages, revisit,"
            " since, walk)",
        ),
        (
            "feed",
            {"url": "https://example.org/feed.xml", "domian": "x"},
            "unknown spider argument 'domian' (known: base_url, domain, max_depth, max_pages,"
            " revisit, since, url, walk)",
        ),
        ("morningstar", {"max_pages": "lots"}, "max_pages must be a whole number >= 1"),
        ("nosuchsite", {}, "no spider named 'nosuchsite'"),
    ],
)
def test_bad_arguments_are_one_line_and_exit_2(
    tmp_path: Path, spider: str, args: dict[str, str], message: str
) -> None:
    result = subprocess.run(
        crawl_command(spider, args),
        cwd=REPO_ROOT,
        env=crawl_env(f"sqlite:///{tmp_path / 'never-created.sqlite'}"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    if spider != "nosuchsite":  # a spider's own arguments: one line, no usage text
        assert result.stderr.splitlines()[-1].startswith(f"scrapy crawl: error: {message}")
        assert "Usage" not in result.stderr


def test_archive_without_schema_is_refused_in_one_line(empty_db_url: str) -> None:
    result = run_crawl("socialist", empty_db_url, {"base_url": "http://127.0.0.1:9"})
    assert result.returncode == 2
    assert "run: archive db upgrade" in result.stderr
    assert "Traceback" not in result.stderr


def test_unusable_rules_setting_is_refused_in_one_line(tmp_path: Path) -> None:
    result = run_crawl(
        "socialist",
        f"sqlite:///{tmp_path / 'never-created.sqlite'}",
        {"base_url": "http://127.0.0.1:9"},
        settings={"ARCHIVE_RULES": "tests.no_such_rules:T1"},
    )
    assert result.returncode == 2
    assert "cannot import rules module 'tests.no_such_rules'" in result.stderr
    assert "Traceback" not in result.stderr
