"""One disaster report followed across separate processes by its trace (issue 19, Traces).

The gateway (gunicorn workers) and svc-disaster run as real processes with the standard OTEL_*
variables pointing at an OTLP/HTTP receiver this test runs. The HTTP request, the gateway's gRPC
call, the disaster service's span and the outbox relay's publish of the report's event and of the
incident it was placed in as it was filed (by SMS: the clustering consumer's span) must share one
trace id, linked parent to child; the event on JetStream carries that trace in its
CloudEvents `traceparent` (and still validates against the CloudEvents schema); the services' log
lines of the request carry the same trace_id beside request_id.
"""

from __future__ import annotations

import json
import pathlib
import time
import uuid

import jsonschema
import pytest
import requests

from servicekit.testing import wait_for_port
from tests.e2e.conftest import SHARED, random_phone, wait_for_event
from tests.e2e.stack import BIN, Stack
from tests.tracing.receiver import OtlpReceiver, ReceivedSpan

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("tracing")]

SUBMITTED = "gorontalo.disaster.report.submitted"
FORMED = "gorontalo.disaster.incident.formed"
SUBMIT_METHOD = "gorontalo.disaster.v1.DisasterService/SubmitReport"


class TracedStack(Stack):
    """Only what one report passes through: NATS, svc-disaster and the gateway, exporting spans."""

    def __init__(self, workdir: pathlib.Path, otlp_endpoint: str):
        super().__init__(workdir)
        self.otlp_endpoint = otlp_endpoint

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in super().env().items() if not k.startswith("OTEL_")}
        # As an operator sets it for a collector; the short batch delay only makes the test quicker.
        env.update({"OTEL_EXPORTER_OTLP_ENDPOINT": self.otlp_endpoint, "OTEL_BSP_SCHEDULE_DELAY": "100"})
        return env

    def start(self) -> TracedStack:
        self.nats.start()
        self.start_service("disaster")
        self._spawn("gateway", [str(BIN / "gorontalo-gateway")])
        wait_for_port(self.gateway_port, timeout=60)
        return self


@pytest.fixture(scope="module")
def traced(tmp_path_factory):
    with OtlpReceiver() as receiver:
        stack = TracedStack(tmp_path_factory.mktemp("traced"), receiver.endpoint)
        try:
            stack.start()
            yield stack, receiver
        finally:
            stack.stop()


def submit_report(stack: Stack) -> tuple[dict, str]:
    """POST a report (anonymous, as the app does) until the gateway answers 200; (report, request id)."""
    deadline = time.monotonic() + 60
    last = None
    while time.monotonic() < deadline:
        request_id = f"trace-test-{uuid.uuid4().hex}"
        try:
            last = requests.post(
                stack.url + "/v1/disaster/reports",
                json={"hazard": "banjir", "latitude": 0.5401, "longitude": 123.0601, "description": "Air naik"},
                headers={"X-Request-ID": request_id},
                timeout=10,
            )
        except requests.RequestException:  # the gateway's workers are still starting
            time.sleep(0.3)
            continue
        if last.status_code == 200:
            return last.json(), request_id
        time.sleep(0.3)
    raise AssertionError(f"no report accepted: {last.text if last is not None else 'no answer'}\n{stack.tail_logs()}")


def one(spans: list[ReceivedSpan], **match) -> ReceivedSpan:
    found = [s for s in spans if all(getattr(s, k) == v for k, v in match.items())]
    assert len(found) == 1, (match, [(s.service, s.kind, s.name) for s in spans])
    return found[0]


