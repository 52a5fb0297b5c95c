"""idempotency_records: servicekit's one Idempotency-Key table for every create (issue 12)

API reports used to keep their key (hashed) in reports.source_ref; those rows keep it, it is simply no
longer read. SMS reports still dedupe by the gateway's message id in source_ref.

Revision ID: 0003
Revises: 0002
"""

from alembic import op
from servicekit import idempotency

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    idempotency.create_table_op(op)


def downgrade() -> None:
    op.drop_index("ix_idempotency_records_expires_at", "idempotency_records")
    op.drop_table("idempotency_records")
