"""research query indexes: the everyday filters on the current versions

Why: measured by ``benchmarks/query.py --plans``, the type + year and minimum-size filters of
`archive events` and `archive export` reached the events as they stand through
``ix_event_versions_current (valid_to, event_id)``, i.e. by reading every current version and
testing each (a million rows at a million events). These indexes lead with ``valid_to`` (the
``valid_to IS NULL`` of "as it stands" is an equality an index can seek on, in SQLite and
PostgreSQL alike) and then the filtered columns, so each filter reads only its own rows.
(The place filter needed no new index: asked as a UNION of look-ups on the existing place
and admin2 indexes instead of an OR, see archive/export/selection.py.)

Revision ID: 5b8f0d2c7e41
Revises: 5b1e0c2d9a47
Create Date: 2026-12-01 14:10:00.000000

"""

from collections.abc import Sequence

from alembic import op

# revision identifiers, used by Alembic.
revision: str = "5b8f0d2c7e41"
down_revision: str | None = "5b1e0c2d9a47"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = {
    "ix_event_versions_current_type_date": ["valid_to", "event_type", "event_date"],
    "ix_event_versions_current_size": ["valid_to", "attendance"],
}


def upgrade() -> None:
    with op.batch_alter_table("event_versions", schema=None) as batch_op:
        for name, columns in INDEXES.items():
            batch_op.create_index(name, columns, unique=False)


def downgrade() -> None:
    with op.batch_alter_table("event_versions", schema=None) as batch_op:
        for name in reversed(INDEXES):
            batch_op.drop_index(name)
