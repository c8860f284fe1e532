"""`archive parse FILE.html --url URL`: run the extraction rules over one saved page."""

from __future__ import annotations

import click


@click.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=str))
@click.option("--url", required=True, help="The URL the page was fetched from.")
def parse(file: str, url: str) -> None:
    """Print the events the rules find in FILE, one JSON object per line."""
    raise click.ClickException("not implemented yet")
