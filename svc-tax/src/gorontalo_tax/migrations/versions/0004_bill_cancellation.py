"""cancelled fee bills: when, by whom and why

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_COLUMNS = ("cancelled_at", "cancelled_by", "cancelled_by_role", "cancellation_reason")


def upgrade() -> None:
    # `status` takes the new value "cancelled" as it is (String(12)); no existing row changes.
    with op.batch_alter_table("bills") as batch:
        batch.add_column(sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("cancelled_by", sa.String(36), nullable=True))
        batch.add_column(sa.Column("cancelled_by_role", sa.String(12), nullable=True))
        batch.add_column(sa.Column("cancellation_reason", sa.String(200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("bills") as batch:
        for column in reversed(_COLUMNS):
            batch.drop_column(column)
