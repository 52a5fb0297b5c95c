"""The inbox's tables. The read models (residents, timeline_items, notifications) are derived from
events and may be truncated and rebuilt; preferences, notification_reads and deliveries are the
residents' own choices and what was sent, which no replay could give back."""

from __future__ import annotations

import sqlalchemy as sa

from servicekit import db, idempotency
from servicekit.db import UtcDateTime
from servicekit.notify import deliveries as notify_deliveries

metadata = db.new_metadata()

residents = sa.Table(
    "residents",
    metadata,
    sa.Column("citizen_id", sa.String(64), primary_key=True),
    sa.Column("regency_code", sa.String(16), nullable=False, server_default=""),
    sa.Column("acr", sa.Integer, nullable=False, server_default="0"),
    sa.Column("status", sa.String(20), nullable=False, server_default="active"),
    # Event time of the identity event that last set regency_code (citizen.updated may come late).
    sa.Column("updated_at", UtcDateTime, nullable=True),
    sa.Index("ix_residents_regency_code", "regency_code"),
)

timeline_items = sa.Table(
    "timeline_items",
    metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("ref_id", sa.String(100), nullable=False),
    # "" for a bill of an imported object nobody has claimed yet.
    sa.Column("resident_id", sa.String(64), nullable=False, server_default=""),
    sa.Column("owner_at", UtcDateTime, nullable=True),
    sa.Column("reference", sa.String(100), nullable=False, server_default=""),
    sa.Column("subject", sa.String(300), nullable=False, server_default=""),
    sa.Column("state", sa.String(40), nullable=False, server_default=""),
    sa.Column("state_at", UtcDateTime, nullable=True),
    sa.Column("state_rank", sa.Integer, nullable=False, server_default="-1"),
    sa.Column("amount", sa.BigInteger, nullable=False, server_default="0"),
    sa.Column("due_date", sa.String(10), nullable=False, server_default=""),
    sa.Column("tax_type", sa.String(20), nullable=False, server_default=""),
    sa.Column("tax_year", sa.Integer, nullable=False, server_default="0"),
    sa.Column("awaiting_reply", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("reply_at", UtcDateTime, nullable=True),
    sa.Column("reminded_at", UtcDateTime, nullable=True),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("updated_at", UtcDateTime, nullable=False),
    sa.UniqueConstraint("kind", "ref_id", name="uq_timeline_items_kind_ref_id"),
    sa.Index("ix_timeline_items_resident", "resident_id", "updated_at", "id"),
    # The due-soon scan: unpaid bills with a due date.
    sa.Index("ix_timeline_items_due", "kind", "state", "due_date"),
)

notifications = sa.Table(
    "notifications",
    metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("resident_id", sa.String(64), nullable=False),
    sa.Column("kind", sa.String(40), nullable=False),
    sa.Column("title_id", sa.String(300), nullable=False),
    sa.Column("title_en", sa.String(300), nullable=False),
    sa.Column("body_id", sa.Text, nullable=False),
    sa.Column("body_en", sa.Text, nullable=False),
    sa.Column("ref_kind", sa.String(20), nullable=False),
    sa.Column("ref_id", sa.String(100), nullable=False),
    sa.Column("urgent", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Index("ix_notifications_resident", "resident_id", "created_at", "id"),
)

# Read marks outlive a rebuild: notification ids are derived from their events, so a rebuilt
# notification is read again when it was read before.
notification_reads = sa.Table(
    "notification_reads",
    metadata,
    sa.Column("notification_id", sa.String(36), primary_key=True),
    sa.Column("resident_id", sa.String(64), nullable=False),
    sa.Column("read_at", UtcDateTime, nullable=False),
    sa.Index("ix_notification_reads_resident", "resident_id"),
)

preferences = sa.Table(
    "preferences",
    metadata,
    sa.Column("resident_id", sa.String(64), primary_key=True),
    sa.Column("sms", sa.Boolean, nullable=False),
    sa.Column("email", sa.Boolean, nullable=False),
    # servicekit.pii ciphertext (context inbox.email); the clear address is never stored.
    sa.Column("email_encrypted", sa.Text, nullable=False, server_default=""),
    sa.Column("email_verified", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("email_token_hash", sa.String(64), nullable=True, unique=True),
    sa.Column("email_token_expires_at", UtcDateTime, nullable=True),
    sa.Column("quiet_start", sa.String(5), nullable=False, server_default=""),
    sa.Column("quiet_end", sa.String(5), nullable=False, server_default=""),
    sa.Column("updated_at", UtcDateTime, nullable=False),
)

deliveries = notify_deliveries.define_table(metadata)
idempotency_records = idempotency.define_table(metadata)

# What `rebuild --truncate` empties: everything derived from events.
READ_MODELS = (residents, timeline_items, notifications)
