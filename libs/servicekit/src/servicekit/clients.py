"""Outgoing gRPC calls from one service (or the gateway) to another, over mutual TLS."""

from __future__ import annotations

import threading

import grpc
from google.protobuf import json_format

from . import i18n, tracing
from .logging import request_id_var
from .pki.identity import PeerIdentity, identity_of
from .tls import CertificateSource, Material, channel_credentials, own_source

CHANNEL_OPTIONS = [
    # Every address the name resolves to gets calls in turn: a headless Kubernetes Service resolves to
    # each ready pod, where the default pick_first would pin this process to one of them.
    ("grpc.lb_policy_name", "round_robin"),
    ("grpc.keepalive_time_ms", 30_000),
    ("grpc.keepalive_timeout_ms", 5_000),
    ("grpc.initial_reconnect_backoff_ms", 200),
    ("grpc.max_reconnect_backoff_ms", 2_000),
    ("grpc.max_send_message_length", 16 * 1024 * 1024),
    ("grpc.max_receive_message_length", 16 * 1024 * 1024),
]


def channel(
    target: str,
    expect: PeerIdentity | str | None = None,
    *,
    caller: str | None = None,
    source: CertificateSource | None = None,
) -> grpc.Channel:
    """A mutual-TLS channel to `target`.

    expect: the server's identity — a PeerIdentity, a SPIFFE URI, or a service name meaning its
      provincial instance ("tax"). The server must present a certificate naming it (its DNS SAN,
      checked through grpc.ssl_target_name_override). None: any certificate of the CA valid for the
      target's host name.
    caller: the service this process is, for its own certificate (TLS_CERT_FILE... in production,
      dev material in VAR_DIR otherwise); or `source`, a CertificateSource (tests).
    The channel follows renewals of this process's certificate (RotatingChannel); each call is a client
    span whose trace context rides in the metadata (servicekit.tracing).
    """
    if source is None:
        if caller is None:
            raise TypeError("channel() needs caller= (this process's service name) or source=")
        source = own_source(caller)
    options = list(CHANNEL_OPTIONS)
    if expect is not None:
        options.append(("grpc.ssl_target_name_override", identity_of(expect).dns_name))
    return tracing.traced_channel(RotatingChannel(target, source, options))


class RotatingChannel(grpc.Channel):
    """A channel that, when this process's certificate is renewed, sends new calls over a channel built
    with the new pair and closes the old one once its calls in flight have ended: a renewal under load
    fails no call. Unary calls are counted; the platform's RPCs are unary."""

    def __init__(self, target: str, source: CertificateSource, options):
        self.target = target
        self._source = source
        self._options = options
        self._lock = threading.Lock()
        self._closed = False
        self._current = self._build(source.current())
        self._retired: list[_Generation] = []

    def _build(self, material: Material) -> _Generation:
        built = grpc.secure_channel(self.target, channel_credentials(material), options=self._options)
        return _Generation(material.generation, built)

    def _acquire(self) -> _Generation:
        material = self._source.current()
        with self._lock:
            if self._closed:
                raise ValueError("Cannot invoke RPC on closed channel!")
            if material.generation != self._current.generation:
                old, self._current = self._current, self._build(material)
                old.retired = True
                self._retired.append(old)
            generation = self._current
            generation.in_flight += 1
            return generation

    def _release(self, generation: _Generation) -> None:
        with self._lock:
            generation.in_flight -= 1
            if generation.retired and generation.in_flight == 0 and generation in self._retired:
                self._retired.remove(generation)
                generation.channel.close()

    def _multicallable(self, kind: str, method: str, args, kwargs):
        return _RotatingMultiCallable(self, kind, method, args, kwargs)

    def unary_unary(self, method, *args, **kwargs):
        return self._multicallable("unary_unary", method, args, kwargs)

    def unary_stream(self, method, *args, **kwargs):
        return self._multicallable("unary_stream", method, args, kwargs)

    def stream_unary(self, method, *args, **kwargs):
        return self._multicallable("stream_unary", method, args, kwargs)

    def stream_stream(self, method, *args, **kwargs):
        return self._multicallable("stream_stream", method, args, kwargs)

    def subscribe(self, callback, try_to_connect=False):
        self._current.channel.subscribe(callback, try_to_connect)

    def unsubscribe(self, callback):
        self._current.channel.unsubscribe(callback)

    def close(self):
        with self._lock:
            self._closed = True
            generations = [self._current, *self._retired]
            self._retired = []
        for generation in generations:
            generation.channel.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False


class _Generation:
    def __init__(self, generation: int, channel: grpc.Channel):
        self.generation = generation
        self.channel = channel
        self.in_flight = 0
        self.retired = False
        self.callables: dict[tuple, object] = {}


class _RotatingMultiCallable:
    """What a stub holds: each invocation takes the channel of the current certificate."""

    def __init__(self, owner: RotatingChannel, kind: str, method: str, args, kwargs):
        self._owner = owner
        self._kind = kind
        self._method = method
        self._args = args
        self._kwargs = kwargs

    def _on(self, generation: _Generation):
        key = (self._kind, self._method)
        found = generation.callables.get(key)
        if found is None:
            found = getattr(generation.channel, self._kind)(self._method, *self._args, **self._kwargs)
            generation.callables[key] = found
        return found

    def _sync(self, attribute: str, *args, **kwargs):
        generation = self._owner._acquire()
        try:
            return getattr(self._on(generation), attribute)(*args, **kwargs)
        finally:
            self._owner._release(generation)

    def __call__(self, *args, **kwargs):
        if self._kind.endswith("_stream"):
            # Streams live beyond this call: not counted (the old channel may close under a long stream).
            generation = self._owner._acquire()
            self._owner._release(generation)
            return self._on(generation)(*args, **kwargs)
        return self._sync("__call__", *args, **kwargs)

    def with_call(self, *args, **kwargs):
        return self._sync("with_call", *args, **kwargs)

    def future(self, *args, **kwargs):
        generation = self._owner._acquire()
        try:
            call = self._on(generation).future(*args, **kwargs)
        except BaseException:
            self._owner._release(generation)
            raise
        call.add_done_callback(lambda _done: self._owner._release(generation))
        return call


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
