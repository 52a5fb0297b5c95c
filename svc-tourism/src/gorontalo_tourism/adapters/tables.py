"""Database tables of svc-tourism. Account ids are opaque; reviewers are shown by display name only.

Structured details (opening hours, prices, facilities, contacts, the texts in two languages) are one
JSON text column: the service reads and writes them whole with their place and never queries inside.
"""

import sqlalchemy as sa

from servicekit import idempotency
from servicekit.db import UtcDateTime, new_metadata

metadata = new_metadata()

destinations = sa.Table(
    "destinations",
    metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    # The import's stable key (e.g. "taman-laut-olele"); NULL for places added by hand.
    sa.Column("key", sa.String(80), nullable=True),
    sa.Column("name", sa.String(120), nullable=False),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("region_code", sa.String(13), nullable=False),
    sa.Column("latitude", sa.Double, nullable=False),
    sa.Column("longitude", sa.Double, nullable=False),
    sa.Column("coordinates_approximate", sa.Boolean, nullable=False),
    sa.Column("details", sa.Text, nullable=False),
    sa.Column("source", sa.String(300), nullable=False, server_default=""),
    sa.Column("merged_into", sa.String(36), nullable=True),
    sa.Column("created_by", sa.String(100), nullable=False, server_default=""),
    sa.Column("created_at", UtcDateTime(), nullable=False),
    sa.Column("updated_at", UtcDateTime(), nullable=False),
    sa.UniqueConstraint("key", name="uq_destinations_key"),
    sa.Index("ix_destinations_region_code", "region_code"),
)

destination_photos = sa.Table(
    "destination_photos",
    metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("destination_id", sa.String(36), nullable=False),
    sa.Column("content_type", sa.String(20), nullable=False),
    sa.Column("width", sa.Integer, nullable=False),
    sa.Column("height", sa.Integer, nullable=False),
    sa.Column("uploaded_by", sa.String(100), nullable=False),
    sa.Column("uploaded_at", UtcDateTime(), nullable=False),
    sa.Index("ix_destination_photos_destination_id", "destination_id"),
)

events = sa.Table(
    "events",
    metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("details", sa.Text, nullable=False),  # name and description, id and en
    sa.Column("start_date", sa.Date, nullable=False),
    sa.Column("end_date", sa.Date, nullable=False),
    sa.Column("region_code", sa.String(13), nullable=False),
    sa.Column("destination_id", sa.String(36), nullable=True),
    sa.Column("place_name", sa.String(120), nullable=False, server_default=""),
    sa.Column("latitude", sa.Double, nullable=False, server_default="0"),
    sa.Column("longitude", sa.Double, nullable=False, server_default="0"),
    sa.Column("created_by", sa.String(100), nullable=False),
    sa.Column("updated_at", UtcDateTime(), nullable=False),
    sa.Index("ix_events_end_date_start_date", "end_date", "start_date"),
)

businesses = sa.Table(
    "businesses",
    metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("owner_id", sa.String(100), nullable=False),
    sa.Column("name", sa.String(120), nullable=False),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("region_code", sa.String(13), nullable=False),
    sa.Column("latitude", sa.Double, nullable=False, server_default="0"),
    sa.Column("longitude", sa.Double, nullable=False, server_default="0"),
    sa.Column("details", sa.Text, nullable=False),  # description and contacts
    sa.Column("permit_number", sa.String(30), nullable=False, server_default=""),
    sa.Column("permit_status", sa.String(30), nullable=False),
    sa.Column("permit_checked_at", UtcDateTime(), nullable=True),
    sa.Column("created_at", UtcDateTime(), nullable=False),
    sa.Index("ix_businesses_permit_number", "permit_number"),
    sa.Index("ix_businesses_region_code", "region_code"),
)

reviews = sa.Table(
    "reviews",
    metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("place_id", sa.String(36), nullable=False),
    sa.Column("region_code", sa.String(13), nullable=False),
    sa.Column("author_id", sa.String(100), nullable=False),
    sa.Column("display_name", sa.String(40), nullable=False),
    sa.Column("rating", sa.Integer, nullable=False),
    sa.Column("text", sa.Text, nullable=False, server_default=""),
    sa.Column("status", sa.String(10), nullable=False),
    sa.Column("report_count", sa.Integer, nullable=False, server_default="0"),
    sa.Column("created_at", UtcDateTime(), nullable=False),
    sa.Column("moderated_by", sa.String(100), nullable=False, server_default=""),
    sa.Column("moderated_at", UtcDateTime(), nullable=True),
    # One review per person per place, held by the database whatever the race.
    sa.UniqueConstraint("place_id", "author_id", name="uq_reviews_place_id_author_id"),
    sa.Index("ix_reviews_status_created_at", "status", "created_at"),
)

review_reports = sa.Table(
    "review_reports",
    metadata,
    sa.Column("review_id", sa.String(36), primary_key=True),
    sa.Column("reporter_id", sa.String(100), primary_key=True),
    sa.Column("reason", sa.String(500), nullable=False, server_default=""),
    sa.Column("reported_at", UtcDateTime(), nullable=False),
)

idempotency_records = idempotency.define_table(metadata)
