"""Alembic environment: the URL comes from ARCHIVE_DATABASE_URL (or the caller), never from a
config file; SQLite runs in batch mode so ALTERs work there too."""

from __future__ import annotations

from alembic import context

from archive.config import database_url
from archive.db import make_engine
from archive.models import Base

config = context.config
target_metadata = Base.metadata


def _url() -> str:
    return config.attributes.get("database_url") or database_url()


def run_migrations_offline() -> None:
    url = _url()
    context.configure(
        url=url,
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=url.startswith("sqlite"),
        user_module_prefix="archive.types.",
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(_url(), create=True, read_only=False)
    try:
        with engine.connect() as conn:
            _run(conn)
    finally:
        engine.dispose()


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        # Batch mode rebuilds a table (create a copy, drop the old, rename the copy). With
        # foreign keys on, dropping a table other rows point at fails; with the modern
        # ALTER TABLE, renaming fails while a view (current_events) names the dropped table.
        # Both pragmas only apply outside a transaction, so before the migrations' own; the
        # foreign keys are checked once all migrations have run.
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        connection.exec_driver_sql("PRAGMA legacy_alter_table=ON")
        connection.commit()
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        user_module_prefix="archive.types.",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
    if sqlite:
        broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        connection.exec_driver_sql("PRAGMA legacy_alter_table=OFF")
        connection.exec_driver_sql("PRAGMA foreign_keys=ON")
        connection.commit()
        if broken:
            raise RuntimeError(
                f"migration left rows whose foreign keys point nowhere: {broken[:5]}"
            )


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
