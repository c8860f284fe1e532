"""open-version indexes: the site on each version, partial indexes over the open versions

Why (measured by ``benchmarks/query.py --plans`` at a million events, 1.2 million versions):

- the site filter joined every open version to its event, article and site to test the
  domain (5 s on SQLite, 3 s on PostgreSQL): ``event_versions.source_id`` now carries the
  article's site (an article never changes site), backfilled here and set by the writer, so
  the filter reads one index; ``events.source_id`` carries it too, with an index over
  (source_id, event_uid), so a site's first page in uid order is one walk of that index
  (walking every event in uid order passed every event of the sites before it: the uids
  start with the domain);
- SQLite's statistics (no STAT4) give ``valid_to = ?`` the average over every distinct
  ``valid_to``, about 13 rows, where ``valid_to IS NULL`` holds for a million: the planner
  then chose plans fit for 13 rows (a sort of every match). Partial indexes ``WHERE
  valid_to IS NULL`` have statistics of the open versions alone, and let a count of the
  events as they stand be answered from the index (on PostgreSQL an index-only scan, once
  VACUUM has set the visibility map, as autovacuum does for a real archive);
- the place filter (name, or the county/borough it was located in) reads the two partial
  indexes over (place, admin2) and (admin2, place) without touching the rows;
- so the indexes that led with ``valid_to`` (``ix_event_versions_current``, ``_current_type_date``,
  ``_current_size``) are replaced by partial ones over the same columns less ``valid_to``
  (while one leading with valid_to exists, SQLite prefers it, trusting its ~1 row), and the
  closed versions get their own partial index by ``valid_to`` (earlier versions, `archive
  changes`);
- ``ix_event_versions_open_event``: the open version of an event, when a page of events in
  uid order is read event by event;
- on PostgreSQL ``events.event_uid`` takes byte order (``COLLATE "C"``), the order every
  listing asks for (``ORDER BY event_uid COLLATE "C"``, as SQLite orders text): its unique
  index then gives a first page in uid order by walking it, where the database's own
  collation made PostgreSQL sort every event for it (1 s at a million events);
- ``--as-of`` with a type and dates read the span (valid_from, valid_to) of every version of
  those dates from each row: ``ix_event_versions_type_date_span`` holds it.

Revision ID: 7c3a9e1f5d20
Revises: 5b8f0d2c7e41
Create Date: 2026-12-01 17:00:00.000000

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "7c3a9e1f5d20"
down_revision: str | None = "5b8f0d2c7e41"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The indexes of the events as they stand that led with valid_to (5b8f0d2c7e41 and before),
# replaced by partial ones.
REPLACED = {
    "ix_event_versions_current": ["valid_to", "event_id"],
    "ix_event_versions_current_type_date": ["valid_to", "event_type", "event_date"],
    "ix_event_versions_current_size": ["valid_to", "attendance"],
}
# Each ends with valid_to (always NULL in them): SQLite takes an index as covering only when
# it holds every column the query names, the partial index's predicate's included.
OPEN_INDEXES = {
    "ix_event_versions_open_event": ["event_id", "valid_to"],
    "ix_event_versions_open_type_date": ["event_type", "event_date", "valid_to"],
    "ix_event_versions_open_size": ["attendance", "valid_to"],
    "ix_event_versions_open_source": ["source_id", "valid_to"],
    "ix_event_versions_open_place": ["place", "admin2", "valid_to"],
    "ix_event_versions_open_admin2": ["admin2", "place", "valid_to"],
}
CLOSED_INDEX = ("ix_event_versions_closed", ["valid_to"])
SPAN_INDEX = (
    "ix_event_versions_type_date_span",
    ["event_type", "event_date", "valid_from", "valid_to"],
)
FK = "fk_event_versions_source_id_sources"
EVENTS_FK = "fk_events_source_id_sources"
EVENTS_INDEX = ("ix_events_source_uid", ["source_id", "event_uid"])


def _uid_collation(collation: str | None) -> None:
    """events.event_uid in byte order ("C") or the database's default (None), on PostgreSQL.
    A column a view reads cannot change type, so the views are set aside and remade."""
    bind = op.get_bind()
    views = bind.execute(
        sa.text(
            "SELECT viewname, definition FROM pg_views WHERE schemaname = current_schema() "
            "ORDER BY viewname"
        )
    ).all()
    for name, _ in views:
        op.execute(f'DROP VIEW "{name}"')
    clause = f' COLLATE "{collation}"' if collation else ""
    op.execute(f"ALTER TABLE events ALTER COLUMN event_uid TYPE VARCHAR(255){clause}")
    for name, definition in views:
        op.execute(f'CREATE VIEW "{name}" AS {definition}')


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        _uid_collation("C")
        op.add_column("event_versions", sa.Column("source_id", sa.Integer(), nullable=True))
        op.create_foreign_key(FK, "event_versions", "sources", ["source_id"], ["id"])
        op.execute(
            "UPDATE event_versions AS v SET source_id = a.source_id "
            "FROM events AS e JOIN articles AS a ON a.id = e.article_id WHERE e.id = v.event_id"
        )
    else:
        # A plain ADD COLUMN with its named reference (SQLite can add a nullable column that
        # references another table without rebuilding the table and the views over it).
        op.execute(
            f"ALTER TABLE event_versions ADD COLUMN source_id INTEGER CONSTRAINT {FK} "
            "REFERENCES sources (id)"
        )
        op.execute(
            "UPDATE event_versions SET source_id = (SELECT a.source_id FROM events AS e "
            "JOIN articles AS a ON a.id = e.article_id WHERE e.id = event_versions.event_id)"
        )
    if dialect == "postgresql":
        op.add_column("events", sa.Column("source_id", sa.Integer(), nullable=True))
        op.create_foreign_key(EVENTS_FK, "events", "sources", ["source_id"], ["id"])
        op.execute(
            "UPDATE events AS e SET source_id = a.source_id FROM articles AS a "
            "WHERE a.id = e.article_id"
        )
    else:
        op.execute(
            f"ALTER TABLE events ADD COLUMN source_id INTEGER CONSTRAINT {EVENTS_FK} "
            "REFERENCES sources (id)"
        )
        op.execute(
            "UPDATE events SET source_id = "
            "(SELECT a.source_id FROM articles AS a WHERE a.id = events.article_id)"
        )
    op.create_index(EVENTS_INDEX[0], "events", EVENTS_INDEX[1])
    for name in REPLACED:
        op.drop_index(name, table_name="event_versions")
    where = sa.text("valid_to IS NULL")
    for name, columns in OPEN_INDEXES.items():
        op.create_index(name, "event_versions", columns, sqlite_where=where, postgresql_where=where)
    op.create_index(SPAN_INDEX[0], "event_versions", SPAN_INDEX[1])
    closed = sa.text("valid_to IS NOT NULL")
    op.create_index(
        CLOSED_INDEX[0],
        "event_versions",
        CLOSED_INDEX[1],
        sqlite_where=closed,
        postgresql_where=closed,
    )


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.drop_index(CLOSED_INDEX[0], table_name="event_versions")
    op.drop_index(SPAN_INDEX[0], table_name="event_versions")
    for name in reversed(OPEN_INDEXES):
        op.drop_index(name, table_name="event_versions")
    for name, columns in REPLACED.items():
        op.create_index(name, "event_versions", columns)
    op.drop_index(EVENTS_INDEX[0], table_name="events")
    if dialect == "postgresql":
        _uid_collation(None)
        op.drop_constraint(FK, "event_versions", type_="foreignkey")
        op.drop_column("event_versions", "source_id")
        op.drop_constraint(EVENTS_FK, "events", type_="foreignkey")
        op.drop_column("events", "source_id")
    else:
        # The column is in a reference, so SQLite rebuilds the table to drop it; the views
        # over the table would stop that rebuild's rename, so they are set aside and remade.
        bind = op.get_bind()
        views = bind.execute(
            sa.text("SELECT name, sql FROM sqlite_master WHERE type = 'view' ORDER BY name")
        ).all()
        for name, _ in views:
            op.execute(f'DROP VIEW "{name}"')
        with op.batch_alter_table("event_versions", schema=None) as batch_op:
            batch_op.drop_column("source_id")
        with op.batch_alter_table("events", schema=None) as batch_op:
            batch_op.drop_column("source_id")
        for _, sql in views:
            op.execute(sql)
