"""The spiders read a page's links without building its tree (scraper/spiders/page_links.py):
the answer must be exactly what Scrapy's selector gave (``response.css(LINK_SELECTOR)``),
on every fixture page, on hostile pages, and on broken markup made at random (content after
the root closed, frames, tables, foreign elements, comments, scripts, NULs)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from scrapy.http import HtmlResponse

from scraper.spiders.page_links import LINK_SELECTOR, page_links
from tests.support.hostile import many_reports, nested_tags

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
PIECES = (
    "<!DOCTYPE html>", '<?xml version="1.0"?>', "<html>", "</html>", "<head>", "</head>",
    "<body>", "</body>", "<div>", "</div>", "<p>", "</p>", "<table><tr><td>", "</td>",
    "<frameset>", "<svg>", "</svg>", "<math>", "<template>", "</template>", "<noscript>",
    "</noscript>", "<select>", "</select>", "<form>", "</form>", "<ul><li>", "</a>",
    "<textarea><a href=7></textarea>", "<title><a href=6></title>", "<style>a{}</style>",
    '<script>var a="<a href=9>";</script>', "<!-- <a href=8> -->", "<![CDATA[<a href=5>]]>",
    "<?php x ?>", "\x00", '<base href="/x/">', "<a href>", "<A HREF={n}>", '<a href="{n}">',
    "<a href='{n}'>", "<a\nhref={n}>", '<a href=" {n} ">', '<a href="&amp;{n}&x">',
    '<a href="\u00e9{n}">', "<a href={n} href=2>", "<a href={n} <b>", "<area href={n}>",
    '<link rel="next" href="{n}">', "<link rel='prev\tnext' href={n}>",
    "<LINK REL=next HREF={n}>", "<link rel=nextx href={n}>", "<link href={n}>",
)  # fmt: skip


def selector_links(body: bytes) -> tuple[list[str], str]:
    response = HtmlResponse(
        "https://example.org/", body=body, headers={"Content-Type": "text/html; charset=utf-8"}
    )
    return response.css(LINK_SELECTOR).getall(), response.text


def test_fixture_and_hostile_pages_give_the_selectors_links() -> None:
    pages = sorted(FIXTURES.rglob("*.html"))
    assert len(pages) > 50
    bodies = [p.read_bytes() for p in pages]
    bodies += [many_reports(100_000), nested_tags(3_000), b"", b"  \n", b"<a href=x>"]
    found = 0
    for body in bodies:
        want, text = selector_links(body)
        assert page_links(text) == want
        found += len(want)
    assert found > 500  # the pages have links to compare


@pytest.mark.parametrize("seed", range(4))
def test_broken_markup_gives_the_selectors_links(seed: int) -> None:
    rnd = random.Random(seed)
    for _ in range(500):
        pieces = rnd.choices(PIECES, k=rnd.randint(1, 30))
        body = "".join(p.replace("{n}", str(rnd.randint(0, 99))) for p in pieces).encode()
        want, text = selector_links(body)
        assert page_links(text) == want, body


def test_links_after_the_root_closed_are_not_the_pages() -> None:
    # What a broken page has after its root element, the parser puts beside the root.
    want, text = selector_links(b"<table><tr><td></html><a href=1><frameset><a href=2>")
    assert page_links(text) == want
