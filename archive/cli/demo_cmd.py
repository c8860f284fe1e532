"""`archive demo`: crawl a bundled sample site into ./archive-demo.sqlite and show the events."""

from __future__ import annotations

from pathlib import Path

import click

from archive.cli.demo import DEMO_DATABASE, run_demo
from archive.errors import BadInput


@click.command()
@click.option(
    "--database",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help=f"SQLite file to create (default: ./{DEMO_DATABASE}, replaced if present).",
)
def demo(database: Path | None) -> None:
    """See the whole pipeline in under a minute, offline.

    Serves a small sample site on 127.0.0.1, crawls it with the real `socialist` spider into a
    fresh SQLite archive in the working directory, and prints the events it found.

    Example: archive demo && ARCHIVE_DATABASE_URL=sqlite:///archive-demo.sqlite archive stats
    """
    if database is None:
        database = Path(DEMO_DATABASE)
    elif database.exists():
        raise BadInput(f"{database} exists; the demo only writes a new file (choose another)")
    click.echo(f"Crawling the sample site into ./{database} with the `socialist` spider ...")
    result = run_demo(database)
    click.echo(result.crawl_summary)
    if not result.crawl_ok:
        click.echo(result.log[-3000:], err=True)
        raise click.ClickException("the demo crawl failed (its log is above)")
    click.echo(f"\n{len(result.events)} events found:")
    current = None
    for ev in result.events:
        if ev.article_url != current:
            current = ev.article_url
            click.echo(f"\n  {ev.article_title}")
        crowd = f"{ev.attendance} people" if ev.attendance is not None else "-"
        click.echo(
            f"    {ev.event_date or '?':10}  {ev.event_type:13} {ev.place or '?':14} "
            f"{crowd:12} reported by {ev.reporter or '?'}"
        )
    click.echo(
        f"\nThe archive is {database}; explore it with:\n"
        f"  ARCHIVE_DATABASE_URL=sqlite:///{database} archive stats"
    )
