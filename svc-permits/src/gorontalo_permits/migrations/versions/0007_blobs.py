"""blobs: uploaded bytes in the database, where every replica reads them (servicekit.blobs, issue 18)

Revision ID: 0007
Revises: 0006
"""

from alembic import op

from servicekit import blobs

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    blobs.create_table_op(op)


def downgrade() -> None:
    op.drop_table(blobs.TABLE_NAME)
