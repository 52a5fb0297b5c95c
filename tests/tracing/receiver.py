"""A small OTLP/HTTP trace receiver: what a collector does with POST /v1/traces, kept in memory.

The processes under test export to it exactly as they would to a real collector (protobuf
ExportTraceServiceRequest, decoded here with opentelemetry-proto); the test joins the spans.
"""

from __future__ import annotations

import gzip
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import (
    ExportTraceServiceRequest,
    ExportTraceServiceResponse,
)
from opentelemetry.proto.trace.v1.trace_pb2 import Span as SpanProto

KINDS = {value: name.removeprefix("SPAN_KIND_").lower() for name, value in SpanProto.SpanKind.items()}


@dataclass(frozen=True)
class ReceivedSpan:
    service: str  # resource service.name
    process: str  # resource service.instance.id (host:pid)
    name: str
    kind: str  # server, client, producer, consumer, internal
    trace_id: str
    span_id: str
    parent_span_id: str
    attributes: dict


def _value(any_value):
    field = any_value.WhichOneof("value")
    return getattr(any_value, field) if field else None


def decode(body: bytes) -> list[ReceivedSpan]:
    request = ExportTraceServiceRequest()
    request.ParseFromString(body)
    spans = []
    for resource_spans in request.resource_spans:
        resource = {a.key: _value(a.value) for a in resource_spans.resource.attributes}
        for scope_spans in resource_spans.scope_spans:
            for span in scope_spans.spans:
                spans.append(
                    ReceivedSpan(
                        service=str(resource.get("service.name", "")),
                        process=str(resource.get("service.instance.id", "")),
                        name=span.name,
                        kind=KINDS.get(span.kind, str(span.kind)),
                        trace_id=span.trace_id.hex(),
                        span_id=span.span_id.hex(),
                        parent_span_id=span.parent_span_id.hex(),
                        attributes={a.key: _value(a.value) for a in span.attributes},
                    )
                )
    return spans


def count_spans(body: bytes) -> int:
    request = ExportTraceServiceRequest()
    request.ParseFromString(body)
    return sum(len(scope.spans) for resource in request.resource_spans for scope in resource.scope_spans)


class OtlpReceiver:
    """keep=False only counts the spans (a benchmark's receiver must not compete for the CPU)."""

    def __init__(self, host: str = "127.0.0.1", *, keep: bool = True):
        self.spans: list[ReceivedSpan] = []
        self.span_count = 0
        self.requests = 0
        self._lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if self.headers.get("Content-Encoding") == "gzip":
                    body = gzip.decompress(body)
                if self.path != "/v1/traces":
                    self.send_response(404)
                    self.end_headers()
                    return
                received = decode(body) if keep else []
                count = len(received) if keep else count_spans(body)
                with receiver._lock:
                    receiver.spans.extend(received)
                    receiver.span_count += count
                    receiver.requests += 1
                answer = ExportTraceServiceResponse().SerializeToString()
                self.send_response(200)
                self.send_header("Content-Type", "application/x-protobuf")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args):  # the test reads spans, not access logs
                pass

        self._server = ThreadingHTTPServer((host, 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def endpoint(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> OtlpReceiver:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()

    def snapshot(self) -> list[ReceivedSpan]:
        with self._lock:
            return list(self.spans)

    def wait_for(self, predicate, what: str, timeout: float = 30.0) -> list[ReceivedSpan]:
        """Poll (bounded) until predicate(spans) holds; returns the spans then."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            spans = self.snapshot()
            if predicate(spans):
                return spans
            time.sleep(0.2)
        spans = self.snapshot()
        listing = "\n".join(f"  {s.service} {s.kind} {s.name} trace={s.trace_id}" for s in spans[-40:])
        raise AssertionError(f"{what}: not received within {timeout}s; {len(spans)} spans:\n{listing}")
