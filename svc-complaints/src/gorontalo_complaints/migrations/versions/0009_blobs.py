"""blobs: uploaded bytes in the database, where every replica reads them (servicekit.blobs, issue 18)

Revision ID: 0009
Revises: 0008
"""

from alembic import op

from servicekit import blobs

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    blobs.create_table_op(op)


def downgrade() -> None:
    op.drop_table(blobs.TABLE_NAME)
