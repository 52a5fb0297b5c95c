"""The backup drill: the CronJob's own backup.sh dumps a service's database (pg_dump), the documented
restore.sh loads it into another database (pg_restore), and svc-tax, started on the restored
database through TAX_DATABASE_URL, reads its data back through its own unit of work.

Scratch databases on TEST_POSTGRES_URL's server, created and dropped here (never the shared ones)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from urllib.parse import urlparse

import pytest

from servicekit import db
from servicekit.testing import DEFAULT_TEST_POSTGRES_URL, postgres_available, scratch_postgres_database

from . import manifests

ADMIN_URL = os.environ.get("TEST_POSTGRES_URL", DEFAULT_TEST_POSTGRES_URL)
pytestmark = pytest.mark.skipif(
    os.environ.get("CI") is None and not postgres_available(ADMIN_URL), reason=f"no PostgreSQL at {ADMIN_URL}"
)


def _scripts(tmp_path) -> dict[str, str]:
    """backup.sh and restore.sh exactly as the cluster gets them (the rendered ConfigMap)."""
    config = next(
        r
        for r in manifests.rendered("province")
        if r["kind"] == "ConfigMap" and r["metadata"]["name"] == "postgres-backup"
    )
    paths = {}
    for name, text in config["data"].items():
        path = tmp_path / name
        path.write_text(text)
        paths[name] = str(path)
    return paths


def _pg_environment(url: str) -> dict[str, str]:
    parts = urlparse(url)
    env = {"PATH": os.environ["PATH"], "PGHOST": parts.hostname or "127.0.0.1", "PGPORT": str(parts.port or 5432)}
    env["PGUSER"] = parts.username or "postgres"
    if parts.password:
        env["PGPASSWORD"] = parts.password
    return env


def _vehicle():
    from gorontalo_tax.domain.model import Vehicle

    return Vehicle(
        id="veh-drill-0001",
        owner_id="citizen-drill",
        plate_number="DM 1234 AB",
        vehicle_type="sepeda_motor",
        model_year=2022,
        taxable_value=18_000_000,
        regency_code="7571",
        ownership_order=1,
        weight_permille=1000,
        rate_basis_points=150,
        opsen_basis_points=6600,
        annual_pkb=270_000,
        annual_opsen_pkb=178_200,
        registered_at=dt.datetime(2026, 1, 5, 8, 0, tzinfo=dt.UTC),
    )


def test_a_dump_restored_into_another_database_is_read_back_by_the_service(tmp_path, monkeypatch):
    from gorontalo_tax import bootstrap as tax
    from gorontalo_tax.service_layer.unit_of_work import TaxUnitOfWork

    for tool in ("pg_dump", "pg_restore"):
        assert shutil.which(tool), f"{tool} is missing (Debian: postgresql-client)"
    scripts = _scripts(tmp_path)
    with scratch_postgres_database(ADMIN_URL) as source_url, scratch_postgres_database(ADMIN_URL) as target_url:
        source = db.make_engine(source_url)
        db.migrate(source, tax.migrations_path())
        with TaxUnitOfWork(db.session_factory(source)) as unit:
            unit.vehicles.add(_vehicle())
            unit.commit()
        source.dispose()

        source_name = urlparse(source_url).path.lstrip("/")
        backups = tmp_path / "backups"
        backed_up = subprocess.run(
            ["sh", scripts["backup.sh"]],
            env={**_pg_environment(source_url), "DATABASES": source_name, "BACKUP_DIR": str(backups)},
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert backed_up.returncode == 0, backed_up.stderr
        (night,) = list(backups.iterdir())
        assert not night.name.endswith(".partial")
        dump = night / f"{source_name}.dump"

        restored = subprocess.run(
            ["sh", scripts["restore.sh"], str(dump), urlparse(target_url).path.lstrip("/")],
            env=_pg_environment(target_url),
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert restored.returncode == 0, restored.stderr

        # The service as a pod starts it: its database from TAX_DATABASE_URL, and no migration
        # (MIGRATE_ON_START=false, as in the manifests): the restored schema must already be current.
        monkeypatch.setenv("TAX_DATABASE_URL", target_url)
        monkeypatch.setenv("VAR_DIR", str(tmp_path / "var"))
        monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:1/0")
        app = tax.bootstrap(migrate=False)
        with TaxUnitOfWork(app.session_factory) as unit:
            assert unit.vehicles.get("veh-drill-0001") == _vehicle()
            assert unit.vehicles.by_plate("DM 1234 AB").id == "veh-drill-0001"
        current, head = db.schema_revisions(db.make_engine(target_url), tax.migrations_path())
        assert current == head is not None
