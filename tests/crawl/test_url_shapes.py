"""URL identity as a table: every shape the sites use -> the article it names (its site id,
or its normal URL), or what else it is (a listing, another page, a link left alone and why).

One row per shape, so a new shape (or a redesign) is one row. The spiders route links with
scraper/spiders/routes.py and the store identifies articles with scraper/urls.py; both read
the per-site data in scraper/sites/, and this table holds them to it.
"""

from __future__ import annotations

from datetime import date

import pytest

from scraper.sites import SITES, site_for_host
from scraper.spiders.routes import route
from scraper.urls import article_key, normalise_url

SP = "https://www.socialistparty.org.uk"
SW = "https://socialistworker.co.uk"
CF = "https://www.counterfire.org"
MS = "https://morningstaronline.co.uk"

# url -> (kind, article id or normal URL for articles / reason for skips / None)
ARTICLES: list[tuple[str, str]] = [
    # The Socialist: one id, every shape and host.
    (f"{SP}/articles/23845/24-08-2016/lefts-gather/", "id:socialistparty.org.uk:23845"),
    ("http://socialistparty.org.uk/articles/23845", "id:socialistparty.org.uk:23845"),
    (f"{SP}/issue/922/23845", "id:socialistparty.org.uk:23845"),
    (f"{SP}/issue/922/23845/24-08-2016/lefts-gather", "id:socialistparty.org.uk:23845"),
    (
        "https://m.socialistparty.org.uk/articles/23845/24-08-2016/x",
        "id:socialistparty.org.uk:23845",
    ),
    ("https://secure.socialistparty.org.uk/issue/922/23845", "id:socialistparty.org.uk:23845"),
    ("http://archive.socialistparty.org.uk/articles/23845/", "id:socialistparty.org.uk:23845"),
    (f"{SP}/print/23845", "id:socialistparty.org.uk:23845"),
    (f"{SP}/articles/5466/28-09-06/pensions-strike", "id:socialistparty.org.uk:5466"),
    (
        f"{SP}/keyword/Topic/Name/3898/19-03-2008/the-slug",
        "id:socialistparty.org.uk:3898",
    ),
    (
        f"{SP}/keyword/Lefts/article/23474/31-08-2016/slug",
        "id:socialistparty.org.uk:23474",
    ),
    (f"{SP}/campaign/Education/School/26054", "id:socialistparty.org.uk:26054"),
    (
        f"{SP}/articles/23845/24-08-2016/x?utm_source=email&fbclid=1",
        "id:socialistparty.org.uk:23845",
    ),
    # Socialist Worker: /art/ID with + and %20 spellings; the WordPress sections by path.
    (f"{SW}/art/26426/United+strike+sees+thousands+out", "id:socialistworker.co.uk:26426"),
    (f"{SW}/art/26426/United%20strike%20sees%20thousands%20out", "id:socialistworker.co.uk:26426"),
    ("http://www.socialistworker.co.uk/art/26426", "id:socialistworker.co.uk:26426"),
    (f"{SW}/news/nurses-walk-out/", f"url:{SW}/news/nurses-walk-out"),
    (f"{SW}/news/nurses-walk-out?share=twitter&nb=1", f"url:{SW}/news/nurses-walk-out"),
    (f"{SW}/features/why-we-march/", f"url:{SW}/features/why-we-march"),
    (f"{SW}/what-we-think/a-strike-wave/", f"url:{SW}/what-we-think/a-strike-wave"),
    # Counterfire: today's slugs, the old site's numeric ids (one id space).
    (f"{CF}/article/the-general-strike/", "url:https://counterfire.org/article/the-general-strike"),
    (f"{CF}/news/20909-junior-doctors-strike", "id:counterfire.org:20909"),
    (f"{CF}/index.php/articles/analysis/16412-the-crisis", "id:counterfire.org:16412"),
    (f"{CF}/articles/analysis/16412-the-crisis", "id:counterfire.org:16412"),
    # Morning Star: both /article/ shapes by path; the old site's hex ids.
    (
        f"{MS}/article/your-party-divisions-explode-open",
        f"url:{MS}/article/your-party-divisions-explode-open",
    ),
    (
        f"{MS}/article/b/mothers-march-through-sheffield",
        f"url:{MS}/article/b/mothers-march-through-sheffield",
    ),
    (
        "http://www.morningstaronline.co.uk/a-f9c2-Crime-against-left-wing-thrillers",
        "id:morningstaronline.co.uk:f9c2",
    ),
    (f"{MS}/a-0709-Tories-plan-cuts", "id:morningstaronline.co.uk:0709"),
]

