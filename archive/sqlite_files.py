"""What an SQLite archive's file allows before anything opens it: does it exist, is it an SQLite
file at all (or a truncated one), and may this process write to it.

Why before opening: SQLite creates a missing file silently (a mistyped path became a new,
empty archive), accepts a truncated file until some later query reads past its end, and a
connection that sets up its WAL journal writes to the file and its directory. Looking at the
file first turns each of these into one line a user can act on, and lets a reader open an
archive it cannot write (a shared read-only copy, another user's directory) without writing.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from sqlalchemy.engine import URL

from archive.errors import ArchiveCorrupt, DatabaseUnreachable

SQLITE_MAGIC = b"SQLite format 3\x00"
HEADER_SIZE = 100
# URL query options that make the archive read-only (as SQLite's own URI options name them).
READ_ONLY_QUERY = {"mode": "ro"}
IMMUTABLE_QUERY = "immutable"


@dataclass(frozen=True)
class SqliteFile:
    """How to open one SQLite archive file."""

    path: Path
    read_only: bool
    immutable: bool
    reason: str | None = None  # why it is read-only, in words

    def uri(self) -> str:
        """The SQLite URI that opens it so (``mode=ro``, ``immutable=1``)."""
        options = []
        if self.read_only:
            options.append("mode=ro")
        if self.immutable:
            options.append("immutable=1")
        query = ("?" + "&".join(options)) if options else ""
        return f"file:{quote(str(self.path))}{query}"


def sqlite_file_path(url: URL) -> Path | None:
    """The file an ``sqlite://`` URL names (None: an in-memory database)."""
    name = url.database
    if not name or name == ":memory:" or url.query.get("mode") == "memory":
        return None
    if name.startswith("file:"):  # SQLite's own URI form, sqlite:///file:PATH?uri=true
        name = name[len("file:") :].split("?", 1)[0]
    return Path(name)


def _truthy(value: str | tuple[str, ...] | None) -> bool:
    if isinstance(value, tuple):
        value = value[-1] if value else None
    return value is not None and value.strip().lower() not in ("", "0", "false", "no", "off")


def asks_read_only(url: URL, env_read_only: bool) -> bool:
    """Whether the user asked for read-only use (``?mode=ro``, ``?immutable=1`` or the
    ARCHIVE_READ_ONLY setting)."""
    mode = url.query.get("mode")
    mode = mode[-1] if isinstance(mode, tuple) else mode
    return env_read_only or mode == "ro" or _truthy(url.query.get(IMMUTABLE_QUERY))


def _wal_header(header: bytes) -> bool:
    # Bytes 18 and 19 are the file format's write and read versions: 2 means WAL.
    return len(header) >= 20 and header[18] == 2 and header[19] == 2


def check_header(path: Path, header: bytes, size: int) -> None:
    """A one-line error for a file that is not, or no longer, a whole SQLite database."""
    shown = str(path)
    if not header.startswith(SQLITE_MAGIC) or len(header) < HEADER_SIZE:
        raise ArchiveCorrupt(
            f"{shown} is not an SQLite archive (its first bytes are not an SQLite header: "
            "overwritten or corrupt)"
        )
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    change_counter = header[24:28]
    valid_for = header[92:96]
    # The header's page count is only kept up to date when these two agree (SQLite >= 3.7).
    if pages and change_counter == valid_for and size < pages * page_size:
        raise ArchiveCorrupt(
            f"{shown} is truncated ({size} bytes of the {pages * page_size} its header "
            "records): restore it from a copy"
        )


def inspect(url: URL, *, env_read_only: bool, create: bool) -> SqliteFile | None:
    """How to open the file ``url`` names, or a one-line error.

    ``create``: a missing file may be created (only `archive db upgrade` does that); otherwise
    a missing file is an error, not a new empty archive. A read-only open is asked for, or
    taken when this process cannot write the file or its directory (SQLite's journal files
    live beside it). A WAL archive whose shared-memory file is absent and cannot be created
    is opened immutable: no writer can be running on it then (a writer keeps that file).
    """
    path = sqlite_file_path(url)
    if path is None:
        return None
    shown = url.render_as_string(hide_password=True)
    try:
        with path.open("rb") as handle:
            header = handle.read(HEADER_SIZE)
        size = path.stat().st_size
    except FileNotFoundError:
        if create:
            return SqliteFile(path, read_only=False, immutable=False)
        raise DatabaseUnreachable(
            f"cannot reach database {shown}: no such file (a new archive is made only by "
            "`archive db upgrade`)"
        ) from None
    except IsADirectoryError:
        raise DatabaseUnreachable(f"cannot reach database {shown}: it is a directory") from None
    except OSError as exc:
        raise DatabaseUnreachable(f"cannot reach database {shown}: {exc.strerror or exc}") from None
    if size == 0:
        if create:
            return SqliteFile(path, read_only=False, immutable=False)
        raise ArchiveCorrupt(
            f"{path} is an empty file (0 bytes), not an archive: `archive db upgrade` makes "
            "one in it"
        )
    check_header(path, header, size)
    directory = path.parent if str(path.parent) else Path(".")
    dir_writable = os.access(directory, os.W_OK)
    cannot_write = not dir_writable or not os.access(path, os.W_OK)
    reason = None
    if env_read_only:
        reason = "ARCHIVE_READ_ONLY is set"
    elif asks_read_only(url, False):
        reason = "its URL says mode=ro or immutable=1"
    elif cannot_write:
        reason = f"this process cannot write {path} or its directory"
    read_only = reason is not None
    shm = Path(f"{path}-shm")
    immutable = _truthy(url.query.get(IMMUTABLE_QUERY)) or (
        read_only and _wal_header(header) and not shm.exists() and not dir_writable
    )
    return SqliteFile(path, read_only=read_only, immutable=immutable, reason=reason)
