"""Pages that are not articles: ParsedArticle.is_article is False for them, True for real
(even short) articles. The crawl pipeline keeps non-articles out of the archive on this.

Corpus-independent: the pages are written here, and the error and empty pages are also
rendered with every layout's full page chrome (menus, sidebars, footers), since chrome alone
must never make a page look like an article.
"""

from __future__ import annotations

from datetime import date

import pytest

from scraper.parsers import parse_article
from tests.support.sitegen import LAYOUTS, ArticleSpec, Block, render_page

URL = "https://www.example-campaign.org.uk/news/2024/03/some-story.html"
SP_URL = "https://www.socialistparty.org.uk/articles/31001/06-03-2024/some-story/"

BARE_PAGES = {
    "empty file": b"",
    "empty body": b"<!DOCTYPE html><html><head><title>x</title></head><body></body></html>",
    "whitespace body": b"<html><body>\n  \n<div>  </div><p> </p></body></html>",
    "script-only shell": (
        b'<!DOCTYPE html><html><head><meta charset="utf-8"><title>Campaign news</title>'
        b'<script>window.__STATE__={"articles":[{"title":"Rally of 500 in Leeds"}]};'
        b'</script></head><body><div id="root"></div><script src="/static/js/main.4f2a.js">'
        b"</script><noscript>You need to enable JavaScript to run this app.</noscript>"
        b"</body></html>"
    ),
    "style and comments only": (
        b"<html><head><style>p { color: red; }</style></head><body><!-- Over 300 people "
        b"marched through Derby on Saturday 3 May, organised by the trades council. -->"
        b"</body></html>"
    ),
    "soft 404": (
        b"<html><head><title>Page not found | Example Campaign</title></head><body>"
        b'<div id="main"><h1>Page not found</h1><p>Sorry, the page you were looking for '
        b'does not exist. It may have been moved or deleted.</p><p><a href="/">Go to the '
        b"home page</a></p></div></body></html>"
    ),
    "404 in the title": (
        b"<html><head><title>404 - Not Found</title></head><body><h1>404</h1>"
        b"<p>The requested URL was not found on this server. Please check the address and "
        b"try again, or use the search box.</p></body></html>"
    ),
    "server error": (
        b"<html><head><title>Something went wrong</title></head><body><h2>Internal Server "
        b"Error</h2><p>Something went wrong while loading this page. Our team has been "
        b"notified; please try again in a few minutes.</p></body></html>"
    ),
    "one line of text": b"<html><body><p>Coming soon.</p></body></html>",
}


@pytest.mark.parametrize("name", sorted(BARE_PAGES))
def test_page_without_readable_body_is_not_an_article(name: str) -> None:
    parsed = parse_article(BARE_PAGES[name], URL)
    assert not parsed.is_article, parsed.blocks
    assert parsed.events == ()


def _spec(title: str, blocks: tuple[Block, ...], url: str) -> ArticleSpec:
    return ArticleSpec(title=title, url=url, published=date(2024, 3, 6), blocks=blocks)


def _url(layout: str) -> str:
    return SP_URL if layout.startswith("socialistparty") else URL


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_error_page_in_full_chrome_is_not_an_article(layout: str) -> None:
    spec = _spec(
        "Page not found",
        (
            Block(
                "paragraph",
                "Sorry, the page you are looking for could not be found. It may have been "
                "moved, or the address may be mistyped.",
            ),
            Block("paragraph", "Try the search box above, or go back to the front page."),
        ),
        _url(layout),
    )
    page = render_page(layout, spec)
    parsed = parse_article(page.body, spec.url, content_type=page.content_type)
    assert not parsed.is_article, [b.text[:60] for b in parsed.blocks]
    assert parsed.events == ()


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_empty_article_in_full_chrome_is_not_an_article(layout: str) -> None:
    spec = _spec("Untitled", (), _url(layout))
    page = render_page(layout, spec)
    parsed = parse_article(page.body, spec.url, content_type=page.content_type)
    assert not parsed.is_article, [b.text[:60] for b in parsed.blocks]
    assert parsed.events == ()


SHORT_REPORT = (
    "Around 40 people joined a picket outside Hartlepool job centre on Monday 4 March "
    "against benefit sanctions. We sold 9 copies of the paper."
)


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_a_short_real_report_is_an_article(layout: str) -> None:
    spec = _spec(
        "404 jobs at risk: picket at the job centre",
        (Block("paragraph", SHORT_REPORT), Block("signoff", "Dana Whitfield")),
        _url(layout),
    )
    page = render_page(layout, spec)
    parsed = parse_article(page.body, spec.url, content_type=page.content_type)
    assert parsed.is_article
    assert len(parsed.events) == 1
    assert parsed.events[0].attendance == 40


def test_deeply_nested_markup_is_read_without_recursion() -> None:
    """A hostile or broken page nesting thousands of unclosed tags deeper than Python's stack
    still gives its report (the body walk keeps its own stack)."""
    report = (
        "<p>Over 300 people rallied in Leeds on 3 May against the cuts to bus services.</p>"
        "<p>Jo Bloggs, Leeds Socialist Party</p>"
    )
    html = f"<html><body><div class='entry-content'>{'<div><span>' * 5000}{report}".encode()
    events = parse_article(html, "https://example.org/news/leeds", date(2020, 5, 5)).events
    assert [(e.place, e.attendance, e.reporter) for e in events] == [("Leeds", 300, "Jo Bloggs")]


def test_a_page_of_endless_reports_is_capped_and_says_so() -> None:
    """A page with thousands of short reports (a scraped archive, a hostile page) gives at
    most MAX_REPORTS events and a warning, in time linear in its size."""
    from scraper.parsers.events import MAX_REPORTS

    reports = "".join(
        f"<p>About {n} people rallied in Leeds on 3 May against the cuts to bus services.</p>"
        "<p>Jo Bloggs, Leeds Socialist Party</p>"
        for n in range(20, 20 + MAX_REPORTS + 50)
    )
    html = f"<html><body><article>{reports}</article></body></html>".encode()
    parsed = parse_article(html, "https://example.org/news/many", date(2020, 5, 5))
    assert len(parsed.events) == MAX_REPORTS
    assert parsed.warnings and str(MAX_REPORTS) in parsed.warnings[0]
