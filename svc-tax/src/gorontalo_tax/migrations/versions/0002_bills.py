"""imported owners (NIK index), properties (PBB-P2), bills, bill lines, billing codes, owner claims

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Imported vehicles have an owner NIK (hashed and encrypted) and no account yet.
    with op.batch_alter_table("vehicles") as batch:
        batch.alter_column("owner_id", existing_type=sa.String(36), nullable=True)
        batch.add_column(sa.Column("owner_nik_index", sa.String(64), nullable=True))
        batch.add_column(sa.Column("owner_nik_encrypted", sa.String(200), nullable=True))
    op.create_index("ix_vehicles_owner_nik_index", "vehicles", ["owner_nik_index"])

    op.create_table(
        "properties",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("nop", sa.String(18), nullable=False, unique=True),
        sa.Column("regency_code", sa.String(13), nullable=False),
        sa.Column("owner_id", sa.String(36), nullable=True),
        sa.Column("owner_nik_index", sa.String(64), nullable=True),
        sa.Column("owner_nik_encrypted", sa.String(200), nullable=True),
        sa.Column("land_area_m2", sa.BigInteger, nullable=False),
        sa.Column("building_area_m2", sa.BigInteger, nullable=False),
        sa.Column("njop_land", sa.BigInteger, nullable=False),
        sa.Column("njop_building", sa.BigInteger, nullable=False),
        sa.Column("registered_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_properties_regency_code", "properties", ["regency_code"])
    op.create_index("ix_properties_owner_id", "properties", ["owner_id"])
    op.create_index("ix_properties_owner_nik_index", "properties", ["owner_nik_index"])

    op.create_table(
        "bills",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("tax_type", sa.String(12), nullable=False),
        sa.Column("object_id", sa.String(36), nullable=True),
        sa.Column("tax_year", sa.Integer, nullable=True),
        sa.Column("authority_code", sa.String(13), nullable=False),
        sa.Column("region_code", sa.String(13), nullable=False),
        sa.Column("owner_id", sa.String(36), nullable=True),
        sa.Column("owner_nik_index", sa.String(64), nullable=True),
        sa.Column("description", sa.String(200), nullable=False),
        sa.Column("principal", sa.BigInteger, nullable=False),
        sa.Column("due_date", sa.Date, nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("caller", sa.String(40), nullable=True),
        sa.Column("caller_reference", sa.String(100), nullable=True),
        sa.Column("created_by", sa.String(36), nullable=True),
        sa.Column("open_code", sa.String(16), nullable=True),
        sa.Column("open_code_expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.UniqueConstraint("object_id", "tax_year", name="uq_bills_object_id_tax_year"),
        sa.UniqueConstraint("caller", "caller_reference", name="uq_bills_caller_caller_reference"),
    )
    op.create_index("ix_bills_authority_code", "bills", ["authority_code"])
    op.create_index("ix_bills_owner_id", "bills", ["owner_id"])
    op.create_index("ix_bills_owner_nik_index", "bills", ["owner_nik_index"])

    op.create_table(
        "bill_lines",
        sa.Column("bill_id", sa.String(36), sa.ForeignKey("bills.id"), primary_key=True),
        sa.Column("position", sa.Integer, primary_key=True),
        sa.Column("kind", sa.String(12), nullable=False),
        sa.Column("amount", sa.BigInteger, nullable=False),
        sa.Column("credited_to", sa.String(13), nullable=False),
    )
    op.create_table(
        "billing_codes",
        sa.Column("code", sa.String(16), primary_key=True),
        sa.Column("bill_id", sa.String(36), sa.ForeignKey("bills.id"), nullable=False),
        sa.Column("amount", sa.BigInteger, nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_billing_codes_bill_id", "billing_codes", ["bill_id"])
    op.create_table(
        "owner_claims",
        sa.Column("owner_nik_index", sa.String(64), primary_key=True),
        sa.Column("owner_id", sa.String(36), nullable=False, unique=True),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("owner_claims")
    op.drop_table("billing_codes")
    op.drop_table("bill_lines")
    op.drop_table("bills")
    op.drop_table("properties")
    op.drop_index("ix_vehicles_owner_nik_index", table_name="vehicles")
    with op.batch_alter_table("vehicles") as batch:
        batch.drop_column("owner_nik_encrypted")
        batch.drop_column("owner_nik_index")
        batch.alter_column("owner_id", existing_type=sa.String(36), nullable=False)
