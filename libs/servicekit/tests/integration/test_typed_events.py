"""Events as proto messages: producers hand the message, consumers get the message, and a payload
that cannot be the event is dead-lettered at once instead of retried (issue 13)."""

from __future__ import annotations

import json
import threading
import uuid

import pytest
import sqlalchemy as sa
from prometheus_client import REGISTRY

from gorontalo.complaints.v1 import events_pb2
from servicekit import db, event_messages, messaging
from servicekit.bus import DEAD_LETTER_STREAM_SUFFIX, Subscription
from servicekit.uow import SqlAlchemyUnitOfWork

STREAM = "GTEST"
FILED = "gorontalo.complaints.complaint.filed"


def _sample(name: str, **labels) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0


class Received:
    def __init__(self):
        self.messages = []
        self._lock = threading.Lock()

    def __call__(self, session, message, envelope):
        with self._lock:
            self.messages.append((message, envelope["id"]))


def _envelope(data, type_: str = FILED) -> bytes:
    return json.dumps(messaging.make_cloudevent(source="/gorontalo/tests", type_=type_, data=data)).encode()


def test_the_type_is_declared_on_the_message_and_the_data_is_proto3_json():
    filed = events_pb2.ComplaintFiled(
        complaint_id="c1",
        tracking_code="GTO-7K3Q-95",
        category="banjir",
        latitude=0.55,
        longitude=123.06,
        privacy="biasa",
        category_source="filer",
    )
    assert event_messages.event_type(filed) == FILED
    data = event_messages.to_data(filed)
    assert data["tracking_code"] == "GTO-7K3Q-95" and data["region_code"] == ""  # every field printed
    assert event_messages.parse(events_pb2.ComplaintFiled, {**data, "added_later": 1}) == filed
    assert FILED in event_messages.declared_events()
    with pytest.raises(event_messages.MalformedEvent):
        event_messages.parse(events_pb2.ComplaintFiled, {"latitude": "north"})
    with pytest.raises(event_messages.MalformedEvent):
        event_messages.parse(events_pb2.ComplaintFiled, ["not", "an", "object"])


def test_add_event_takes_the_message(tmp_path):
    engine = db.make_engine(f"sqlite:///{tmp_path / 'outbox.db'}")
    messaging.create_tables(engine)
    uow = SqlAlchemyUnitOfWork(db.session_factory(engine), source="/gorontalo/tests")
    with uow:
        uow.add_event(events_pb2.ComplaintFiled(complaint_id="c1", tracking_code="GTO-7K3Q-95"), subject="c1")
        uow.commit()
    with engine.connect() as connection:
        row = connection.execute(sa.select(messaging.outbox.c.subject, messaging.outbox.c.envelope)).one()
    envelope = json.loads(row.envelope)
    assert row.subject == FILED and envelope["type"] == FILED and envelope["subject"] == "c1"
    assert envelope["data"]["complaint_id"] == "c1"
    engine.dispose()


def test_a_typed_consumer_gets_the_message_and_parks_what_cannot_be_it(
    nats_js, engine, start_bus, js_publish, read_stream, wait_until
):
    durable = f"typed_{uuid.uuid4().hex[:10]}"
    received = Received()
    start_bus(nats_js.url, subscriptions=[Subscription.for_event(durable, events_pb2.ComplaintFiled, received)])
    js_publish(nats_js.url, FILED, _envelope({"complaint_id": "c1", "tracking_code": "GTO-7K3Q-95"}))
    wait_until(lambda: len(received.messages) == 1, message="the event handled")
    assert received.messages[0][0].tracking_code == "GTO-7K3Q-95"

    bad = _envelope({"complaint_id": "c2", "latitude": "north"})
    js_publish(nats_js.url, FILED, bad)
    wait_until(
        lambda: _sample("gorontalo_events_dead_lettered_total", consumer=durable) == 1,
        message="the malformed payload parked",
    )
    # At once: a payload that does not parse is never retried.
    assert _sample("gorontalo_events_consumed_total", consumer=durable, outcome="retried") == 0
    (parked,) = read_stream(nats_js.url, subject=f"deadletter.{durable}", stream=STREAM + DEAD_LETTER_STREAM_SUFFIX)
    assert parked.data == bad and parked.headers["Gorontalo-Error"].startswith("MalformedEvent")
    assert len(received.messages) == 1


@pytest.mark.parametrize("payload", [{"headline": "Banjir"}, {"region_codes": "75.71"}, {"headline": ["id", "en"]}])
def test_a_value_of_the_wrong_kind_is_not_quietly_an_empty_field(payload):
    from gorontalo.disaster.v1 import events_pb2 as disaster_events

    with pytest.raises(event_messages.MalformedEvent):
        event_messages.parse(disaster_events.AlertPublished, {"id": "a1", **payload})
    fine = event_messages.parse(
        disaster_events.AlertPublished, {"id": "a1", "headline": {"id": "Banjir"}, "region_codes": ["75.71"]}
    )
    assert fine.headline.id == "Banjir" and list(fine.region_codes) == ["75.71"]
