"""revoked access tokens, the access token issued with each refresh token, Idempotency-Key records

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

from servicekit import idempotency

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "revoked_tokens",
        sa.Column("token_id", sa.String(64), primary_key=True),
        sa.Column("expires_at", TS, nullable=False, index=True),
    )
    with op.batch_alter_table("refresh_tokens") as batch:
        batch.add_column(sa.Column("access_token_id", sa.String(64), nullable=True))
        batch.add_column(sa.Column("access_expires_at", TS, nullable=True))
    op.create_index("ix_refresh_tokens_access_token_id", "refresh_tokens", ["access_token_id"])
    idempotency.create_table_op(op)


def downgrade() -> None:
    op.drop_table("idempotency_records")
    op.drop_index("ix_refresh_tokens_access_token_id", table_name="refresh_tokens")
    with op.batch_alter_table("refresh_tokens") as batch:
        batch.drop_column("access_expires_at")
        batch.drop_column("access_token_id")
    op.drop_table("revoked_tokens")
