"""One element a site module points at: a tag name and one of its classes.

A site module only says where things are; the lookup is shared. The strained parse
(scraper/parsers/strained.py) keeps every element a selector names, tested on the start
tag's raw class string, so the lookup here finds the same element in the strained tree as in
the full one.
"""

from __future__ import annotations

from typing import NamedTuple, Protocol

from bs4 import Tag


class Page(Protocol):
    """What a selector may ask of a scanned page (see article.PageFacts)."""

    def first(self, name: str, class_name: str) -> Tag | None: ...


class Selector(NamedTuple):
    """``<tag class="… class_name …">``."""

    tag: str
    class_name: str

    def first(self, page: Page) -> Tag | None:
        """The first such element of the page, in document order."""
        return page.first(self.tag, self.class_name)
