"""Database tables of svc-complaints.

Every time column is servicekit.db.UtcDateTime: written in UTC, read back aware in UTC, on SQLite (which
has no timestamp type and would drop the offset) as on PostgreSQL. Its DDL is that of
sa.DateTime(timezone=True), so the migrations stand as written.
"""

import sqlalchemy as sa

from servicekit import idempotency
from servicekit.db import UtcDateTime, new_metadata

metadata = new_metadata()

complaints = sa.Table(
    "complaints",
    metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    # Unique: a collision of two random codes is retried with a new one.
    sa.Column("tracking_code", sa.String(16), nullable=False, unique=True),
    sa.Column("reporter_id", sa.String(100), nullable=False),
    sa.Column("category", sa.String(30), nullable=False),
    sa.Column("title", sa.String(150), nullable=False),
    sa.Column("description", sa.Text, nullable=False),
    sa.Column("latitude", sa.Double, nullable=True),
    sa.Column("longitude", sa.Double, nullable=True),
    sa.Column("region_code", sa.String(13), nullable=False, server_default=""),
    sa.Column("privacy", sa.String(10), nullable=False),
    sa.Column("channel", sa.String(10), nullable=False),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("filed_at", UtcDateTime(), nullable=False),
    sa.Index("ix_complaints_reporter_filed", "reporter_id", "filed_at"),
)

# 0002: disposition, follow-up and deadlines.
_FOLLOW_UP_COLUMNS = (
    ("agency_code", sa.String(60), dict(nullable=False, server_default="")),
    ("agency_name", sa.String(200), dict(nullable=False, server_default="")),
    ("needs_dispatch", sa.Boolean, dict(nullable=False, server_default=sa.false())),
    ("suggested_category", sa.String(30), dict(nullable=False, server_default="")),
    ("suggestion_confidence", sa.Double, dict(nullable=False, server_default="0")),
    ("rejection_reason", sa.Text, dict(nullable=False, server_default="")),
    ("rating", sa.Integer, dict(nullable=False, server_default="0")),
    ("rating_comment", sa.Text, dict(nullable=False, server_default="")),
    ("dispositioned_at", UtcDateTime(), dict(nullable=True)),
    ("first_response_at", UtcDateTime(), dict(nullable=True)),
    ("resolved_at", UtcDateTime(), dict(nullable=True)),
    ("closed_at", UtcDateTime(), dict(nullable=True)),
    # Comma-separated names of breached deadlines (disposition, first_response): shown on the complaint.
    ("breached_deadlines", sa.String(100), dict(nullable=False, server_default="")),
    ("version", sa.Integer, dict(nullable=False, server_default="1")),
)
for _name, _type, _kw in _FOLLOW_UP_COLUMNS:
    complaints.append_column(sa.Column(_name, _type, **_kw))
complaints.append_constraint(sa.Index("ix_complaints_agency_status", "agency_code", "status"))
# 0006: who chose the category (domain.model: filer, classifier, dispatcher; "" for none or before 0006).
complaints.append_column(sa.Column("category_source", sa.String(12), nullable=False, server_default=""))
complaints.append_constraint(sa.Index("ix_complaints_status", "status"))

routing_entries = sa.Table(
    "routing_entries",
    metadata,
    sa.Column("category", sa.String(30), primary_key=True),
    sa.Column("regency_code", sa.String(5), primary_key=True),
    sa.Column("agency_code", sa.String(60), nullable=False),
    sa.Column("agency_name", sa.String(200), nullable=False),
    sa.Column("updated_by", sa.String(100), nullable=False),
    sa.Column("updated_at", UtcDateTime(), nullable=False),
)

dispatch_corrections = sa.Table(
    "dispatch_corrections",
    metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("complaint_id", sa.String(36), nullable=False),
    # Title and description as filed: the text the model saw, kept for retraining.
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("suggested_category", sa.String(30), nullable=False),
    sa.Column("suggestion_confidence", sa.Double, nullable=False),
    sa.Column("chosen_category", sa.String(30), nullable=False),
    sa.Column("dispatcher_id", sa.String(100), nullable=False),
    sa.Column("created_at", UtcDateTime(), nullable=False),
)

complaint_updates = sa.Table(
    "complaint_updates",
    metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("complaint_id", sa.String(36), nullable=False, index=True),
    sa.Column("author_id", sa.String(100), nullable=False),
    sa.Column("agency_code", sa.String(60), nullable=False),
    sa.Column("note", sa.Text, nullable=False),
    sa.Column("internal", sa.Boolean, nullable=False),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("created_at", UtcDateTime(), nullable=False),
)

