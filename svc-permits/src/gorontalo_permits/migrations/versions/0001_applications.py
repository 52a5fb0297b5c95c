"""applications, their timeline, outbox and inbox

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
        "applications",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("applicant_id", sa.String(64), nullable=False),
        sa.Column("kbli_code", sa.String(5), nullable=False),
        sa.Column("business_name", sa.String(150), nullable=False),
        sa.Column("business_address", sa.String(300), nullable=False),
        sa.Column("region_code", sa.String(13), nullable=False),
        sa.Column("regency_code", sa.String(5), nullable=False),
        sa.Column("latitude", sa.Float, nullable=False),
        sa.Column("longitude", sa.Float, nullable=False),
        sa.Column("investment_rupiah", sa.BigInteger, nullable=False),
        sa.Column("workforce", sa.Integer, nullable=False),
        sa.Column("risk_level", sa.String(20), nullable=False),
        sa.Column("fee_rupiah", sa.BigInteger, nullable=False),
        sa.Column("sla_working_days", sa.Integer, nullable=False),
        sa.Column("status", sa.String(30), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer, nullable=False, server_default="0"),
    )
    op.create_index("ix_applications_applicant_submitted", "applications", ["applicant_id", "submitted_at"])
    op.create_index("ix_applications_region_submitted", "applications", ["region_code", "submitted_at"])
    op.create_index("ix_applications_status_submitted", "applications", ["status", "submitted_at"])
    op.create_table(
        "application_timeline",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("application_id", sa.String(36), sa.ForeignKey("applications.id"), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("status", sa.String(30), nullable=False),
        sa.Column("actor_role", sa.String(20), nullable=False),
        sa.Column("actor_id", sa.String(64), nullable=False, server_default=""),
        sa.Column("note", sa.String(1000), nullable=False, server_default=""),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("application_id", "position", name="uq_application_timeline_position"),
    )
    op.create_index("ix_application_timeline_application_id", "application_timeline", ["application_id"])
    messaging.create_tables(op.get_bind())


def downgrade() -> None:
    op.drop_table("application_timeline")
    op.drop_table("applications")
    op.drop_table("outbox")
    op.drop_table("inbox")
