"""accounts, outbox and inbox

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
        "accounts",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("full_name", sa.String(200), nullable=False),
        sa.Column("nik_encrypted", sa.Text, nullable=True),
        sa.Column("nik_index", sa.String(64), nullable=True, unique=True),
        sa.Column("phone_encrypted", sa.Text, nullable=True),
        sa.Column("phone_index", sa.String(64), nullable=True, unique=True),
        sa.Column("username", sa.String(100), nullable=True, unique=True),
        sa.Column("birth_date", sa.Date, nullable=True),
        sa.Column("regency_code", sa.String(13), nullable=False, server_default=""),
        sa.Column("agency", sa.String(200), nullable=False, server_default=""),
        sa.Column("jurisdiction", sa.JSON, nullable=False),
        sa.Column("password_hash", sa.String(200), nullable=False),
        sa.Column("failed_logins", sa.Integer, nullable=False, server_default="0"),
        sa.Column("first_failed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    messaging.create_tables(op.get_bind())


def downgrade() -> None:
    op.drop_table("accounts")
    op.drop_table("outbox")
    op.drop_table("inbox")
