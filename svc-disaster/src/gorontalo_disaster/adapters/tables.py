"""Database tables of svc-disaster. The reporter id is an opaque account id; phones are encrypted."""

import sqlalchemy as sa

# UtcDateTime: SQLite kept the wall-clock digits and dropped the offset (22:50+07:00 read back as 22:50Z).
from servicekit import idempotency
from servicekit.db import UtcDateTime, new_metadata

metadata = new_metadata()

reports = sa.Table(
    "reports",
    metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("hazard", sa.String(40), nullable=False),
    sa.Column("latitude", sa.Double, nullable=False),
    sa.Column("longitude", sa.Double, nullable=False),
    sa.Column("description", sa.Text, nullable=False, server_default=""),
    sa.Column("source", sa.String(20), nullable=False),
    sa.Column("source_ref", sa.String(100), nullable=True),
    sa.Column("verified_reporter", sa.Boolean, nullable=False),
    sa.Column("reporter_id", sa.String(64), nullable=True),
    sa.Column("observed_at", UtcDateTime(), nullable=False),
    sa.Column("received_at", UtcDateTime(), nullable=False),
    sa.Column("casualties", sa.Text, nullable=False, server_default="{}"),
    sa.Column("region_code", sa.String(13), nullable=False, server_default=""),
    sa.Column("code", sa.String(12), nullable=True),
    sa.Column("phone_cipher", sa.Text, nullable=True),
    sa.Column("photo_ids", sa.Text, nullable=False, server_default="[]"),
    sa.Column("incident_id", sa.String(36), nullable=True),
    # One report per record of a source: the same complaint never makes two reports.
    sa.UniqueConstraint("source", "source_ref", name="uq_reports_source_source_ref"),
    sa.UniqueConstraint("code", name="uq_reports_code"),
    sa.Index("ix_reports_received_at_id", "received_at", "id"),
    sa.Index("ix_reports_hazard_received_at", "hazard", "received_at"),
    sa.Index("ix_reports_incident_id", "incident_id"),
)

incidents = sa.Table(
    "incidents",
    metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("hazard", sa.String(40), nullable=False),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("severity", sa.String(20), nullable=False, server_default=""),
    sa.Column("latitude", sa.Double, nullable=False),
    sa.Column("longitude", sa.Double, nullable=False),
    sa.Column("radius_km", sa.Double, nullable=False),
    sa.Column("sum_latitude", sa.Double, nullable=False),
    sa.Column("sum_longitude", sa.Double, nullable=False),
    sa.Column("report_count", sa.Integer, nullable=False),
    sa.Column("casualties", sa.Text, nullable=False),
    sa.Column("village_codes", sa.Text, nullable=False),
    sa.Column("district_codes", sa.Text, nullable=False),
    sa.Column("regency_codes", sa.Text, nullable=False),
    # " 75.03 75.03.02 75.03.02.2001 ": a region filter is one LIKE on both databases.
    sa.Column("region_index", sa.Text, nullable=False),
    sa.Column("notes", sa.Text, nullable=False, server_default="[]"),
    sa.Column("first_reported_at", UtcDateTime(), nullable=False),
    sa.Column("last_reported_at", UtcDateTime(), nullable=False),
    sa.Column("created_at", UtcDateTime(), nullable=False),
    sa.Column("updated_at", UtcDateTime(), nullable=False),
    sa.Column("verified_at", UtcDateTime(), nullable=True),
    sa.Index("ix_incidents_hazard_status", "hazard", "status"),
    sa.Index("ix_incidents_updated_at_id", "updated_at", "id"),
)

# The H3 cells (at the hazard's resolution) of an incident's reports: the clustering index.
incident_cells = sa.Table(
    "incident_cells",
    metadata,
    sa.Column("incident_id", sa.String(36), primary_key=True),
    sa.Column("cell", sa.String(16), primary_key=True),
    sa.Index("ix_incident_cells_cell", "cell"),
)

alerts = sa.Table(
    "alerts",
    metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("identifier", sa.String(200), nullable=False),
    sa.Column("sender", sa.String(200), nullable=False),
    sa.Column("sent", UtcDateTime(), nullable=False),
    sa.Column("msg_type", sa.String(10), nullable=False),
    sa.Column("source", sa.String(10), nullable=False),
    sa.Column("hazard", sa.String(40), nullable=False),
    sa.Column("incident_id", sa.String(36), nullable=True),
    sa.Column("superseded_by", sa.String(36), nullable=True),
    sa.Column("expires", UtcDateTime(), nullable=True),
    sa.Column("content", sa.Text, nullable=False),  # JSON of the rest of the alert
    sa.Column("cap_xml", sa.Text, nullable=False),
    sa.Column("created_at", UtcDateTime(), nullable=False),
    sa.UniqueConstraint("sender", "identifier", name="uq_alerts_sender_identifier"),
    sa.Index("ix_alerts_sent_id", "sent", "id"),
)

photos = sa.Table(
    "photos",
    metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("content_type", sa.String(40), nullable=False),
    sa.Column("width", sa.Integer, nullable=False),
    sa.Column("height", sa.Integer, nullable=False),
    # The upload as sent (EXIF with GPS included) is for the BPBD only; `public` is re-encoded without it.
    sa.Column("original", sa.LargeBinary, nullable=False),
    sa.Column("public", sa.LargeBinary, nullable=False),
    sa.Column("created_at", UtcDateTime(), nullable=False),
)

# Idempotency-Key of every create (servicekit.idempotency): the first answer, kept 24 hours per caller.
idempotency_records = idempotency.define_table(metadata)
