"""The ``-a`` arguments every archive spider takes: typed, checked, and refused in one line.

Why a table: Scrapy hands spiders their ``-a`` arguments as strings and sets any unknown one
as an attribute, so ``-a revist=all`` (a typo) was silently a full crawl with the default
revisit. Here each argument is named once with its parser and its help; an unknown name, or a
value its parser refuses, is a :class:`BadSpiderArgument` that ``scrapy crawl`` prints as one
line (scraper/commands/crawl.py) listing the known names.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal, cast
from urllib.parse import urlsplit, urlunsplit

from scrapy.exceptions import UsageError

Revisit = Literal["none", "recent", "all"]
Walk = Literal["incremental", "full"]
REVISIT_CHOICES: tuple[Revisit, ...] = ("none", "recent", "all")
WALK_CHOICES: tuple[Walk, ...] = ("incremental", "full")
DEFAULT_MAX_PAGES = 5000
DEFAULT_MAX_DEPTH = 3


class BadSpiderArgument(UsageError):
    """A ``-a`` argument that cannot be used (scrapy prints it as one line)."""


def _choice(name: str, choices: tuple[str, ...]) -> Callable[[str], str]:
    def parse(value: str) -> str:
        chosen = value.strip().lower()
        if chosen not in choices:
            raise BadSpiderArgument(f"{name} must be one of {', '.join(choices)}, got {value!r}")
        return chosen

    return parse


def _since(value: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise BadSpiderArgument(f"since must be YYYY-MM-DD, got {value!r}") from None


def _count(name: str, minimum: int) -> Callable[[str], int]:
    def parse(value: str) -> int:
        try:
            number = int(value.strip())
        except ValueError:
            number = minimum - 1
        if number < minimum:
            raise BadSpiderArgument(f"{name} must be a whole number >= {minimum}, got {value!r}")
        return number

    return parse


def http_url(name: str, value: str) -> str:
    """An http(s) URL with a host, or the one-line refusal."""
    try:
        parts = urlsplit(value.strip())
        parts.port  # noqa: B018 - a port out of range raises only when read
    except ValueError:  # 'http://[::1' (an unclosed IPv6 host), a port out of range
        raise BadSpiderArgument(f"{name} must be an http(s) URL, got {value!r}") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise BadSpiderArgument(f"{name} must be an http(s) URL, got {value!r}")
    return value.strip()


@dataclass(frozen=True)
class Argument:
    name: str
    parse: Callable[[str], Any]
    help: str


ARGUMENTS: tuple[Argument, ...] = (
    Argument("base_url", lambda v: http_url("base_url", v), "crawl a mirror or replay instead"),
    Argument("since", _since, "YYYY-MM-DD: skip articles dated (in the URL) before it"),
    Argument(
        "revisit",
        _choice("revisit", REVISIT_CHOICES),
        "none|recent|all: known articles to re-fetch conditionally (default recent)",
    ),
    Argument(
        "walk",
        _choice("walk", WALK_CHOICES),
        "incremental|full: full walks listings past pages of known articles (a backfill)",
    ),
    Argument(
        "max_pages",
        _count("max_pages", 1),
        f"non-article pages followed per crawl (default {DEFAULT_MAX_PAGES})",
    ),
    Argument(
        "max_depth",
        _count("max_depth", 0),
        f"links followed in a row through pages of no known shape (default {DEFAULT_MAX_DEPTH})",
    ),
)


@dataclass(frozen=True)
class CrawlArgs:
    """The validated arguments common to every spider."""

    base_url: str
    mirror: bool  # base_url was given: a mirror or replay, not the live site
    since: date | None = None
    revisit: Revisit = "recent"
    walk: Walk = "incremental"
    max_pages: int = DEFAULT_MAX_PAGES
    max_depth: int = DEFAULT_MAX_DEPTH

    @classmethod
    def parse(
        cls, raw: Mapping[str, Any], *, default_base: str, extra: tuple[str, ...] = ()
    ) -> CrawlArgs:
        """From ``-a`` strings; ``extra`` names a spider's own arguments (for the message).
        Names starting with ``_`` (scrapyd's ``_job``) are a scheduler's, not ours: ignored."""
        known = {a.name: a for a in ARGUMENTS}
        unknown = sorted(k for k in raw if k not in known and not k.startswith("_"))
        if unknown:
            names = ", ".join(sorted((*known, *extra)))
            plural = "s" if len(unknown) > 1 else ""
            raise BadSpiderArgument(
                f"unknown spider argument{plural} {', '.join(map(repr, unknown))} (known: {names})"
            )
        values: dict[str, Any] = {}
        for name, value in raw.items():
            if name in known and value is not None and str(value).strip() != "":
                values[name] = known[name].parse(str(value))
        chosen = values.pop("base_url", None) or default_base
        parts = urlsplit(http_url("base_url", chosen))
        base = urlunsplit((parts.scheme, parts.netloc, parts.path.rstrip("/"), "", ""))
        return cls(base_url=base, mirror="base_url" in raw and bool(raw["base_url"]), **values)

    def as_record(self) -> dict[str, Any]:
        """What the crawl run records of them (JSON)."""
        return {
            "base_url": self.base_url,
            "since": self.since.isoformat() if self.since else None,
            "revisit": cast(str, self.revisit),
            "walk": cast(str, self.walk),
            "max_pages": self.max_pages,
            "max_depth": self.max_depth,
        }
