"""Database tables of svc-disaster. The reporter id is an opaque account id, never NIK or phone."""
import sqlalchemy as sa

from servicekit.db import new_metadata

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
    sa.Column("observed_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
    # One report per record of a source: the same complaint never makes two reports.
    sa.UniqueConstraint("source", "source_ref", name="uq_reports_source_source_ref"),
    sa.Index("ix_reports_received_at_id", "received_at", "id"),
    sa.Index("ix_reports_hazard_received_at", "hazard", "received_at"),
)
