"""Site modules: where a known site keeps its article body, title and date.

Each module names its selectors as constants (``BODY``, ``TITLE``, ``DATE``) and says nothing
about splitting or fields (those are shared). :func:`site_for` picks the site by the URL's
domain; a site without a module, or whose module finds nothing (a redesign), goes to the
generic path. Knowing where the body and date are is also what lets a known site's page be
parsed without its chrome (scraper/parsers/strained.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from types import ModuleType

from bs4 import Tag

from scraper.parsers.sites import (
    counterfire_org,
    morningstaronline_co_uk,
    socialistparty_org_uk,
    socialistworker_co_uk,
)
from scraper.parsers.sites.selectors import Page, Selector
from scraper.urls import bare_domain


@dataclass(frozen=True)
class Site:
    """A site module's selectors, and the lookups every site shares."""

    name: str
    domain: str
    body: Selector
    title: Selector
    date: Selector | None  # None: the site dates its pages only in metadata

    @classmethod
    def from_module(cls, module: ModuleType) -> Site:
        return cls(module.NAME, module.DOMAIN, module.BODY, module.TITLE, module.DATE)

    @property
    def selectors(self) -> tuple[Selector, ...]:
        return tuple(s for s in (self.body, self.title, self.date) if s is not None)

    def find_body(self, page: Page) -> Tag | None:
        return self.body.first(page)

    def find_title(self, page: Page) -> str | None:
        el = self.title.first(page)
        return (" ".join(el.get_text(" ").split()) or None) if el is not None else None

    def find_date_text(self, page: Page) -> str | None:
        el = self.date.first(page) if self.date is not None else None
        return el.get_text(" ") if el is not None else None


SITES: dict[str, Site] = {
    site.domain: site
    for site in map(
        Site.from_module,
        (socialistparty_org_uk, socialistworker_co_uk, counterfire_org, morningstaronline_co_uk),
    )
}


def site_for(url: str) -> Site | None:
    """The site for a URL's domain, or None."""
    return SITES.get(bare_domain(url))
