"""Property-based tests: no page, however malformed, makes the parser raise, and every event
it outputs satisfies the contract."""

from __future__ import annotations

import json
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scraper.parsers import PARSER_VERSION, parse_article
from scraper.parsers.records import EVENT_KEYS, EVENT_TYPES

# Words that make the rules fire: event nouns, sign-off shapes, numbers, dates, places.
WORDS = (
    "rally",
    "meeting",
    "picket",
    "strike",
    "march",
    "marched",
    "demo",
    "vigil",
    "stall",
    "people",
    "of us",
    "over",
    "around",
    "between",
    "and",
    "to",
    "by",
    "votes",
    "voted",
    "sold",
    "copies",
    "raised",
    "£250",
    "3,500",
    "35",
    "five",
    "a thousand",
    "hundreds",
    "on",
    "in",
    "at",
    "Saturday",
    "last",
    "yesterday",
    "the following evening",
    "21 August",
    "28 December",
    "3/1/2015",
    "Leeds",
    "Derby",
    "Kilburn",
    "London",
    "Hall",
    "Progress Hall",
    "Jane Doe",
    "Socialist Party",
    "reporters",
    "A Leeds Labour Party member",
    "Speakers included",
    "said",
    "photo",
    "(Click to enlarge",
    ".",
    ",",
    ":",
    "“",
    "”",
    "Unison",
    "members",
)
TAGS = (
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "li",
    "ul",
    "em",
    "strong",
    "b",
    "blockquote",
    "figure",
    "figcaption",
    "td",
    "tr",
    "table",
    "span",
    "font",
    "a",
    "article",
    "main",
    "nav",
    "aside",
    "script",
    "style",
    "section",
)

sentence = st.lists(st.sampled_from(WORDS), min_size=1, max_size=25).map(" ".join)


@st.composite
def html_pages(draw: st.DrawFn) -> bytes:
    """Nested, often unbalanced markup around sentences built from rule-triggering words."""
    parts: list[str] = []
    for _ in range(draw(st.integers(0, 25))):
        choice = draw(st.integers(0, 6))
        tag = draw(st.sampled_from(TAGS))
        if choice == 0:
            parts.append(f"<{tag}>")
        elif choice == 1:
            parts.append(f"</{tag}>")
        elif choice == 2:
            parts.append(
                draw(
                    st.sampled_from(
                        [
                            "<br>",
                            "<br><br>",
                            "<hr>",
                            "<!-- x -->",
                            "<p",
                            "&amp;",
                            "&#x92;",
                            "<![CDATA[x]]>",
                        ]
                    )
                )
            )
        elif choice == 3:
            cls = draw(
                st.sampled_from(
                    [
                        "articleBody",
                        "caption",
                        "sidebar",
                        "shareBar",
                        "entry-content",
                        "post-body",
                        "menu",
                    ]
                )
            )
            parts.append(f'<div class="{cls}">')
        else:
            parts.append(draw(sentence))
    text = "".join(parts)
    encoding = draw(st.sampled_from(["utf-8", "windows-1252", "utf-8-sig"]))
    head = draw(
        st.sampled_from(
            ["", '<meta charset="utf-8">', '<meta charset="latin-1">', '<meta charset="bogus">']
        )
    )
    return (head + text).encode(encoding, "replace")


def _check(data: bytes, url: str, published: date | None, content_type: str | None) -> None:
    parsed = parse_article(data, url, published, content_type)
    assert parsed.parser_version == PARSER_VERSION
    for i, event in enumerate(parsed.events):
        d = event.to_dict()
        assert tuple(d) == EVENT_KEYS
        assert d["segment"] == i
        assert d["event_type"] in EVENT_TYPES
        assert isinstance(d["text"], str) and d["text"]
        for key in ("heading", "place", "venue", "attendance_text", "reporter"):
            assert d[key] is None or (isinstance(d[key], str) and d[key])
        for key in ("attendance", "papers_sold"):
            assert d[key] is None or (isinstance(d[key], int) and d[key] >= 0)
        assert d["money_raised"] is None or isinstance(d["money_raised"], int | float)
        if d["event_date"] is not None:
            assert date.fromisoformat(d["event_date"]) == event.event_date
        if d["votes"] is not None:
            assert all(isinstance(k, str) and isinstance(v, int) for k, v in d["votes"].items())
        assert all(isinstance(s, str) for s in d["speakers"] + d["organisations"])
        assert json.loads(event.to_json()) == d


URLS = st.sampled_from(
    [
        "https://www.socialistparty.org.uk/articles/1/24-08-2016/x/",
        "https://example.org/2015/01/post.html",
        "not a url",
        "",
    ]
)
DATES = st.one_of(st.none(), st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 31)))
CONTENT_TYPES = st.sampled_from(
    [
        None,
        "text/html",
        "text/html; charset=windows-1252",
        "text/html; charset=nonsense",
        "text/html; charset=utf-16",
    ]
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=2000), url=URLS, published=DATES, ct=CONTENT_TYPES)
def test_arbitrary_bytes_never_raise(
    data: bytes, url: str, published: date | None, ct: str | None
) -> None:
    _check(data, url, published, ct)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(page=html_pages(), url=URLS, published=DATES, ct=CONTENT_TYPES)
def test_malformed_html_never_raises_and_keeps_the_contract(
    page: bytes, url: str, published: date | None, ct: str | None
) -> None:
    _check(page, url, published, ct)


@settings(max_examples=100, deadline=None)
@given(page=html_pages(), published=DATES)
def test_same_bytes_same_output(page: bytes, published: date | None) -> None:
    url = "https://example.org/x"
    first = [e.to_json() for e in parse_article(page, url, published).events]
    second = [e.to_json() for e in parse_article(page, url, published).events]
    assert first == second
