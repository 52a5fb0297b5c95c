"""notifications become a servicekit.notify delivery queue: subject, reported_at, a wider state

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("notifications", sa.Column("subject", sa.String(200), nullable=False, server_default=""))
    op.add_column("notifications", sa.Column("reported_at", sa.DateTime(timezone=True), nullable=True))
    # `undeliverable` (the gateway's report) needs 13 characters. SQLite does not enforce a VARCHAR's
    # length, and altering a column there means copying the table: only PostgreSQL needs it.
    if op.get_bind().dialect.name != "sqlite":
        op.alter_column("notifications", "state", type_=sa.String(20), existing_nullable=False)


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        op.alter_column("notifications", "state", type_=sa.String(10), existing_nullable=False)
    with op.batch_alter_table("notifications") as batch:
        batch.drop_column("reported_at")
        batch.drop_column("subject")
