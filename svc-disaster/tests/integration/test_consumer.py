"""The complaints consumer on a real nats-server with JetStream, on SQLite and PostgreSQL."""

import asyncio
import json
import time
import uuid

import nats
import pytest
import sqlalchemy as sa
from prometheus_client import REGISTRY

from gorontalo_disaster.adapters.tables import reports
from gorontalo_disaster.bootstrap import COMPLAINTS_CONSUMER
from servicekit.messaging import inbox, outbox
from servicekit.testing import NatsServer

COMPLAINT_FILED = "gorontalo.complaints.complaint.filed"
DEAD_LETTER_SUBJECT = f"deadletter.{COMPLAINTS_CONSUMER}"
KOTA = (0.5435, 123.0568)


@pytest.fixture
def nats_js(tmp_path):
    # One server per test: every bus declares a stream on gorontalo.>, and JetStream refuses two
    # streams with overlapping subjects.
    with NatsServer(store_dir=str(tmp_path / "jetstream")) as server:
        yield server


@pytest.fixture
def bus_app(make_app, database_url, nats_js):
    app = make_app(
        database_url, nats_url=nats_js.url, stream=f"T{uuid.uuid4().hex[:8].upper()}", consumer_max_attempts=2
    )
    app.bus.start()
    try:
        yield app
    finally:
        app.bus.stop(flush_seconds=1)


def eventually(probe, what: str, timeout: float = 10.0):
    """Poll until probe() is truthy (bounded); returns its value."""
    deadline = time.monotonic() + timeout
    while True:
        value = probe()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {timeout}s: {what}")
        time.sleep(0.05)


def jetstream(url: str, action):
    """Run `await action(js)` on a fresh connection, once the bus has created its streams."""

    async def run():
        connection = await nats.connect(url)
        try:
            return await action(connection.jetstream())
        finally:
            await connection.close()

    return asyncio.run(run())


async def _streams_ready(js, *streams: str) -> None:
    """Wait (bounded) until the bus has created its streams."""
    deadline = time.monotonic() + 10
    for stream in streams:
        while True:
            try:
                await js.stream_info(stream)
                break
            except nats.js.errors.NotFoundError:
                if time.monotonic() > deadline:
                    raise
                await asyncio.sleep(0.05)


async def _publish(js, stream: str, envelope: dict) -> None:
    # No Nats-Msg-Id header: JetStream does not deduplicate, so only the inbox can.
    deadline = time.monotonic() + 10
    while True:
        try:
            await js.publish(envelope["type"], json.dumps(envelope).encode(), stream=stream)
            return
        except nats.js.errors.NoStreamResponseError:
            # A stream just created can answer STREAM.INFO a moment before it listens on its
            # subjects (seen under load with nats-server 2.9): retry, bounded.
            if time.monotonic() > deadline:
                raise
            await asyncio.sleep(0.05)


def publish(app, envelope: dict) -> None:
    stream = app.settings.stream

    async def action(js):
        await _streams_ready(js, stream)
        await _publish(js, stream, envelope)

    jetstream(app.settings.nats_url, action)


def first_published(app, subject: str):
    """The first message on `subject` in the bus's stream, read by an ephemeral pull consumer.

    (Not js.get_last_msg: the nats-server 2.9.10 found on this machine can crash on STREAM.MSG.GET.)
    """

    async def action(js):
        subscription = await js.pull_subscribe(subject, stream=app.settings.stream)
        try:
            [message] = await subscription.fetch(1, timeout=10)
            return message
        finally:
            await subscription.unsubscribe()

    return jetstream(app.settings.nats_url, action)


def publish_and_catch_dead_letter(app, envelope: dict):
    """Publish `envelope`, then wait (bounded) for it on the dead-letter subject."""

    async def run():
        connection = await nats.connect(app.settings.nats_url)
        try:
            js = connection.jetstream()
            stream = app.settings.stream
            await _streams_ready(js, stream, stream + "_DEADLETTER")
            parked = await connection.subscribe(DEAD_LETTER_SUBJECT)  # before the event can fail
            await connection.flush()
            await _publish(js, stream, envelope)
            return await parked.next_msg(timeout=15)
        finally:
            await connection.close()

    return asyncio.run(run())


def complaint_filed(category="banjir", complaint_id=None, **data):
    payload = {
        "complaint_id": complaint_id or str(uuid.uuid4()),
        "tracking_code": "GTO-7K2M9Q",
        "category": category,
        "region_code": "75.71.01",
        "latitude": KOTA[0],
        "longitude": KOTA[1],
        "title": "Banjir setinggi 50 cm di Jl. Nani Wartabone",
        "privacy": "biasa",
        "category_source": "filer",
    }
    payload.update(data)
    return {
        "specversion": "1.0",
        "id": str(uuid.uuid4()),
        "source": "/gorontalo/complaints",
        "type": COMPLAINT_FILED,
        "time": "2025-01-15T02:45:00.000Z",
        "datacontenttype": "application/json",
        "data": payload,
    }


