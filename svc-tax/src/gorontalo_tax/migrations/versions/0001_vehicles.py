"""vehicles, outbox and inbox

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
        "vehicles",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("owner_id", sa.String(36), nullable=False),
        sa.Column("plate_number", sa.String(12), nullable=False, unique=True),
        sa.Column("vehicle_type", sa.String(20), nullable=False),
        sa.Column("model_year", sa.Integer, nullable=False),
        sa.Column("taxable_value", sa.BigInteger, nullable=False),
        sa.Column("regency_code", sa.String(13), nullable=False),
        sa.Column("ownership_order", sa.Integer, nullable=False),
        sa.Column("weight_permille", sa.Integer, nullable=False),
        sa.Column("rate_basis_points", sa.Integer, nullable=False),
        sa.Column("opsen_basis_points", sa.Integer, nullable=False),
        sa.Column("annual_pkb", sa.BigInteger, nullable=False),
        sa.Column("annual_opsen_pkb", sa.BigInteger, nullable=False),
        sa.Column("registered_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("owner_id", "ownership_order", name="uq_vehicles_owner_id_ownership_order"),
    )
    op.create_index("ix_vehicles_owner_id", "vehicles", ["owner_id"])
    op.create_index("ix_vehicles_regency_code", "vehicles", ["regency_code"])
    messaging.create_tables(op.get_bind())


def downgrade() -> None:
    op.drop_index("ix_vehicles_regency_code", table_name="vehicles")
    op.drop_index("ix_vehicles_owner_id", table_name="vehicles")
    op.drop_table("vehicles")
    op.drop_table("outbox")
    op.drop_table("inbox")
