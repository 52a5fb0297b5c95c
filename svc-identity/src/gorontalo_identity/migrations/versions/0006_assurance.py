"""levels of assurance (issue 14): account status and verification times, SMS codes, in-person
challenges, identity's SMS delivery queue

Accounts that exist keep working: they are `active`, their phone is not verified yet (acr 0 until they
enter a code at their next log-in), and none is checked in person.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

from servicekit import notify

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("accounts") as batch:
        batch.add_column(sa.Column("status", sa.String(30), nullable=False, server_default="active"))
        batch.add_column(sa.Column("phone_verified_at", TS, nullable=True))
        batch.add_column(sa.Column("in_person_checked_at", TS, nullable=True))
        batch.add_column(sa.Column("pending_until", TS, nullable=True))
        batch.add_column(sa.Column("closed_at", TS, nullable=True))
    op.create_table(
        "verification_codes",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("account_id", sa.String(36), nullable=False),
        sa.Column("purpose", sa.String(20), nullable=False),
        sa.Column("code_hash", sa.String(64), nullable=False),
        sa.Column("phone_encrypted", sa.Text, nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("expires_at", TS, nullable=False),
        sa.Column("used_at", TS, nullable=True),
    )
    op.create_index("ix_verification_codes_account_purpose", "verification_codes", ["account_id", "purpose"])
    op.create_table(
        "in_person_challenges",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("account_id", sa.String(36), nullable=False),
        sa.Column("challenge_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("expires_at", TS, nullable=False),
        sa.Column("used_at", TS, nullable=True),
    )
    op.create_index("ix_in_person_challenges_account_id", "in_person_challenges", ["account_id"])
    notify.create_table_op(op, name="deliveries")


def downgrade() -> None:
    op.drop_table("deliveries")
    op.drop_table("in_person_challenges")
    op.drop_table("verification_codes")
    with op.batch_alter_table("accounts") as batch:
        for column in ("closed_at", "pending_until", "in_person_checked_at", "phone_verified_at", "status"):
            batch.drop_column(column)
