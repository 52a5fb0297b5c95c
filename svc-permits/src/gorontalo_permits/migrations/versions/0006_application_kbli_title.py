"""the KBLI title of an application, kept as at submission (events carry it to the resident's timeline)

Applications submitted before this revision get the title from the catalog shipped with the service;
an activity that is not in it keeps "" (events then name the KBLI code alone).

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

from gorontalo_permits.adapters import catalog as catalog_adapter

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("applications") as batch:
        batch.add_column(sa.Column("kbli_title", sa.String(300), nullable=False, server_default=""))
    applications = sa.table("applications", sa.column("kbli_code", sa.String), sa.column("kbli_title", sa.String))
    connection = op.get_bind()
    for permit_type in catalog_adapter.load().all():
        connection.execute(
            applications.update()
            .where(applications.c.kbli_code == permit_type.kbli_code, applications.c.kbli_title == "")
            .values(kbli_title=permit_type.title)
        )


def downgrade() -> None:
    with op.batch_alter_table("applications") as batch:
        batch.drop_column("kbli_title")
