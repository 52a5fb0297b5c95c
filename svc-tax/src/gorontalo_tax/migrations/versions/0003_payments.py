"""payments, payment notifications (idempotency), refused notifications; paid columns on bills

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("bills") as batch:
        batch.add_column(sa.Column("paid_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("paid_penalty", sa.BigInteger, nullable=False, server_default="0"))
        batch.add_column(sa.Column("paid_penalty_months", sa.Integer, nullable=False, server_default="0"))
        batch.add_column(sa.Column("receipt_number", sa.String(24), nullable=True))

    op.create_table(
        "payments",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("bill_id", sa.String(36), sa.ForeignKey("bills.id"), nullable=False, unique=True),
        sa.Column("billing_code", sa.String(16), nullable=False),
        sa.Column("channel", sa.String(40), nullable=False),
        sa.Column("channel_transaction_id", sa.String(64), nullable=False),
        sa.Column("amount", sa.BigInteger, nullable=False),
        sa.Column("principal", sa.BigInteger, nullable=False),
        sa.Column("penalty", sa.BigInteger, nullable=False),
        sa.Column("penalty_months", sa.Integer, nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("paid_date", sa.Date, nullable=False),
        sa.Column("receipt_number", sa.String(24), nullable=False, unique=True),
        sa.Column("receipt_year", sa.Integer, nullable=False),
        sa.Column("receipt_sequence", sa.Integer, nullable=False),
        sa.Column("tax_type", sa.String(12), nullable=False),
        sa.Column("tax_year", sa.Integer, nullable=True),
        sa.Column("authority_code", sa.String(13), nullable=False),
        sa.Column("description", sa.String(200), nullable=False),
        sa.UniqueConstraint("channel", "channel_transaction_id", name="uq_payments_channel_transaction"),
        sa.UniqueConstraint("authority_code", "receipt_year", "receipt_sequence", name="uq_payments_receipt_sequence"),
    )
    op.create_index("ix_payments_channel_paid_date", "payments", ["channel", "paid_date"])
    op.create_table(
        "payment_notifications",
        sa.Column("channel", sa.String(40), primary_key=True),
        sa.Column("transaction_id", sa.String(64), primary_key=True),
        sa.Column("body_sha256", sa.String(64), nullable=False),
        sa.Column("outcome", sa.String(40), nullable=False),
        sa.Column("receipt_number", sa.String(24), nullable=True),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "refused_notifications",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("channel", sa.String(40), nullable=False),
        sa.Column("reason", sa.String(40), nullable=False),
        sa.Column("transaction_id", sa.String(64), nullable=False),
        sa.Column("billing_code", sa.String(32), nullable=False),
        sa.Column("amount", sa.BigInteger, nullable=False),
        sa.Column("authority_code", sa.String(13), nullable=True),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("received_date", sa.Date, nullable=False),
    )
    op.create_index("ix_refused_notifications_channel_date", "refused_notifications", ["channel", "received_date"])


def downgrade() -> None:
    op.drop_table("refused_notifications")
    op.drop_table("payment_notifications")
    op.drop_table("payments")
    with op.batch_alter_table("bills") as batch:
        for column in ("receipt_number", "paid_penalty_months", "paid_penalty", "paid_at"):
            batch.drop_column(column)
