"""Database tables of svc-tax. Amounts are whole rupiah in 64-bit integers; every point in time is a
UtcDateTime (stored as UTC, read back aware on SQLite and PostgreSQL alike)."""

import sqlalchemy as sa

from servicekit import idempotency
from servicekit.db import UtcDateTime, new_metadata

metadata = new_metadata()

vehicles = sa.Table(
    "vehicles",
    metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("owner_id", sa.String(36), nullable=True, index=True),
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
    sa.Column("registered_at", UtcDateTime, nullable=False),
    # Imported vehicles: owner found by a keyed hash of the NIK; the NIK kept only AES-GCM encrypted.
    sa.Column("owner_nik_index", sa.String(64), nullable=True, index=True),
    sa.Column("owner_nik_encrypted", sa.String(200), nullable=True),
    # Two concurrent registrations of one owner cannot both become, say, the first vehicle.
    sa.UniqueConstraint("owner_id", "ownership_order", name="uq_vehicles_owner_id_ownership_order"),
)

# PBB-P2 objects (land and buildings), loaded by import. NOP: 18 digits, BPS-numbered area segments.
properties = sa.Table(
    "properties",
    metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("nop", sa.String(18), nullable=False, unique=True),
    sa.Column("regency_code", sa.String(13), nullable=False, index=True),  # Kemendagri, levying regency
    sa.Column("owner_id", sa.String(36), nullable=True, index=True),
    sa.Column("owner_nik_index", sa.String(64), nullable=True, index=True),
    sa.Column("owner_nik_encrypted", sa.String(200), nullable=True),
    sa.Column("land_area_m2", sa.BigInteger, nullable=False),
    sa.Column("building_area_m2", sa.BigInteger, nullable=False),
    sa.Column("njop_land", sa.BigInteger, nullable=False),
    sa.Column("njop_building", sa.BigInteger, nullable=False),
    sa.Column("registered_at", UtcDateTime, nullable=False),
)

bills = sa.Table(
    "bills",
    metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("tax_type", sa.String(12), nullable=False),
    sa.Column("object_id", sa.String(36), nullable=True),
    sa.Column("tax_year", sa.Integer, nullable=True),
    sa.Column("authority_code", sa.String(13), nullable=False, index=True),
    sa.Column("region_code", sa.String(13), nullable=False),
    sa.Column("owner_id", sa.String(36), nullable=True, index=True),
    sa.Column("owner_nik_index", sa.String(64), nullable=True, index=True),
    sa.Column("description", sa.String(200), nullable=False),
    sa.Column("principal", sa.BigInteger, nullable=False),
    sa.Column("due_date", sa.Date, nullable=False),
    sa.Column("status", sa.String(12), nullable=False),
    sa.Column("issued_at", UtcDateTime, nullable=False),
    sa.Column("caller", sa.String(40), nullable=True),
    sa.Column("caller_reference", sa.String(100), nullable=True),
    # The certificate identity of the instance that asked for a fee bill (PaymentReceived.requested_by).
    sa.Column("requested_by", sa.String(200), nullable=True),
    sa.Column("created_by", sa.String(36), nullable=True),
    # The one open billing code of the bill (also kept in billing_codes, which remembers expired ones).
    sa.Column("open_code", sa.String(16), nullable=True),
    sa.Column("open_code_expires_at", UtcDateTime, nullable=True),
    sa.Column("paid_at", UtcDateTime, nullable=True),
    sa.Column("paid_penalty", sa.BigInteger, nullable=False, server_default="0"),
    sa.Column("paid_penalty_months", sa.Integer, nullable=False, server_default="0"),
    sa.Column("receipt_number", sa.String(24), nullable=True),
    sa.Column("cancelled_at", UtcDateTime, nullable=True),
    sa.Column("cancelled_by", sa.String(36), nullable=True),
    sa.Column("cancelled_by_role", sa.String(12), nullable=True),
    sa.Column("cancellation_reason", sa.String(200), nullable=True),
    # One annual bill per object and tax year; NULLs (fee bills) never collide.
    sa.UniqueConstraint("object_id", "tax_year", name="uq_bills_object_id_tax_year"),
    sa.UniqueConstraint("caller", "caller_reference", name="uq_bills_caller_caller_reference"),
)

