"""The record of a site's URL shapes, and the lookups on one (see scraper/sites/__init__.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class IdShape:
    """A path shape carrying the site's article id. ``view``: a view of the article (print),
    never fetched itself."""

    pattern: re.Pattern[str]
    view: bool = False


@dataclass(frozen=True)
class SiteURLs:
    """One site's URL knowledge (the fields are described in scraper/sites/__init__.py)."""

    domain: str  # the bare domain: the archive's Source
    home: str  # the live site's base URL
    hosts: frozenset[str] = frozenset({"www"})
    id_shapes: tuple[IdShape, ...] = ()
    article_shapes: tuple[re.Pattern[str], ...] = ()
    article_path: str | None = None  # how to fetch an article by id, e.g. "/articles/{id}"
    never: tuple[re.Pattern[str], ...] = ()
    listings: tuple[re.Pattern[str], ...] = (re.compile(r"^/$"),)
    older: tuple[re.Pattern[str], ...] = ()
    start_paths: tuple[str, ...] = ("/",)
    sitemap_paths: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for shape in self.id_shapes:
            if "id" not in shape.pattern.groupindex:
                raise ValueError(f"{self.domain}: id shape without an id group: {shape.pattern}")
        if any(s.view for s in self.id_shapes) and not self.article_path:
            raise ValueError(f"{self.domain}: a view shape needs article_path to fetch instead")


def id_match(site: SiteURLs, path: str) -> tuple[IdShape, re.Match[str]] | None:
    """The id shape a path has on this site (first match wins), with its match."""
    for shape in site.id_shapes:
        m = shape.pattern.match(path)
        if m:
            return shape, m
    return None


def url_date_of(m: re.Match[str]) -> date | None:
    """The date an id shape's groups give (two-digit years are 19xx from 90, else 20xx)."""
    groups = m.groupdict()
    if not (groups.get("day") and groups.get("month") and groups.get("year")):
        return None
    year = int(groups["year"])
    if len(groups["year"]) == 2:
        year += 1900 if year >= 90 else 2000
    try:
        return date(year, int(groups["month"]), int(groups["day"]))
    except ValueError:
        return None


def any_match(patterns: tuple[re.Pattern[str], ...], target: str) -> bool:
    return any(p.search(target) for p in patterns)
