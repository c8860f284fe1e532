"""The `archive` command: a thin click layer over the library.

Each command lives in its own module and is registered here. Expected failures are raised as
:class:`archive.errors.ArchiveError` and reported by :func:`main` as one line on stderr with
exit status 2, so users never see a traceback for bad input or an unreachable database.
"""

from __future__ import annotations

import sys

import click

from archive.errors import ArchiveError


@click.group()
@click.version_option(package_name="campaign-archive")
def cli() -> None:
    """Campaign-event archive: crawl, parse, version and query roundup reports.

    The database comes from ARCHIVE_DATABASE_URL (default: archive.sqlite in the working
    directory).
    """


def _register() -> None:
    # One import per command module; each module defines the click command(s) it adds.
    from archive.cli import parse_cmd

    cli.add_command(parse_cmd.parse)


_register()


def main(argv: list[str] | None = None) -> None:
    """Console-script entry: run the click group, turning ArchiveError into one line + exit 2."""
    try:
        cli.main(args=argv, prog_name="archive", standalone_mode=False)
    except ArchiveError as exc:
        click.echo(f"archive: error: {exc}", err=True)
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        click.echo("archive: aborted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
