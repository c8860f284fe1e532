"""The Socialist (socialistparty.org.uk): where the body, title and date are.

Only locations live here; a redesign that renames these classes makes :func:`find_body`
return None and the generic path runs instead (recorded as ``fell_back``).
"""

from __future__ import annotations

from bs4 import BeautifulSoup, Tag

DOMAIN = "socialistparty.org.uk"
NAME = "socialistparty_org_uk"

BODY_TAG = "div"
BODY_CLASS = "articleBody"
TITLE_TAG = "h1"
TITLE_CLASS = "articleTitle"
DATE_TAG = "div"
DATE_CLASS = "articleDate"  # "From The Socialist newspaper, 24 August 2016"


def find_body(soup: BeautifulSoup) -> Tag | None:
    body = soup.find(BODY_TAG, class_=BODY_CLASS)
    return body if isinstance(body, Tag) else None


def find_title(soup: BeautifulSoup) -> str | None:
    el = soup.find(TITLE_TAG, class_=TITLE_CLASS)
    return " ".join(el.get_text(" ").split()) or None if isinstance(el, Tag) else None


def find_date_text(soup: BeautifulSoup) -> str | None:
    el = soup.find(DATE_TAG, class_=DATE_CLASS)
    return el.get_text(" ") if isinstance(el, Tag) else None