def select(app, table, *conditions):
    with app.session_factory() as session:
        return session.execute(sa.select(table).where(*conditions)).all()


def consumed(outcome: str) -> float:
    return (
        REGISTRY.get_sample_value(
            "gorontalo_events_consumed_total", {"consumer": COMPLAINTS_CONSUMER, "outcome": outcome}
        )
        or 0.0
    )


def test_flood_complaint_becomes_one_report_and_is_published(bus_app):
    app = bus_app
    event = complaint_filed()
    complaint_id = event["data"]["complaint_id"]
    publish(app, event)

    [report] = eventually(lambda: select(app, reports, reports.c.source_ref == complaint_id), "the report")
    assert (report.hazard, report.source, report.verified_reporter) == ("banjir", "go_gorontalo", True)
    assert report.description == "Banjir setinggi 50 cm di Jl. Nani Wartabone"
    assert report.reporter_id is None

    # Its own event, through the outbox onto JetStream.
    [row] = select(app, outbox, outbox.c.subject == "gorontalo.disaster.report.submitted")
    assert json.loads(row.envelope)["type"] == "gorontalo.disaster.report.submitted"
    eventually(lambda: select(app, outbox, outbox.c.published_at.is_not(None)), "the outbox relay")
    published = first_published(app, "gorontalo.disaster.report.submitted")
    assert json.loads(published.data)["data"] == {
        "report_id": report.id,
        "hazard": "banjir",
        "latitude": KOTA[0],
        "longitude": KOTA[1],
        "source": "go_gorontalo",
        "region_code": report.region_code,
        "reporter_account_id": "",
        "incident_id": "",  # placed by the clustering consumer, after this event
    }

    # The same CloudEvent delivered again: the inbox recognises it.
    duplicates = consumed("duplicate")
    publish(app, event)
    eventually(lambda: consumed("duplicate") > duplicates, "the redelivery to be handled")
    assert len(select(app, reports)) == 1
    assert len(select(app, inbox, inbox.c.event_id == event["id"])) == 1

    # The same complaint under a new event id: the (source, source_ref) check recognises it.
    again = complaint_filed(complaint_id=complaint_id)
    publish(app, again)
    eventually(lambda: select(app, inbox, inbox.c.event_id == again["id"]), "the republished complaint")
    assert len(select(app, reports)) == 1
    assert len(select(app, outbox, outbox.c.subject == "gorontalo.disaster.report.submitted")) == 1


def test_other_complaints_are_acknowledged_but_ignored(bus_app):
    app = bus_app
    road = complaint_filed(category="jalan_rusak")
    nowhere = complaint_filed(latitude=0.0, longitude=0.0)
    landslide = complaint_filed(category="tanah_longsor", privacy="rahasia", title="Longsor di belakang rumah saya")
    for event in (road, nowhere, landslide):
        publish(app, event)
    eventually(lambda: select(app, reports), "the landslide report")
    for event in (road, nowhere, landslide):
        assert len(select(app, inbox, inbox.c.event_id == event["id"])) == 1
    [report] = select(app, reports)
    assert (report.hazard, report.source_ref) == ("tanah_longsor", landslide["data"]["complaint_id"])
    assert report.description == ""  # a confidential complaint's title stays with Go-Gorontalo


def test_only_a_persons_word_makes_a_flood_report_and_a_dispatchers_arrives_on_its_own_subject(bus_app):
    app = bus_app
    drain = complaint_filed(category_source="classifier", title="Got tersumbat, air menggenang")
    publish(app, drain)
    eventually(lambda: select(app, inbox, inbox.c.event_id == drain["id"]), "the classifier's flood")
    assert select(app, reports) == []
    confirmed = complaint_filed(complaint_id=drain["data"]["complaint_id"], category_source="dispatcher")
    confirmed["type"] = "gorontalo.complaints.complaint.category_confirmed"
    publish(app, confirmed)
    [report] = eventually(lambda: select(app, reports), "the dispatcher-confirmed report")
    assert (report.hazard, report.source_ref) == ("banjir", drain["data"]["complaint_id"])


def test_poison_event_is_dead_lettered_at_once(bus_app):
    app = bus_app
    poison = complaint_filed()
    del poison["data"]
    retried = consumed("retried")
    parked = publish_and_catch_dead_letter(app, poison)
    assert json.loads(parked.data)["id"] == poison["id"]
    assert parked.headers["Gorontalo-Original-Subject"] == COMPLAINT_FILED
    assert "MalformedEvent" in parked.headers["Gorontalo-Error"]
    assert consumed("retried") == retried  # a missing payload can never fit: parked without a retry
    assert select(app, inbox, inbox.c.event_id == poison["id"]) == []

    # The consumer is not stuck behind it.
    good = complaint_filed()
    publish(app, good)
    eventually(lambda: select(app, reports), "a report after the poison event")
    assert select(app, outbox)
