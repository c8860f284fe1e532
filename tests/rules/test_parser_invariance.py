"""The rules read the same events whatever typography, heading case or paragraph markup a page uses, and with a CMS's
inline link list or share row in the middle.

Why: real pages write the same report with typographic or straight quotes, with ``&nbsp;``
between a number and its noun or not, with en dashes or hyphens, in ``<p>`` paragraphs,
``<div>`` paragraphs or one block broken by ``<br><br>``; a rule that only works for one
spelling passes the corpus (each case has one) and fails on the next site. Each corpus page
is re-written another way (the text between tags, or the paragraph tags alone) and must give
the same events: the same number, kinds, days, places, counts, votes, papers and reporters
(compared with apostrophes and dashes folded, since the text itself changes).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from scraper.parsers import parse_article
from tests.support.corpus import Case, discover

_TAG = re.compile(rb"(<[^>]*>)")
_COMPARED = ("event_type", "event_date", "place", "attendance", "votes", "papers_sold", "reporter")


def _in_text(change: Callable[[bytes], bytes]) -> Callable[[bytes], bytes]:
    """``change`` applied to the text between tags only (scripts' and styles' text too,
    which the rules drop anyway)."""

    def apply(page: bytes) -> bytes:
        return b"".join(p if p.startswith(b"<") else change(p) for p in _TAG.split(page))

    return apply


def _straight(text: bytes) -> bytes:
    for curly, plain in (("’", "'"), ("‘", "'"), ("“", '"'), ("”", '"')):
        text = text.replace(curly.encode(), plain.encode())
    return text


def _curly_apostrophes(text: bytes) -> bytes:
    # only apostrophes inside words: straight quotation marks stay as they are
    return re.sub(rb"(?<=[A-Za-z])'(?=[a-z])", "’".encode(), text)


def _nbsp(text: bytes) -> bytes:
    # "400&nbsp;people", "on&nbsp;Saturday": as word processors and CMSs write them
    return re.sub(rb"(?<=[0-9a-z]) (?=[0-9A-Za-z])", b"&nbsp;", text, count=0)


def _hyphens(text: bytes) -> bytes:
    return text.replace(" – ".encode(), b" - ")


def _div_paragraphs(page: bytes) -> bytes:
    return re.sub(rb"<(/?)p(?=[\s>])", rb"<\1div", page)


_P_OPEN_OR_BREAK = re.compile(rb"<p(\s[^>]*)?>|</p>\s*<p>")


def _br_paragraphs(page: bytes) -> bytes:
    """Runs of plain ``<p>`` paragraphs as one paragraph broken by ``<br><br>`` (Blogger's
    way); a classed paragraph (a byline, a sign-off) is not joined to the next."""
    out: list[bytes] = []
    plain = False
    last = 0
    for m in _P_OPEN_OR_BREAK.finditer(page):
        if not m.group(0).startswith(b"</p>"):
            plain = m.group(1) is None
        elif plain:
            out += [page[last : m.start()], b"<br><br>"]
            last = m.end()
    return b"".join([*out, page[last:]])


_HEADING_TEXT = re.compile(rb"(<h[2-6][^>]*>)([^<]*)(</h[2-6]>)")


def _capital_headings(page: bytes) -> bytes:
    """Sub-headings set in capitals, as some sites write them."""
    return _HEADING_TEXT.sub(lambda m: m.group(1) + m.group(2).upper() + m.group(3), page)


_RELATED = (
    b'<h3>Read more</h3><ul><li><a href="/r1">Hundreds march in Kettering against cuts</a></li>'
    b'<li><a href="/r2">Pickets out at the Yeovil depot as strike begins</a></li></ul>'
)
_SHARE_ROW = (
    b'<p>Share this: <a href="/f">Facebook</a> <a href="/t">Twitter</a> <a href="/e">Email</a></p>'
)


def _inserted(furniture: bytes) -> Callable[[bytes], bytes]:
    """``furniture`` (a CMS's inline link list or share row) after the middle paragraph."""

    def apply(page: bytes) -> bytes:
        ends = [m.end() for m in re.finditer(rb"</p>", page)]
        if not ends:
            return page
        at = ends[len(ends) // 2]
        return page[:at] + furniture + page[at:]

    return apply


def _unstyled(page: bytes) -> bytes:
    """No bold or italic anywhere: sub-headings and sign-offs set as plain lines."""
    return re.sub(rb"</?(?:em|i|strong|b)>", b"", page)


def _no_final_stops(page: bytes) -> bytes:
    """Paragraphs ending with no full stop, as some blogs and forwarded emails write them."""
    return re.sub(rb"\.(\s*</p>)", rb"\1", page)


def _bold_paragraph_headings(page: bytes) -> bytes:
    """Sub-headings written as bold paragraphs, as pages without heading styles do."""
    return _HEADING_TEXT.sub(
        lambda m: (
            b"<p><strong>" + m.group(2) + b"</strong></p>" if m.group(2).strip() else m.group(0)
        ),
        page,
    )


def _other_heading_level(page: bytes) -> bytes:
    """Sub-headings one level down (``<h3>`` as ``<h4>``, ``<h2>`` as ``<h3>``)."""
    return re.sub(
        rb"<(/?)h([2-5])(?=[\s>])", lambda m: b"<%sh%d" % (m.group(1), int(m.group(2)) + 1), page
    )


VARIANTS: dict[str, Callable[[bytes], bytes]] = {
    "bold-paragraph-headings": _bold_paragraph_headings,
    "heading-level-down": _other_heading_level,
    "no-final-stops": _no_final_stops,
    "unstyled": _unstyled,
    "related-links-inserted": _inserted(_RELATED),
    "share-row-inserted": _inserted(_SHARE_ROW),
    "capital-headings": _capital_headings,
    "div-paragraphs": _div_paragraphs,
    "br-paragraphs": _br_paragraphs,
    "straight-quotes": _in_text(_straight),
    "curly-apostrophes": _in_text(_curly_apostrophes),
    "nbsp": _in_text(_nbsp),
    "hyphen-dashes": _in_text(_hyphens),
}


def _fold(value: Any) -> Any:
    if isinstance(value, str):
        folded = value.replace("’", "'").replace("‘", "'").replace("–", "-").replace("\xa0", " ")
        return folded.casefold()
    if isinstance(value, dict):
        return {_fold(k): v for k, v in value.items()}
    return value


def _facts(page: bytes, case: Case) -> list[tuple[Any, ...]]:
    parsed = parse_article(page, case.url, case.published, case.content_type)
    return [tuple(_fold(e.to_dict()[k]) for k in _COMPARED) for e in parsed.events]


def _utf8_cases() -> list[Case]:
    # byte-level rewriting needs a page in UTF-8 (an entity is encoding-free, "’" is not)
    out = []
    for case in discover():
        page = (case.path / "input.html").read_bytes()
        try:
            page.decode("utf-8")
        except UnicodeDecodeError:
            continue
        out.append(case)
    return out


CASES = _utf8_cases()


@pytest.mark.parametrize("variant", sorted(VARIANTS))
@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_same_events_in_another_typography(case: Case, variant: str) -> None:
    page = (case.path / "input.html").read_bytes()
    changed = VARIANTS[variant](page)
    if changed == page:
        pytest.skip(f"{case.id} has nothing {variant} changes")
    assert _facts(changed, case) == _facts(page, case)
