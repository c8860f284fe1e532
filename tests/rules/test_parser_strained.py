"""The strained parse of a known site's page (scraper/parsers/strained.py) gives exactly the
article the full-tree parse gives, and leaves the page chrome out of the tree.

Why this matters: the strained tree is a speed-up only. The rules read it in place of the
whole page, so any element they would have read and the strained parse dropped (or any
ancestor they would have looked at) would silently change an archive's output. Checked on
every corpus case, on every corpus article rendered in each known site's layout (with and
without a date on the page), and on generated pages that mix the elements the rules read
with chrome, nesting and broken markup.
"""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from bs4 import BeautifulSoup, Tag
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scraper.parsers import ParsedArticle, _read, parse_article
from scraper.parsers.decode import decode_html
from scraper.parsers.sites import SITES, site_for
from scraper.parsers.strained import parse_kept
from tests.support.corpus import discover
from tests.support.sitegen import CHROME_PHRASES, ArticleSpec, parse_spec, render_page

# A known site's layout in tests/support/sitegen/ and a URL on that site.
SITE_LAYOUTS = {
    "socialistparty": "https://www.socialistparty.org.uk/articles/31001/06-03-2024/{slug}/",
    "socialistworker": "https://socialistworker.co.uk/news/{slug}/",
    "counterfire": "https://www.counterfire.org/article/{slug}/",
    "morningstar": "https://morningstaronline.co.uk/article/b/{slug}",
}


def full_read(html: bytes, url: str, published: date | None, ct: str | None) -> ParsedArticle:
    parsed = _read(
        BeautifulSoup(decode_html(html, ct), "lxml"), url, published, site_for(url), strained=False
    )
    assert parsed is not None
    return parsed


def strained_read(
    html: bytes, url: str, published: date | None, ct: str | None
) -> ParsedArticle | None:
    site = site_for(url)
    assert site is not None
    return _read(parse_kept(decode_html(html, ct), site), url, published, site, strained=True)


def _rendered_pages() -> list[tuple[str, bytes, str, date | None, str | None]]:
    """Every corpus article in each known site's layout: with the date on the page, and
    without it (then only the caller's date lets the strained read answer)."""
    pages: list[tuple[str, bytes, str, date | None, str | None]] = []
    for case in discover():
        source = case.path / "source.txt"
        if not source.exists():
            continue  # a hand-made page has no spec to render in other layouts
        _, spec = parse_spec(source.read_text("utf-8"))
        for layout, url in SITE_LAYOUTS.items():
            moved = dataclasses.replace(
                spec, url=url.format(slug=case.path.name), encoding=None, bom=False
            )
            page = render_page(layout, moved)
            pages.append((f"{case.id}@{layout}", page.body, moved.url, None, page.content_type))
            undated = render_page(layout, dataclasses.replace(moved, published=None))
            pages.append(
                (f"{case.id}@{layout}/undated", undated.body, moved.url, spec.published, None)
            )
    return pages


RENDERED = _rendered_pages()


@pytest.mark.parametrize("case", discover(), ids=lambda c: c.id)
def test_corpus_case_reads_the_same_strained(case) -> None:  # type: ignore[no-untyped-def]
    html = case.input_bytes()
    args = (html, case.url, case.published, case.content_type)
    assert parse_article(*args) == full_read(*args)


@pytest.mark.parametrize("page", RENDERED, ids=lambda p: p[0])
def test_rendered_article_reads_the_same_strained(page) -> None:  # type: ignore[no-untyped-def]
    _, html, url, published, ct = page
    strained = strained_read(html, url, published, ct)
    assert strained is not None, "the strained read declined a page of the site's own layout"
    assert strained == full_read(html, url, published, ct)
    assert strained.site == site_for(url).name and not strained.fell_back  # type: ignore[union-attr]


def test_strained_read_declines_without_a_date_it_can_trust() -> None:
    """No date on the page and none from the caller: the full tree's date-looking elements
    would decide, so the strained read hands over to the full parse (same answer)."""
    spec = ArticleSpec(
        title="Stall in Leek",
        url=SITE_LAYOUTS["socialistparty"].format(slug="stall-in-leek"),
        published=None,
        blocks=(),
    )
    page = render_page("socialistparty", spec)
    assert strained_read(page.body, spec.url, None, page.content_type) is None
    assert strained_read(page.body, spec.url, date(2024, 3, 6), page.content_type) is not None


SP_PAGE = (
    "<html><head><title>Stall in Leek | Socialist Party</title>{head}</head><body>"
    '<div id="sidebar"><ul><li>{chrome}</li></ul></div>'
    '<div class="article"><h1 class="articleTitle">Stall in Leek</h1>'
    '<div class="articleDate">From The Socialist newspaper, 6 March 2024</div>'
    '<div class="articleBody"><p>Over 30 of us ran a stall in Leek on Saturday and sold '
    "25 papers.</p><p><em>Jo Marsh, Leek Socialist Party</em></p></div></div></body></html>"
)


