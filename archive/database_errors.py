"""Database failures a user can act on, as the one line `archive` and `scrapy crawl` print.

Why a table of causes: the driver's exception says what went wrong in its own words and
class (sqlite3's "file is not a database", PostgreSQL's "permission denied for table ..."),
wrapped by SQLAlchemy with the statement and a link. A corrupt, read-only, locked or
unreachable archive is the user's to fix, so it is named in one line with exit status 2;
anything else (an integrity error, a bad query) is a bug and stays an internal error.
"""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError, OperationalError

from archive.errors import ArchiveCorrupt, ArchiveError, ArchiveReadOnly, DatabaseUnreachable

# SQLite's messages (sqlite3 exceptions carry no finer code) -> what they mean for the archive.
_SQLITE_CAUSES: tuple[tuple[str, type[ArchiveError], str], ...] = (
    ("file is not a database", ArchiveCorrupt, "the archive's file is not an SQLite database"),
    ("malformed", ArchiveCorrupt, "the archive's file is damaged (restore it from a copy)"),
    ("readonly database", ArchiveReadOnly, "the archive is read-only for this process"),
    ("database is locked", DatabaseUnreachable, "the archive is locked by another process"),
    ("unable to open database", DatabaseUnreachable, "cannot open the archive's file"),
    ("disk i/o error", DatabaseUnreachable, "cannot read or write the archive's file"),
    ("database or disk is full", DatabaseUnreachable, "the archive's disk is full"),
)
# PostgreSQL's SQLSTATEs -> what they mean.
_POSTGRES_CAUSES: dict[str, tuple[type[ArchiveError], str]] = {
    "42501": (ArchiveReadOnly, "the database role may not do this"),  # insufficient_privilege
    "25006": (ArchiveReadOnly, "the archive is open read-only"),  # read_only_sql_transaction
    "53100": (DatabaseUnreachable, "the database server's disk is full"),
    "57P01": (DatabaseUnreachable, "the database server shut down"),
}


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def explain_database_error(exc: BaseException) -> ArchiveError | None:
    """The one-line error for a database failure the user can act on, or None (a bug)."""
    if not isinstance(exc, DBAPIError):
        return None
    orig = exc.orig
    detail = _first_line(orig) if orig is not None else _first_line(exc)
    sqlstate = getattr(orig, "sqlstate", None)
    if sqlstate in _POSTGRES_CAUSES:
        kind, meaning = _POSTGRES_CAUSES[sqlstate]
        return kind(f"{meaning}: {detail}")
    if orig is not None and type(orig).__module__.startswith("sqlite3"):
        lowered = detail.lower()
        for needle, kind, meaning in _SQLITE_CAUSES:
            if needle in lowered:
                return kind(f"{meaning}: {detail}")
    if isinstance(exc, OperationalError):
        return DatabaseUnreachable(f"the database failed: {detail}")
    return None
