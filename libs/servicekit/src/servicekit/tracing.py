"""Traces across processes (OpenTelemetry): one setup per process, the W3C trace context carried in
gRPC metadata and in CloudEvents (the distributed-tracing extension, `traceparent`/`tracestate`).

Every composition root calls configure() once: each service in ServiceRuntime.run, the gateway's
gunicorn workers after the fork (a BatchSpanProcessor's thread does not survive fork()), the stream
server and the web app. The standard OTEL_* variables decide the rest:

- export over OTLP/HTTP (protobuf) when OTEL_EXPORTER_OTLP_ENDPOINT (or ..._TRACES_ENDPOINT) is set
  or OTEL_TRACES_EXPORTER names `otlp`; `console` prints spans to stderr; `none` exports nothing.
  Nothing set: no exporter. Spans are still made, but not recorded (sampler parentbased_always_off
  unless OTEL_TRACES_SAMPLER says otherwise): a non-recording span carries the same trace and span
  ids, so logs (trace_id, span_id) and events (traceparent) of one request still share an id across
  processes, which is what an operator greps for when no collector runs, at a fraction of the cost
  (issue 20: the Flask instrumentation alone cost ~120 us per request recording attributes nobody
  reads). A caller's sampled traceparent is still honoured. Configure every process alike: one
  without an exporter passes its calls on unsampled.
- OTEL_SDK_DISABLED=true turns tracing off altogether (no spans, no ids).
- OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES override the resource made here; the OTEL_BSP_*
  variables tune the batch processor (its delay, queue and batch sizes).
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket

import grpc
from opentelemetry import context as otel_context
from opentelemetry import propagate, trace
from opentelemetry.trace import SpanKind, Status, StatusCode

log = logging.getLogger(__name__)

TRACE_FIELDS = ("traceparent", "tracestate")
_tracer = trace.get_tracer("servicekit")
_configured_pid: int | None = None


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in ("1", "true", "yes", "on")


def exporter_names() -> list[str]:
    """What OTEL_TRACES_EXPORTER and the OTLP endpoints ask for: [] means no export."""
    names = [n.strip().lower() for n in os.environ.get("OTEL_TRACES_EXPORTER", "").split(",") if n.strip()]
    if names:
        return [n for n in names if n != "none"]
    if os.environ.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") or os.environ.get("OTEL_EXPORTER_OTLP_ENDPOINT"):
        return ["otlp"]
    return []


def _exporter(name: str):
    if name == "otlp":
        protocol = os.environ.get(
            "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", os.environ.get("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
        )
        if protocol != "http/protobuf":
            log.warning("OTEL_EXPORTER_OTLP_PROTOCOL=%s is not available here: exporting over http/protobuf", protocol)
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        return OTLPSpanExporter()  # endpoint, headers, timeout and compression from OTEL_EXPORTER_OTLP_*
    if name == "console":
        from opentelemetry.sdk.trace.export import ConsoleSpanExporter

        return ConsoleSpanExporter()
    log.warning("OTEL_TRACES_EXPORTER=%s is not known here (otlp, console, none): ignored", name)
    return None


def configure(service: str, *, instance: str = "", agency: str = "") -> bool:
    """Install this process's tracer provider; True when spans are recorded. Once per process, and
    never in a process that forks workers afterwards (gunicorn's master): call it in the worker."""
    global _configured_pid
    if _configured_pid == os.getpid():
        return True
    if _flag("OTEL_SDK_DISABLED"):
        return False
    from opentelemetry.sdk.resources import OTELResourceDetector, Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor

    ours = {
        "service.name": service,
        "service.namespace": "gorontalo",
        "service.instance.id": f"{socket.gethostname()}:{os.getpid()}",
    }
    if instance:
        ours["gorontalo.instance"] = instance
    if agency:
        ours["gorontalo.agency"] = agency
    # The operator's OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES win over the names chosen here.
    resource = Resource.create(ours).merge(OTELResourceDetector().detect())
    operator_name = os.environ.get("OTEL_SERVICE_NAME")
    if operator_name:
        resource = resource.merge(Resource({"service.name": operator_name}))
    exporters = [e for e in (_exporter(name) for name in exporter_names()) if e is not None]
    sampler = None  # the SDK's default, or OTEL_TRACES_SAMPLER
    if not exporters and not os.environ.get("OTEL_TRACES_SAMPLER"):
        from opentelemetry.sdk.trace.sampling import ALWAYS_OFF, ParentBased

        sampler = ParentBased(ALWAYS_OFF)
    provider = TracerProvider(resource=resource, sampler=sampler)
    for exporter in exporters:
        provider.add_span_processor(BatchSpanProcessor(exporter))
    trace.set_tracer_provider(provider)
    _configured_pid = os.getpid()
    return True


def current_ids() -> tuple[str, str] | None:
    """(trace_id, span_id) in hex of the span current on this thread, for logs; None outside one."""
    span_context = trace.get_current_span().get_span_context()
    if not span_context.is_valid:
        return None
    return format(span_context.trace_id, "032x"), format(span_context.span_id, "016x")


# -- CloudEvents: the distributed-tracing extension ---------------------------------------------


def stamp(envelope: dict) -> dict:
    """Add the current span's `traceparent` (and `tracestate`) to a CloudEvent being recorded."""
    carrier: dict[str, str] = {}
    propagate.inject(carrier)
    for field in TRACE_FIELDS:
        if carrier.get(field):
            envelope[field] = carrier[field]
    return envelope


def context_of(envelope) -> otel_context.Context:
    """The trace context an event carries (an empty one when it carries none or a broken one)."""
    carrier = {}
    if isinstance(envelope, dict):
        carrier = {f: envelope[f] for f in TRACE_FIELDS if isinstance(envelope.get(f), str)}
    return propagate.extract(carrier)


@contextlib.contextmanager
def event_span(name: str, envelope, kind: SpanKind, **attributes):
    """A span joining the trace of the request that caused `envelope` (a child of its traceparent):
    the relay publishing it, a consumer applying it, the stream server delivering it."""
    event = envelope if isinstance(envelope, dict) else {}
    fields = {
        "messaging.system": "nats",
        "messaging.destination.name": str(event.get("type", "")),
        "messaging.message.id": str(event.get("id", "")),
        "cloudevents.event_type": str(event.get("type", "")),
        "cloudevents.event_id": str(event.get("id", "")),
        **{k.replace("_", "."): v for k, v in attributes.items() if v is not None},
    }
    with _tracer.start_as_current_span(
        name, context=context_of(event), kind=kind, attributes=fields, record_exception=True
    ) as span:
        yield span


def publishing(envelope):
    return event_span(f"publish {_type(envelope)}", envelope, SpanKind.PRODUCER)


def consuming(envelope, consumer: str):
    return event_span(f"process {_type(envelope)}", envelope, SpanKind.CONSUMER, messaging_consumer_group_name=consumer)


def _type(envelope) -> str:
    return str(envelope.get("type", "event")) if isinstance(envelope, dict) else "event"


# -- gRPC and HTTP ------------------------------------------------------------------------------


def server_call(full_method: str, metadata: dict[str, str]) -> _ServerCall:
    """The server span of one gRPC call, a child of the caller's span (traceparent in metadata), current
    while the call runs (`with server_call(...) as span`). The caller sets the status code on it
    (servicekit.interceptors.TracingInterceptor)."""
    name = full_method.lstrip("/")
    service, _, method = name.rpartition("/")
    span = _tracer.start_span(
        name,
        context=propagate.extract(metadata),
        kind=SpanKind.SERVER,
        attributes={"rpc.system": "grpc", "rpc.service": service, "rpc.method": method},
    )
    return _ServerCall(span)


class _ServerCall:
    """What start_as_current_span(record_exception=True, set_status_on_exception=False) does, without
    its two layers of generator context managers: this runs on every call of every service (issue 20:
    13.3 -> ~8 us per call, not recording)."""

    __slots__ = ("span", "_token")

    def __init__(self, span):
        self.span = span
        self._token = None

    def __enter__(self):
        self._token = otel_context.attach(trace.set_span_in_context(self.span))
        return self.span

    def __exit__(self, kind, error, traceback) -> bool:
        try:
            otel_context.detach(self._token)
            if error is not None and self.span.is_recording():
                self.span.record_exception(error)
        finally:
            self.span.end()
        return False


def set_grpc_status(span, code) -> None:
    """rpc.grpc.status_code, and an error status for the codes a server fault means (the spec's list)."""
    span.set_attribute("rpc.grpc.status_code", code.value[0])
    if code.name in ("UNKNOWN", "DEADLINE_EXCEEDED", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS"):
        span.set_status(Status(StatusCode.ERROR, code.name))


def traced_channel(channel) -> grpc.Channel:
    """`channel` with a client span per call and the trace context in its metadata.

    What opentelemetry-instrumentation-grpc's client interceptor did (span "/pkg.Service/Method", kind
    client, rpc.* attributes, the status code, a child of the current span), without grpc's interceptor
    machinery and its per-call OrderedDict and generator context managers: the gateway makes a call per
    request (issue 20). Attributes are only set on a span that records."""
    return _TracedChannel(channel)


class _TracedChannel(grpc.Channel):
    def __init__(self, channel: grpc.Channel):
        self._channel = channel

    def unary_unary(self, method, *args, **kwargs):
        return _TracedCall(method, self._channel.unary_unary(method, *args, **kwargs))

    def stream_unary(self, method, *args, **kwargs):
        return _TracedCall(method, self._channel.stream_unary(method, *args, **kwargs))

    def unary_stream(self, method, *args, **kwargs):
        return _TracedStream(method, self._channel.unary_stream(method, *args, **kwargs))

    def stream_stream(self, method, *args, **kwargs):
        return _TracedStream(method, self._channel.stream_stream(method, *args, **kwargs))

    def subscribe(self, callback, try_to_connect=False):
        self._channel.subscribe(callback, try_to_connect)

    def unsubscribe(self, callback):
        self._channel.unsubscribe(callback)

    def close(self):
        self._channel.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._channel.close()
        return False


class _TracedCall:
    """A unary-response multicallable: the span ends with the answer (or the future's completion)."""

    __slots__ = ("_name", "_inner", "_attributes")

    def __init__(self, method: str, inner):
        self._name = method
        self._inner = inner
        service, _, name = method.lstrip("/").rpartition("/")
        self._attributes = {"rpc.system": "grpc", "rpc.service": service, "rpc.method": name}

    def _start(self, metadata):
        span = _tracer.start_span(self._name, kind=SpanKind.CLIENT)
        if span.is_recording():
            span.set_attributes(self._attributes)
        carrier: dict[str, str] = {}
        propagate.inject(carrier, context=trace.set_span_in_context(span))
        return span, (*metadata, *carrier.items()) if metadata else tuple(carrier.items())

    def __call__(self, request, timeout=None, metadata=None, credentials=None, wait_for_ready=None, compression=None):
        span, metadata = self._start(metadata)
        try:
            return self._inner(request, timeout, metadata, credentials, wait_for_ready, compression)
        except grpc.RpcError as error:
            _client_failed(span, error)
            raise
        finally:
            _end_client(span)

    def with_call(self, request, timeout=None, metadata=None, credentials=None, wait_for_ready=None, compression=None):
        span, metadata = self._start(metadata)
        try:
            return self._inner.with_call(request, timeout, metadata, credentials, wait_for_ready, compression)
        except grpc.RpcError as error:
            _client_failed(span, error)
            raise
        finally:
            _end_client(span)

    def future(self, request, timeout=None, metadata=None, credentials=None, wait_for_ready=None, compression=None):
        span, metadata = self._start(metadata)
        try:
            call = self._inner.future(request, timeout, metadata, credentials, wait_for_ready, compression)
        except BaseException:
            span.end()
            raise
        call.add_done_callback(lambda done: _end_with(span, done))
        return call


class _TracedStream(_TracedCall):
    """A streamed answer (none of the platform's RPCs yet): the span ends when the stream does."""

    __slots__ = ()

    def __call__(self, request, timeout=None, metadata=None, credentials=None, wait_for_ready=None, compression=None):
        span, metadata = self._start(metadata)
        try:
            call = self._inner(request, timeout, metadata, credentials, wait_for_ready, compression)
        except BaseException:
            span.end()
            raise
        call.add_done_callback(lambda done: _end_with(span, done))
        return call


def _client_failed(span, error: grpc.RpcError) -> None:
    if span.is_recording():
        set_grpc_status(span, error.code())
        span.record_exception(error)


def _end_client(span) -> None:
    if span.is_recording() and "rpc.grpc.status_code" not in span.attributes:
        span.set_attribute("rpc.grpc.status_code", grpc.StatusCode.OK.value[0])
    span.end()


def _end_with(span, call) -> None:
    code = call.code()
    if span.is_recording() and code is not None:
        set_grpc_status(span, code)
    span.end()
