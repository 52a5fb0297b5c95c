"""agency heads (kepala OPD): the officer of an agency to whom deadline escalations go

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
    with op.batch_alter_table("accounts") as batch:
        batch.add_column(sa.Column("agency_head", sa.Boolean, nullable=False, server_default=sa.false()))
    op.create_index(
        "uq_accounts_agency_head",
        "accounts",
        ["agency_id"],
        unique=True,
        sqlite_where=sa.text("agency_head"),
        postgresql_where=sa.text("agency_head"),
    )


def downgrade() -> None:
    op.drop_index("uq_accounts_agency_head", table_name="accounts")
    with op.batch_alter_table("accounts") as batch:
        batch.drop_column("agency_head")
