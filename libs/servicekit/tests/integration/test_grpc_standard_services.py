"""The standard services every runtime serves (health, reflection) and its refusal of a bad address."""

from __future__ import annotations

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc

from servicekit import testing_pki

from .test_grpc_runtime import IDENTITY, PERMITS, build_runtime, channel, identity, minter  # noqa: F401 - fixtures


def test_health_check_answers_serving_once_set(minter, identity):
    server, health, port = build_runtime(minter, identity).build()
    server.start()
    try:
        with testing_pki.test_channel(f"127.0.0.1:{port}") as channel:
            health_stub = health_pb2_grpc.HealthStub(channel)
            with pytest.raises(grpc.RpcError) as caught:
                health_stub.Check(health_pb2.HealthCheckRequest(service=IDENTITY), timeout=10)
            assert caught.value.code() == grpc.StatusCode.NOT_FOUND
            # As ServiceRuntime.run does once the server has started:
            for name in (IDENTITY, PERMITS, ""):
                health.set(name, health_pb2.HealthCheckResponse.SERVING)
            for name in (IDENTITY, PERMITS, ""):
                answer = health_stub.Check(health_pb2.HealthCheckRequest(service=name), timeout=10)
                assert answer.status == health_pb2.HealthCheckResponse.SERVING
            health.enter_graceful_shutdown()
            answer = health_stub.Check(health_pb2.HealthCheckRequest(service=""), timeout=10)
            assert answer.status == health_pb2.HealthCheckResponse.NOT_SERVING
    finally:
        server.stop(None).wait(5)


def test_reflection_lists_the_services_without_a_token(channel):
    reflection = reflection_pb2_grpc.ServerReflectionStub(channel)
    responses = reflection.ServerReflectionInfo(
        iter([reflection_pb2.ServerReflectionRequest(list_services="")]), timeout=10
    )
    names = {service.name for response in responses for service in response.list_services_response.service}
    assert {IDENTITY, PERMITS, "grpc.health.v1.Health"} <= names


def test_build_refuses_an_address_it_cannot_listen_on(minter, identity):
    runtime = build_runtime(minter, identity)
    runtime.listen = "203.0.113.1:1"  # TEST-NET-3: not an address of this machine
    with pytest.raises(RuntimeError):  # grpc's own "Failed to bind" or servicekit's "cannot listen"
        runtime.build()
