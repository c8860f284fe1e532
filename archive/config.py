"""Where the archive lives. One setting, read from the environment at call time (not import
time) so tests and cron wrappers can point each run at its own database."""

from __future__ import annotations

import os

from archive.errors import DatabaseUnreachable

DEFAULT_DATABASE_URL = "sqlite:///archive.sqlite"
DATABASE_URL_ENV = "ARCHIVE_DATABASE_URL"
READ_ONLY_ENV = "ARCHIVE_READ_ONLY"


def read_only_requested() -> bool:
    """ARCHIVE_READ_ONLY=1 (or true/yes/on): open every archive read-only."""
    return os.environ.get(READ_ONLY_ENV, "").strip().lower() not in ("", "0", "false", "no", "off")


def database_url(explicit: str | None = None) -> str:
    """The database URL: an explicit value, else ARCHIVE_DATABASE_URL, else ./archive.sqlite.

    ``postgresql://`` URLs are given the psycopg 3 driver, so users can paste the usual form.
    An empty value (explicit, or ARCHIVE_DATABASE_URL set to nothing) is an error: falling
    back to the default made a new, empty archive in whatever directory the command ran in.
    """
    if explicit is not None and not explicit.strip():
        raise DatabaseUnreachable("the database URL is empty (set ARCHIVE_DATABASE_URL to one)")
    from_env = os.environ.get(DATABASE_URL_ENV)
    if explicit is None and from_env is not None and not from_env.strip():
        # Set but empty (a cron line's missing value): never a new archive where we stand.
        raise DatabaseUnreachable(
            f"{DATABASE_URL_ENV} is set but empty: give the archive's URL, or unset it for "
            f"the default ({DEFAULT_DATABASE_URL})"
        )
    url = (explicit or from_env or DEFAULT_DATABASE_URL).strip()
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url
