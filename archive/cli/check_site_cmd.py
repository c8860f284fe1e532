"""`archive check-site SPIDER [--base-url URL] [--count N] [--format text|json]`."""

from __future__ import annotations

import json
import sys

import click

from archive import db
from archive.canary import check_site


@click.command("check-site")
@click.argument("spider")
@click.option("--base-url", "base_url", metavar="URL", help="Fetch from here (a mirror) instead.")
@click.option(
    "--count",
    type=click.IntRange(1, 50),
    default=3,
    show_default=True,
    help="How many of the newest articles to check.",
)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def check_site_command(spider: str, base_url: str | None, count: int, fmt: str) -> None:
    """Canary: fetch the site's newest few articles (the archive's; else those its home page
    links) and report, per field, whether the rules still find it. Exit status 1 when a
    field the archive had is lost now or found in under half as many events (or the site's
    body selector no longer matches, or a page cannot be fetched). SPIDER is a spider name (its site is read from its last crawl
    run) or a site's domain. Fetches the live site: for cron, never for CI.

    Example: archive check-site socialist
    """
    engine, sessions = db.open_archive()
    try:
        with sessions() as session:
            domain, checks = check_site(session, spider, base_url, count)
    finally:
        engine.dispose()
    regressed = [c for c in checks if c.regressed]
    if fmt == "json":
        click.echo(
            json.dumps(
                {
                    "site": domain,
                    "regressed": bool(regressed),
                    "articles": [c.record() for c in checks],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        for check in checks:
            click.echo(f"{check.url}" + (" REGRESSED" if check.regressed else ""))
            if check.error:
                click.echo(f"  {check.error}")
            for f in check.fields:
                before = "-" if f.before is None else f.before
                now = "-" if f.now is None else f.now
                click.echo(f"  {f.field:<14} archive {before!s:<6} now {now!s:<6} {f.status}")
        verdict = (
            f"{len(regressed)} of {len(checks)} article(s) regressed"
            if regressed
            else "no regression"
        )
        click.echo(f"check-site {domain}: {verdict}")
    if regressed:
        sys.exit(1)
