"""The seed roundup, rendered in several page layouts, gives exactly the issue's six events."""

from __future__ import annotations

from datetime import date

import pytest

from scraper.parsers import PARSER_VERSION, parse_article
from scraper.parsers.records import EVENT_KEYS, EVENT_TYPES
from tests.support import seed

LAYOUTS = sorted(seed.LAYOUTS)


@pytest.fixture(scope="module", params=LAYOUTS)
def parsed(request: pytest.FixtureRequest):
    page, url, content_type = seed.render(request.param)
    return parse_article(page, url, content_type=content_type)


def test_six_events_in_order(parsed) -> None:
    assert [e.segment for e in parsed.events] == list(range(len(seed.EXPECTED)))
    assert [e.reporter for e in parsed.events] == [x["reporter"] for x in seed.EXPECTED]


@pytest.mark.parametrize(
    "field", ["place", "event_type", "event_date", "attendance", "papers_sold", "votes", "reporter"]
)
def test_fields(parsed, field: str) -> None:
    got = [e.to_dict()[field] for e in parsed.events]
    assert got == [x[field] for x in seed.EXPECTED]


def test_headings_and_venue(parsed) -> None:
    pieces = seed.seed_pieces(seed.seed_text())
    subhead = pieces[1].text
    events = parsed.events
    assert events[0].heading == subhead
    assert events[3].heading == "Leyton and Wanstead"
    assert events[4].venue == "Progress Hall"
    assert all(e.heading is None for i, e in enumerate(events) if i not in (0, 3))


def test_article_facts(parsed) -> None:
    assert parsed.published == date(2016, 8, 24)
    assert parsed.title == seed.seed_pieces(seed.seed_text())[0].text
    assert parsed.parser_version == PARSER_VERSION


def test_captions_never_reach_events(parsed) -> None:
    captions = seed.seed_captions()
    assert captions, "the seed has photo captions"
    for e in parsed.events:
        assert "Click to enlarge" not in e.text
        assert all(c not in e.text for c in captions)
        assert "photo" not in (e.reporter or "").lower()
        assert not e.text.lower().startswith(captions[0].lower()[:12])


def test_chrome_never_reaches_events(parsed) -> None:
    for e in parsed.events:
        for chrome in ("Most read", "cookies", "Share this", "Invented", "Blog archive", "Posted"):
            assert chrome not in e.text


def test_byline_is_not_a_reporter(parsed) -> None:
    reporters = {e.reporter for e in parsed.events}
    if parsed.byline:
        assert parsed.byline not in reporters


def test_contract(parsed) -> None:
    for e in parsed.events:
        d = e.to_dict()
        assert tuple(d) == EVENT_KEYS
        assert d["event_type"] in EVENT_TYPES
        assert d["parser_version"] == PARSER_VERSION


def test_site_module_and_fallback() -> None:
    page, url, ct = seed.render("socialistparty")
    a = parse_article(page, url, content_type=ct)
    assert (a.site, a.fell_back) == ("socialistparty_org_uk", False)
    # The same site after a redesign: the module's selectors find nothing, generic runs.
    redesigned = page.replace(b'class="articleBody"', b'class="story-text"').replace(
        b'class="articleTitle"', b'class="story-title"'
    )
    b = parse_article(redesigned, url, content_type=ct)
    assert (b.site, b.fell_back) == ("generic", True)
    assert [e.to_dict() for e in b.events] == [e.to_dict() for e in a.events]


def test_deterministic() -> None:
    page, url, ct = seed.render("blogger_cp1252")
    first = [e.to_json() for e in parse_article(page, url, content_type=ct).events]
    second = [e.to_json() for e in parse_article(page, url, content_type=ct).events]
    assert first == second


def test_published_argument_overrides_page() -> None:
    page, url, ct = seed.render("socialistparty")
    a = parse_article(page, url, published=date(2017, 1, 3), content_type=ct)
    assert a.published == date(2017, 1, 3)
    # "21 August" said in a January article is last year's August
    assert a.events[0].event_date == date(2016, 8, 21)