NOT_ARTICLES: list[tuple[str, str, str | None]] = [
    # (url, kind, skip reason)
    (f"{SP}/printdoc/issue/1000", "skip", "print"),
    (f"{SP}/archive/November_2019", "listing", None),
    ("https://archive.socialistparty.org.uk/archive/November_2019", "listing", None),
    (f"{SP}/issue/922/", "listing", None),
    (f"{SP}/issues/?page=3", "listing", None),
    (
        f"{SP}/the-socialist-back-issues/the-socialist-back-issues-2019/the-socialist-issue-1023/",
        "listing",
        None,
    ),
    (f"{SP}/?p=89841", "listing", None),
    (f"{SP}/keyword/Year/2008", "other", None),  # a topic page, not article 2008
    (f"{SP}/campaign/Elections/2019", "other", None),  # a campaign page, not article 2019
    (f"{SW}/issue/250", "listing", None),
    (f"{SW}/features/page/357/", "listing", None),
    (f"{SW}/news/page/2/", "listing", None),
    (f"{SW}/news/feed/", "skip", "feed"),
    (f"{SW}/wp-content/uploads/2020/01/banner.jpg", "skip", "asset"),
    (f"{SW}/?s=strike", "skip", "search"),
    (f"{SW}/wp-login.php?redirect_to=x", "skip", "login"),
    (f"{SW}/news/nurses-walk-out/?replytocom=12", "article", None),  # the article itself
    (f"{SW}/news/nurses-walk-out/feed/", "skip", "feed"),
    (f"{SW}/category/news/", "listing", None),
    (f"{SW}/about-us/?replytocom=12", "skip", "comment"),
    (f"{CF}/index.php/articles/analysis?start=20", "listing", None),
    (f"{CF}/articles/page/4/", "listing", None),
    (f"{CF}/share/facebook", "skip", "share"),
    (f"{CF}/index.php/articles/analysis/16412-x?tmpl=component&print=1", "article", None),
    (f"{MS}/user/login", "skip", "login"),
    (f"{MS}/sites/default/files/paper.pdf", "skip", "asset"),
    (f"{MS}/britain?page=3", "other", None),
    (f"{MS}/search/node?keys=strike", "skip", "search"),
    (f"{MS}/calendar/2019/11", "other", None),
]


def site_of(url: str):  # type: ignore[no-untyped-def]
    from urllib.parse import urlsplit

    site = site_for_host(urlsplit(url).hostname or "")
    assert site is not None, url
    return site


@pytest.mark.parametrize(("url", "identity"), ARTICLES, ids=[u for u, _ in ARTICLES])
def test_article_shape_identity(url: str, identity: str) -> None:
    found = route(site_of(url), url)
    assert (found.kind, found.identity) == ("article", identity)
    # The store identifies it the same way (the spider's identity is the store's key).
    key = article_key(url)
    stored = (
        f"id:{key.domain}:{key.site_article_id}" if key.site_article_id else f"url:{key.normal_url}"
    )
    assert stored == identity


@pytest.mark.parametrize(
    ("url", "kind", "reason"), NOT_ARTICLES, ids=[u for u, _, _ in NOT_ARTICLES]
)
def test_other_shapes(url: str, kind: str, reason: str | None) -> None:
    found = route(site_of(url), url)
    assert (found.kind, found.reason) == (kind, reason)


def test_a_print_view_is_fetched_as_the_article_page() -> None:
    found = route(SITES["socialistparty.org.uk"], f"{SP}/print/12924")
    assert found.fetch == f"{SP}/articles/12924"
    assert route(SITES["socialistparty.org.uk"], f"{SP}/articles/12924/x/?a=1").fetch == (
        f"{SP}/articles/12924/x/"
    )


@pytest.mark.parametrize(
    ("url", "published"),
    [
        (f"{SP}/articles/5466/28-09-06/slug", date(2006, 9, 28)),
        (f"{SP}/articles/1/02-03-98/slug", date(1998, 3, 2)),
        (f"{SP}/keyword/Lefts/article/23474/31-08-2016/slug", date(2016, 8, 31)),
        (f"{SP}/issue/922/23845", None),
        (f"{SW}/art/26426/x", None),
    ],
)
def test_dates_in_article_urls(url: str, published: date | None) -> None:
    assert article_key(url).url_date == published


@pytest.mark.parametrize(
    ("url", "normal"),
    [
        ("https://m.socialistparty.org.uk/issue/9/", "https://socialistparty.org.uk/issue/9"),
        ("http://secure.socialistparty.org.uk/", "https://socialistparty.org.uk/"),
        # Sub-domains the site record does not name are other sites.
        ("https://shop.socialistparty.org.uk/x", "https://shop.socialistparty.org.uk/x"),
        ("https://m.example.org/x", "https://m.example.org/x"),
    ],
)
def test_hosts_of_one_site_share_a_normal_form(url: str, normal: str) -> None:
    assert normalise_url(url) == normal


def test_a_mirror_is_identified_as_the_site_it_mirrors() -> None:
    key = article_key("http://127.0.0.1:8123/issue/922/23845", "socialistparty.org.uk")
    assert (key.domain, key.site_article_id) == ("socialistparty.org.uk", "23845")
