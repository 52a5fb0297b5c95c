"""A prototype, for measurement only: GET /v1/me and POST /v1/disaster/reports on an asyncio path.

What docs/performance.md names as the design that would reach issue 20's minimums: the gateway's
request path on one event loop (uvicorn with uvloop and httptools, the stream server's stack) calling
the services with grpc.aio, instead of gunicorn's gthread workers blocking in grpcio. It keeps the work
the real gateway does on these two routes, so the figure compares designs, not features:
- mutual TLS to the services with the gateway's own certificate, the service name checked;
- the token verified (TokenVerifier: signature cache, expiry, revocation list) before the call;
- a request id, a server span and a client span whose traceparent rides in the metadata;
- the call's metadata as the gateway sends it (language, request id, authorization, client address,
  Idempotency-Key on the create);
- the answer rendered as the gateway renders it (render.message_to_dict), JSON, security headers;
- one JSON access line per request (servicekit.logging) and the request counter and histogram.
It does not do routing for every RPC, problem+json for every error, instance routing or compression:
the two routes, 200s, and a plain error otherwise. Run by tests/bench/aio_gateway.py under
`uvicorn --factory tests.bench.aio_gateway_app:create_app`.
"""

from __future__ import annotations

import json
import logging
import os
import time
import uuid

import grpc
from google.protobuf import json_format
from opentelemetry import propagate, trace
from opentelemetry.trace import SpanKind
from prometheus_client import Counter, Histogram

from gorontalo.disaster.v1 import disaster_pb2, disaster_pb2_grpc
from gorontalo.identity.v1 import identity_pb2, identity_pb2_grpc
from gorontalo_gateway.render import message_to_dict
from servicekit import clients
from servicekit import logging as json_logging
from servicekit.auth import JwksCache, TokenVerifier, bearer_token
from servicekit.errors import ServiceError
from servicekit.logging import request_id_var
from servicekit.pki.identity import identity_of
from servicekit.tls import channel_credentials, own_source

log = logging.getLogger("gateway.access")
_tracer = trace.get_tracer("aio-prototype")
_ENCODER = json.JSONEncoder(ensure_ascii=False)
REQUESTS = Counter("prototype_http_requests_total", "requests", ["route", "status"])
SECONDS = Histogram("prototype_http_request_duration_seconds", "duration", ["route"])
HEADERS = [
    (b"content-type", b"application/json; charset=utf-8"),
    (b"x-content-type-options", b"nosniff"),
    (b"cache-control", b"no-store"),
]


def _aio_channel(target: str, service: str) -> grpc.aio.Channel:
    """`target` may list several processes of the service ("host:port,host:port"): calls go round-robin."""
    material = own_source("gateway").current()
    options = [*clients.CHANNEL_OPTIONS, ("grpc.ssl_target_name_override", identity_of(service).dns_name)]
    if "," in target:
        target = "ipv4:" + target
        options.append(("grpc.lb_policy_name", "round_robin"))
    return grpc.aio.secure_channel(target, channel_credentials(material), options=options)


class Prototype:
    def __init__(self):
        json_logging.configure("gateway", os.environ.get("LOG_LEVEL", "INFO"))
        identity_addr, disaster_addr = os.environ["IDENTITY_ADDR"], os.environ["DISASTER_ADDR"]
        # The key set once, over a blocking channel (as the real gateway's JwksCache does).
        jwks_channel = clients.channel(identity_addr.split(",")[0], "identity", caller="gateway")
        self.verifier = TokenVerifier(JwksCache(clients.jwks_fetcher(jwks_channel)).key)
        self._addrs = identity_addr, disaster_addr
        self.identity = self.disaster = None

    def _stubs(self) -> None:
        # grpc.aio objects belong to the loop that serves: made on the first request.
        self.identity = identity_pb2_grpc.IdentityServiceStub(_aio_channel(self._addrs[0], "identity"))
        self.disaster = disaster_pb2_grpc.DisasterServiceStub(_aio_channel(self._addrs[1], "disaster"))

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return
        if self.identity is None:
            self._stubs()
        started = time.perf_counter()
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        request_id = headers.get("x-request-id") or uuid.uuid4().hex
        token = request_id_var.set(request_id)
        route = f"{scope['method']} {scope['path']}"
        span = _tracer.start_span(route, context=propagate.extract(headers), kind=SpanKind.SERVER)
        try:
            with trace.use_span(span, end_on_exit=True):
                status, body = await self._answer(scope, headers, receive, request_id)
        finally:
            request_id_var.reset(token)
        await send({"type": "http.response.start", "status": status, "headers": HEADERS})
        await send({"type": "http.response.body", "body": body})
        elapsed = time.perf_counter() - started
        REQUESTS.labels(route, str(status)).inc()
        SECONDS.labels(route).observe(elapsed)
        log.info(
            "%s %s",
            route,
            status,
            extra={"http_status": status, "duration_ms": round(elapsed * 1000, 2), "path": scope["path"]},
        )

    async def _answer(self, scope, headers, receive, request_id) -> tuple[int, bytes]:
        authorization = headers.get("authorization")
        try:
            token = bearer_token(authorization)
            if token:
                self.verifier.verify(token)
        except ServiceError:
            return 401, b'{"code":"token_invalid"}'
        metadata = [
            ("accept-language", headers.get("accept-language", "id")),
            ("x-request-id", request_id),
            ("x-client-address", (scope.get("client") or ("",))[0]),
        ]
        if authorization:
            metadata.append(("authorization", authorization))
        if scope["method"] == "GET" and scope["path"] == "/v1/me":
            if not token:
                return 401, b'{"code":"unauthenticated"}'
            name, call, request = "IdentityService/GetMe", self.identity.GetMe, identity_pb2.GetMeRequest()
        elif scope["method"] == "POST" and scope["path"] == "/v1/disaster/reports":
            body = b""
            while True:
                message = await receive()
                body += message.get("body", b"")
                if not message.get("more_body"):
                    break
            request = json_format.ParseDict(json.loads(body or b"{}"), disaster_pb2.SubmitReportRequest())
            if "idempotency-key" in headers:
                metadata.append(("idempotency-key", headers["idempotency-key"]))
            name, call = "DisasterService/SubmitReport", self.disaster.SubmitReport
        else:
            return 404, b'{"code":"not_found"}'
        with _tracer.start_as_current_span(name, kind=SpanKind.CLIENT):
            carrier: dict[str, str] = {}
            propagate.inject(carrier)
            metadata.extend(carrier.items())
            try:
                response = await call(request, metadata=metadata, timeout=10)
            except grpc.aio.AioRpcError as error:
                return 502, _ENCODER.encode({"code": error.code().name}).encode()
        return 200, _ENCODER.encode(message_to_dict(response)).encode()


def create_app():
    return Prototype()
