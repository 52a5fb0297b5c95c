"""Database tables of svc-tax. Amounts are whole rupiah in 64-bit integers."""
import sqlalchemy as sa

from servicekit.db import new_metadata

metadata = new_metadata()

vehicles = sa.Table(
    "vehicles",
    metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("owner_id", sa.String(36), nullable=False, index=True),
    sa.Column("plate_number", sa.String(12), nullable=False, unique=True),
    sa.Column("vehicle_type", sa.String(20), nullable=False),
    sa.Column("model_year", sa.Integer, nullable=False),
    sa.Column("taxable_value", sa.BigInteger, nullable=False),
    sa.Column("regency_code", sa.String(13), nullable=False, index=True),
    sa.Column("ownership_order", sa.Integer, nullable=False),
    sa.Column("weight_permille", sa.Integer, nullable=False),
    sa.Column("rate_basis_points", sa.Integer, nullable=False),
    sa.Column("opsen_basis_points", sa.Integer, nullable=False),
    sa.Column("annual_pkb", sa.BigInteger, nullable=False),
    sa.Column("annual_opsen_pkb", sa.BigInteger, nullable=False),
    sa.Column("registered_at", sa.DateTime(timezone=True), nullable=False),
    # Two concurrent registrations of one owner cannot both become, say, the first vehicle.
    sa.UniqueConstraint("owner_id", "ownership_order", name="uq_vehicles_owner_id_ownership_order"),
)
