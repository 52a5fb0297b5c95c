"""officer workflow, SLA clock, NIB per owner, issued permits and their numbering

Revision ID: 0002
Revises: 0001
"""

import datetime

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _backfill_due_dates() -> None:
    from gorontalo_permits.domain import sla

    bind = op.get_bind()
    table = sa.table(
        "applications",
        sa.column("id", sa.String),
        sa.column("submitted_at", sa.DateTime(timezone=True)),
        sa.column("sla_working_days", sa.Integer),
        sa.column("sla_due_date", sa.Date),
    )
    for row in bind.execute(sa.select(table.c.id, table.c.submitted_at, table.c.sla_working_days)).all():
        submitted_at = row.submitted_at
        if submitted_at.tzinfo is None:  # SQLite keeps UTC without an offset
            submitted_at = submitted_at.replace(tzinfo=datetime.UTC)
        bind.execute(
            table.update()
            .where(table.c.id == row.id)
            .values(sla_due_date=sla.due_date(submitted_at, row.sla_working_days))
        )


def upgrade() -> None:
    with op.batch_alter_table("applications") as batch:
        batch.add_column(sa.Column("nib", sa.String(13), nullable=False, server_default=""))
        batch.add_column(sa.Column("self_declaration", sa.Boolean, nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("sla_due_date", sa.Date, nullable=True))
        batch.add_column(sa.Column("sla_paused_since", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("sla_paused_days", sa.Integer, nullable=False, server_default="0"))
        batch.add_column(sa.Column("payment_status", sa.String(20), nullable=False, server_default=""))
        batch.add_column(sa.Column("permit_number", sa.String(30), nullable=False, server_default=""))
    op.create_index("ix_applications_sla_queue", "applications", ["sla_due_date", "submitted_at"])
    _backfill_due_dates()
    op.create_table(
        "business_owners",
        sa.Column("owner_id", sa.String(64), primary_key=True),
        sa.Column("nib", sa.String(13), nullable=False),
        sa.Column("registered_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("nib", name="uq_business_owners_nib"),
    )
    op.create_table(
        "permits",
        sa.Column("permit_number", sa.String(30), primary_key=True),
        sa.Column("application_id", sa.String(36), sa.ForeignKey("applications.id"), nullable=False),
        sa.Column("owner_id", sa.String(64), nullable=False),
        sa.Column("nib", sa.String(13), nullable=False, server_default=""),
        sa.Column("kbli_code", sa.String(5), nullable=False),
        sa.Column("business_name", sa.String(150), nullable=False),
        sa.Column("risk_level", sa.String(20), nullable=False),
        sa.Column("regency_code", sa.String(5), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_by", sa.String(64), nullable=False, server_default=""),
        sa.Column("revocation_reason", sa.String(1000), nullable=False, server_default=""),
        sa.UniqueConstraint("application_id", name="uq_permits_application"),
    )
    op.create_table(
        "permit_counters",
        sa.Column("regency_code", sa.String(5), primary_key=True),
        sa.Column("year", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("last_sequence", sa.Integer, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("permit_counters")
    op.drop_table("permits")
    op.drop_table("business_owners")
    op.drop_index("ix_applications_sla_queue", "applications")
    with op.batch_alter_table("applications") as batch:
        for column in (
            "permit_number",
            "payment_status",
            "sla_paused_days",
            "sla_paused_since",
            "sla_due_date",
            "self_declaration",
            "nib",
        ):
            batch.drop_column(column)
