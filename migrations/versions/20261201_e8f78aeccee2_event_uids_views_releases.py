"""event uids, SQL NULL votes, ISO times on SQLite, current_events and event_history views,
releases

Revision ID: e8f78aeccee2
Revises: da3aeed4bb17
Create Date: 2026-12-01 12:03:29

- ``events.event_uid``: the public id, filled in for existing events the way the store assigns
  it (``domain:site article id:n``, n counting an article's events in the order of their row
  ids, which is the order they were recorded).
- ``event_versions.votes``: JSON ``'null'`` becomes SQL NULL.
- SQLite: every time becomes ISO 8601 text in UTC, ``2026-12-01T08:57:46+00:00``, the way
  `archive` prints it (Python's ``isoformat()``) (archive/types.py), so SQL comparisons with printed times are right.
- The views ``current_events`` (one row per event as it stands) and ``event_history`` (every
  version), with the source columns; their SQL is frozen here (a later migration that changes
  them drops and creates them again).
- ``releases``: named, immutable cuts.

Everything is undone by the downgrade.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import archive.types

revision: str = "e8f78aeccee2"
down_revision: str | None = "da3aeed4bb17"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TIME_COLUMNS: dict[str, tuple[str, ...]] = {
    "sources": ("created_at",),
    "articles": ("first_seen_at", "last_seen_at"),
    "article_urls": ("first_seen_at", "last_seen_at"),
    "crawl_runs": ("started_at", "finished_at"),
    "parse_runs": ("started_at", "finished_at"),
    "snapshots": ("fetched_at", "last_seen_at"),
    "fetches": ("fetched_at",),
    "snapshot_parses": ("parsed_at",),
    "events": ("created_at",),
    "event_lineage": ("recorded_at",),
    "event_versions": ("valid_from", "valid_to"),
}

URL_DIGEST_CHARS = 12
UID_BATCH = 5000


def _stem(domain: str, site_article_id: str | None, canonical_url: str) -> str:
    # Frozen copy of archive.store.uids.article_stem as of this revision.
    if site_article_id:
        return f"{domain}:{site_article_id}"
    return (
        f"{domain}:{hashlib.sha256(canonical_url.encode('utf-8')).hexdigest()[:URL_DIGEST_CHARS]}"
    )


def _votes_for(dialect: str, key: str) -> str:
    if dialect == "sqlite":
        return f"CAST(json_extract(v.votes, '$.\"{key}\"') AS INTEGER)"
    return f"CAST(v.votes ->> '{key}' AS INTEGER)"


def _select(dialect: str, history: bool) -> str:
    span = (
        "v.valid_from, v.valid_to, v.closed_by_parse_run_id, "
        "CASE WHEN v.valid_to IS NULL THEN 1 ELSE 0 END AS is_current"
        if history
        else "v.valid_from"
    )
    where = "" if history else "WHERE v.valid_to IS NULL"
    return f"""
SELECT
    e.event_uid,
    e.id AS event_id,
    v.id AS version_id,
    a.id AS article_id,
    s.domain AS site,
    a.site_article_id,
    a.canonical_url AS source_url,
    a.title AS article_title,
    a.published,
    v.snapshot_id,
    v.parser_version,
    v.parse_run_id,
    {span},
    v.segment,
    v.heading,
    v.text,
    v.event_type,
    v.event_date,
    v.place,
    v.venue,
    v.attendance AS size_low,
    v.attendance,
    v.attendance_text,
    v.votes,
    {_votes_for(dialect, "for")} AS votes_for,
    {_votes_for(dialect, "against")} AS votes_against,
    v.papers_sold,
    v.money_raised,
    v.speakers,
    v.organisations,
    v.reporter
