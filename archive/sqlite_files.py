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
import sqlite3
import stat
import time
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from sqlalchemy.engine import URL

from archive.errors import ArchiveCorrupt, DatabaseUnreachable

# The URL query option that makes the archive immutable (SQLite's own URI option's name).
IMMUTABLE_QUERY = "immutable"
# Reads of a damaged-looking schema root before it is believed, and the pause between them.
PROBE_ATTEMPTS = 3
PROBE_PAUSE_S = 0.05


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


def _uri(path: Path, options: str) -> str:
    return f"file:{quote(str(path))}?{options}"


def _read_schema_root(path: Path, options: str) -> None:
    with closing(sqlite3.connect(_uri(path, options), uri=True, timeout=1)) as conn:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()


def _corrupt(path: Path, message: str) -> ArchiveCorrupt | None:
    if "not a database" in message:
        return ArchiveCorrupt(
            f"{path} is not an SQLite archive (its first bytes are not an SQLite header: "
            "overwritten or corrupt)"
        )
    if "malformed" in message:
        return ArchiveCorrupt(f"{path} is truncated or damaged ({message}): restore it from a copy")
    return None


def _probe(path: Path) -> None:
    """Read the file's header and schema root through SQLite itself, immutably (no lock, no
    journal, nothing created beside it): a one-line error for a file that is not, or no
    longer, an SQLite database. A damaged page is read again after a moment before it is
    believed: a read without a lock can meet a page a checkpoint is writing.

    Why through SQLite and not by reading the bytes: closing any descriptor of a file drops
    every POSIX lock this process holds on it, so a plain open/read/close here would take
    the locks of the archive's open connections away (other processes then meet "disk I/O
    error"); SQLite keeps such descriptors open while it holds locks.
    """
    for attempt in range(PROBE_ATTEMPTS):
        try:
            _read_schema_root(path, "mode=ro&immutable=1")
            return
        except sqlite3.DatabaseError as exc:
            message = str(exc)
        corrupt = _corrupt(path, message)
        if corrupt is None:
            raise DatabaseUnreachable(f"cannot read {path}: {message}")
        if "malformed" not in message or attempt == PROBE_ATTEMPTS - 1:
            raise corrupt
        time.sleep(PROBE_PAUSE_S)


def _readable_without_writing(path: Path) -> bool:
    """Whether ``mode=ro`` reads it (not so for a WAL archive whose -shm file is gone and
    cannot be made)."""
    try:
        _read_schema_root(path, "mode=ro")
    except sqlite3.Error:
        return False
    return True


def inspect(url: URL, *, env_read_only: bool, create: bool) -> SqliteFile | None:
    """How to open the file ``url`` names, or a one-line error.

    ``create``: a missing file may be created (only `archive db upgrade` does that); otherwise
    a missing file is an error, not a new empty archive. A read-only open is asked for, or
    taken when this process cannot write the file or its directory (SQLite's journal files
    live beside it). A read-only archive that ``mode=ro`` cannot read (a WAL archive whose
    shared-memory file is gone and cannot be made) is opened immutable: no writer can be at
    work on it then (a writer keeps that file).
    """
    path = sqlite_file_path(url)
    if path is None:
        return None
    shown = url.render_as_string(hide_password=True)
    try:
        status = path.stat()  # no descriptor opened: see _probe
    except FileNotFoundError:
        if create:
            return SqliteFile(path, read_only=False, immutable=False)
        raise DatabaseUnreachable(
            f"cannot reach database {shown}: no such file (a new archive is made only by "
            "`archive db upgrade`)"
        ) from None
    except OSError as exc:
        raise DatabaseUnreachable(f"cannot reach database {shown}: {exc.strerror or exc}") from None
    if stat.S_ISDIR(status.st_mode):
        raise DatabaseUnreachable(f"cannot reach database {shown}: it is a directory")
    if status.st_size == 0:
        if create:
            return SqliteFile(path, read_only=False, immutable=False)
        raise ArchiveCorrupt(
            f"{path} is an empty file (0 bytes), not an archive: `archive db upgrade` makes "
            "one in it"
        )
    _probe(path)
    directory = path.parent if str(path.parent) else Path(".")
    dir_writable = os.access(directory, os.W_OK)
    reason = None
    if env_read_only:
        reason = "ARCHIVE_READ_ONLY is set"
    elif asks_read_only(url, False):
        reason = "its URL says mode=ro or immutable=1"
    elif not dir_writable or not os.access(path, os.W_OK):
        reason = f"this process cannot write {path} or its directory"
    read_only = reason is not None
    immutable = _truthy(url.query.get(IMMUTABLE_QUERY)) or (
        read_only
        and not dir_writable
        and not Path(f"{path}-shm").exists()
        and not _readable_without_writing(path)
    )
    return SqliteFile(path, read_only=read_only, immutable=immutable, reason=reason)
