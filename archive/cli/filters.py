"""The options that choose events, shared by `archive events` and `archive export` (one
decorator, so both commands take exactly the same filters and read them the same way)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from archive.cli.dates import parse_date, parse_moment
from archive.cli.params import COUNT, ROW_ID
from archive.errors import BadInput
from archive.export import Cut, Filters
from scraper.parsers.records import EVENT_TYPES

F = TypeVar("F", bound=Callable[..., Any])

FILTER_KEYS = (
    "date_from",
    "date_to",
    "types",
    "places",
    "sites",
    "min_size",
    "as_of",
    "parser_version",
    "article_id",
)


def event_filters(command: F) -> F:
    """Add the event filters to a click command (they arrive as keyword arguments)."""
    options = [
        click.option(
            "--from", "date_from", metavar="YYYY-MM-DD", help="Events on or after this day."
        ),
        click.option("--to", "date_to", metavar="YYYY-MM-DD", help="Events on or before this day."),
        click.option(
            "--type",
            "types",
            multiple=True,
            metavar="TYPE",
            help=f"Only these event types (repeat or comma-separate): {', '.join(EVENT_TYPES)}.",
        ),
        click.option(
            "--place",
            "places",
            multiple=True,
            metavar="NAME",
            help="Events in this place or any place within it (London includes its boroughs "
            "and districts; a county its towns). Repeatable.",
        ),
        click.option(
            "--site", "sites", multiple=True, metavar="DOMAIN", help="Only this site. Repeatable."
        ),
        click.option(
            "--min-size",
            "min_size",
            type=COUNT,
            metavar="N",
            help="Only events of N people or more.",
        ),
        click.option(
            "--as-of",
            "as_of",
            metavar="DATETIME",
            help="As the archive stood then (a date means its end, UTC).",
        ),
        click.option(
            "--parser-version", metavar="V", help="As parser version V last left each article."
        ),
        click.option(
            "--article", "article_id", type=ROW_ID, metavar="ID", help="Only this article."
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _split(values: tuple[str, ...]) -> tuple[str, ...]:
    out: list[str] = []
    for value in values:
        out.extend(v.strip() for v in value.split(",") if v.strip())
    return tuple(out)


def read_filters(kwargs: dict[str, Any]) -> tuple[Filters, Cut]:
    """Pop the filter options out of a command's arguments, checked (one-line errors)."""
    values = {key: kwargs.pop(key) for key in FILTER_KEYS}
    if values["as_of"] is not None and values["parser_version"] is not None:
        raise BadInput("give --as-of or --parser-version, not both")
    filters = Filters(
        date_from=parse_date(values["date_from"], "--from") if values["date_from"] else None,
        date_to=parse_date(values["date_to"], "--to") if values["date_to"] else None,
        types=_split(values["types"]),
        places=tuple(p.strip() for p in values["places"] if p.strip()),
        sites=_split(values["sites"]),
        min_size=values["min_size"],
        article_id=values["article_id"],
    )
    cut = Cut(
        at=parse_moment(values["as_of"], "--as-of") if values["as_of"] else None,
        parser_version=values["parser_version"],
    )
    return filters, cut
