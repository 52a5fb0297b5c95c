"""read models (residents, timeline_items, notifications), preferences, read marks, deliveries,
idempotency records, outbox and inbox

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

from servicekit import idempotency, messaging
from servicekit.db import UtcDateTime
from servicekit.notify import deliveries

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "residents",
        sa.Column("citizen_id", sa.String(64), primary_key=True),
        sa.Column("regency_code", sa.String(16), nullable=False, server_default=""),
        sa.Column("acr", sa.Integer, nullable=False, server_default="0"),
        sa.Column("status", sa.String(20), nullable=False, server_default="active"),
        sa.Column("updated_at", UtcDateTime, nullable=True),
    )
    op.create_index("ix_residents_regency_code", "residents", ["regency_code"])
    op.create_table(
        "timeline_items",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("ref_id", sa.String(100), nullable=False),
        sa.Column("resident_id", sa.String(64), nullable=False, server_default=""),
        sa.Column("owner_at", UtcDateTime, nullable=True),
        sa.Column("reference", sa.String(100), nullable=False, server_default=""),
        sa.Column("subject", sa.String(300), nullable=False, server_default=""),
        sa.Column("state", sa.String(40), nullable=False, server_default=""),
        sa.Column("state_at", UtcDateTime, nullable=True),
        sa.Column("state_rank", sa.Integer, nullable=False, server_default="-1"),
        sa.Column("amount", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("due_date", sa.String(10), nullable=False, server_default=""),
        sa.Column("tax_type", sa.String(20), nullable=False, server_default=""),
        sa.Column("tax_year", sa.Integer, nullable=False, server_default="0"),
        sa.Column("awaiting_reply", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("reply_at", UtcDateTime, nullable=True),
        sa.Column("reminded_at", UtcDateTime, nullable=True),
        sa.Column("created_at", UtcDateTime, nullable=False),
        sa.Column("updated_at", UtcDateTime, nullable=False),
        sa.UniqueConstraint("kind", "ref_id", name="uq_timeline_items_kind_ref_id"),
    )
    op.create_index("ix_timeline_items_resident", "timeline_items", ["resident_id", "updated_at", "id"])
    op.create_index("ix_timeline_items_due", "timeline_items", ["kind", "state", "due_date"])
    op.create_table(
        "notifications",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("resident_id", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("title_id", sa.String(300), nullable=False),
        sa.Column("title_en", sa.String(300), nullable=False),
        sa.Column("body_id", sa.Text, nullable=False),
        sa.Column("body_en", sa.Text, nullable=False),
        sa.Column("ref_kind", sa.String(20), nullable=False),
        sa.Column("ref_id", sa.String(100), nullable=False),
        sa.Column("urgent", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("created_at", UtcDateTime, nullable=False),
    )
    op.create_index("ix_notifications_resident", "notifications", ["resident_id", "created_at", "id"])
    op.create_table(
        "notification_reads",
        sa.Column("notification_id", sa.String(36), primary_key=True),
        sa.Column("resident_id", sa.String(64), nullable=False),
        sa.Column("read_at", UtcDateTime, nullable=False),
    )
    op.create_index("ix_notification_reads_resident", "notification_reads", ["resident_id"])
    op.create_table(
        "preferences",
        sa.Column("resident_id", sa.String(64), primary_key=True),
        sa.Column("sms", sa.Boolean, nullable=False),
        sa.Column("email", sa.Boolean, nullable=False),
        sa.Column("email_encrypted", sa.Text, nullable=False, server_default=""),
        sa.Column("email_verified", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("email_token_hash", sa.String(64), nullable=True),
        sa.Column("email_token_expires_at", UtcDateTime, nullable=True),
        sa.Column("quiet_start", sa.String(5), nullable=False, server_default=""),
        sa.Column("quiet_end", sa.String(5), nullable=False, server_default=""),
        sa.Column("updated_at", UtcDateTime, nullable=False),
        sa.UniqueConstraint("email_token_hash", name="uq_preferences_email_token_hash"),
    )
    deliveries.create_table_op(op)
    idempotency.create_table_op(op)
    messaging.create_tables(op.get_bind())


def downgrade() -> None:
    for table in ("preferences", "notification_reads", "notifications", "timeline_items", "residents"):
        op.drop_table(table)
    op.drop_table("deliveries")
    op.drop_table("idempotency_records")
    op.drop_table("outbox")
    op.drop_table("inbox")
