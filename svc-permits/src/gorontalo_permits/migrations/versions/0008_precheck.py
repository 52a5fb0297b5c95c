"""the pre-check of applications (issue 22): the declared responsible person, reports, readings, flags

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

from servicekit.db import UtcDateTime

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "declared_persons",
        sa.Column("application_id", sa.String(36), sa.ForeignKey("applications.id"), primary_key=True),
        sa.Column("nik_encrypted", sa.String(200), nullable=False),
        sa.Column("name_encrypted", sa.String(400), nullable=False),
    )
    op.create_table(
        "precheck_reports",
        sa.Column("application_id", sa.String(36), sa.ForeignKey("applications.id"), primary_key=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("register_check", sa.String(20), nullable=False, server_default="not_asked"),
        sa.Column("requested_at", UtcDateTime, nullable=False),
        sa.Column("completed_at", UtcDateTime, nullable=True),
    )
    op.create_index("ix_precheck_reports_status_requested", "precheck_reports", ["status", "requested_at"])
    op.create_table(
        "precheck_documents",
        sa.Column("application_id", sa.String(36), sa.ForeignKey("applications.id"), primary_key=True),
        sa.Column("document_id", sa.String(36), primary_key=True),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("document_type", sa.String(200), nullable=False),
        sa.Column("read_as", sa.String(20), nullable=False, server_default=""),
        sa.Column("confidence", sa.Float, nullable=False, server_default="0"),
        sa.Column("fields_encrypted", sa.Text, nullable=False, server_default=""),
        sa.Column("read_at", UtcDateTime, nullable=True),
    )
    op.create_table(
        "precheck_flags",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("application_id", sa.String(36), sa.ForeignKey("applications.id"), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("detail", sa.String(300), nullable=False, server_default=""),
        sa.Column("document_id", sa.String(36), nullable=False, server_default=""),
        sa.Column("read_encrypted", sa.Text, nullable=False, server_default=""),
        sa.Column("confidence", sa.Float, nullable=False),
        sa.Column("raised_at", UtcDateTime, nullable=False),
        sa.Column("dismissed_at", UtcDateTime, nullable=True),
        sa.Column("dismissed_by", sa.String(64), nullable=False, server_default=""),
        sa.Column("dismissal_reason", sa.String(500), nullable=False, server_default=""),
    )
    op.create_index("ix_precheck_flags_application_id", "precheck_flags", ["application_id"])
    op.create_index("ix_precheck_flags_kind_raised", "precheck_flags", ["kind", "raised_at"])


def downgrade() -> None:
    op.drop_table("precheck_flags")
    op.drop_table("precheck_documents")
    op.drop_table("precheck_reports")
    op.drop_table("declared_persons")
