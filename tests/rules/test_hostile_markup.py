"""Hostile markup: thousands of nested unclosed tags never raise RecursionError, through the
generic path and a site's strained tree, and the page's reports are still found (from a
parser worker too: tests/archive/ingest/test_budgets.py)."""

from __future__ import annotations

import pytest

from scraper.parsers import parse_article
from tests.support.hostile import nested_tags

URLS = {
    "generic": "https://example.org/news/deep",
    "site": "https://www.socialistparty.org.uk/articles/7301/06-03-2024/deep/",
}


@pytest.mark.parametrize("tag", ["div", "b"])
@pytest.mark.parametrize("path", sorted(URLS))
def test_five_thousand_unclosed_tags(tag: str, path: str) -> None:
    parsed = parse_article(nested_tags(5000, tag), URLS[path])
    assert [(e.place, e.attendance, e.reporter) for e in parsed.events] == [
        ("Hull", 300, "Jo Bloggs")
    ]


TOWNS = ("Hull", "Leeds", "Derby", "Bristol")


def _four_reports(junk: bytes, breaks: bool) -> bytes:
    """Four reports told apart only by their sign-offs, ``junk`` ending every paragraph."""
    parts = []
    for i, town in enumerate(TOWNS):
        report = (
            f"Over {100 * (i + 1)} people rallied in {town} on Saturday and raised "
            f"£{i + 5}0 for the campaign.@@"
        )
        signoff = f"Jo Bloggs{i}, {town} Socialist Party@@"
        if breaks:
            parts.append(f"{report}<br><br>{signoff}<br><br>")
        else:
            parts.append(f"<p>{report}</p><p>{signoff}</p>")
    body = "".join(parts)
    if breaks:
        body = f"<p>{body}</p>"
    html = (
        "<html><head><meta charset='utf-8'><title>R</title></head><body><article><h1>R</h1>"
        f"{body}</article></body></html>"
    )
    return html.encode("utf-8").replace(b"@@", junk)


@pytest.mark.parametrize("breaks", [False, True], ids=["paragraphs", "line-breaks"])
@pytest.mark.parametrize(
    "junk",
    [b"\x00", b"\xff", b"\xc3", b"\xff\xfe", b"\x01"],
    ids=["nul", "ff", "c3", "fffe", "ctl"],
)
def test_bad_bytes_at_paragraph_ends_never_merge_reports(junk: bytes, breaks: bool) -> None:
    parsed = parse_article(_four_reports(junk, breaks), URLS["generic"])
    assert [(e.place, e.attendance, e.reporter, e.money_raised) for e in parsed.events] == [
        (town, 100 * (i + 1), f"Jo Bloggs{i}", float(10 * (i + 5))) for i, town in enumerate(TOWNS)
    ]


def test_bytes_that_do_not_decode_are_replaced_one_by_one() -> None:
    from scraper.parsers.decode import decode_html

    # UTF-8 with a stray byte: the £ stays a £, the stray byte alone is replaced.
    assert decode_html("£5 for the fund\xff.".encode("latin-1").replace(b"\xa3", "£".encode())) == (
        "£5 for the fund\ufffd."
    )
    assert decode_html(b"Over 30 people\xff\xfe came.") == "Over 30 people\ufffd\ufffd came."
    # A windows-1252 page (curly quotes, a pound sign) is still read as windows-1252.
    assert decode_html(b"\x93Save our library\x94 \xa35") == "\u201cSave our library\u201d £5"
