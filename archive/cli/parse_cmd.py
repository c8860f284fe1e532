"""`archive parse FILE.html --url URL`: run the extraction rules over one saved page.

No database: this is the same code a crawl and `archive reparse` run, pointed at a file, so
a researcher can see exactly what the rules make of a page.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import click

from archive.errors import BadInput

# Bytes that show a file is an HTML page (checked case-insensitively near its start).
_HTML_MARKERS = (
    b"<html",
    b"<!doctype html",
    b"<body",
    b"<head",
    b"<p",
    b"<div",
    b"<article",
    b"<meta",
    b"<title",
    b"<table",
    b"<h1",
    b"<br",
)
_SNIFF = 4096
TABLE_COLUMNS: tuple[tuple[str, int], ...] = (
    ("seg", 3),
    ("date", 10),
    ("type", 12),
    ("place", 20),
    ("attend", 6),
    ("votes", 18),
    ("papers", 6),
    ("reporter", 30),
)


def _read_html(file: str) -> bytes:
    path = Path(file)
    try:
        data = path.read_bytes()
    except IsADirectoryError as exc:
        raise BadInput(f"{file} is a directory, not an HTML file") from exc
    except OSError as exc:
        raise BadInput(f"cannot read {file}: {exc.strerror or exc}") from exc
    if not data.strip():
        raise BadInput(f"{file} is empty")
    head = data[:_SNIFF].lstrip(b"\xef\xbb\xbf\xff\xfe\x00 \t\r\n").lower()
    if b"\x00" in data[:_SNIFF] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise BadInput(f"{file} is not an HTML file (binary data)")
    if not any(marker in head for marker in _HTML_MARKERS):
        raise BadInput(f"{file} is not an HTML file (no HTML tags near its start)")
    return data


def _check_url(url: str) -> str:
    """An http(s) URL with a host (what the rules read a site and an article id from)."""
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018 - a port out of range raises only when read
    except ValueError as exc:
        raise BadInput(f"--url: not a URL ({exc}): {url!r}") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise BadInput(f"--url: not an http(s) URL with a host: {url!r}")
    return url.strip()


def _parse_date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise BadInput(f"--published must be YYYY-MM-DD, got {value!r}") from exc


def _cell(value: object, width: int) -> str:
    if value is None:
        text = "-"
    elif isinstance(value, dict):
        text = " ".join(f"{k}:{v}" for k, v in value.items())
    else:
        text = str(value)
    return text if len(text) <= width else text[: width - 1] + "…"


@click.command()
@click.argument("file", type=click.Path(dir_okay=True, path_type=str))
@click.option("--url", required=True, help="The URL the page was fetched from.")
@click.option(
    "--published",
    default=None,
    metavar="YYYY-MM-DD",
    help="Publication date, when the page does not say (overrides what it says).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "table"]),
    default="jsonl",
    show_default=True,
    help="JSON Lines (one event per line, in article order) or a readable table.",
)
def parse(file: str, url: str, published: str | None, fmt: str) -> None:
    """Print the events the rules find in FILE, one JSON object per line.

    Nothing is printed for an article that reports no event.

    Example: archive parse saved.html --url https://www.socialistparty.org.uk/articles/1/24-08-2016/x/
    """
    from scraper.parsers import parse_article

    url = _check_url(url)
    data = _read_html(file)
    parsed = parse_article(data, url, published=_parse_date(published))
    if fmt == "jsonl":
        for event in parsed.events:
            click.echo(event.to_json())
        return
    header = "  ".join(name.ljust(width) for name, width in TABLE_COLUMNS)
    click.echo(header.rstrip())
    for event in parsed.events:
        d = event.to_dict()
        row = (
            d["segment"],
            d["event_date"],
            d["event_type"],
            d["place"],
            d["attendance"],
            d["votes"],
            d["papers_sold"],
            d["reporter"],
        )
        cells = (_cell(v, w).ljust(w) for v, (_, w) in zip(row, TABLE_COLUMNS, strict=True))
        click.echo("  ".join(cells).rstrip())
    if not parsed.events:
        click.echo("(no events)")
