"""Database tables of svc-complaints."""
import sqlalchemy as sa

from servicekit.db import new_metadata

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
    sa.Column("filed_at", sa.DateTime(timezone=True), nullable=False),
    sa.Index("ix_complaints_reporter_filed", "reporter_id", "filed_at"),
)
