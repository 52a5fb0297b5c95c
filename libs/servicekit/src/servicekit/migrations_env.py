"""The body of every service's Alembic env.py: one place, many services."""

from __future__ import annotations

from alembic import context


def run(target_metadata) -> None:
    connection = context.config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("run migrations through servicekit.db.migrate (the service does it at start)")
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()
