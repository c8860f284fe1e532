"""Throw-away databases for tests: every test gets its own, on SQLite and on PostgreSQL.

A migrated template is built once per test session per backend; each test then gets a copy
(a file copy on SQLite, ``CREATE DATABASE ... TEMPLATE`` on PostgreSQL), which is much faster
than migrating per test and keeps tests from seeing each other's rows.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from archive import db

POSTGRES_ENV = "ARCHIVE_TEST_POSTGRES_URL"
REQUIRE_POSTGRES_ENV = "ARCHIVE_TEST_REQUIRE_POSTGRES"


def postgres_admin_url() -> str | None:
    """The server tests may create databases on (None when not configured)."""
    raw = os.environ.get(POSTGRES_ENV)
    return db.database_url(raw) if raw else None


def postgres_required() -> bool:
    return os.environ.get(REQUIRE_POSTGRES_ENV, "") not in ("", "0")


def _admin_engine(admin_url: str):  # type: ignore[no-untyped-def]
    return create_engine(admin_url, isolation_level="AUTOCOMMIT", pool_pre_ping=True)


def create_postgres_database(admin_url: str, template: str | None = None) -> str:
    """Create a uniquely named database (optionally from a template); return its URL."""
    name = f"archive_test_{uuid.uuid4().hex[:16]}"
    engine = _admin_engine(admin_url)
    try:
        with engine.connect() as conn:
            clause = f' TEMPLATE "{template}"' if template else ""
            conn.execute(text(f'CREATE DATABASE "{name}"{clause}'))
    finally:
        engine.dispose()
    return make_url(admin_url).set(database=name).render_as_string(hide_password=False)


def drop_postgres_database(admin_url: str, url: str) -> None:
    name = make_url(url).database
    engine = _admin_engine(admin_url)
    try:
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        engine.dispose()


class DatabaseFactory:
    """Makes fresh migrated (or empty) databases for one backend during one test session."""

    def __init__(self, backend: str, workdir: Path) -> None:
        self.backend = backend
        self.workdir = workdir
        self._template: str | None = None
        self._admin = postgres_admin_url() if backend == "postgresql" else None

    def _sqlite_url(self, path: Path) -> str:
        return f"sqlite:///{path}"

    def _build_template(self) -> str:
        if self.backend == "sqlite":
            path = self.workdir / "template.sqlite"
            db.upgrade(self._sqlite_url(path))
            return str(path)
        assert self._admin
        url = create_postgres_database(self._admin)
        db.upgrade(url)
        return make_url(url).database or ""

    def migrated(self, dest_dir: Path) -> str:
        """URL of a new database at the current schema head."""
        if self._template is None:
            self._template = self._build_template()
        if self.backend == "sqlite":
            path = dest_dir / f"archive-{uuid.uuid4().hex[:8]}.sqlite"
            shutil.copyfile(self._template, path)
            return self._sqlite_url(path)
        assert self._admin
        return create_postgres_database(self._admin, template=self._template)

    def empty(self, dest_dir: Path) -> str:
        """URL of a new database with no schema at all (on SQLite an existing file: a
        missing one is no archive at all, see archive/sqlite_files.py)."""
        if self.backend == "sqlite":
            path = dest_dir / f"empty-{uuid.uuid4().hex[:8]}.sqlite"
            with closing(sqlite3.connect(path)) as conn:
                conn.executescript("CREATE TABLE scratch (x); DROP TABLE scratch;")
            return self._sqlite_url(path)
        assert self._admin
        return create_postgres_database(self._admin)

    def release(self, url: str) -> None:
        if self.backend == "postgresql" and self._admin:
            drop_postgres_database(self._admin, url)

    def close(self) -> None:
        if self.backend == "postgresql" and self._admin and self._template:
            admin = make_url(self._admin)
            drop_postgres_database(
                self._admin, admin.set(database=self._template).render_as_string(False)
            )


@contextmanager
def fresh_database(
    factory: DatabaseFactory, dest_dir: Path, migrated: bool = True
) -> Iterator[str]:
    url = factory.migrated(dest_dir) if migrated else factory.empty(dest_dir)
    try:
        yield url
    finally:
        factory.release(url)


@contextmanager
def select_only_role(url: str) -> Iterator[str]:
    """``url``'s PostgreSQL database through a new role granted SELECT on its tables (and
    views) and nothing else: a reader's access. Yields the role's URL; drops the role."""
    role = f"archive_reader_{uuid.uuid4().hex[:10]}"
    database = make_url(url).database
    owner = _admin_engine(url)
    try:
        with owner.connect() as conn:
            conn.execute(text(f'CREATE ROLE "{role}" LOGIN'))
            conn.execute(text(f'GRANT CONNECT ON DATABASE "{database}" TO "{role}"'))
            conn.execute(text(f'GRANT USAGE ON SCHEMA public TO "{role}"'))
            conn.execute(text(f'GRANT SELECT ON ALL TABLES IN SCHEMA public TO "{role}"'))
        yield make_url(url).set(username=role, password=None).render_as_string(False)
    finally:
        with owner.connect() as conn:
            conn.execute(
                text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = :r"),
                {"r": role},
            )
            conn.execute(text(f'REVOKE ALL ON ALL TABLES IN SCHEMA public FROM "{role}"'))
            conn.execute(text(f'REVOKE ALL ON SCHEMA public FROM "{role}"'))
            conn.execute(text(f'REVOKE ALL ON DATABASE "{database}" FROM "{role}"'))
            conn.execute(text(f'DROP ROLE "{role}"'))
        owner.dispose()
