"""Health says what a probe needs (issue 18, "Health").

A real service process (svc-tourism, `gorontalo-tourism serve`) on its own PostgreSQL database and its
own nats-server: readiness (the overall "" status, and the service's own name) turns NOT_SERVING while
the database refuses connections or NATS is gone, and SERVING again when they return; liveness
("liveness") stays SERVING throughout, so a supervisor never restarts a replica for its dependencies.
"""

from __future__ import annotations

import os
import pathlib
import subprocess
import time

import grpc
import psycopg
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

from servicekit import testing, testing_pki

ROOT = pathlib.Path(__file__).resolve().parents[2]
BIN = ROOT / ".venv" / "bin"
SERVING = health_pb2.HealthCheckResponse.SERVING
NOT_SERVING = health_pb2.HealthCheckResponse.NOT_SERVING
SERVICE_NAME = "gorontalo.tourism.v1.TourismService"
WAIT_SECONDS = 90  # how long a busy machine may take; nothing here measures speed


@pytest.fixture
def database(postgres_admin_url):
    with testing.scratch_postgres_database(postgres_admin_url) as url:
        yield url


@pytest.fixture
def nats():
    server = testing.NatsServer().start()
    yield server
    server.stop()


@pytest.fixture
def tourism(tmp_path, database, nats):
    port = testing.free_port()
    env = {
        **os.environ,
        **testing_pki.process_env("tourism"),
        "VAR_DIR": str(tmp_path / "var"),
        "TOURISM_DATABASE_URL": database,
        "TOURISM_LISTEN": f"127.0.0.1:{port}",
        "TOURISM_METRICS_PORT": str(testing.free_port()),
        "NATS_URL": nats.url,
        "PYTHONUNBUFFERED": "1",
    }
    log = open(tmp_path / "tourism.log", "w")  # noqa: SIM115 - closed below
    process = subprocess.Popen([str(BIN / "gorontalo-tourism"), "serve"], env=env, cwd=ROOT, stdout=log, stderr=log)
    channel = testing_pki.test_pki().channel(f"127.0.0.1:{port}", "gateway", expect="tourism")
    stub = health_pb2_grpc.HealthStub(channel)
    try:
        yield process, stub, tmp_path / "tourism.log"
    finally:
        channel.close()
        process.terminate()
        try:
            process.wait(60)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def _status(stub, name: str):
    try:
        return stub.Check(health_pb2.HealthCheckRequest(service=name), timeout=5).status
    except grpc.RpcError as error:
        return error.code()


def _wait_for(stub, name: str, wanted, process, log: pathlib.Path):
    deadline = time.monotonic() + WAIT_SECONDS
    seen = None
    while time.monotonic() < deadline:
        assert process.poll() is None, log.read_text()[-3000:]
        seen = _status(stub, name)
        if seen == wanted:
            return
        time.sleep(0.3)
    raise AssertionError(f"{name!r} stayed {seen}, not {wanted}\n{log.read_text()[-3000:]}")


def _allow_connections(admin_url: str, database_url: str, allowed: bool) -> None:
    name = database_url.rsplit("/", 1)[1]
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS {"true" if allowed else "false"}')
        if not allowed:  # the service's pooled connections go too, as when the server restarts
            connection.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                (name,),
            )


def test_readiness_follows_the_database_and_nats_while_liveness_stays(tourism, database, postgres_admin_url, nats):
    process, stub, log = tourism
    _wait_for(stub, "", SERVING, process, log)
    assert _status(stub, SERVICE_NAME) == SERVING and _status(stub, "liveness") == SERVING

    _allow_connections(postgres_admin_url, database, False)
    try:
        _wait_for(stub, "", NOT_SERVING, process, log)
        assert _status(stub, SERVICE_NAME) == NOT_SERVING
        assert _status(stub, "liveness") == SERVING
    finally:
        _allow_connections(postgres_admin_url, database, True)
    _wait_for(stub, "", SERVING, process, log)

    nats.stop()
    try:
        _wait_for(stub, "", NOT_SERVING, process, log)
        assert _status(stub, "liveness") == SERVING
    finally:
        nats.start()
    _wait_for(stub, "", SERVING, process, log)
    assert _status(stub, SERVICE_NAME) == SERVING
