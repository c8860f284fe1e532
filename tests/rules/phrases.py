"""A tiny helper for the phrase tables: wrap a few report paragraphs into a minimal page,
run the real rules over it (``parse_article``) and read back one field.

Why whole mini-articles rather than the field functions: a row then says what a researcher
would see ("this sentence, published on this day, gives this date"), and it keeps passing
when the rules move knowledge between the splitter, the event test and the fields.

Body lines are plain paragraphs unless they start with a marker:

- ``h: Leeds``          a heading (``<h3>``)
- ``em: Jo Banks``      a sign-off line (``<p><em>``)
- ``li: ...``           a list item (consecutive items share one ``<ul>``)
- ``quote: ...``        a blockquote
- ``hr``                a rule
"""

from __future__ import annotations

import html
import re
from datetime import date
from typing import Any

import pytest

from scraper.parsers import parse_article

URL = "https://www.eastvale-campaigner.org.uk/news/branch-reports/"
# A Wednesday: "on Saturday" is 4 May 2024, "yesterday" 7 May, "last Thursday" 2 May.
PUBLISHED = date(2024, 5, 8)
TITLE = "News from the branches"


def page(*lines: str, title: str = TITLE) -> bytes:
    """The lines as a minimal article page (UTF-8)."""
    out: list[str] = []
    in_list = False
    for line in lines:
        kind, sep, rest = line.partition(": ")
        if line == "hr":
            kind, rest = "hr", ""
        elif not sep or kind not in ("h", "em", "li", "quote"):
            kind, rest = "p", line
        if kind != "li" and in_list:
            out.append("</ul>")
            in_list = False
        text = html.escape(rest, quote=False)
        if kind == "h":
            out.append(f"<h3>{text}</h3>")
        elif kind == "em":
            out.append(f"<p><em>{text}</em></p>")
        elif kind == "li":
            if not in_list:
                out.append("<ul>")
                in_list = True
            out.append(f"<li>{text}</li>")
        elif kind == "quote":
            out.append(f"<blockquote><p>{text}</p></blockquote>")
        elif kind == "hr":
            out.append("<hr>")
        else:
            out.append(f"<p>{text}</p>")
    if in_list:
        out.append("</ul>")
    t = html.escape(title, quote=False)
    body = "\n".join(out)
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{t}</title>'
        f"</head>\n<body><article><h1>{t}</h1>\n{body}\n</article></body></html>\n"
    ).encode()


def events(
    *lines: str, published: date | None = PUBLISHED, title: str = TITLE
) -> list[dict[str, Any]]:
    """Every event the rules find in the mini-article, as ``archive parse`` prints them."""
    parsed = parse_article(page(*lines, title=title), URL, published)
    return [ev.to_dict() for ev in parsed.events]


def field(name: str, *lines: str, published: date | None = PUBLISHED, title: str = TITLE) -> Any:
    """``name`` of the one event the mini-article reports; a "<N events>" string otherwise,
    so that a row where the splitter or the event test failed says so in its diff."""
    found = events(*lines, published=published, title=title)
    if len(found) != 1:
        return f"<{len(found)} events>"
    return found[0][name]


def norm(value: Any) -> Any:
    """Strings compared as the corpus compares them: whitespace, case and surrounding
    punctuation do not matter."""
    if isinstance(value, str):
        return re.sub(r"\s+", " ", value).strip().strip(".,:;–—- ").casefold()
    return value


def count(*lines: str, published: date | None = PUBLISHED, title: str = TITLE) -> int:
    """How many events the mini-article gives."""
    return len(events(*lines, published=published, title=title))


def row(row_id: str, *values: Any, xfail: str | None = None) -> Any:
    """One table row; ``xfail`` names what the current rules get wrong (strict: the row
    fails loudly once the rules are fixed, so the mark is dropped with the fix)."""
    marks = [pytest.mark.xfail(strict=True, reason=xfail)] if xfail else []
    return pytest.param(*values, id=row_id, marks=marks)
