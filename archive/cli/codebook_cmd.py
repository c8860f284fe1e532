"""`archive codebook`: what every exported column and every event type means."""

from __future__ import annotations

import click

from archive import codebook


@click.command("codebook")
@click.option("--format", "fmt", type=click.Choice(["md", "json"]), default="md", show_default=True)
def codebook_command(fmt: str) -> None:
    """Print the codebook, generated from the code: every exported column (type, unit,
    allowed values, how it is derived, when it is missing), every event type with a definition
    and an example. The exports' datapackage.json uses the same text.

    Example: archive codebook --format md > CODEBOOK.md
    """
    click.echo(codebook.as_markdown() if fmt == "md" else codebook.dumps_json(), nl=False)
