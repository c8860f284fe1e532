"""Alembic migrations of the archive schema (shipped as a package so `archive db upgrade`
works from an installed copy too)."""
