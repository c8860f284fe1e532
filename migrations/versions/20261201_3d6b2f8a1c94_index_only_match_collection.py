"""index-only match collection on PostgreSQL: the filter indexes carry the version and event ids

Why (measured by ``benchmarks/query.py`` at a million events, EXPLAIN ANALYZE): for the first
page of a selective filter in uid order (type + year, minimum size, as of a past date with a
type and a year: a few thousand matches) PostgreSQL walked ``events`` in uid order testing
each event's version (a LIMIT plan, fit for matches spread evenly), which passed 150,000
events for a late year (the uids run with the article numbers, so a year's events sit
together, late in each site's range): 300-470 ms. `archive events` now collects such matches
first and sorts them (archive/export/selection.py, ``read_shape``); these indexes let that
collection be an index-only scan (the version's id to join back, the event's id to read its
uid) instead of reading each matching row from the table (9,000 matches: 2 ms instead of
110 ms). SQLite needs nothing: its indexes hold the rowid, and its plans were under target.

Revision ID: 3d6b2f8a1c94
Revises: 7c3a9e1f5d20
Create Date: 2026-12-01 20:15:00.000000

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "3d6b2f8a1c94"
down_revision: str | None = "7c3a9e1f5d20"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INCLUDE = ["id", "event_id"]
# name: (columns, partial over the open versions)
INDEXES = {
    "ix_event_versions_open_type_date": (["event_type", "event_date", "valid_to"], True),
    "ix_event_versions_open_size": (["attendance", "valid_to"], True),
    "ix_event_versions_type_date_span": (
        ["event_type", "event_date", "valid_from", "valid_to"],
        False,
    ),
}


def _remake(include: list[str] | None) -> None:
    for name, (columns, partial) in INDEXES.items():
        op.drop_index(name, table_name="event_versions")
        extra: dict[str, object] = {}
        if partial:
            extra["postgresql_where"] = sa.text("valid_to IS NULL")
        if include:
            extra["postgresql_include"] = include
        op.create_index(name, "event_versions", columns, **extra)  # type: ignore[arg-type]


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _remake(INCLUDE)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _remake(None)
