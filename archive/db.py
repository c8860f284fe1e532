"""Engines, sessions and schema state.

SQLite is opened with foreign keys on, a WAL journal and a busy timeout, so a researcher
reading the archive while a crawl writes to it neither blocks the crawl nor sees an error.
Every command checks the schema revision first and says "run: archive db upgrade" rather than
failing later on a missing column.

Read-only use: an SQLite archive this process cannot write (the file or its directory), or
one named with ``?mode=ro`` / ``?immutable=1``, or any archive with ARCHIVE_READ_ONLY=1, is
opened without setting up the WAL journal and with writes refused by the database itself
(SQLite's ``query_only``, PostgreSQL's ``default_transaction_read_only``), so reading never
needs more than read access (a SELECT-only role on PostgreSQL).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

import migrations
from archive.config import database_url, read_only_requested
from archive.errors import (
    ArchiveReadOnly,
    BadInput,
    DatabaseUnreachable,
    SchemaBehind,
    SchemaNewer,
)
from archive.sqlite_files import inspect

SQLITE_BUSY_TIMEOUT_MS = 30_000
BUSY_TIMEOUT_ENV = "ARCHIVE_SQLITE_BUSY_TIMEOUT"
# Tables a crawl writes to: a role that may not insert into them cannot crawl.
CRAWL_TABLES = ("crawl_runs", "parse_runs", "fetches", "articles", "snapshots", "event_versions")


def busy_timeout_ms() -> int:
    """How long an SQLite connection waits for another process's lock before giving up:
    ARCHIVE_SQLITE_BUSY_TIMEOUT seconds, default 30."""
    raw = os.environ.get(BUSY_TIMEOUT_ENV, "").strip()
    if not raw:
        return SQLITE_BUSY_TIMEOUT_MS
    try:
        seconds = float(raw)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds <= 86_400:
        raise BadInput(f"{BUSY_TIMEOUT_ENV} must be seconds from 0 to 86400, got {raw!r}")
    return int(seconds * 1000)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={busy_timeout_ms()}")
    # Only a journal that is not WAL yet is changed (a write); an archive already in WAL,
    # the usual case, is left alone.
    if str(cursor.execute("PRAGMA journal_mode").fetchone()[0]).lower() != "wal":
        cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_read_only_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout={busy_timeout_ms()}")
    cursor.execute("PRAGMA query_only=ON")
    cursor.close()


def _sqlite_take_write_lock(dbapi_connection: Any, _record: Any) -> None:
    # pysqlite would begin transactions itself, only before a write, and a SAVEPOINT outside
    # one would commit on RELEASE: let SQLAlchemy's begin below say BEGIN instead.
    dbapi_connection.isolation_level = None


def _sqlite_begin_immediate(conn: Any) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE")


def make_engine(
    url: str | None = None,
    *,
    writer: bool = False,
    create: bool = False,
    read_only: bool | None = None,
    **kwargs: Any,
) -> Engine:
    """An engine for ``url`` (default: :func:`archive.config.database_url`).

    ``writer``: on SQLite, every transaction takes the write lock when it begins (waiting
    up to the busy timeout) and SAVEPOINTs nest inside it, for a writer that groups many
    pages in one transaction, each in a savepoint: it never meets another writer's commit
    half-way through a group. PostgreSQL needs nothing of the kind.

    ``create``: a missing SQLite file may be created (`archive db upgrade`); for every other
    use it is a one-line error. ``read_only``: see the module's docstring (None: as
    ARCHIVE_READ_ONLY, the URL and the file's permissions say); the engine's
    ``archive_read_only`` attribute records which it is.
    """
    resolved = database_url(url)
    try:
        parsed = make_url(resolved)
    except ArgumentError as exc:
        raise DatabaseUnreachable(f"not a database URL: {resolved!r}") from exc
    wants_read_only = read_only_requested() if read_only is None else read_only
    if parsed.get_backend_name() == "sqlite":
        kwargs.setdefault("connect_args", {}).setdefault("timeout", busy_timeout_ms() / 1000)
        found = inspect(parsed, env_read_only=wants_read_only, create=create)
        if found is not None and (found.read_only or found.immutable):
            # Opened through SQLite's URI form so mode=ro / immutable=1 reach SQLite itself.
            query = {k: v for k, v in parsed.query.items() if k not in ("mode", "immutable")}
            parsed = parsed.set(database=found.uri(), query={**query, "uri": "true"})
            engine = create_engine(parsed, **kwargs)
            event.listen(engine, "connect", _sqlite_read_only_pragmas)
            engine.archive_read_only = found.reason or "read-only"  # type: ignore[attr-defined]
            return engine
        engine = create_engine(parsed, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        if writer:
            event.listen(engine, "connect", _sqlite_take_write_lock)
            event.listen(engine, "begin", _sqlite_begin_immediate)
        engine.archive_read_only = None  # type: ignore[attr-defined]
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    kwargs.setdefault("connect_args", {}).setdefault("connect_timeout", 10)
    if wants_read_only:
        options = kwargs["connect_args"].get("options", "")
        kwargs["connect_args"]["options"] = f"{options} -c default_transaction_read_only=on".strip()
    try:
        engine = create_engine(parsed, **kwargs)
    except Exception as exc:  # missing driver, bad option: still a user-facing one-liner
        raise DatabaseUnreachable(f"cannot use database {parsed!r}: {exc}") from exc
    engine.archive_read_only = (  # type: ignore[attr-defined]
        "ARCHIVE_READ_ONLY is set" if wants_read_only else None
    )
    return engine


def read_only_reason(engine: Engine) -> str | None:
    """Why ``engine`` was opened read-only (None: it was not; see :func:`make_engine`)."""
    reason: str | None = getattr(engine, "archive_read_only", None)
    return reason


def require_writable(engine: Engine, command: str) -> None:
    """Refuse, in one line, to run a command that writes on a read-only archive."""
    reason = read_only_reason(engine)
    if reason is not None:
        raise ArchiveReadOnly(f"the archive is read-only ({reason}): {command} writes to it")


def probe_writes(url: str | None, command: str) -> None:
    """Check, before a long run starts, that it will be able to write: on SQLite take the
    write lock once (waiting the busy timeout for another writer), on PostgreSQL ask whether
    the role may insert into the tables it writes. A failure is the one-line error the
    run would otherwise meet in its writer process, minutes later, as a traceback."""
    engine = make_engine(url, writer=True)
    try:
        require_writable(engine, command)
        if engine.dialect.name == "sqlite":
            with engine.begin():
                pass  # BEGIN IMMEDIATE (see make_engine's writer) and an empty commit
            return
        with engine.connect() as conn:
            refused = [
                table
                for table in CRAWL_TABLES
                if not conn.execute(
                    text("SELECT has_table_privilege(:t, 'INSERT')"), {"t": table}
                ).scalar()
            ]
        if refused:
            raise ArchiveReadOnly(
                f"the database role may not write the archive (no INSERT on "
                f"{', '.join(refused)}): {command} writes to it"
            )
    finally:
        engine.dispose()


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions that keep loaded objects usable after commit (the store returns them)."""
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def unit_of_work(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One transaction: commit on success, roll back everything on any error."""
    with factory() as session, session.begin():
        yield session


def alembic_config(url: str | None = None) -> Config:
    """Alembic configuration pointing at the packaged migrations (works installed or not)."""
    cfg = Config()
    cfg.set_main_option("script_location", str(Path(next(iter(migrations.__path__)))))
    cfg.attributes["database_url"] = database_url(url)
    return cfg


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    """The archive's schema revision (None for an empty database); one-line error if the
    database cannot be reached."""
    try:
        with engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    except OperationalError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise DatabaseUnreachable(
            f"cannot reach database {engine.url.render_as_string(hide_password=True)}: {reason}"
        ) from exc


def _known_revision(revision: str) -> bool:
    from alembic.util import CommandError

    try:
        return ScriptDirectory.from_config(alembic_config()).get_revision(revision) is not None
    except CommandError:  # alembic's ResolutionError is one
        return False


def refuse_newer_schema(current: str | None) -> None:
    """A schema this code has no migration for was made by newer code: say so (upgrading
    cannot help, and downgrading it would need the newer code's migrations)."""
    if current is not None and not _known_revision(current):
        raise SchemaNewer(
            f"this archive is newer than the code: its schema {current} is unknown to this "
            f"code (whose newest is {head_revision()}); use the campaign-archive version that "
            "made it, or a newer one"
        )


def require_current_schema(engine: Engine) -> None:
    """Refuse to work on an archive whose schema is not this code's (behind it: upgrade;
    newer than it: newer code)."""
    current = current_revision(engine)
    head = head_revision()
    refuse_newer_schema(current)
    if current != head:
        where = "has no schema" if current is None else f"is at schema {current}, code needs {head}"
        raise SchemaBehind(f"the archive {where}; run: archive db upgrade")


def upgrade(url: str | None = None, revision: str = "head") -> None:
    """Bring the schema up to ``revision`` (what `archive db upgrade` runs)."""
    from alembic import command

    engine = make_engine(url, create=True)
    try:
        require_writable(engine, "`archive db upgrade`")
        # A reachability check with a readable error, and no downgrade by accident.
        refuse_newer_schema(current_revision(engine))
    finally:
        engine.dispose()
    if revision != "head" and not _known_revision(revision):
        raise BadInput(
            f"--revision: no schema revision {revision!r} (the newest is {head_revision()})"
        )
    command.upgrade(alembic_config(url), revision)


def downgrade(url: str | None = None, revision: str = "base") -> None:
    from alembic import command

    command.downgrade(alembic_config(url), revision)


def open_archive(
    url: str | None = None, *, writer: bool = False, writes: str | None = None
) -> tuple[Engine, sessionmaker[Session]]:
    """Engine + session factory for a reachable archive whose schema is current
    (``writer``: see :func:`make_engine`; ``writes``: the command, which writes, so a
    read-only archive is refused in one line naming it)."""
    engine = make_engine(url, writer=writer)
    try:
        if writes is not None:
            require_writable(engine, writes)
        require_current_schema(engine)
    except BaseException:
        engine.dispose()
        raise
    return engine, session_factory(engine)


def realign_sequences(engine: Engine) -> None:
    """Move every PostgreSQL id sequence past the largest id in its table.

    Why: rows inserted with explicit ids (the benchmarks' bulk builders, a restore) leave the
    sequences where they were, so the next ordinary insert (a crawl's first new article)
    takes an id already used and fails. SQLite needs nothing: a new rowid follows the
    largest one."""
    if engine.dialect.name != "postgresql":
        return
    from archive.models import Base

    with engine.begin() as conn:
        for table in Base.metadata.sorted_tables:
            keys = list(table.primary_key.columns)
            if len(keys) != 1:
                continue
            sequence = conn.scalar(
                text("SELECT pg_get_serial_sequence(:t, :c)"),
                {"t": table.name, "c": keys[0].name},
            )
            if sequence is None:
                continue
            largest = conn.scalar(select(func.max(keys[0])))
            conn.execute(
                text("SELECT setval(:s, :v, :called)"),
                {"s": sequence, "v": largest or 1, "called": largest is not None},
            )
