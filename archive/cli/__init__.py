"""The `archive` command: a thin click layer over the library.

Each command lives in its own module and is registered here. Expected failures are raised as
:class:`archive.errors.ArchiveError` and reported by :func:`main` as one line on stderr with
exit status 2, so users never see a traceback for bad input or an unreachable database.
"""

from __future__ import annotations

import os
import sys

import click

from archive.database_errors import explain_database_error
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
    from archive.cli import db_cmds, parse_cmd

    cli.add_command(db_cmds.db_group)
    cli.add_command(db_cmds.stats)
    cli.add_command(parse_cmd.parse)

    from archive.cli import events_cmd, reparse_cmd

    cli.add_command(reparse_cmd.reparse_command)
    cli.add_command(events_cmd.events_command)
    cli.add_command(events_cmd.history_command)

    from archive.cli import (
        changes_cmd,
        codebook_cmd,
        export_cmd,
        release_cmd,
        snapshot_cmd,
    )

    cli.add_command(export_cmd.export_command)
    cli.add_command(snapshot_cmd.snapshot_command)
    cli.add_command(codebook_cmd.codebook_command)
    cli.add_command(changes_cmd.changes_command)
    cli.add_command(release_cmd.release_group)

    from archive.cli import demo_cmd

    cli.add_command(demo_cmd.demo)

    from archive.cli import warc_cmds

    cli.add_command(warc_cmds.import_warc)
    cli.add_command(warc_cmds.export_warc)

    from archive.cli import check_site_cmd, figure_cmds, runs_cmd, serve_cmd

    cli.add_command(runs_cmd.runs_group)
    cli.add_command(check_site_cmd.check_site_command)
    cli.add_command(figure_cmds.chart_command)
    cli.add_command(figure_cmds.map_command)
    cli.add_command(serve_cmd.serve_command)


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
    except click.exceptions.NoArgsIsHelpError as exc:
        exc.show()  # `archive` or `archive db` alone: the help is what was asked for
        sys.exit(exc.exit_code)
    except click.UsageError as exc:
        # click would print its usage block; the contract is one line (and how to get help).
        where = exc.ctx.command_path if exc.ctx is not None else "archive"
        click.echo(f"archive: error: {exc.format_message()} (see: {where} --help)", err=True)
        sys.exit(2)
    except click.ClickException as exc:
        click.echo(f"archive: error: {exc.format_message()}", err=True)
        sys.exit(2)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        click.echo("archive: interrupted", err=True)
        sys.exit(130)
    except Exception as exc:
        explained = explain_database_error(exc)
        if explained is not None:  # a corrupt, read-only, locked or unreachable archive
            click.echo(f"archive: error: {explained}", err=True)
            sys.exit(explained.exit_code)
        # A bug, not bad input: still one line, with the way to see the whole story.
        if os.environ.get("ARCHIVE_DEBUG"):
            raise
        click.echo(
            f"archive: internal error: {type(exc).__name__}: {exc} (set ARCHIVE_DEBUG=1 for details)",
            err=True,
        )
        sys.exit(1)
