"""complaints.category_source: who chose the category (filer, classifier, dispatcher) (issue 12)

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Complaints filed before stay "": unknown, so a dispatcher cannot re-review them as model-routed.
    with op.batch_alter_table("complaints") as batch:
        batch.add_column(sa.Column("category_source", sa.String(12), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("complaints") as batch:
        batch.drop_column("category_source")
