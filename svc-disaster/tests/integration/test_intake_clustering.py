"""Reports from the API placed in their incidents in the transaction that files them (issue 20), on
SQLite and PostgreSQL, with the event bus running on a real nats-server: the clustering consumer only
acks what the intake placed, and places what the intake could not."""

import json
import threading

import pytest
from prometheus_client import REGISTRY

from gorontalo_disaster.adapters.tables import incidents, reports
from gorontalo_disaster.bootstrap import CLUSTER_CONSUMER
from servicekit.messaging import inbox, outbox

from .test_consumer import bus_app, eventually, nats_js  # noqa: F401 - fixtures
from .test_grpc import request, rows, stub  # noqa: F401 - fixtures

SUBMITTED = "gorontalo.disaster.report.submitted"


@pytest.fixture
def app(bus_app):  # noqa: F811 - the stub's service, with its consumers running
    return bus_app


def consumed(outcome: str) -> float:
    return (
        REGISTRY.get_sample_value("gorontalo_events_consumed_total", {"consumer": CLUSTER_CONSUMER, "outcome": outcome})
        or 0.0
    )


def submitted_events(app) -> dict[str, dict]:
    """Each report's event data, by report id."""
    found = {}
    for row in rows(app, outbox):
        envelope = json.loads(row.envelope)
        if envelope["type"] == SUBMITTED:
            found[envelope["data"]["report_id"]] = envelope["data"]
    return found


def test_reports_filed_together_are_placed_at_once_and_the_consumer_only_acks_them(app, stub):
    ignored_before = consumed("ignored")
    answers, lock = [], threading.Lock()

    def reporter(n: int):
        for i in range(4):
            answer = stub.SubmitReport(
                request(description=f"banjir {n}-{i}"), metadata=[("idempotency-key", f"k{n}-{i}")]
            )
            with lock:
                answers.append(answer)

    threads = [threading.Thread(target=reporter, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    far = stub.SubmitReport(request(hazard="tanah_longsor", latitude=0.95, longitude=122.4))
    assert len(answers) == 24

    # Read at once, without waiting for any consumer: every report is in its incident already.
    stored = {row.id: row.incident_id for row in rows(app, reports)}
    assert len(stored) == 25 and all(stored.values())
    flood = {stored[a.id] for a in answers}
    assert len(flood) == 1 and stored[far.id] not in flood
    by_id = {row.id: row for row in rows(app, incidents)}
    assert set(by_id) == {*flood, stored[far.id]}
    assert by_id[flood.pop()].report_count == 24 and by_id[stored[far.id]].report_count == 1
    # Each event names the incident, so the consumer acks it without a transaction or an inbox row.
    assert {report_id: data["incident_id"] for report_id, data in submitted_events(app).items()} == stored
    eventually(lambda: consumed("ignored") - ignored_before >= 25, "the clustering consumer acking all 25")
    assert [row for row in rows(app, inbox) if row.consumer == CLUSTER_CONSUMER] == []


def test_a_report_the_intake_cannot_place_is_filed_anyway_and_placed_by_the_consumer(app, stub):
    place = app.intake.place

    def place_then_fail(session, report):
        place(session, report)  # an incident written in the savepoint, then rolled back with it
        raise RuntimeError("clustering broke")

    app.intake.place = place_then_fail
    answer = stub.SubmitReport(request(), metadata=[("idempotency-key", "unplaced")])
    [row] = rows(app, reports)
    assert row.id == answer.id and row.incident_id is None  # filed and acknowledged, not placed
    assert rows(app, incidents) == []  # nothing of the failed placing kept
    assert submitted_events(app)[answer.id]["incident_id"] == ""

    placed = eventually(lambda: rows(app, reports)[0].incident_id, "the clustering consumer placing it")
    [incident] = rows(app, incidents)
    assert (incident.id, incident.report_count) == (placed, 1)
    assert [row.event_id for row in rows(app, inbox) if row.consumer == CLUSTER_CONSUMER] != []
