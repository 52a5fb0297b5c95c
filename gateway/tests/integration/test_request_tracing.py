"""The gateway's request span (gorontalo_gateway.tracing_http) and its gRPC client span
(servicekit.tracing.traced_channel): ids always, recorded when sampled, parent to child.

Each case runs in a fresh Python process: the tracer provider is process-wide (set once, it would
leak into every other test of the worker). The provider is the one servicekit.tracing.configure makes
without an exporter (parentbased_always_off), with an in-memory exporter added to see what a sampled
caller gets recorded.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

CALLER = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331"
SUBMIT = "/gorontalo.disaster.v1.DisasterService/SubmitReport"

SCRIPT = """
    import io, json, logging, os
    from concurrent import futures

    import grpc
    from grpc_health.v1 import health, health_pb2, health_pb2_grpc
    from opentelemetry import trace
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import SimpleSpanProcessor
    from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
    from opentelemetry.sdk.trace.sampling import ALWAYS_OFF, ParentBased

    from gorontalo.disaster.v1 import disaster_pb2, disaster_pb2_grpc
    from gorontalo_gateway.app import create_app
    from gorontalo_gateway.config import GatewayConfig
    from servicekit import testing_pki
    from servicekit.logging import JsonFormatter
    from servicekit.testing import free_port

    os.environ.update(testing_pki.process_env("gateway"))  # this process's test CA, as the upstream's
    exporter = InMemorySpanExporter()
    provider = TracerProvider(sampler=ParentBased(ALWAYS_OFF))
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    trace.set_tracer_provider(provider)
    lines = io.StringIO()
    handler = logging.StreamHandler(lines)
    handler.setFormatter(JsonFormatter("gateway"))
    logging.getLogger("gateway").addHandler(handler)
    logging.getLogger("gateway").setLevel("INFO")
    seen = []

    class Disaster(disaster_pb2_grpc.DisasterServiceServicer):
        def SubmitReport(self, request, context):
            seen.append(dict(context.invocation_metadata()))
            if request.description == "boom":
                context.abort(grpc.StatusCode.INTERNAL, "boom")
            return disaster_pb2.Report(id="r1", hazard=request.hazard)

    server = grpc.server(futures.ThreadPoolExecutor(max_workers=2))
    disaster_pb2_grpc.add_DisasterServiceServicer_to_server(Disaster(), server)
    health_servicer = health.HealthServicer()
    health_servicer.set("", health_pb2.HealthCheckResponse.SERVING)
    health_pb2_grpc.add_HealthServicer_to_server(health_servicer, server)
    port = testing_pki.add_secure_port(server, "127.0.0.1:0", "identity", "disaster")
    server.start()
    app = create_app(
        GatewayConfig(
            services={"identity": f"127.0.0.1:{port}", "disaster": f"127.0.0.1:{port}"},
            nats_url=f"nats://127.0.0.1:{free_port()}",
            upstream_timeout=5,
            health_timeout=2,
            max_body_bytes=1024 * 1024,
            streams_url="http://127.0.0.1:8090",
        )
    )
    client = app.test_client()

    def ask(path, headers, description="air naik"):
        seen.clear()
        exporter.clear()
        lines.seek(0)
        lines.truncate()
        if path == "/healthz":
            response = client.get(path, headers=headers)
        else:
            response = client.post(path, json={"hazard": "banjir", "description": description}, headers=headers)
        spans = [
            {
                "name": s.name,
                "kind": s.kind.name,
                "trace_id": format(s.context.trace_id, "032x"),
                "span_id": format(s.context.span_id, "016x"),
                "parent": format(s.parent.span_id, "016x") if s.parent else "",
                "status": s.status.status_code.name,
                "attributes": dict(s.attributes),
            }
            for s in exporter.get_finished_spans()
        ]
        logged = [json.loads(x) for x in lines.getvalue().splitlines()]
        print(json.dumps({"status": response.status_code, "metadata": seen[:1], "spans": spans, "logs": logged}))

    ask("/v1/disaster/reports", {"traceparent": "CALLER-01"})
    ask("/v1/disaster/reports", {})
    ask("/v1/disaster/reports", {"traceparent": "CALLER-01"}, description="boom")
    ask("/healthz", {"traceparent": "CALLER-01"})
    server.stop(0)
""".replace("CALLER", CALLER)


def run_cases() -> list[dict]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OTEL_", "TLS_"))}
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(SCRIPT)], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]


def test_request_and_call_spans_from_the_caller_to_the_service():
    sampled, unsampled, failed, probe = run_cases()
    caller_trace, caller_span = CALLER.split("-")[1:3]

    # A sampled caller: the request's server span is its child, the gRPC call's client span the
    # request's, and the service receives the client span as its parent.
    assert sampled["status"] == 200
    spans = {s["kind"]: s for s in sampled["spans"]}
    server, client = spans["SERVER"], spans["CLIENT"]
    assert (
        server["name"] == "POST /v1/disaster/reports" and server["attributes"]["http.route"] == "/v1/disaster/reports"
    )
    assert (server["trace_id"], server["parent"]) == (caller_trace, caller_span)
    assert server["attributes"]["http.status_code"] == 200 and server["attributes"]["http.method"] == "POST"
    assert client["name"] == SUBMIT and client["parent"] == server["span_id"] and client["trace_id"] == caller_trace
    assert client["attributes"]["rpc.method"] == "SubmitReport" and client["attributes"]["rpc.grpc.status_code"] == 0
    (metadata,) = sampled["metadata"]
    assert metadata["traceparent"] == f"00-{caller_trace}-{client['span_id']}-01"
    (line,) = sampled["logs"]
    assert (line["trace_id"], line["span_id"]) == (caller_trace, server["span_id"])

    # No caller: nothing recorded, yet the service and the log line share the request's trace id.
    assert unsampled["status"] == 200 and unsampled["spans"] == []
    (metadata,) = unsampled["metadata"]
    _version, trace_id, _span, flags = metadata["traceparent"].split("-")
    assert int(flags, 16) & 1 == 0 and trace_id != caller_trace, "not sampled"
    (line,) = unsampled["logs"]
    assert line["trace_id"] == trace_id

    # A service fault: both spans say so.
    spans = {s["kind"]: s for s in failed["spans"]}
    assert failed["status"] == 500
    assert spans["CLIENT"]["status"] == "ERROR" and spans["CLIENT"]["attributes"]["rpc.grpc.status_code"] == 13
    assert spans["SERVER"]["status"] == "ERROR" and spans["SERVER"]["attributes"]["http.status_code"] == 500

    # Probes are not traced (OTEL_PYTHON_FLASK_EXCLUDED_URLS' default).
    assert probe["status"] in (200, 503) and probe["spans"] == []
