"""The gateway's readiness never fails because one upstream is down (issue 18, "Health").

A gateway replica is ready when it can serve: NATS reachable (its revocation feed, the alerts it
streams). With tax stopped it stays ready and names tax down in /readyz and /v1/services;
`?upstreams=all` is the stricter "is everything up" of operators and test stacks; without NATS it is
not ready.
"""

from __future__ import annotations

from concurrent import futures

import grpc
import pytest
from grpc_health.v1 import health, health_pb2, health_pb2_grpc

from gorontalo_gateway.app import create_app
from gorontalo_gateway.config import GatewayConfig
from servicekit import testing_pki
from servicekit.testing import NatsServer, free_port


@pytest.fixture
def gateway_env(monkeypatch):
    for name, value in testing_pki.process_env("gateway").items():
        monkeypatch.setenv(name, value)


@pytest.fixture
def upstreams():
    """identity and disaster answer health SERVING; tax's address has nothing listening."""
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
    servicer = health.HealthServicer()
    servicer.set("", health_pb2.HealthCheckResponse.SERVING)
    health_pb2_grpc.add_HealthServicer_to_server(servicer, server)
    port = testing_pki.add_secure_port(server, "127.0.0.1:0", "identity", "disaster")
    server.start()
    yield {"identity": f"127.0.0.1:{port}", "disaster": f"127.0.0.1:{port}", "tax": f"127.0.0.1:{free_port()}"}
    server.stop(0)


@pytest.fixture
def nats():
    server = NatsServer().start()
    yield server
    server.stop()


def test_one_upstream_down_leaves_the_gateway_ready(gateway_env, upstreams, nats):
    app = create_app(
        GatewayConfig(
            services=upstreams,
            nats_url=nats.url,
            upstream_timeout=2,
            health_timeout=2,
            max_body_bytes=1024 * 1024,
            streams_url="http://127.0.0.1:8090",
        )
    )
    client = app.test_client()

    ready = client.get("/readyz")
    assert ready.status_code == 200, ready.json
    assert ready.json["checks"] == {"identity": "up", "disaster": "up", "tax": "down", "nats": "up"}
    directory = {s["name"]: s["status"] for s in client.get("/v1/services").json["services"]}
    assert directory == {"identity": "up", "disaster": "up", "tax": "down"}

    everything = client.get("/readyz?upstreams=all")
    assert everything.status_code == 503 and everything.json["checks"]["tax"] == "down"

    nats.stop()
    without_nats = client.get("/readyz")
    assert without_nats.status_code == 503 and without_nats.json["checks"]["nats"] == "down"
    assert without_nats.headers["Retry-After"]
