"""report details, incidents with their H3 cells, CAP alerts, photos

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
    with op.batch_alter_table("reports") as batch:
        batch.add_column(sa.Column("casualties", sa.Text, nullable=False, server_default="{}"))
        batch.add_column(sa.Column("region_code", sa.String(13), nullable=False, server_default=""))
        batch.add_column(sa.Column("code", sa.String(12), nullable=True))
        batch.add_column(sa.Column("phone_cipher", sa.Text, nullable=True))
        batch.add_column(sa.Column("photo_ids", sa.Text, nullable=False, server_default="[]"))
        batch.add_column(sa.Column("incident_id", sa.String(36), nullable=True))
        batch.create_unique_constraint("uq_reports_code", ["code"])
    op.create_index("ix_reports_incident_id", "reports", ["incident_id"])
    op.create_table(
        "incidents",
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
        sa.Column("region_index", sa.Text, nullable=False),
        sa.Column("notes", sa.Text, nullable=False, server_default="[]"),
        sa.Column("first_reported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_reported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("verified_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_incidents_hazard_status", "incidents", ["hazard", "status"])
    op.create_index("ix_incidents_updated_at_id", "incidents", ["updated_at", "id"])
    op.create_table(
        "incident_cells",
        sa.Column("incident_id", sa.String(36), primary_key=True),
        sa.Column("cell", sa.String(16), primary_key=True),
    )
    op.create_index("ix_incident_cells_cell", "incident_cells", ["cell"])
    op.create_table(
        "alerts",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("identifier", sa.String(200), nullable=False),
        sa.Column("sender", sa.String(200), nullable=False),
        sa.Column("sent", sa.DateTime(timezone=True), nullable=False),
        sa.Column("msg_type", sa.String(10), nullable=False),
        sa.Column("source", sa.String(10), nullable=False),
        sa.Column("hazard", sa.String(40), nullable=False),
        sa.Column("incident_id", sa.String(36), nullable=True),
        sa.Column("superseded_by", sa.String(36), nullable=True),
        sa.Column("expires", sa.DateTime(timezone=True), nullable=True),
        sa.Column("content", sa.Text, nullable=False),
        sa.Column("cap_xml", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("sender", "identifier", name="uq_alerts_sender_identifier"),
    )
    op.create_index("ix_alerts_sent_id", "alerts", ["sent", "id"])
    op.create_table(
        "photos",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("content_type", sa.String(40), nullable=False),
        sa.Column("width", sa.Integer, nullable=False),
        sa.Column("height", sa.Integer, nullable=False),
        sa.Column("original", sa.LargeBinary, nullable=False),
        sa.Column("public", sa.LargeBinary, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("photos")
    op.drop_index("ix_alerts_sent_id", table_name="alerts")
    op.drop_table("alerts")
    op.drop_index("ix_incident_cells_cell", table_name="incident_cells")
    op.drop_table("incident_cells")
    op.drop_index("ix_incidents_updated_at_id", table_name="incidents")
    op.drop_index("ix_incidents_hazard_status", table_name="incidents")
    op.drop_table("incidents")
    op.drop_index("ix_reports_incident_id", table_name="reports")
    with op.batch_alter_table("reports") as batch:
        batch.drop_constraint("uq_reports_code", type_="unique")
        for column in ("incident_id", "photo_ids", "phone_cipher", "code", "region_code", "casualties"):
            batch.drop_column(column)