@pytest.mark.parametrize(
    ("where", "markup", "field", "value"),
    [
        ("chrome", '<time datetime="2024-03-01">1 March</time>', "published", date(2024, 3, 1)),
        ("head", '<meta property="article:published_time" content="2024-03-02T09:00:00Z">', "published", date(2024, 3, 2)),
        ("chrome", '<script type="application/ld+json">{"datePublished": "2024-03-03"}</script>', "published", date(2024, 3, 3)),
        ("chrome", '<span class="byline">By Ann Lee</span>', "byline", "Ann Lee"),
        ("chrome", '<a class="post-author" href="/a/">Dev Price</a>', "byline", "Dev Price"),
        ("head", '<meta name="author" content="Kate Hale">', "byline", "Kate Hale"),
        ("chrome", '<link rel="canonical" href="https://example.org/c/">', "canonical_url", "https://example.org/c/"),
    ],
)  # fmt: skip
def test_metadata_outside_the_article_is_read(
    where: str, markup: str, field: str, value: object
) -> None:
    """The strained parse keeps what article.scan_page reads wherever it stands (here in a
    sidebar list or the head): each changes the article, in both reads alike."""
    url = SITE_LAYOUTS["socialistparty"].format(slug="stall-in-leek")
    plain = SP_PAGE.format(head="", chrome="").encode()
    html = SP_PAGE.format(
        head=markup if where == "head" else "", chrome=markup if where == "chrome" else ""
    ).encode()
    strained = strained_read(html, url, None, None)
    assert strained is not None
    assert getattr(strained, field) == value != getattr(parse_article(plain, url), field)
    assert strained == full_read(html, url, None, None)


@pytest.mark.parametrize("layout", sorted(SITE_LAYOUTS))
def test_strained_tree_holds_no_chrome(layout: str) -> None:
    name, html, url, _, ct = next(p for p in RENDERED if p[0].endswith(f"@{layout}"))
    site = site_for(url)
    assert site is not None
    text = decode_html(html, ct)
    kept = parse_kept(text, site)
    full = BeautifulSoup(text, "lxml")
    kept_text = kept.get_text(" ")
    leaked = [p for p in CHROME_PHRASES if p in kept_text]
    assert leaked == [], f"{name}: chrome in the strained tree"
    assert any(p in full.get_text(" ") for p in CHROME_PHRASES), "the page has no chrome to drop"
    kept_tags = sum(1 for t in kept.descendants if isinstance(t, Tag))
    full_tags = sum(1 for t in full.descendants if isinstance(t, Tag))
    assert kept_tags < full_tags / 3, (kept_tags, full_tags)


# --- generated pages: the rules' elements among chrome, nesting and broken markup ----------

_SELECTED = [
    f'<{sel.tag} class="x {sel.class_name}">'
    for site in SITES.values()
    for sel in site.selectors
    if sel.tag != "time"
]
# What article.scan_page reads wherever it stands on the page.
METADATA = (
    '<span class="byline">',
    '<div class="author">',
    '<a class="post-author" href="/a/">',
    '<time class="published" datetime="2023-05-12T10:00:00+01:00">',
    '<time datetime="2019-02-03">',
    "<time>",
    '<meta property="article:published_time" content="2024-03-02T09:00:00Z">',
    '<meta name="author" content="Jo Writer">',
    '<meta property="og:title" content="An og title">',
    '<link rel="canonical" href="https://example.org/canon/">',
    '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "LD head", '
    '"datePublished": "2022-11-03T06:00:00Z", "author": {"name": "Ann LD"}}</script>',
    "<title>Page | Site</title>",
)
FRAGMENTS = (
    *_SELECTED,
    "<h1>",
    '<h2 class="widget-title">',
    '<h3 class="entry-title">',
    '<span class="date">',
    '<div class="post-date">',
    '<p class="byline">',
    "<script>var x = '<div class=\"articleBody\">';</script>",
    "<ul>",
    "<li>",
    "</li>",
    "</ul>",
    '<div class="sidebar">',
    '<div class="article">',
    "</div>",
    "</span>",
    "</h1>",
    "</time>",
    "</a>",
    "<p>",
    "</p>",
    "<br><br>",
    "<hr>",
    "<!-- a comment -->",
    "<table><tr><td>",
    "</td></tr></table>",
    "<svg><title>icon</title></svg>",
)
TEXTS = (
    "Over 300 people rallied in Derby on Saturday.",
    "24 August 2016",
    "From The Socialist newspaper, 3 January 2015",
    "Thursday, November 3, 2022",
    "By Jane Roe",
    "Paula Mitchell, London Socialist Party",
    "A title",
    "Most read",
    "12 May 2023",
)


def _chunk(draw: st.DrawFn) -> list[str]:
    pick = st.one_of(st.sampled_from(FRAGMENTS + TEXTS), st.sampled_from(METADATA))
    return draw(st.lists(pick, max_size=12))


@st.composite
def site_pages(draw: st.DrawFn) -> tuple[str, bytes]:
    """A URL of a known site and a page holding that site's title, body and (often) date
    elements, each with text, among random chrome, metadata and broken markup (which may
    close or swallow them)."""
    site = SITES[draw(st.sampled_from(sorted(SITES)))]
    url = f"https://{site.domain}/articles/1/24-08-2016/x/"
    parts = _chunk(draw)
    for sel in site.selectors:
        if sel is site.date and draw(st.booleans()):
            continue
        text = draw(st.sampled_from(TEXTS))
        parts += [f'<{sel.tag} class="{sel.class_name}">', text, *_chunk(draw), f"</{sel.tag}>"]
        parts += _chunk(draw)
    return url, "".join(parts).encode("utf-8")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(page=site_pages(), published=st.one_of(st.none(), st.just(date(2020, 6, 1))))
def test_generated_page_reads_the_same_strained(
    page: tuple[str, bytes], published: date | None
) -> None:
    url, html = page
    strained = strained_read(html, url, published, None)
    full = full_read(html, url, published, None)
    if strained is not None:
        assert strained == full
    assert parse_article(html, url, published) == full
