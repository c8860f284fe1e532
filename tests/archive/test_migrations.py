"""The migrations build exactly the models' schema, and undo it, on both backends."""

from __future__ import annotations

import pytest
from alembic import command
from alembic.util import CommandError
from sqlalchemy import inspect

from archive import db
from archive.errors import SchemaBehind
from archive.models import Base


def test_upgrade_check_downgrade(empty_db_url: str) -> None:
    db.upgrade(empty_db_url)
    engine = db.make_engine(empty_db_url)
    try:
        assert set(Base.metadata.tables) <= set(inspect(engine).get_table_names())
        db.require_current_schema(engine)
    finally:
        engine.dispose()
    command.check(db.alembic_config(empty_db_url))  # raises if autogenerate finds anything
    db.downgrade(empty_db_url, "base")
    engine = db.make_engine(empty_db_url)
    try:
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    finally:
        engine.dispose()


def test_check_detects_drift(empty_db_url: str) -> None:
    """alembic check must be able to fail: an archive at base differs from the models."""
    db.upgrade(empty_db_url)
    db.downgrade(empty_db_url, "base")
    engine = db.make_engine(empty_db_url)
    try:
        with pytest.raises(SchemaBehind, match="run: archive db upgrade"):
            db.require_current_schema(engine)
    finally:
        engine.dispose()
    with pytest.raises(CommandError):
        command.check(db.alembic_config(empty_db_url))
