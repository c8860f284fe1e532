"""Site modules: where a known site keeps its article body, title and date.

Each module names its selectors as constants at the top and says nothing about splitting or
fields (those are shared). :func:`site_for` picks the module by the URL's domain; a site
without a module, or whose module finds nothing (a redesign), goes to the generic path.
"""

from __future__ import annotations

from types import ModuleType

from scraper.parsers.sites import socialistparty_org_uk
from scraper.urls import bare_domain

SITE_MODULES: dict[str, ModuleType] = {
    socialistparty_org_uk.DOMAIN: socialistparty_org_uk,
}


def site_for(url: str) -> ModuleType | None:
    """The site module for a URL's domain, or None."""
    return SITE_MODULES.get(bare_domain(url))
