"""Migrations are one step of a release, never raced by replicas (issue 18, "Migrations").

Replicas run `serve` with MIGRATE_ON_START=false: they check the schema and refuse one that is not this
release's. `<service> migrate` (a Kubernetes Job) changes it; two of them at once on PostgreSQL wait for
each other on an advisory lock instead of both creating the same tables.
"""

from __future__ import annotations

import os
import pathlib
import subprocess

import pytest
import sqlalchemy as sa

from servicekit import db, testing

ROOT = pathlib.Path(__file__).resolve().parents[2]
BIN = ROOT / ".venv" / "bin"


@pytest.fixture
def tax_database(postgres_admin_url):
    with testing.scratch_postgres_database(postgres_admin_url) as url:
        yield url


def _tax_migrations() -> str:
    from gorontalo_tax.bootstrap import migrations_path

    return migrations_path()


def _env(tmp_path, database_url: str, **extra) -> dict[str, str]:
    return {**os.environ, "VAR_DIR": str(tmp_path / "var"), "TAX_DATABASE_URL": database_url, **extra}


def test_serve_without_migrating_refuses_a_schema_that_is_not_this_releases(tmp_path, tax_database, monkeypatch):
    engine = db.make_engine(tax_database)
    try:
        monkeypatch.setenv("MIGRATE_ON_START", "false")
        with pytest.raises(db.SchemaNotCurrent, match="migrate"):
            db.migrate_at_start(engine, _tax_migrations())
        with engine.connect() as connection:  # nothing was created by the refused start
            assert sa.inspect(connection).get_table_names() == []
    finally:
        engine.dispose()


def test_two_migrate_steps_at_once_both_succeed_and_leave_the_schema_at_head(tmp_path, tax_database, monkeypatch):
    runs = [
        subprocess.Popen(
            [str(BIN / "gorontalo-tax"), "migrate"],
            env=_env(tmp_path, tax_database),
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [run.communicate(timeout=180)[0] for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs

    engine = db.make_engine(tax_database)
    try:
        current, head = db.schema_revisions(engine, _tax_migrations())
        assert current == head and head is not None
        assert all(f"schema at {head}" in output for output in outputs), outputs
        monkeypatch.setenv("MIGRATE_ON_START", "false")
        db.migrate_at_start(engine, _tax_migrations())  # a replica now starts without migrating
    finally:
        engine.dispose()