def test_one_report_is_one_trace_from_the_gateway_to_its_incident_and_events(traced):
    stack, receiver = traced
    report, request_id = submit_report(stack)

    message = wait_for_event(stack.nats.url, SUBMITTED, lambda e: e.get("subject") == report["id"], timeout=30)
    envelope = message["event"]
    schema = json.loads((SHARED / "schemas" / "cloudevents.schema.json").read_text())
    jsonschema.validators.validator_for(schema)(schema).validate(envelope)
    version, trace_id, recorded_by, flags = envelope["traceparent"].split("-")
    assert version == "00" and len(trace_id) == 32 and len(recorded_by) == 16
    assert int(flags, 16) & 1, "sampled"

    def complete(spans):
        published = {s.name for s in spans if s.trace_id == trace_id and s.kind == "producer"}
        return {f"publish {SUBMITTED}", f"publish {FORMED}"} <= published

    spans = [
        s
        for s in receiver.wait_for(complete, "both events' publish spans in the report's trace")
        if s.trace_id == trace_id
    ]

    http_in = one(spans, service="gateway", kind="server")
    assert http_in.parent_span_id == "", "the gateway starts the trace"
    assert "/v1/disaster/reports" in http_in.name or http_in.attributes.get("http.route") == "/v1/disaster/reports"
    grpc_out = one(spans, service="gateway", kind="client", name="/" + SUBMIT_METHOD)
    grpc_in = one(spans, service="disaster", kind="server", name=SUBMIT_METHOD)
    published = one(spans, service="disaster", kind="producer", name=f"publish {SUBMITTED}")
    formed = one(spans, service="disaster", kind="producer", name=f"publish {FORMED}")

    # Parent to child across the two processes: HTTP -> gRPC client -> gRPC server, whose span
    # recorded both events (the report's, and the incident's it was placed in as it was filed: the
    # intake's writer thread runs under the request's context) -> the relay's publish of each.
    assert grpc_out.parent_span_id == http_in.span_id
    assert grpc_in.parent_span_id == grpc_out.span_id
    assert recorded_by == grpc_in.span_id
    assert published.parent_span_id == grpc_in.span_id and formed.parent_span_id == grpc_in.span_id
    assert http_in.process != grpc_in.process, "separate processes"
    # No consumer span: the event names its incident, the clustering consumer acks it untouched.
    assert envelope["data"]["incident_id"]
    assert not [s for s in spans if s.kind == "consumer"], [(s.service, s.name) for s in spans]
    placed = requests.get(f"{stack.url}/v1/disaster/reports/{report['id']}", timeout=10).json()
    assert placed.get("incident_id") == envelope["data"]["incident_id"], placed

    # Logs: the disaster service's line of this call carries the trace beside the request id.
    lines = [json.loads(x) for x in (stack.logs / "disaster.log").read_text().splitlines() if x.startswith("{")]
    of_request = [x for x in lines if x.get("request_id") == request_id and x.get("grpc_method")]
    assert of_request, "the disaster service logged the call"
    assert {x["trace_id"] for x in of_request} == {trace_id}
    assert {x["span_id"] for x in of_request} == {grpc_in.span_id}


def test_an_sms_report_is_one_trace_from_the_gateway_to_the_clustering_consumer(traced):
    """A report by SMS is placed by the clustering consumer (as complaints' are, and any the intake could
    not place): the consumer's span joins the trace of the request that filed the report."""
    stack, receiver = traced
    secret = (stack.workdir / "var" / "disaster-sms-secret").read_text().strip()
    phone = random_phone()
    stack.personal_numbers.add(phone)  # no log line may carry it
    answer = requests.post(
        stack.url + "/v1/disaster/sms-inbound",
        data={"from": phone, "text": "siaga banjir 757106 air naik"},
        headers={"X-Siaga-Secret": secret},
        timeout=10,
    )
    assert answer.status_code == 200, answer.text
    report_id = answer.json()["report_id"]
    message = wait_for_event(stack.nats.url, SUBMITTED, lambda e: e.get("subject") == report_id, timeout=30)
    envelope = message["event"]
    assert envelope["data"]["incident_id"] == "", "left to the consumer"
    trace_id = envelope["traceparent"].split("-")[1]

    def complete(spans):
        return any(s.trace_id == trace_id and s.kind == "consumer" for s in spans)

    spans = [s for s in receiver.wait_for(complete, "the consumer's span in the SMS's trace") if s.trace_id == trace_id]
    grpc_in = one(spans, service="disaster", kind="server")
    clustered = one(spans, service="disaster", kind="consumer", name=f"process {SUBMITTED}")
    assert one(spans, service="gateway", kind="server").parent_span_id == ""
    assert clustered.parent_span_id == grpc_in.span_id
    assert clustered.attributes["messaging.consumer.group.name"] == "disaster-clustering"
    assert clustered.attributes["cloudevents.event_id"] == envelope["id"]
    placed = requests.get(f"{stack.url}/v1/disaster/reports/{report_id}", timeout=10).json()
    assert placed.get("incident_id"), placed
