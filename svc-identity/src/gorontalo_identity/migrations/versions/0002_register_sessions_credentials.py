"""population register, agencies, refresh tokens, credentials, e-KTP checks, access log

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("accounts") as batch:
        batch.add_column(sa.Column("agency_id", sa.String(36), nullable=True))
    op.create_table(
        "residents",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("nik_encrypted", sa.Text, nullable=False),
        sa.Column("nik_index", sa.String(64), nullable=False, unique=True),
        sa.Column("kk_encrypted", sa.Text, nullable=False),
        sa.Column("kk_index", sa.String(64), nullable=False, index=True),
        sa.Column("full_name", sa.String(200), nullable=False),
        sa.Column("birth_place", sa.String(100), nullable=False),
        sa.Column("birth_date", sa.Date, nullable=False),
        sa.Column("sex", sa.String(1), nullable=False),
        sa.Column("address", sa.String(300), nullable=False),
        sa.Column("village_code", sa.String(13), nullable=False),
        sa.Column("district_code", sa.String(8), nullable=False),
        sa.Column("regency_code", sa.String(5), nullable=False, index=True),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("updated_at", TS, nullable=False),
    )
    op.create_table(
        "agencies",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("code", sa.String(60), nullable=False, unique=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("region_code", sa.String(13), nullable=False),
        sa.Column("created_at", TS, nullable=False),
    )
    op.create_table(
        "refresh_tokens",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("family_id", sa.String(36), nullable=False, index=True),
        sa.Column("account_id", sa.String(36), nullable=False, index=True),
        sa.Column("secret_hash", sa.String(64), nullable=False),
        sa.Column("issued_at", TS, nullable=False),
        sa.Column("expires_at", TS, nullable=False),
        sa.Column("used_at", TS, nullable=True),
        sa.Column("revoked_at", TS, nullable=True),
    )
    op.create_table(
        "credentials",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("account_id", sa.String(36), nullable=False, index=True),
        sa.Column("token", sa.Text, nullable=False),
        sa.Column("issued_at", TS, nullable=False),
        sa.Column("expires_at", TS, nullable=False),
        sa.Column("revoked_at", TS, nullable=True),
    )
    op.create_table(
        "api_clients",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("secret_hash", sa.String(64), nullable=False),
        sa.Column("rate_limit_per_minute", sa.Integer, nullable=False),
        sa.Column("created_at", TS, nullable=False),
    )
    op.create_table(
        "ektp_checks",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("client_id", sa.String(40), nullable=False),
        sa.Column("at", TS, nullable=False),
        sa.Column("outcome", sa.String(20), nullable=False),
        sa.Column("nik_index", sa.String(64), nullable=True),
        sa.Column("purpose", sa.String(200), nullable=False),
        sa.Index("ix_ektp_checks_client_at", "client_id", "at"),
    )
    op.create_table(
        "access_log",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("subject_nik_index", sa.String(64), nullable=False, index=True),
        sa.Column("actor_role", sa.String(20), nullable=False),
        sa.Column("actor_id", sa.String(40), nullable=False),
        sa.Column("actor_name", sa.String(200), nullable=False),
        sa.Column("agency", sa.String(200), nullable=False),
        sa.Column("purpose", sa.String(200), nullable=False),
        sa.Column("at", TS, nullable=False),
    )


def downgrade() -> None:
    for table in ("access_log", "ektp_checks", "api_clients", "credentials", "refresh_tokens", "agencies", "residents"):
        op.drop_table(table)
    with op.batch_alter_table("accounts") as batch:
        batch.drop_column("agency_id")
