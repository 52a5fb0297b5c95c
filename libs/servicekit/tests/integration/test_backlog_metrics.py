"""The backlog gauges the operators' status page reads from Prometheus: the outbox's unsent rows and the
age of the oldest one (gorontalo_outbox_oldest_unsent_age_seconds), and each durable consumer's lag
(gorontalo_consumer_lag_messages{consumer}), against a real database and a real nats-server."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import threading
import uuid

import sqlalchemy as sa
from prometheus_client import REGISTRY

from servicekit import consumers, messaging, outbox_relay
from servicekit.bus import Subscription
from servicekit.outbox_relay import OutboxRelay, unsent_age_seconds

SUBJECT = "gorontalo.test.lagging.v1"


def sample(name: str, **labels) -> float | None:
    return REGISTRY.get_sample_value(name, labels)


def test_unsent_age_is_zero_without_rows_and_reads_naive_times_as_utc():
    now = dt.datetime(2026, 12, 6, 9, 0, tzinfo=dt.UTC)
    assert unsent_age_seconds(None, now) == 0.0
    assert unsent_age_seconds(now - dt.timedelta(minutes=3), now) == 180.0
    assert unsent_age_seconds(dt.datetime(2026, 12, 6, 8, 59), now) == 60.0  # SQLite gives naive UTC
    assert unsent_age_seconds(now + dt.timedelta(seconds=5), now) == 0.0  # clock skew never goes negative


def test_relay_reports_the_backlog_and_the_oldest_unsent_age(sessions, engine, monkeypatch):
    monkeypatch.setattr(outbox_relay, "BACKLOG_INTERVAL_SECONDS", 0)  # read on every pass here
    relay = OutboxRelay(sessions, 10, asyncio.Event(), asyncio.Event(), lambda: 0.0)
    relay.pending()
    assert sample("gorontalo_outbox_pending_events") == 0
    assert sample("gorontalo_outbox_oldest_unsent_age_seconds") == 0

    with sessions() as session, session.begin():
        for n in range(3):
            messaging.record_event(session, source="/gorontalo/test", type_=SUBJECT, data={"n": n})
    stale = messaging.utcnow() - dt.timedelta(minutes=10)
    with engine.begin() as connection:
        first = connection.execute(sa.select(sa.func.min(messaging.outbox.c.seq))).scalar_one()
        connection.execute(messaging.outbox.update().where(messaging.outbox.c.seq == first).values(created_at=stale))

    assert len(relay.pending()) == 3
    assert sample("gorontalo_outbox_pending_events") == 3
    age = sample("gorontalo_outbox_oldest_unsent_age_seconds")
    assert 600 <= age < 660, age

    # The stale one is sent: the age is now that of the next row, seconds old.
    relay.mark(first, None)
    assert len(relay.pending()) == 2
    assert sample("gorontalo_outbox_pending_events") == 2
    assert sample("gorontalo_outbox_oldest_unsent_age_seconds") < 60

    for row in relay.pending():
        relay.mark(row.seq, None)
    relay.pending()
    assert sample("gorontalo_outbox_pending_events") == 0
    assert sample("gorontalo_outbox_oldest_unsent_age_seconds") == 0


def test_consumer_lag_counts_unacknowledged_messages_until_they_are_handled(
    nats_js, sessions, start_bus, js_publish, wait_until, monkeypatch
):
    monkeypatch.setattr(consumers, "LAG_INTERVAL_SECONDS", 0.2)
    durable = f"lag_{uuid.uuid4().hex[:10]}"
    healthy = threading.Event()

    def handler(session, envelope):
        if not healthy.is_set():
            raise RuntimeError("the downstream is unavailable")

    # Three events wait in the stream before the consumer exists, committed ten minutes ago.
    start_bus(nats_js.url)
    committed = messaging.utcnow() - dt.timedelta(minutes=10)
    started = dt.datetime.now(dt.UTC)
    for n in range(3):
        envelope = messaging.make_cloudevent(source="/gorontalo/test", type_=SUBJECT, data={"n": n})
        envelope["time"] = committed.isoformat(timespec="milliseconds").replace("+00:00", "Z")
        js_publish(nats_js.url, SUBJECT, json.dumps(envelope).encode(), {"Nats-Msg-Id": envelope["id"]})

    start_bus(nats_js.url, subscriptions=[Subscription(durable, SUBJECT, handler, max_attempts=1000)])
    wait_until(
        lambda: sample("gorontalo_consumer_lag_messages", consumer=durable) == 3,
        message="a lag of three while the handler fails",
    )
    healthy.set()
    wait_until(
        lambda: sample("gorontalo_events_consumed_total", consumer=durable, outcome="processed") == 3,
        timeout=30,
        message="the three events handled",
    )
    wait_until(
        lambda: sample("gorontalo_consumer_lag_messages", consumer=durable) == 0,
        message="no lag once everything is acknowledged",
    )
    # Commit -> consumer: each acknowledged event's age, from its CloudEvent time.
    waited = (dt.datetime.now(dt.UTC) - started).total_seconds()
    assert sample("gorontalo_consumer_event_age_seconds_count", consumer=durable) == 3
    assert sample("gorontalo_consumer_event_age_seconds_bucket", consumer=durable, le="300.0") == 0
    assert 3 * 600 <= sample("gorontalo_consumer_event_age_seconds_sum", consumer=durable) <= 3 * (600 + waited)


def test_event_age_reads_the_cloudevent_time_and_never_goes_negative():
    committed = dt.datetime(2026, 12, 7, 5, 0, tzinfo=dt.UTC).timestamp()
    assert messaging.event_age_seconds({"time": "2026-12-07T05:00:00.000Z"}, committed + 0.25) == 0.25
    assert messaging.event_age_seconds({"time": "2026-12-07T05:00:00"}, committed + 2) == 2  # naive: UTC
    assert messaging.event_age_seconds({"time": "2026-12-07T05:00:01Z"}, committed) == 0  # a clock behind
    assert messaging.event_age_seconds({"id": "x"}, committed) is None
    assert messaging.event_age_seconds({"time": "kemarin"}, committed) is None
    assert messaging.event_age_seconds(None, committed) is None


def test_consumer_lag_of_a_consumer_info():
    class Info:
        num_pending = 4
        num_ack_pending = 2

    class Empty:
        num_pending = None
        num_ack_pending = 0

    assert consumers.consumer_lag(Info()) == 6
    assert consumers.consumer_lag(Empty()) == 0