bill_lines = sa.Table(
    "bill_lines",
    metadata,
    sa.Column("bill_id", sa.String(36), sa.ForeignKey("bills.id"), primary_key=True),
    sa.Column("position", sa.Integer, primary_key=True),
    sa.Column("kind", sa.String(12), nullable=False),
    sa.Column("amount", sa.BigInteger, nullable=False),
    sa.Column("credited_to", sa.String(13), nullable=False),
)

billing_codes = sa.Table(
    "billing_codes",
    metadata,
    sa.Column("code", sa.String(16), primary_key=True),
    sa.Column("bill_id", sa.String(36), sa.ForeignKey("bills.id"), nullable=False, index=True),
    sa.Column("amount", sa.BigInteger, nullable=False),
    sa.Column("issued_at", UtcDateTime, nullable=False),
    sa.Column("expires_at", UtcDateTime, nullable=False),
)

# A citizen's claim of the objects imported under their NIK: the NIK comes from the identity service
# (verified against the population register at sign-up), never from the request. One NIK per account.
owner_claims = sa.Table(
    "owner_claims",
    metadata,
    sa.Column("owner_nik_index", sa.String(64), primary_key=True),
    sa.Column("owner_id", sa.String(36), nullable=False, unique=True),
    sa.Column("claimed_at", UtcDateTime, nullable=False),
)

# One row per recorded payment; a bill is paid at most once and a channel transaction records at most once.
payments = sa.Table(
    "payments",
    metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("bill_id", sa.String(36), sa.ForeignKey("bills.id"), nullable=False, unique=True),
    sa.Column("billing_code", sa.String(16), nullable=False),
    sa.Column("channel", sa.String(40), nullable=False),
    sa.Column("channel_transaction_id", sa.String(64), nullable=False),
    sa.Column("amount", sa.BigInteger, nullable=False),
    sa.Column("principal", sa.BigInteger, nullable=False),
    sa.Column("penalty", sa.BigInteger, nullable=False),
    sa.Column("penalty_months", sa.Integer, nullable=False),
    sa.Column("recorded_at", UtcDateTime, nullable=False),
    sa.Column("paid_date", sa.Date, nullable=False),  # WITA day, what reconciliation selects on
    sa.Column("receipt_number", sa.String(24), nullable=False, unique=True),
    sa.Column("receipt_year", sa.Integer, nullable=False),
    sa.Column("receipt_sequence", sa.Integer, nullable=False),
    sa.Column("tax_type", sa.String(12), nullable=False),
    sa.Column("tax_year", sa.Integer, nullable=True),
    sa.Column("authority_code", sa.String(13), nullable=False),
    sa.Column("description", sa.String(200), nullable=False),
    sa.UniqueConstraint("channel", "channel_transaction_id", name="uq_payments_channel_transaction"),
    sa.UniqueConstraint("authority_code", "receipt_year", "receipt_sequence", name="uq_payments_receipt_sequence"),
    sa.Index("ix_payments_channel_paid_date", "channel", "paid_date"),
)

# The first outcome of each authenticated notification, so a bank's retry gets the same answer.
payment_notifications = sa.Table(
    "payment_notifications",
    metadata,
    sa.Column("channel", sa.String(40), primary_key=True),
    sa.Column("transaction_id", sa.String(64), primary_key=True),
    sa.Column("body_sha256", sa.String(64), nullable=False),
    sa.Column("outcome", sa.String(40), nullable=False),  # "recorded" or a refusal reason
    sa.Column("receipt_number", sa.String(24), nullable=True),
    sa.Column("received_at", UtcDateTime, nullable=False),
)

# Every refused notification, forged ones included, for the treasury's reconciliation.
refused_notifications = sa.Table(
    "refused_notifications",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("channel", sa.String(40), nullable=False),  # as claimed by the sender
    sa.Column("reason", sa.String(40), nullable=False),
    sa.Column("transaction_id", sa.String(64), nullable=False),
    sa.Column("billing_code", sa.String(32), nullable=False),
    sa.Column("amount", sa.BigInteger, nullable=False),
    sa.Column("authority_code", sa.String(13), nullable=True),  # when the billing code named a bill
    sa.Column("received_at", UtcDateTime, nullable=False),
    sa.Column("received_date", sa.Date, nullable=False),
    sa.Index("ix_refused_notifications_channel_date", "channel", "received_date"),
)

# Idempotency-Key of every create (servicekit.idempotency): the first answer, kept 24 hours per caller.
idempotency_records = idempotency.define_table(metadata)
