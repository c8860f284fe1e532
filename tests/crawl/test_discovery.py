"""The discovery rules on their own (scraper/spiders/discovery.py): budget and depth, where an
incremental crawl stops, which aliases are reported when, and the counts, without a crawl.

The crawl tests (tests/test_crawl_shapes.py) hold the real spiders to the same rules against
mirrors; here each rule is one small case.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from urllib.parse import urljoin, urlsplit

import pytest

from scraper.sites import SITES
from scraper.spiders.arguments import CrawlArgs
from scraper.spiders.discovery import Discovery, LinkPlan, Page, SkipLink
from scraper.urls import site_domain

SP = "https://www.socialistparty.org.uk"
TODAY = date(2026, 6, 1)


class Crawl:
    """A Discovery for The Socialist, with its counts."""

    def __init__(self, **args: object) -> None:
        self.counts: Counter[str] = Counter()
        self.d = Discovery(
            SITES["socialistparty.org.uk"],
            "socialistparty.org.uk",
            CrawlArgs(base_url=SP, mirror=False, **args),  # type: ignore[arg-type]
            lambda key, delta: self.counts.update({key: delta}),
            today=TODAY,
            recent_days=30,
        )

    def links(
        self, path: str, hrefs: list[str], depth: int = 0, parent: str | None = None
    ) -> LinkPlan:
        url = SP + path

        def resolve(href: str) -> str:
            absolute = urljoin(url, href)
            if not absolute.startswith("http"):
                raise SkipLink("not_web", absolute)
            if site_domain(urlsplit(absolute).netloc) != "socialistparty.org.uk":
                raise SkipLink("off_site", absolute)
            return absolute

        page = Page(self.d.identity(url), depth, parent)
        return self.d.plan(page, hrefs, resolve)

    def stats(self, group: str) -> dict[str, int]:
        prefix = f"archive/{group}/"
        return {
            k[len(prefix) :]: v
            for k, v in sorted(self.counts.items())
            if k.startswith(prefix) and v
        }


def article(n: int, when: date = date(2024, 3, 6)) -> str:
    return f"/articles/{n}/{when:%d-%m-%Y}/report-{n}/"


def paths(plan: LinkPlan) -> list[str]:
    return [urlsplit(p.url).path for p in plan.pages]


def test_articles_once_pages_once_and_links_skipped_by_reason() -> None:
    c = Crawl()
    plan = c.links(
        "/",
        [
            article(1),
            "/issue/922/1",  # the same article, another shape
            article(2) + "?utm_source=x",
            "/issues/",
            "/issues/",
            "/printdoc/issue/922",
            "/wp-content/uploads/a.jpg",
            "/search?q=x",
            "https://twitter.example/sp",
            "http://[::1",
            "mailto:x@example.org",
        ],
    )
    assert [urlsplit(a.url).path for a in plan.articles] == [article(1), article(2)]
    assert paths(plan) == ["/issues/"]
    assert c.stats("links_skipped") == {
        "asset": 1,
        "malformed": 1,
        "not_web": 1,
        "off_site": 1,
        "print": 1,
        "search": 1,
    }
    # Seen again from another page: nothing new requested, nothing counted twice.
    again = c.links("/issues/", [article(1), "/issues/", "/search?q=x", "http://[::1"])
    assert (again.articles, again.pages) == ([], [])
    assert c.stats("links_skipped")["search"] == 1 and c.stats("links_skipped")["malformed"] == 1
    assert c.stats("pages_followed") == {"listing": 1}
    assert c.counts["archive/article_requests"] == 2


def test_depth_ends_a_trap_of_unknown_pages_and_pagination_stays_at_its_depth() -> None:
    c = Crawl(max_depth=2)
    first = c.links("/", ["/calendar/2019/11"])
    assert [p.depth for p in first.pages] == [1]
    second = c.links("/calendar/2019/11", ["/calendar/2019/12", "/tag/x?page=2"], depth=1)
    assert [(urlsplit(p.url).path, p.depth) for p in second.pages] == [
        ("/calendar/2019/12", 2),
        ("/tag/x", 1),  # a listing's older page: no deeper than its page
    ]
    third = c.links("/calendar/2019/12", ["/calendar/2020/01"], depth=2)
    assert third.pages == []
    assert c.stats("links_skipped") == {"depth": 1}
    # A known listing shape costs no depth, wherever it is linked.
    assert [p.depth for p in c.links("/calendar/2019/12", ["/issue/9/"], depth=2).pages] == [0]


def test_the_page_budget_ends_never_ending_pagination() -> None:
    c = Crawl(max_pages=3)
    assert c.d.start_page(SP + "/") is not None
    followed, todo = [], ["/"]
    while todo:  # each followed page links the next, for ever
        page = todo.pop()
        n = int(page.strip("/").rsplit("/", 1)[-1] or 1)
        todo = paths(c.links(page, [f"/page/{n + 1}/", article(n)]))
        followed += todo
    assert followed == ["/page/2/", "/page/3/"]
    assert c.stats("pages_followed") == {"listing": 3}
    assert c.stats("links_skipped") == {"budget": 1}  # /page/4/, once


def test_a_link_skipped_from_one_page_and_followed_from_another_counts_as_followed() -> None:
    c = Crawl(max_depth=1)
    c.links("/calendar/a", ["/calendar/b"], depth=1)  # too deep from here
    assert c.stats("links_skipped") == {"depth": 1}
    assert paths(c.links("/", ["/calendar/b"])) == ["/calendar/b"]
    assert c.stats("links_skipped") == {}


def test_an_incremental_crawl_stops_at_a_page_of_known_old_articles() -> None:
    old, recent = date(2025, 1, 10), date(2026, 5, 20)
    c = Crawl()
    for n, when in [(1, old), (2, old), (3, recent)]:
        c.d.know(SP + article(n, when), when)
    # Only known articles older than the revisit window: its older pages are not walked.
    stop = c.links("/issue/900/", [article(1, old), article(2, old), "/issue/899/", "/issues/"])
    assert paths(stop) == ["/issues/"]  # not an older page: still followed
    assert c.stats("links_skipped") == {"older_known": 1}
    # One known article still in the window: walk on.
    assert paths(c.links("/issue/901/", [article(1, old), article(3, recent), "/issue/898/"])) == [
        "/issue/898/"
    ]
    # An unknown article: walk on.
    assert paths(c.links("/issue/902/", [article(1, old), article(9, old), "/issue/897/"])) == [
        "/issue/897/"
    ]
    # walk=full walks on regardless.
    full = Crawl(walk="full")
    full.d.know(SP + article(1, old), old)
    assert paths(full.links("/issue/900/", [article(1, old), "/issue/899/"])) == ["/issue/899/"]


def test_a_start_page_always_leads_on() -> None:
    """An issue index's own articles are its sidebar's: they say nothing about the issues."""
    old = date(2025, 1, 10)
    c = Crawl()
    c.d.know(SP + article(1, old), old)
    page = Page(c.d.identity(SP + "/issues/"), start=True)
    links = [article(1, old), "/issue/1001/", "/issues/?page=2"]
    plan = c.d.plan(page, links, lambda href: urljoin(SP + "/issues/", href))
    assert [p.url for p in plan.pages] == [SP + "/issue/1001/", SP + "/issues/?page=2"]
    assert c.stats("links_skipped") == {}


def test_a_page_own_articles_leave_out_what_the_page_that_led_to_it_links() -> None:
    """Sidebars repeat the newest articles on every page; they say nothing about whether a
    month archive holds anything new."""
    old, recent = date(2025, 1, 10), date(2026, 5, 28)
    c = Crawl()
    c.d.know(SP + article(1, old), old)
    c.d.know(SP + article(7, recent), recent)
    home = c.links("/", [article(7, recent), "/archive/November_2019"])
    assert paths(home) == ["/archive/November_2019"]
    month = c.links(
        "/archive/November_2019",
        [article(7, recent), article(1, old), "/archive/October_2019"],
        parent=c.d.identity(SP + "/"),
    )
    assert paths(month) == []
    assert c.stats("links_skipped") == {"older_known": 1}


def test_since_stops_walking_back_past_it() -> None:
    c = Crawl(since=date(2020, 1, 1))
    plan = c.links("/issue/500/", [article(1, date(2015, 5, 1)), "/issue/499/"])
    assert (plan.articles, plan.pages) == ([], [])
    assert c.counts["archive/skipped_before_since"] == 1
    assert c.stats("links_skipped") == {"before_since": 1}


def test_aliases_wait_for_their_article_and_are_reported_once() -> None:
    c = Crawl()
    first = c.links("/", [article(1), "/print/1"])
    assert [urlsplit(a.url).path for a in first.articles] == [article(1)]
    assert first.aliases == []  # /print/1 waits: the article is not archived yet
    later = c.links("/issues/", ["/issue/922/1", "/print/1"])
    assert later.aliases == []
    answered = c.d.article_answered(first.articles[0].identity, SP + article(1), None)
    assert [urlsplit(u).path for u in answered] == ["/print/1", "/issue/922/1"]
    # Once answered, a new spelling is reported at once, and only once.
    assert c.links("/x", ["/keyword/A/B/1/06-03-2024/s", "/issue/922/1"]).aliases == [
        SP + "/keyword/A/B/1/06-03-2024/s"
    ]
    assert c.links("/y", ["/keyword/A/B/1/06-03-2024/s"]).aliases == []


def test_aliases_of_known_articles_are_reported_and_of_unknown_ones_not() -> None:
    c = Crawl(since=date(2020, 1, 1))
    c.d.know(SP + article(1), date(2024, 3, 6))
    c.d.know_alias("https://socialistparty.org.uk/issue/922/1")
    plan = c.links("/", ["/issue/922/1", "/issue/923/1", "/articles/5/01-01-2015/old"])
    assert plan.articles == []
    assert plan.aliases == [SP + "/issue/923/1"]
    assert c.counts["archive/skipped_known"] == 1


def test_a_print_view_is_fetched_as_its_article_and_a_redirect_source_is_an_alias() -> None:
    c = Crawl()
    plan = c.links("/", ["/print/12924"])
    assert [a.url for a in plan.articles] == [SP + "/articles/12924"]
    full = SP + "/articles/12924/06-03-2024/x"
    answered = c.d.article_answered(plan.articles[0].identity, full, SP + "/articles/12924")
    assert answered == [SP + "/print/12924", SP + "/articles/12924"]


def test_a_redirect_target_is_no_step_deeper() -> None:
    c = Crawl(max_depth=1)
    page = Page(c.d.identity(SP + "/tag/x"), 1, None)
    plan = c.d.plan(page, ["/tag/y"], lambda href: urljoin(SP + "/tag/x", href), redirect=True)
    assert [(urlsplit(p.url).path, p.depth) for p in plan.pages] == [("/tag/y", 1)]


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"revist": "all"}, "unknown spider argument 'revist' (known: base_url, max_depth"),
        ({"max_pages": "0"}, "max_pages must be a whole number >= 1, got '0'"),
        ({"max_depth": "x"}, "max_depth must be a whole number >= 0, got 'x'"),
        ({"walk": "some"}, "walk must be one of incremental, full, got 'some'"),
        ({"since": "2016-31-12"}, "since must be YYYY-MM-DD"),
    ],
)
def test_bad_arguments(raw: dict[str, str], message: str) -> None:
    from scraper.spiders.arguments import BadSpiderArgument

    with pytest.raises(BadSpiderArgument, match="^" + message.replace("(", r"\(")):
        CrawlArgs.parse(raw, default_base=SP)


def test_arguments_parse_to_types_and_scheduler_arguments_pass() -> None:
    args = CrawlArgs.parse(
        {"since": "2020-01-01", "max_pages": "12", "max_depth": "0", "_job": "abc"},
        default_base=SP,
    )
    assert (args.since, args.max_pages, args.max_depth, args.walk) == (
        date(2020, 1, 1),
        12,
        0,
        "incremental",
    )
    assert not args.mirror and args.base_url == SP
