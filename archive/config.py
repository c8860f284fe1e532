"""Where the archive lives. One setting, read from the environment at call time (not import
time) so tests and cron wrappers can point each run at its own database."""

from __future__ import annotations

import os

DEFAULT_DATABASE_URL = "sqlite:///archive.sqlite"
DATABASE_URL_ENV = "ARCHIVE_DATABASE_URL"
READ_ONLY_ENV = "ARCHIVE_READ_ONLY"


def read_only_requested() -> bool:
    """ARCHIVE_READ_ONLY=1 (or true/yes/on): open every archive read-only."""
    return os.environ.get(READ_ONLY_ENV, "").strip().lower() not in ("", "0", "false", "no", "off")


def database_url(explicit: str | None = None) -> str:
    """The database URL: an explicit value, else ARCHIVE_DATABASE_URL, else ./archive.sqlite.

    ``postgresql://`` URLs are given the psycopg 3 driver, so users can paste the usual form.
    """
    url = explicit or os.environ.get(DATABASE_URL_ENV) or DEFAULT_DATABASE_URL
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url
