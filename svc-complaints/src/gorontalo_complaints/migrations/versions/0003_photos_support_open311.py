"""photos, supports, anonymous contacts, Open311 keys and attributes

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

COLUMNS = (
    ("support_count", sa.Integer, dict(nullable=False, server_default="0")),
    # Encrypted phone number or e-mail address of a reporter without an account (servicekit.pii).
    ("contact_encrypted", sa.Text, dict(nullable=False, server_default="")),
    ("contact_index", sa.String(64), dict(nullable=False, server_default="")),
    ("address", sa.String(300), dict(nullable=False, server_default="")),
    ("attributes", sa.Text, dict(nullable=False, server_default="{}")),
)


def upgrade() -> None:
    with op.batch_alter_table("complaints") as batch:
        for name, type_, kw in COLUMNS:
            batch.add_column(sa.Column(name, type_, **kw))
    op.create_index("ix_complaints_contact_index", "complaints", ["contact_index", "filed_at"])
    op.create_index("ix_complaints_category_lat", "complaints", ["category", "latitude"])
    # The public listing and Open311 read newest first.
    op.create_index("ix_complaints_filed_at", "complaints", ["filed_at"])
    # update (public or internal), question (agency -> reporter), answer (reporter -> agency).
    with op.batch_alter_table("complaint_updates") as batch:
        batch.add_column(sa.Column("kind", sa.String(20), nullable=False, server_default="update"))
    op.create_table(
        "complaint_photos",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("complaint_id", sa.String(36), nullable=True),
        sa.Column("owner_id", sa.String(100), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("content_type", sa.String(40), nullable=False),
        sa.Column("width", sa.Integer, nullable=False),
        sa.Column("height", sa.Integer, nullable=False),
        sa.Column("size_bytes", sa.Integer, nullable=False),
        sa.Column("storage_key", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_complaint_photos_complaint_id", "complaint_photos", ["complaint_id"])
    op.create_table(
        "complaint_supports",
        sa.Column("complaint_id", sa.String(36), primary_key=True),
        sa.Column("supporter_id", sa.String(100), primary_key=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "open311_keys",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("key_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("open311_keys")
    op.drop_table("complaint_supports")
    op.drop_index("ix_complaint_photos_complaint_id", table_name="complaint_photos")
    op.drop_table("complaint_photos")
    op.drop_index("ix_complaints_filed_at", table_name="complaints")
    op.drop_index("ix_complaints_category_lat", table_name="complaints")
    op.drop_index("ix_complaints_contact_index", table_name="complaints")
    with op.batch_alter_table("complaint_updates") as batch:
        batch.drop_column("kind")
    with op.batch_alter_table("complaints") as batch:
        for name, _type, _kw in reversed(COLUMNS):
            batch.drop_column(name)
