"""disposition, follow-up, routing edits, dispatcher corrections, deadline breaches

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

COLUMNS = (
    ("agency_code", sa.String(60), dict(nullable=False, server_default="")),
    ("agency_name", sa.String(200), dict(nullable=False, server_default="")),
    ("needs_dispatch", sa.Boolean, dict(nullable=False, server_default=sa.false())),
    ("suggested_category", sa.String(30), dict(nullable=False, server_default="")),
    ("suggestion_confidence", sa.Double, dict(nullable=False, server_default="0")),
    ("rejection_reason", sa.Text, dict(nullable=False, server_default="")),
    ("rating", sa.Integer, dict(nullable=False, server_default="0")),
    ("rating_comment", sa.Text, dict(nullable=False, server_default="")),
    ("dispositioned_at", sa.DateTime(timezone=True), dict(nullable=True)),
    ("first_response_at", sa.DateTime(timezone=True), dict(nullable=True)),
    ("resolved_at", sa.DateTime(timezone=True), dict(nullable=True)),
    ("closed_at", sa.DateTime(timezone=True), dict(nullable=True)),
    ("breached_deadlines", sa.String(100), dict(nullable=False, server_default="")),
    ("version", sa.Integer, dict(nullable=False, server_default="1")),
)


def upgrade() -> None:
    with op.batch_alter_table("complaints") as batch:
        for name, type_, kw in COLUMNS:
            batch.add_column(sa.Column(name, type_, **kw))
    op.create_index("ix_complaints_agency_status", "complaints", ["agency_code", "status"])
    op.create_index("ix_complaints_status", "complaints", ["status"])
    op.create_table(
        "routing_entries",
        sa.Column("category", sa.String(30), primary_key=True),
        sa.Column("regency_code", sa.String(5), primary_key=True),
        sa.Column("agency_code", sa.String(60), nullable=False),
        sa.Column("agency_name", sa.String(200), nullable=False),
        sa.Column("updated_by", sa.String(100), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "dispatch_corrections",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("complaint_id", sa.String(36), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("suggested_category", sa.String(30), nullable=False),
        sa.Column("suggestion_confidence", sa.Double, nullable=False),
        sa.Column("chosen_category", sa.String(30), nullable=False),
        sa.Column("dispatcher_id", sa.String(100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "complaint_updates",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("complaint_id", sa.String(36), nullable=False),
        sa.Column("author_id", sa.String(100), nullable=False),
        sa.Column("agency_code", sa.String(60), nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("internal", sa.Boolean, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_complaint_updates_complaint_id", "complaint_updates", ["complaint_id"])
    op.create_table(
        "deadline_breaches",
        sa.Column("complaint_id", sa.String(36), primary_key=True),
        sa.Column("deadline", sa.String(20), primary_key=True),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("detected_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("agency_code", sa.String(60), nullable=False),
        sa.Column("region_code", sa.String(13), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("deadline_breaches")
    op.drop_index("ix_complaint_updates_complaint_id", table_name="complaint_updates")
    op.drop_table("complaint_updates")
    op.drop_table("dispatch_corrections")
    op.drop_table("routing_entries")
    op.drop_index("ix_complaints_status", table_name="complaints")
    op.drop_index("ix_complaints_agency_status", table_name="complaints")
    with op.batch_alter_table("complaints") as batch:
        for name, _type, _kw in reversed(COLUMNS):
            batch.drop_column(name)
