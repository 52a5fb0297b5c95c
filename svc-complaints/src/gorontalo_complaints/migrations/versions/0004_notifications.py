"""notifications to the reporter: contact outbox and in-app inbox

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "notifications",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("complaint_id", sa.String(36), sa.ForeignKey("complaints.id"), nullable=False),
        sa.Column("tracking_code", sa.String(16), nullable=False),
        sa.Column("recipient_id", sa.String(100), nullable=False),
        # sms, email (a filer's contact) or inapp (an account holder's inbox)
        sa.Column("channel", sa.String(10), nullable=False),
        # Ciphertext only (servicekit.pii, context complaints.contact); never the number or address.
        sa.Column("destination_encrypted", sa.Text, nullable=False, server_default=""),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("message", sa.String(400), nullable=False),
        # pending -> sent | failed (contacts); delivered (in-app, at once)
        sa.Column("state", sa.String(10), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("claimed_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.String(500), nullable=False, server_default=""),
        sa.Column("provider_message_id", sa.String(100), nullable=False, server_default=""),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_notifications_complaint_id", "notifications", ["complaint_id"])
    # The sender's scan (pending and due) and the inbox listing (one recipient, newest first).
    op.create_index("ix_notifications_due", "notifications", ["state", "next_attempt_at"])
    op.create_index("ix_notifications_recipient", "notifications", ["recipient_id", "channel", "created_at"])


def downgrade() -> None:
    op.drop_table("notifications")
