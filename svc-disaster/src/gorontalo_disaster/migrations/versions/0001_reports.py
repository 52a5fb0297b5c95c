"""reports, outbox and inbox

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

from servicekit import messaging

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reports",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("hazard", sa.String(40), nullable=False),
        sa.Column("latitude", sa.Double, nullable=False),
        sa.Column("longitude", sa.Double, nullable=False),
        sa.Column("description", sa.Text, nullable=False, server_default=""),
        sa.Column("source", sa.String(20), nullable=False),
        sa.Column("source_ref", sa.String(100), nullable=True),
        sa.Column("verified_reporter", sa.Boolean, nullable=False),
        sa.Column("reporter_id", sa.String(64), nullable=True),
        sa.Column("observed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("source", "source_ref", name="uq_reports_source_source_ref"),
    )
    op.create_index("ix_reports_received_at_id", "reports", ["received_at", "id"])
    op.create_index("ix_reports_hazard_received_at", "reports", ["hazard", "received_at"])
    messaging.create_tables(op.get_bind())


def downgrade() -> None:
    op.drop_index("ix_reports_hazard_received_at", table_name="reports")
    op.drop_index("ix_reports_received_at_id", table_name="reports")
    op.drop_table("reports")
    op.drop_table("outbox")
    op.drop_table("inbox")
