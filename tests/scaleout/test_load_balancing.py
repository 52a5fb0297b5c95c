"""gRPC calls spread over every replica (issue 18, "Load balancing gRPC").

A headless Kubernetes Service resolves to every ready pod; a channel with the default pick_first
policy would still send all its calls to one of them for the life of the connection. servicekit's
channels use round_robin: two replicas of "permits" (real gRPC servers over mutual TLS) behind one
target with two addresses both get calls, and one that stops leaves the other serving everything.
The same target through a pick_first channel pins every call to one replica: what the policy fixes.
"""

from __future__ import annotations

import threading
from concurrent import futures

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

from servicekit import clients, testing_pki
from servicekit.pki.identity import identity_of
from servicekit.tls import channel_credentials

CALLS = 40


class CountingHealth(health_pb2_grpc.HealthServicer):
    def __init__(self):
        self.calls = 0
        self._lock = threading.Lock()

    def Check(self, request, context):
        with self._lock:
            self.calls += 1
        return health_pb2.HealthCheckResponse(status=health_pb2.HealthCheckResponse.SERVING)


@pytest.fixture
def replicas():
    """Two replicas of permits, each its own server and port, as two pods behind one Service."""
    started = []
    for _ in range(2):
        server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
        counter = CountingHealth()
        health_pb2_grpc.add_HealthServicer_to_server(counter, server)
        port = testing_pki.add_secure_port(server, "127.0.0.1:0", "permits")
        server.start()
        started.append((server, counter, port))
    yield started
    for server, _, _ in started:
        server.stop(0)


def _target(replicas) -> str:
    # What a resolver hands the channel for a headless Service: one name, every pod's address.
    return "ipv4:" + ",".join(f"127.0.0.1:{port}" for _, _, port in replicas)


def _call(channel, times: int) -> None:
    stub = health_pb2_grpc.HealthStub(channel)
    for _ in range(times):
        stub.Check(health_pb2.HealthCheckRequest(), timeout=10, wait_for_ready=True)


def test_servicekit_channels_send_calls_to_every_replica(replicas):
    channel = clients.channel(_target(replicas), "permits", source=testing_pki.test_pki().source("gateway"))
    try:
        _call(channel, CALLS)
        counts = [counter.calls for _, counter, _ in replicas]
        assert sum(counts) == CALLS and min(counts) > 0, counts

        # A replica goes (a pod deleted by a rollout or a scale-down): the other takes every call.
        replicas[0][0].stop(0).wait()
        before = replicas[1][1].calls
        _call(channel, 10)
        assert replicas[1][1].calls == before + 10
    finally:
        channel.close()


def test_pick_first_would_pin_every_call_to_one_replica(replicas):
    """The control: without round_robin the same target keeps one connection, so one replica idles."""
    source = testing_pki.test_pki().source("gateway")
    options = [option for option in clients.CHANNEL_OPTIONS if option[0] != "grpc.lb_policy_name"]
    options.append(("grpc.ssl_target_name_override", identity_of("permits").dns_name))
    channel = grpc.secure_channel(_target(replicas), channel_credentials(source.current()), options=options)
    try:
        _call(channel, CALLS)
        assert sorted(counter.calls for _, counter, _ in replicas) == [0, CALLS]
    finally:
        channel.close()
