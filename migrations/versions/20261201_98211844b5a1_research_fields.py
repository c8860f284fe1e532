"""research fields on event versions, and in the views

Revision ID: 98211844b5a1
Revises: e8f78aeccee2
Create Date: 2026-12-01 13:05:00

The rules' research fields become columns of ``event_versions`` (all nullable: versions
recorded before this revision were made by rules that did not give them, and stay NULL):
``date_precision``, ``date_text``, ``geonameid``, ``latitude``, ``longitude``, ``admin1``,
``admin2`` (indexed), ``geo_precision``, ``size_high``, ``size_text``.

The views ``current_events`` and ``event_history`` are made again with them, beside
``size_low`` (= attendance) and a derived ``area``: "London" for anywhere in the 33 London
boroughs or Greater London, otherwise ``admin2``, so that ``area = 'London'`` finds London's
districts. The boroughs are written out here (a fixed list, the one the gazetteer gives:
tests/archive/test_places.py checks that the two agree). The downgrade drops the columns and
makes the views of e8f78aeccee2 again.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "98211844b5a1"
down_revision: str | None = "e8f78aeccee2"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LONDON_BOROUGHS: tuple[str, ...] = (
    "Barking and Dagenham", "Barnet", "Bexley", "Brent", "Bromley", "Camden", "City of London",
    "Croydon", "Ealing", "Enfield", "Greenwich", "Hackney", "Hammersmith and Fulham", "Haringey",
    "Harrow", "Havering", "Hillingdon", "Hounslow", "Islington", "Kensington and Chelsea",
    "Kingston upon Thames", "Lambeth", "Lewisham", "Merton", "Newham", "Redbridge",
    "Richmond upon Thames", "Southwark", "Sutton", "Tower Hamlets", "Waltham Forest",
    "Wandsworth", "Westminster",
)  # fmt: skip

COLUMNS: tuple[tuple[str, sa.types.TypeEngine[Any]], ...] = (
    ("date_precision", sa.String(length=8)),
    ("date_text", sa.Text()),
    ("geonameid", sa.Integer()),
    ("latitude", sa.Float()),
    ("longitude", sa.Float()),
    ("admin1", sa.String(length=64)),
    ("admin2", sa.String(length=128)),
    ("geo_precision", sa.String(length=16)),
    ("size_high", sa.Integer()),
    ("size_text", sa.Text()),
)


def _votes(dialect: str, key: str) -> str:
    if dialect == "sqlite":
        return f"CAST(json_extract(v.votes, '$.\"{key}\"') AS INTEGER)"
    return f"CAST(v.votes ->> '{key}' AS INTEGER)"


def _area() -> str:
    names = ", ".join("'" + b.replace("'", "''") + "'" for b in LONDON_BOROUGHS)
    return f"CASE WHEN v.admin2 IN ({names}, 'Greater London') THEN 'London' ELSE v.admin2 END"


def _select(dialect: str, history: bool, research: bool) -> str:
    """The views' SELECT: with the research fields (this revision) or without (the last)."""
    span = (
        "v.valid_from, v.valid_to, v.closed_by_parse_run_id, "
        "CASE WHEN v.valid_to IS NULL THEN 1 ELSE 0 END AS is_current"
        if history
        else "v.valid_from"
    )
    when = "v.event_date, v.date_precision, v.date_text" if research else "v.event_date"
    where = (
        "v.place, v.geonameid, v.latitude, v.longitude, v.admin1, v.admin2, "
        f"v.geo_precision, {_area()} AS area, v.venue"
        if research
        else "v.place, v.venue"
    )
    size = (
        "v.attendance AS size_low, v.size_high, v.size_text, v.attendance, v.attendance_text"
        if research
        else "v.attendance AS size_low, v.attendance, v.attendance_text"
    )
    return f"""
SELECT
    e.event_uid, e.id AS event_id, v.id AS version_id, a.id AS article_id,
    s.domain AS site, a.site_article_id, a.canonical_url AS source_url,
    a.title AS article_title, a.published, v.snapshot_id, v.parser_version, v.parse_run_id,
    {span},
    v.segment, v.heading, v.text, v.event_type,
    {when},
    {where},
    {size},
    v.votes, {_votes(dialect, "for")} AS votes_for, {_votes(dialect, "against")} AS votes_against,
    v.papers_sold, v.money_raised, v.speakers, v.organisations, v.reporter
FROM event_versions v
JOIN events e ON e.id = v.event_id
JOIN articles a ON a.id = e.article_id
JOIN sources s ON s.id = a.source_id
{"" if history else "WHERE v.valid_to IS NULL"}
"""


def _views(dialect: str, research: bool) -> None:
    op.execute("DROP VIEW IF EXISTS event_history")
    op.execute("DROP VIEW IF EXISTS current_events")
    op.execute(f"CREATE VIEW current_events AS {_select(dialect, False, research)}")
    op.execute(f"CREATE VIEW event_history AS {_select(dialect, True, research)}")


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.execute("DROP VIEW IF EXISTS event_history")
    op.execute("DROP VIEW IF EXISTS current_events")
    with op.batch_alter_table("event_versions", schema=None) as batch_op:
        for name, type_ in COLUMNS:
            batch_op.add_column(sa.Column(name, type_, nullable=True))
        batch_op.create_index(batch_op.f("ix_event_versions_admin2"), ["admin2"], unique=False)
    _views(dialect, research=True)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.execute("DROP VIEW IF EXISTS event_history")
    op.execute("DROP VIEW IF EXISTS current_events")
    with op.batch_alter_table("event_versions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_versions_admin2"))
        for name, _type in reversed(COLUMNS):
            batch_op.drop_column(name)
    _views(dialect, research=False)
