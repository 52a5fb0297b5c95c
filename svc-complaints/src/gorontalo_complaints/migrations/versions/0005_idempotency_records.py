"""idempotency_records: servicekit's one Idempotency-Key table for every create (issue 12)

Revision ID: 0005
Revises: 0004
"""

from alembic import op
from servicekit import idempotency

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    idempotency.create_table_op(op)


def downgrade() -> None:
    op.drop_index("ix_idempotency_records_expires_at", "idempotency_records")
    op.drop_table("idempotency_records")
