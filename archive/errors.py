"""Errors the `archive` command reports as one line and a non-zero exit (never a traceback)."""

from __future__ import annotations


class ArchiveError(Exception):
    """An expected failure with a message fit for a user; ``exit_code`` is what the CLI exits with."""

    exit_code = 2


class DatabaseUnreachable(ArchiveError):
    """The database named by ARCHIVE_DATABASE_URL cannot be opened or reached."""


class SchemaBehind(ArchiveError):
    """The archive's schema is older than this code; the fix is `archive db upgrade`."""


class BadInput(ArchiveError):
    """A file or argument the user gave cannot be used."""


class ArchiveReadOnly(ArchiveError):
    """A command that writes was run on an archive opened read-only."""


class ArchiveCorrupt(ArchiveError):
    """The archive's file is not an archive any more (overwritten, truncated, damaged)."""


class SchemaNewer(ArchiveError):
    """The archive's schema is newer than this code (a newer version of it migrated it)."""