deadline_breaches = sa.Table(
    "deadline_breaches",
    metadata,
    sa.Column("complaint_id", sa.String(36), primary_key=True),
    sa.Column("deadline", sa.String(20), primary_key=True),
    sa.Column("due_at", UtcDateTime(), nullable=False),
    sa.Column("detected_at", UtcDateTime(), nullable=False),
    sa.Column("agency_code", sa.String(60), nullable=False),
    sa.Column("region_code", sa.String(13), nullable=False),
)

# 0003: photos, supports, anonymous contacts, Open311.
_0003_COLUMNS = (
    ("support_count", sa.Integer, dict(nullable=False, server_default="0")),
    ("contact_encrypted", sa.Text, dict(nullable=False, server_default="")),
    ("contact_index", sa.String(64), dict(nullable=False, server_default="")),
    ("address", sa.String(300), dict(nullable=False, server_default="")),
    ("attributes", sa.Text, dict(nullable=False, server_default="{}")),
)
for _name, _type, _kw in _0003_COLUMNS:
    complaints.append_column(sa.Column(_name, _type, **_kw))
complaints.append_constraint(sa.Index("ix_complaints_contact_index", "contact_index", "filed_at"))
complaints.append_constraint(sa.Index("ix_complaints_category_lat", "category", "latitude"))
complaints.append_constraint(sa.Index("ix_complaints_filed_at", "filed_at"))

complaint_updates.append_column(sa.Column("kind", sa.String(20), nullable=False, server_default="update"))

complaint_photos = sa.Table(
    "complaint_photos",
    metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    # Empty until the uploader names the photo when filing.
    sa.Column("complaint_id", sa.String(36), nullable=True, index=True),
    sa.Column("owner_id", sa.String(100), nullable=False),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("content_type", sa.String(40), nullable=False),
    sa.Column("width", sa.Integer, nullable=False),
    sa.Column("height", sa.Integer, nullable=False),
    sa.Column("size_bytes", sa.Integer, nullable=False),
    sa.Column("storage_key", sa.String(200), nullable=False),
    sa.Column("created_at", UtcDateTime(), nullable=False),
)

complaint_supports = sa.Table(
    "complaint_supports",
    metadata,
    sa.Column("complaint_id", sa.String(36), primary_key=True),
    sa.Column("supporter_id", sa.String(100), primary_key=True),
    sa.Column("created_at", UtcDateTime(), nullable=False),
)

open311_keys = sa.Table(
    "open311_keys",
    metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("name", sa.String(200), nullable=False),
    # SHA-256 of a 256-bit random key: the key itself is shown once and never stored.
    sa.Column("key_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("created_at", UtcDateTime(), nullable=False),
    sa.Column("revoked_at", UtcDateTime(), nullable=True),
)

# 0004: updates to the reporter: contacts of filers without an account (sms/email, delivered by the
# sender loop) and the in-app inbox of account holders (delivered when written).
notifications = sa.Table(
    "notifications",
    metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("complaint_id", sa.String(36), sa.ForeignKey("complaints.id"), nullable=False, index=True),
    sa.Column("tracking_code", sa.String(16), nullable=False),
    # The reporter: an account's subject (in-app) or the `anonymous:` id of a filing without one.
    sa.Column("recipient_id", sa.String(100), nullable=False),
    sa.Column("channel", sa.String(10), nullable=False),
    # The contact as stored on the complaint (servicekit.pii ciphertext); empty for in-app entries.
    sa.Column("destination_encrypted", sa.Text, nullable=False, server_default=""),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("message", sa.String(400), nullable=False),
    # The delivery status (servicekit.notify: pending, sent, delivered, failed, capped, undeliverable;
    # 0007 widened it for `undeliverable`); `status` above is the complaint's.
    sa.Column("state", sa.String(20), nullable=False),
    sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
    sa.Column("next_attempt_at", UtcDateTime(), nullable=True),
    # A sender that claimed the row holds it until then; another process takes it over after.
    sa.Column("claimed_until", UtcDateTime(), nullable=True),
    sa.Column("last_error", sa.String(500), nullable=False, server_default=""),
    sa.Column("provider_message_id", sa.String(100), nullable=False, server_default=""),
    sa.Column("created_at", UtcDateTime(), nullable=False),
    sa.Column("sent_at", UtcDateTime(), nullable=True),
    # 0007: the columns servicekit.notify's delivery queue has beside these (e-mail subject, the time
    # of the SMS gateway's delivery report).
    sa.Column("subject", sa.String(200), nullable=False, server_default=""),
    sa.Column("reported_at", UtcDateTime(), nullable=True),
    sa.Index("ix_notifications_due", "state", "next_attempt_at"),
    sa.Index("ix_notifications_recipient", "recipient_id", "channel", "created_at"),
)

# servicekit's one Idempotency-Key table: the stored answer of every create, kept 24 hours.
idempotency_records = idempotency.define_table(metadata)
