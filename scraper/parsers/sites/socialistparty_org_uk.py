"""The Socialist (socialistparty.org.uk): where the body, title and date are.

Only locations live here; a redesign that renames these classes makes :func:`find_body`
return None and the generic path runs instead (recorded as ``fell_back``).
"""

from __future__ import annotations

from typing import Protocol

from bs4 import Tag

DOMAIN = "socialistparty.org.uk"
NAME = "socialistparty_org_uk"

BODY_TAG = "div"
BODY_CLASS = "articleBody"
TITLE_TAG = "h1"
TITLE_CLASS = "articleTitle"
DATE_TAG = "div"
DATE_CLASS = "articleDate"  # "From The Socialist newspaper, 24 August 2016"


class Page(Protocol):
    """What a site module may ask of a scanned page (see article.PageFacts)."""

    def first(self, name: str, class_name: str) -> Tag | None: ...


def find_body(page: Page) -> Tag | None:
    return page.first(BODY_TAG, BODY_CLASS)


def find_title(page: Page) -> str | None:
    el = page.first(TITLE_TAG, TITLE_CLASS)
    return (" ".join(el.get_text(" ").split()) or None) if el is not None else None


def find_date_text(page: Page) -> str | None:
    el = page.first(DATE_TAG, DATE_CLASS)
    return el.get_text(" ") if el is not None else None
