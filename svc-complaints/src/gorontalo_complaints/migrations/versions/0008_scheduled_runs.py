"""scheduled_runs: which replica runs each period of a periodic job (servicekit.scheduled, issue 18)

Revision ID: 0008
Revises: 0007
"""

from alembic import op

from servicekit import scheduled

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    scheduled.create_table_op(op)


def downgrade() -> None:
    op.drop_table(scheduled.TABLE_NAME)
