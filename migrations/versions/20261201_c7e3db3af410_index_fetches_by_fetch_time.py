"""index fetches by fetch time

Why: ``archive import-warc`` asks of every capture it reads whether that fetch (URL, capture
time) is already recorded, so that importing a file again adds nothing, and resolves revisit
records by the fetch they refer to; without an index each question scans every fetch.

Revision ID: c7e3db3af410
Revises: 98211844b5a1
Create Date: 2026-12-01 12:03:01.741631

"""

from collections.abc import Sequence

from alembic import op

# revision identifiers, used by Alembic.
revision: str = "c7e3db3af410"
down_revision: str | None = "98211844b5a1"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("fetches", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_fetches_fetched_at"), ["fetched_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("fetches", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_fetches_fetched_at"))
