"""servicekit.tracing's switches and the stream server's span, each in a fresh Python process (the
tracer provider is process-wide: set once, it would leak into every other test of this worker)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

from servicekit import tracing
from tests.tracing.receiver import OtlpReceiver

PARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"


def run(script: str, **env: str) -> list[dict]:
    """Run `script` with only the given OTEL_* variables; its stdout as JSON lines."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("OTEL_")}
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script)],
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]


ENVELOPE_AND_LOG = """
    import io, json, logging
    from servicekit import messaging, tracing
    from servicekit.logging import JsonFormatter
    print(json.dumps({"recording": tracing.configure("probe")}))
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter("probe"))
    logging.getLogger("probe").addHandler(handler)
    logging.getLogger("probe").setLevel("INFO")
    with tracing.server_call("/a.v1.S/M", {"traceparent": "PARENT_TRACEPARENT"}):
        envelope = messaging.make_cloudevent(source="/probe", type_="gorontalo.probe.done", data={})
        logging.getLogger("probe").info("inside")
    print(json.dumps(envelope))
    print(stream.getvalue().strip())
""".replace("PARENT_TRACEPARENT", PARENT)


def test_without_an_endpoint_nothing_is_exported_but_ids_still_join_logs_and_events():
    recording, envelope, line = run(ENVELOPE_AND_LOG)
    assert recording == {"recording": True}
    trace_id = PARENT.split("-")[1]
    assert envelope["traceparent"].split("-")[1] == trace_id
    assert line["trace_id"] == trace_id and line["span_id"] == envelope["traceparent"].split("-")[2]


def test_sdk_disabled_means_no_spans_no_ids():
    recording, envelope, line = run(ENVELOPE_AND_LOG, OTEL_SDK_DISABLED="true")
    assert recording == {"recording": False}
    # No span of this process: the caller's context passes through unchanged (the API's no-op).
    assert envelope["traceparent"] == PARENT
    assert line["span_id"] == PARENT.split("-")[2]


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, []),
        ({"OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:4318"}, ["otlp"]),
        ({"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://127.0.0.1:4318/v1/traces"}, ["otlp"]),
        ({"OTEL_TRACES_EXPORTER": "console"}, ["console"]),
        ({"OTEL_TRACES_EXPORTER": "none", "OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:4318"}, []),
    ],
)
def test_which_exporters_the_variables_ask_for(monkeypatch, env, expected):
    for key in list(os.environ):
        if key.startswith("OTEL_"):
            monkeypatch.delenv(key)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    assert tracing.exporter_names() == expected


def test_a_delivered_alert_is_a_span_in_the_trace_that_issued_it():
    """The stream server's span per live alert: a child of the event's traceparent, exported over
    OTLP/HTTP with the service's name."""
    script = """
        import asyncio, json, types
        from servicekit import tracing
        from gorontalo_gateway.streams.hub import Hub
        from gorontalo_gateway.streams.source import AlertSource
        tracing.configure("gateway-streams")
        envelope = {
            "specversion": "1.0", "id": "ev-1", "source": "/gorontalo/disaster", "time": "2026-01-01T00:00:00Z",
            "type": "gorontalo.disaster.alert.issued", "traceparent": "PARENT_TRACEPARENT",
            "data": {"alert_id": "a-1", "region_codes": ["75.71"]},
        }
        message = types.SimpleNamespace(
            subject=envelope["type"], data=json.dumps(envelope).encode(),
            metadata=types.SimpleNamespace(sequence=types.SimpleNamespace(stream=7)),
        )

        async def deliver():
            hub = Hub()
            hub.subscribe("75.71")
            source = AlertSource(hub, nats_url="nats://127.0.0.1:1", stream="GORONTALO")
            await source._on_message(message)

        asyncio.run(deliver())
        from opentelemetry import trace
        trace.get_tracer_provider().force_flush()
    """.replace("PARENT_TRACEPARENT", PARENT)
    with OtlpReceiver() as receiver:
        run(script, OTEL_EXPORTER_OTLP_ENDPOINT=receiver.endpoint)
        spans = receiver.wait_for(lambda spans: spans, "the delivery span", timeout=10)
    (span,) = spans
    assert span.service == "gateway-streams"
    assert span.name == "deliver alert.issued" and span.kind == "consumer"
    assert (span.trace_id, span.parent_span_id) == tuple(PARENT.split("-")[1:3])
    assert span.attributes["gorontalo.stream.clients_reached"] == 1
    assert span.attributes["cloudevents.event_id"] == "ev-1"


ROOT_SPAN = """
    import json
    from opentelemetry import trace
    from servicekit import messaging, tracing
    tracing.configure("probe")
    with tracing.server_call("/a.v1.S/M", {}) as span:
        envelope = messaging.make_cloudevent(source="/probe", type_="gorontalo.probe.done", data={})
        print(json.dumps({"recording": span.is_recording(), "ids": tracing.current_ids()}))
    print(json.dumps(envelope))
"""


def test_without_an_exporter_spans_are_not_recorded_yet_carry_ids_into_logs_and_events():
    """Issue 20: nothing reads a span nobody exports; its ids are all that is used, and they stay."""
    state, envelope = run(ROOT_SPAN)
    assert state["recording"] is False
    trace_id, span_id = state["ids"]
    version, event_trace, event_span, flags = envelope["traceparent"].split("-")
    assert (event_trace, event_span) == (trace_id, span_id)
    assert int(flags, 16) & 1 == 0, "not sampled: a process downstream records nothing either"
    exported, _ = run(ROOT_SPAN, OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:9")  # refused: no matter
    assert exported["recording"] is True
