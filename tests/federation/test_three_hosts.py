"""Issue 17, across a real network: three hosts as network namespaces joined by veth links.

Driven as a client: HTTP to the province's gateway from the LAN, and processes started inside the hosts."""

from __future__ import annotations

import json
import sys

from tests.federation.three_hosts import GATEWAY_PORT, NATS_PORT


def test_hosts_reach_each_other_and_nothing_else(federation):
    network = federation.network
    province, kota, pohuwato = federation.province, federation.kota, federation.pohuwato
    seen = network.probe("kota", [(province.address, NATS_PORT), (pohuwato.address, 1), ("127.0.0.1", 5432)])
    assert seen[f"{province.address}:{NATS_PORT}"] == "connected", seen
    # A RST from a closed port: the other agency's host is reached over the link.
    assert seen[f"{pohuwato.address}:1"] == "refused", seen
    # The machine's shared PostgreSQL is on the root namespace's loopback: not this host's.
    assert seen["127.0.0.1:5432"] == "refused", seen
    # No route off the LAN: the root namespace (and whatever else the machine reaches) is not there.
    beyond = network.probe("pohuwato", [("10.76.0.1", 80), ("192.0.2.1", 80)])
    assert set(beyond.values()) == {"unreachable"}, beyond
    assert "default" not in network.routes("kota"), network.routes("kota")
    assert network.probe("province", [(kota.address, 1)]) == {f"{kota.address}:1": "refused"}


def test_gateway_on_the_province_host_is_ready(federation, http):
    answer = http.get(federation.url + "/readyz", timeout=5)
    assert answer.status_code == 200, answer.text
    assert answer.json()["status"] == "ready", answer.text
    assert set(answer.json()["checks"]) >= {"identity", "permits", "tax", "complaints", "disaster", "nats"}
    assert federation.url == f"http://{federation.province.address}:{GATEWAY_PORT}"


REACH_PROVINCE = """
import asyncio, json, sys
from grpc_health.v1 import health_pb2, health_pb2_grpc
from servicekit.clients import channel
from servicekit.nats_connection import NatsConnection
from servicekit.tls import process_source

async def stream_of_the_province(url):
    # As Kota's permits process connects: TLS with its certificate, which names its NATS user.
    connection = await NatsConnection.for_service("permits", url).connect(connect_timeout=5, allow_reconnect=False)
    try:
        info = await connection.jetstream().stream_info("GORONTALO")
        return info.config.name
    finally:
        await connection.close()

identity = channel(sys.argv[2], "identity", source=process_source("permits"))
health = health_pb2_grpc.HealthStub(identity).Check(health_pb2.HealthCheckRequest(), timeout=5)
print(json.dumps({"nats": asyncio.run(stream_of_the_province(sys.argv[1])), "identity": health.status}))
"""


def test_a_process_in_kota_reaches_the_provinces_nats_and_identity_over_the_link(federation):
    """Over mutual TLS with Kota's own certificate (TLS_*_FILE of its permits instance), on both."""
    identity = f"{federation.province.address}:{federation.ports['identity'][0]}"
    assert federation.nats_url.startswith("tls://")
    done = federation.kota.run(
        [sys.executable, "-c", REACH_PROVINCE, federation.nats_url, identity],
        federation.env(federation.kota, "permits"),
    )
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert answer == {"nats": "GORONTALO", "identity": 1}, answer  # 1: SERVING
    # Kota's own permits instance is up on its host, connected to the same province.
    assert federation.kota.processes["permits"].poll() is None, federation.kota.tail_logs()