FROM event_versions v
JOIN events e ON e.id = v.event_id
JOIN articles a ON a.id = e.article_id
JOIN sources s ON s.id = a.source_id
{where}
"""


def create_views(dialect: str) -> None:
    op.execute(f"CREATE VIEW current_events AS {_select(dialect, history=False)}")
    op.execute(f"CREATE VIEW event_history AS {_select(dialect, history=True)}")


def drop_views() -> None:
    op.execute("DROP VIEW IF EXISTS event_history")
    op.execute("DROP VIEW IF EXISTS current_events")


def _sqlite_times_to_iso() -> None:
    # '2026-12-01 08:57:46.250000' -> '2026-12-01T08:57:46.250000+00:00' and
    # '2026-12-01 08:57:46.000000' -> '2026-12-01T08:57:46+00:00' (Python's isoformat()).
    for table, columns in TIME_COLUMNS.items():
        for c in columns:
            fraction = (
                f"CASE WHEN length({c}) > 20 AND substr({c}, 21) <> '000000' "
                f"THEN '.' || substr(substr({c}, 21) || '000000', 1, 6) ELSE '' END"
            )
            op.execute(
                f"UPDATE {table} SET {c} = substr({c}, 1, 10) || 'T' || substr({c}, 12, 8) || "
                f"{fraction} || '+00:00' WHERE {c} LIKE '____-__-__ __:__:__%'"
            )


def _sqlite_times_from_iso() -> None:
    for table, columns in TIME_COLUMNS.items():
        for c in columns:
            fraction = (
                f"CASE WHEN substr({c}, 20, 1) = '.' THEN substr({c}, 21, 6) ELSE '000000' END"
            )
            op.execute(
                f"UPDATE {table} SET {c} = substr({c}, 1, 10) || ' ' || substr({c}, 12, 8) || "
                f"'.' || {fraction} WHERE {c} LIKE '____-__-__T%'"
            )


def _backfill_uids() -> None:
    bind = op.get_bind()
    rows = bind.execute(
        sa.text(
            "SELECT e.id, e.article_id, s.domain, a.site_article_id, a.canonical_url "
            "FROM events e JOIN articles a ON a.id = e.article_id "
            "JOIN sources s ON s.id = a.source_id ORDER BY e.article_id, e.id"
        )
    ).fetchall()
    updates: list[dict[str, object]] = []
    article: int | None = None
    n = 0
    for event_id, article_id, domain, site_article_id, url in rows:
        if article_id != article:
            article, n = article_id, 0
        n += 1
        updates.append({"id": event_id, "uid": f"{_stem(domain, site_article_id, url)}:{n}"})
    statement = sa.text("UPDATE events SET event_uid = :uid WHERE id = :id")
    for i in range(0, len(updates), UID_BATCH):
        bind.execute(statement, updates[i : i + UID_BATCH])


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        _sqlite_times_to_iso()

    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("event_uid", sa.String(length=255), nullable=True))
    _backfill_uids()
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.alter_column("event_uid", existing_type=sa.String(length=255), nullable=False)
        batch_op.create_unique_constraint(batch_op.f("uq_events_event_uid"), ["event_uid"])

    if dialect == "sqlite":
        op.execute("UPDATE event_versions SET votes = NULL WHERE votes = 'null'")
    else:
        op.execute("UPDATE event_versions SET votes = NULL WHERE json_typeof(votes) = 'null'")

    op.create_table(
        "releases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("as_of", archive.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_at", archive.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("parser_versions", sa.JSON(), nullable=False),
        sa.Column("counts", sa.JSON(), nullable=False),
        sa.Column("checksums", sa.JSON(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_releases")),
        sa.UniqueConstraint("name", name=op.f("uq_releases_name")),
    )
    create_views(dialect)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    drop_views()
    op.drop_table("releases")
    if dialect == "sqlite":
        op.execute("UPDATE event_versions SET votes = 'null' WHERE votes IS NULL")
    else:
        op.execute("UPDATE event_versions SET votes = 'null'::json WHERE votes IS NULL")
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_events_event_uid"), type_="unique")
        batch_op.drop_column("event_uid")
    if dialect == "sqlite":
        _sqlite_times_from_iso()
