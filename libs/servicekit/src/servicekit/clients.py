"""Outgoing gRPC calls from one service (or the gateway) to another."""

from __future__ import annotations

import grpc
from google.protobuf import json_format

from . import i18n
from .logging import request_id_var

CHANNEL_OPTIONS = [
    ("grpc.keepalive_time_ms", 30_000),
    ("grpc.keepalive_timeout_ms", 5_000),
    ("grpc.initial_reconnect_backoff_ms", 200),
    ("grpc.max_reconnect_backoff_ms", 2_000),
    ("grpc.max_send_message_length", 16 * 1024 * 1024),
    ("grpc.max_receive_message_length", 16 * 1024 * 1024),
]


def channel(target: str) -> grpc.Channel:
    return grpc.insecure_channel(target, options=CHANNEL_OPTIONS)


def outgoing_metadata(authorization: str | None = None, extra=()) -> list[tuple[str, str]]:
    metadata = [("accept-language", i18n.language_var.get()), *extra]
    request_id = request_id_var.get()
    if request_id:
        metadata.append(("x-request-id", request_id))
    if authorization:
        metadata.append(("authorization", authorization))
    return metadata


def jwks_fetcher(identity_channel: grpc.Channel, timeout: float = 3.0):
    """A JWKS fetch function for JwksCache, asking svc-identity over gRPC."""
    from gorontalo.identity.v1 import identity_pb2, identity_pb2_grpc

    stub = identity_pb2_grpc.IdentityServiceStub(identity_channel)

    def fetch() -> dict:
        response = stub.GetJwks(identity_pb2.GetJwksRequest(), timeout=timeout, metadata=outgoing_metadata())
        return json_format.MessageToDict(response, preserving_proto_field_name=True)

    return fetch
