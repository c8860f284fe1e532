"""Shared fixtures. Every test that touches a database gets its own, once per backend:
``db_url`` / ``archive`` are parametrised over SQLite and the real PostgreSQL server named by
ARCHIVE_TEST_POSTGRES_URL (skipped when unset, a failure when ARCHIVE_TEST_REQUIRE_POSTGRES=1,
as in CI)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from archive import db
from tests.support.cli import Cli, run_cli
from tests.support.databases import (
    DatabaseFactory,
    fresh_database,
    postgres_admin_url,
    postgres_required,
)

BACKENDS = ("sqlite", "postgresql")
# The backends as test parameters: the PostgreSQL ones carry the `postgres` marker, so
# `pytest -m "not postgres"` runs the SQLite half alone.
BACKEND_PARAMS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres),
]
REPO_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _no_user_archive(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test may fall back to ./archive.sqlite: point the default at the test's own dir."""
    monkeypatch.setenv("ARCHIVE_DATABASE_URL", f"sqlite:///{tmp_path / 'default-archive.sqlite'}")


@pytest.fixture(scope="session")
def _db_factories(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, DatabaseFactory]]:
    work = tmp_path_factory.mktemp("db-templates")
    factories = {b: DatabaseFactory(b, work) for b in BACKENDS}
    yield factories
    for factory in factories.values():
        factory.close()


def _factory_for(
    request: pytest.FixtureRequest, factories: dict[str, DatabaseFactory]
) -> DatabaseFactory:
    backend: str = request.param
    if backend == "postgresql" and postgres_admin_url() is None:
        if postgres_required():
            pytest.fail("ARCHIVE_TEST_POSTGRES_URL is not set but PostgreSQL is required")
        pytest.skip("PostgreSQL not configured (set ARCHIVE_TEST_POSTGRES_URL)")
    return factories[backend]


@pytest.fixture(params=BACKEND_PARAMS)
def db_url(
    request: pytest.FixtureRequest, _db_factories: dict[str, DatabaseFactory], tmp_path: Path
) -> Iterator[str]:
    """URL of a fresh database at the schema head, on each backend."""
    with fresh_database(_factory_for(request, _db_factories), tmp_path) as url:
        yield url


@pytest.fixture(params=BACKEND_PARAMS)
def empty_db_url(
    request: pytest.FixtureRequest, _db_factories: dict[str, DatabaseFactory], tmp_path: Path
) -> Iterator[str]:
    """URL of a fresh database with no schema, on each backend."""
    with fresh_database(_factory_for(request, _db_factories), tmp_path, migrated=False) as url:
        yield url


@dataclass
class Archive:
    url: str
    engine: Engine
    sessions: sessionmaker[Session]

    @property
    def backend(self) -> str:
        return self.engine.dialect.name


@pytest.fixture
def archive(db_url: str) -> Iterator[Archive]:
    """An open, migrated, empty archive (engine + session factory) on each backend."""
    engine, sessions = db.open_archive(db_url)
    try:
        yield Archive(db_url, engine, sessions)
    finally:
        engine.dispose()


@pytest.fixture
def cli(
    archive: Archive, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Cli:
    """Run `archive ARGS...` in-process against the test's archive: (exit code, out, err)."""
    monkeypatch.setenv("ARCHIVE_DATABASE_URL", archive.url)

    def invoke(*argv: str) -> tuple[int, str, str]:
        result = run_cli(capsys, *argv)
        return result.code, result.out, result.err

    return invoke
