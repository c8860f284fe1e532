"""crawl run health verdicts

Why: each crawl run is judged against its site's own recent runs when it ends (no new
articles for too long, fewer events per article, field coverage dropping, error shares
rising, the site's selectors no longer matching); the verdict, each check's figure and
baseline, and the run's figures (which later runs' baselines are the median of) are kept
on the run as one JSON document, NULL for runs not judged.

Revision ID: 5b1e0c2d9a47
Revises: c7e3db3af410
Create Date: 2026-12-01 14:00:00.000000

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "5b1e0c2d9a47"
down_revision: str | None = "c7e3db3af410"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("crawl_runs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("health", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("crawl_runs", schema=None) as batch_op:
        batch_op.drop_column("health")
