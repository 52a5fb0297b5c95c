"""staff second factor (TOTP) and the staff audit trail (issue 16)

`staff_totp` holds each staff account's authenticator secret (encrypted); `staff_actions` is the
append-only trail of every staff write in every service. Triggers refuse UPDATE and DELETE on the
trail on PostgreSQL and SQLite alike.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)

_SQLITE_GUARDS = [
    "CREATE TRIGGER staff_actions_no_update BEFORE UPDATE ON staff_actions "
    "BEGIN SELECT RAISE(ABORT, 'staff_actions is append-only'); END",
    "CREATE TRIGGER staff_actions_no_delete BEFORE DELETE ON staff_actions "
    "BEGIN SELECT RAISE(ABORT, 'staff_actions is append-only'); END",
]
_POSTGRES_GUARDS = [
    "CREATE FUNCTION staff_actions_append_only() RETURNS trigger LANGUAGE plpgsql AS "
    "$$ BEGIN RAISE EXCEPTION 'staff_actions is append-only'; END $$",
    "CREATE TRIGGER staff_actions_no_change BEFORE UPDATE OR DELETE ON staff_actions "
    "FOR EACH ROW EXECUTE FUNCTION staff_actions_append_only()",
    "CREATE TRIGGER staff_actions_no_truncate BEFORE TRUNCATE ON staff_actions "
    "FOR EACH STATEMENT EXECUTE FUNCTION staff_actions_append_only()",
]


def upgrade() -> None:
    op.create_table(
        "staff_totp",
        sa.Column("account_id", sa.String(36), primary_key=True),
        sa.Column("secret_encrypted", sa.Text, nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("confirmed_at", TS, nullable=True),
        sa.Column("last_used_step", sa.BigInteger, nullable=True),
    )
    op.create_table(
        "staff_actions",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("id", sa.String(64), nullable=False, unique=True),
        sa.Column("at", TS, nullable=False),
        sa.Column("actor_id", sa.String(64), nullable=False),
        sa.Column("actor_username", sa.String(100), nullable=False, server_default=""),
        sa.Column("actor_name", sa.String(200), nullable=False, server_default=""),
        sa.Column("actor_role", sa.String(20), nullable=False),
        sa.Column("agency", sa.String(60), nullable=False, server_default=""),
        sa.Column("jurisdiction", sa.JSON, nullable=False),
        sa.Column("service", sa.String(40), nullable=False),
        sa.Column("method", sa.String(100), nullable=False),
        sa.Column("http_route", sa.String(300), nullable=False, server_default=""),
        sa.Column("resource", sa.JSON, nullable=False),
        sa.Column("request_id", sa.String(128), nullable=False, server_default=""),
        sa.Column("recorded_at", TS, nullable=False),
    )
    op.create_index("ix_staff_actions_at", "staff_actions", ["at"])
    op.create_index("ix_staff_actions_actor_id", "staff_actions", ["actor_id"])
    op.create_index("ix_staff_actions_agency", "staff_actions", ["agency"])
    dialect = op.get_bind().dialect.name
    for statement in _POSTGRES_GUARDS if dialect == "postgresql" else _SQLITE_GUARDS if dialect == "sqlite" else []:
        op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS staff_actions_no_truncate ON staff_actions")
        op.execute("DROP TRIGGER IF EXISTS staff_actions_no_change ON staff_actions")
        op.execute("DROP FUNCTION IF EXISTS staff_actions_append_only()")
    op.drop_table("staff_actions")
    op.drop_table("staff_totp")
