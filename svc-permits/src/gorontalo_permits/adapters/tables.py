"""Database tables of svc-permits. Amounts are whole rupiah in BIGINT, never floats; every point in time is
a UtcDateTime (stored as UTC, read back aware on SQLite and PostgreSQL alike)."""

import sqlalchemy as sa

from servicekit import idempotency
from servicekit.db import UtcDateTime, new_metadata

metadata = new_metadata()

applications = sa.Table(
    "applications",
    metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("applicant_id", sa.String(64), nullable=False),
    sa.Column("kbli_code", sa.String(5), nullable=False),
    sa.Column("business_name", sa.String(150), nullable=False),
    sa.Column("business_address", sa.String(300), nullable=False),
    sa.Column("region_code", sa.String(13), nullable=False),
    sa.Column("regency_code", sa.String(5), nullable=False),
    sa.Column("latitude", sa.Float, nullable=False),
    sa.Column("longitude", sa.Float, nullable=False),
    sa.Column("investment_rupiah", sa.BigInteger, nullable=False),
    sa.Column("workforce", sa.Integer, nullable=False),
    sa.Column("risk_level", sa.String(20), nullable=False),
    sa.Column("fee_rupiah", sa.BigInteger, nullable=False),
    sa.Column("sla_working_days", sa.Integer, nullable=False),
    sa.Column("status", sa.String(30), nullable=False),
    sa.Column("submitted_at", UtcDateTime, nullable=False),
    sa.Column("updated_at", UtcDateTime, nullable=False),
    sa.Column("version", sa.Integer, nullable=False, server_default="0"),
    sa.Column("nib", sa.String(13), nullable=False, server_default=""),
    sa.Column("self_declaration", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("sla_due_date", sa.Date, nullable=True),
    sa.Column("sla_paused_since", UtcDateTime, nullable=True),
    sa.Column("sla_paused_days", sa.Integer, nullable=False, server_default="0"),
    sa.Column("payment_status", sa.String(20), nullable=False, server_default=""),
    sa.Column("permit_number", sa.String(30), nullable=False, server_default=""),
    sa.Column("bill_id", sa.String(36), nullable=False, server_default=""),
    sa.Column("kbli_title", sa.String(300), nullable=False, server_default=""),
    sa.Index("ix_applications_applicant_submitted", "applicant_id", "submitted_at"),
    sa.Index("ix_applications_sla_queue", "sla_due_date", "submitted_at"),
    sa.Index("ix_applications_region_submitted", "region_code", "submitted_at"),
    sa.Index("ix_applications_status_submitted", "status", "submitted_at"),
)

application_timeline = sa.Table(
    "application_timeline",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("application_id", sa.String(36), sa.ForeignKey("applications.id"), nullable=False, index=True),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("status", sa.String(30), nullable=False),
    sa.Column("actor_role", sa.String(20), nullable=False),
    sa.Column("actor_id", sa.String(64), nullable=False, server_default=""),
    sa.Column("note", sa.String(1000), nullable=False, server_default=""),
    sa.Column("at", UtcDateTime, nullable=False),
    sa.UniqueConstraint("application_id", "position", name="uq_application_timeline_position"),
)

# One NIB per business owner, and an NIB belongs to one owner only.
business_owners = sa.Table(
    "business_owners",
    metadata,
    sa.Column("owner_id", sa.String(64), primary_key=True),
    sa.Column("nib", sa.String(13), nullable=False),
    sa.Column("registered_at", UtcDateTime, nullable=False),
    sa.UniqueConstraint("nib", name="uq_business_owners_nib"),
)

permits = sa.Table(
    "permits",
    metadata,
    sa.Column("permit_number", sa.String(30), primary_key=True),
    sa.Column("application_id", sa.String(36), sa.ForeignKey("applications.id"), nullable=False),
    sa.Column("owner_id", sa.String(64), nullable=False),
    sa.Column("nib", sa.String(13), nullable=False, server_default=""),
    sa.Column("kbli_code", sa.String(5), nullable=False),
    sa.Column("business_name", sa.String(150), nullable=False),
    sa.Column("risk_level", sa.String(20), nullable=False),
    sa.Column("regency_code", sa.String(5), nullable=False),
    sa.Column("issued_at", UtcDateTime, nullable=False),
    sa.Column("status", sa.String(10), nullable=False),
    sa.Column("revoked_at", UtcDateTime, nullable=True),
    sa.Column("revoked_by", sa.String(64), nullable=False, server_default=""),
    sa.Column("revocation_reason", sa.String(1000), nullable=False, server_default=""),
    sa.UniqueConstraint("application_id", name="uq_permits_application"),
)

# The last permit sequence of each regency/city and year: incremented in the issuing transaction.
permit_counters = sa.Table(
    "permit_counters",
    metadata,
    sa.Column("regency_code", sa.String(5), primary_key=True),
    sa.Column("year", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("last_sequence", sa.Integer, nullable=False),
)

# Uploaded files: the row says whose and what; the bytes are in document storage under their SHA-256.
documents = sa.Table(
    "documents",
    metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("owner_id", sa.String(64), nullable=False, index=True),
    sa.Column("document_type", sa.String(200), nullable=False),
    sa.Column("media_type", sa.String(40), nullable=False),
    sa.Column("size_bytes", sa.Integer, nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("file_name", sa.String(200), nullable=False, server_default=""),
    sa.Column("uploaded_at", UtcDateTime, nullable=False),
)

application_documents = sa.Table(
    "application_documents",
    metadata,
    sa.Column("application_id", sa.String(36), sa.ForeignKey("applications.id"), primary_key=True),
    sa.Column("document_id", sa.String(36), sa.ForeignKey("documents.id"), primary_key=True),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Index("ix_application_documents_document", "document_id"),
)

# Idempotency-Key of every create (servicekit.idempotency): the first answer, kept 24 hours per caller.
idempotency_records = idempotency.define_table(metadata)

# -- the pre-check (issue 22): personal data encrypted with the service's PII key (servicekit.pii) --------

# The person an application declares responsible (penanggung jawab): NIK and name as declared, encrypted.
declared_persons = sa.Table(
    "declared_persons",
    metadata,
    sa.Column("application_id", sa.String(36), sa.ForeignKey("applications.id"), primary_key=True),
    sa.Column("nik_encrypted", sa.String(200), nullable=False),
    sa.Column("name_encrypted", sa.String(400), nullable=False),
)

# One report per application: pending from the submission (or resubmission) event until every document is read.
precheck_reports = sa.Table(
    "precheck_reports",
    metadata,
    sa.Column("application_id", sa.String(36), sa.ForeignKey("applications.id"), primary_key=True),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("register_check", sa.String(20), nullable=False, server_default="not_asked"),
    sa.Column("requested_at", UtcDateTime, nullable=False),
    sa.Column("completed_at", UtcDateTime, nullable=True),
    sa.Index("ix_precheck_reports_status_requested", "status", "requested_at"),
)

# What was read off each document: only the extracted fields (encrypted JSON), never the OCR text.
precheck_documents = sa.Table(
    "precheck_documents",
    metadata,
    sa.Column("application_id", sa.String(36), sa.ForeignKey("applications.id"), primary_key=True),
    sa.Column("document_id", sa.String(36), primary_key=True),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("document_type", sa.String(200), nullable=False),
    sa.Column("read_as", sa.String(20), nullable=False, server_default=""),  # "" until read
    sa.Column("confidence", sa.Float, nullable=False, server_default="0"),
    sa.Column("fields_encrypted", sa.Text, nullable=False, server_default=""),
    sa.Column("read_at", UtcDateTime, nullable=True),
)

precheck_flags = sa.Table(
    "precheck_flags",
    metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("application_id", sa.String(36), sa.ForeignKey("applications.id"), nullable=False, index=True),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("kind", sa.String(40), nullable=False),
    sa.Column("detail", sa.String(300), nullable=False, server_default=""),
    sa.Column("document_id", sa.String(36), nullable=False, server_default=""),
    sa.Column("read_encrypted", sa.Text, nullable=False, server_default=""),
    sa.Column("confidence", sa.Float, nullable=False),
    sa.Column("raised_at", UtcDateTime, nullable=False),
    sa.Column("dismissed_at", UtcDateTime, nullable=True),
    sa.Column("dismissed_by", sa.String(64), nullable=False, server_default=""),
    sa.Column("dismissal_reason", sa.String(500), nullable=False, server_default=""),
    sa.Index("ix_precheck_flags_kind_raised", "kind", "raised_at"),
)
