"""Durable consumers of servicekit.bus: inbox de-duplication, retries and the dead-letter stream."""

from __future__ import annotations

import asyncio
import json
import subprocess
import threading
import urllib.request
import uuid

import nats
import pytest
import sqlalchemy as sa
from prometheus_client import REGISTRY

from servicekit import messaging, testing
from servicekit.bus import DEAD_LETTER_STREAM_SUFFIX, EventBus, Subscription
from servicekit.logging import request_id_var

STREAM = "GTEST"
SUBJECT = "gorontalo.test.consumed.v1"

_metadata = sa.MetaData()
handled = sa.Table(
    "handled",
    _metadata,
    sa.Column("event_id", sa.String(100), primary_key=True),
    sa.Column("request_id", sa.String(200)),
)


@pytest.fixture
def handled_table(engine):
    with engine.begin() as connection:
        _metadata.create_all(connection)

    def rows():
        with engine.connect() as connection:
            return connection.execute(sa.select(handled.c.event_id, handled.c.request_id)).all()

    return rows


@pytest.fixture
def durable():
    # One consumer name per test: metric labels and inbox rows never mix between tests.
    return f"test_{uuid.uuid4().hex[:12]}"


def sample(name: str, **labels):
    return REGISTRY.get_sample_value(name, labels) or 0


def consumed(durable: str, outcome: str) -> float:
    return sample("gorontalo_events_consumed_total", consumer=durable, outcome=outcome)


def dead_lettered(durable: str) -> float:
    return sample("gorontalo_events_dead_lettered_total", consumer=durable)


def cloudevent(**data) -> dict:
    return messaging.make_cloudevent(source="/gorontalo/servicekit-tests", type_=SUBJECT, data=data)


def encode(envelope: dict) -> bytes:
    return json.dumps(envelope).encode()


class Recorder:
    """A handler that writes to the service's database and remembers each call."""

    def __init__(self, fail_times: int = 0, poison_key: str = "poison"):
        self.calls: list[str] = []
        self.fail_times = fail_times
        self.poison_key = poison_key
        self._lock = threading.Lock()

    def __call__(self, session, envelope):
        with self._lock:
            self.calls.append(envelope["id"])
            failures_so_far = self.calls.count(envelope["id"])
        session.execute(handled.insert().values(event_id=envelope["id"], request_id=request_id_var.get()))
        if envelope["data"].get(self.poison_key):
            raise ValueError(f"cannot handle event {envelope['id']}")
        if failures_so_far <= self.fail_times:
            raise RuntimeError("transient failure")


def inbox_ids(engine, durable: str) -> set[str]:
    with engine.connect() as connection:
        return set(
            connection.execute(
                sa.select(messaging.inbox.c.event_id).where(messaging.inbox.c.consumer == durable)
            ).scalars()
        )


def test_handler_runs_once_per_event_id_even_when_delivered_twice(
    nats_js, engine, handled_table, durable, start_bus, js_publish, wait_until
):
    recorder = Recorder()
    start_bus(nats_js.url, subscriptions=[Subscription(durable, "gorontalo.test.>", recorder)])
    first = cloudevent(n=1)
    first["requestid"] = "req-from-producer"
    second = cloudevent(n=2)
    # The same CloudEvent twice under different message ids, so JetStream keeps (and delivers) both copies.
    js_publish(nats_js.url, SUBJECT, encode(first), {"Nats-Msg-Id": "copy-1"})
    js_publish(nats_js.url, SUBJECT, encode(first), {"Nats-Msg-Id": "copy-2"})
    js_publish(nats_js.url, SUBJECT, encode(second), {"Nats-Msg-Id": second["id"]})

    wait_until(
        lambda: consumed(durable, "processed") == 2 and consumed(durable, "duplicate") == 1,
        message="two events processed and one duplicate skipped",
    )
    assert sorted(recorder.calls) == sorted([first["id"], second["id"]])
    assert dict(handled_table()) == {first["id"]: "req-from-producer", second["id"]: ""}
    assert inbox_ids(engine, durable) == {first["id"], second["id"]}
    assert dead_lettered(durable) == 0


def test_events_from_the_outbox_reach_a_consumer_of_another_service(
    nats_js, engine, sessions, handled_table, durable, start_bus, wait_until
):
    recorder = Recorder()
    producer = start_bus(nats_js.url)
    start_bus(nats_js.url, subscriptions=[Subscription(durable, SUBJECT, recorder)])
    with sessions() as session, session.begin():
        envelope = messaging.record_event(session, source="/gorontalo/producer", type_=SUBJECT, data={"n": 1})
    producer.wake()
    wait_until(lambda: consumed(durable, "processed") == 1, message="the event consumed")
    assert recorder.calls == [envelope["id"]]


def test_failing_handler_is_retried_then_parked_on_the_dead_letter_subject(
    nats_js, engine, handled_table, durable, start_bus, js_publish, read_stream, wait_until
):
    recorder = Recorder()
    start_bus(nats_js.url, subscriptions=[Subscription(durable, SUBJECT, recorder, max_attempts=3)])
    poison = cloudevent(poison=True)
    body = encode(poison)
    js_publish(nats_js.url, SUBJECT, body)

    wait_until(lambda: dead_lettered(durable) == 1, message="the event dead-lettered")
    assert recorder.calls == [poison["id"]] * 3, "one call per delivery, max_attempts deliveries"
    assert consumed(durable, "retried") == 2
    assert consumed(durable, "dead_lettered") == 1
    assert consumed(durable, "processed") == 0
    # Every failed attempt rolled back, the inbox row included.
    assert handled_table() == [] and inbox_ids(engine, durable) == set()

    parked = read_stream(nats_js.url, subject=f"deadletter.{durable}", stream=STREAM + DEAD_LETTER_STREAM_SUFFIX)
    assert len(parked) == 1
    assert parked[0].data == body
    assert parked[0].headers["Gorontalo-Original-Subject"] == SUBJECT
    assert parked[0].headers["Gorontalo-Error"].startswith("ValueError: cannot handle event")

    # The consumer goes on with the next event.
    good = cloudevent(n=2)
    js_publish(nats_js.url, SUBJECT, encode(good))
    wait_until(lambda: consumed(durable, "processed") == 1, message="the next event processed")
    assert dict(handled_table()) == {good["id"]: ""}


def test_transient_failure_is_retried_and_processed_once(
    nats_js, engine, handled_table, durable, start_bus, js_publish, wait_until
):
    recorder = Recorder(fail_times=1)
    start_bus(nats_js.url, subscriptions=[Subscription(durable, SUBJECT, recorder, max_attempts=3)])
    envelope = cloudevent(n=1)
    js_publish(nats_js.url, SUBJECT, encode(envelope))
    wait_until(lambda: consumed(durable, "processed") == 1, message="processed on the second attempt")
    assert recorder.calls == [envelope["id"], envelope["id"]]
    assert consumed(durable, "retried") == 1
    assert dead_lettered(durable) == 0
    assert [row.event_id for row in handled_table()] == [envelope["id"]]
    assert inbox_ids(engine, durable) == {envelope["id"]}


@pytest.mark.parametrize(
    "body",
    [b"not json at all", b'{"type": "no id"}', b"[1, 2, 3]", b'"a string"', b"\xff\xfe"],
    ids=["text", "no-id", "array", "string", "not-utf8"],
)
def test_message_that_is_not_a_cloudevent_is_dead_lettered(
    body, nats_js, engine, handled_table, durable, start_bus, js_publish, read_stream, wait_until
):
    recorder = Recorder()
    start_bus(nats_js.url, subscriptions=[Subscription(durable, SUBJECT, recorder)])
    js_publish(nats_js.url, SUBJECT, body)
    wait_until(lambda: dead_lettered(durable) == 1, message="the message dead-lettered")
    assert recorder.calls == []
    (parked,) = read_stream(nats_js.url, subject=f"deadletter.{durable}", stream=STREAM + DEAD_LETTER_STREAM_SUFFIX)
    assert parked.data == body
    assert parked.headers["Gorontalo-Error"] == "not a CloudEvent"


def test_consumer_keeps_working_across_a_nats_restart(
    nats_js, engine, handled_table, durable, start_bus, js_publish, wait_until
):
    recorder = Recorder()
    bus = start_bus(nats_js.url, subscriptions=[Subscription(durable, SUBJECT, recorder)])
    before = cloudevent(n=1)
    js_publish(nats_js.url, SUBJECT, encode(before))
    wait_until(lambda: consumed(durable, "processed") == 1, message="first event processed")

    nats_js.stop()
    wait_until(lambda: not bus.connected.is_set(), message="the bus to notice the outage")
    nats_js.start()
    wait_until(bus.connected.is_set, message="the bus to reconnect")
    after = cloudevent(n=2)
    js_publish(nats_js.url, SUBJECT, encode(after))
    wait_until(lambda: consumed(durable, "processed") == 2, message="event after restart processed")
    assert sorted(recorder.calls) == sorted([before["id"], after["id"]])


async def _delete_stream(url: str, name: str) -> None:
    nc = await nats.connect(url, allow_reconnect=False)
    try:
        await nc.jetstream().delete_stream(name)
    finally:
        await nc.close()


def test_consumer_survives_a_failed_dead_letter_publish(
    nats_js, engine, handled_table, durable, start_bus, js_publish, wait_until
):
    recorder = Recorder()
    start_bus(nats_js.url, subscriptions=[Subscription(durable, SUBJECT, recorder)])
    good = cloudevent(n=0)
    js_publish(nats_js.url, SUBJECT, encode(good))
    wait_until(lambda: consumed(durable, "processed") == 1, message="the consumer running")

    # The dead-letter stream is unavailable: parking the next bad message fails.
    asyncio.run(_delete_stream(nats_js.url, STREAM + DEAD_LETTER_STREAM_SUFFIX))
    js_publish(nats_js.url, SUBJECT, b"not json")
    later = cloudevent(n=1)
    js_publish(nats_js.url, SUBJECT, encode(later))
    wait_until(lambda: consumed(durable, "processed") == 2, timeout=6, message="a later good event still consumed")


class MonitoredNatsServer(testing.NatsServer):
    """A nats-server with its HTTP monitoring port, to see a client's subscriptions from outside."""

    def __init__(self):
        super().__init__()
        self.monitor_port = testing.free_port()

    def start(self):
        self.process = subprocess.Popen(
            [
                testing.nats_server_binary(),
                "-a",
                "127.0.0.1",
                "-p",
                str(self.port),
                "-js",
                "-sd",
                self.store_dir,
                "-m",
                str(self.monitor_port),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        testing.wait_for_port(self.port)
        testing.wait_for_port(self.monitor_port)
        return self

    def connection(self, name: str) -> dict | None:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.monitor_port}/connz?subs=1", timeout=5) as response:
            connz = json.load(response)
        return next((c for c in connz.get("connections", []) if c.get("name") == name), None)


@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")
def test_stop_ends_the_bus_thread_after_a_stale_pull_status(sessions, handled_table, durable, js_publish, wait_until):
    """A pull request that expires while a handler runs leaves its 408/404 status in the client's queue.

    That happens by chance in production (overlapping pull requests, slow handlers); here the same
    status message is made to arrive deterministically: while the handler is held, the test sends
    one no_wait pull request for the bus's consumer with the bus's own inbox as reply subject.
    """
    entered, release = threading.Event(), threading.Event()

    def handler(session, envelope):
        entered.set()
        release.wait(10)
        session.execute(handled.insert().values(event_id=envelope["id"], request_id=""))

    with MonitoredNatsServer() as server:
        bus = EventBus(
            nats_url=server.url,
            stream=STREAM,
            session_factory=sessions,
            subscriptions=[Subscription(durable, SUBJECT, handler)],
        )
        bus.start()
        try:
            assert bus.connected.wait(10)
            wait_until(lambda: _stream_ready(server.url), message="the bus to create its streams")
            js_publish(server.url, SUBJECT, encode(cloudevent(n=1)))
            assert entered.wait(10), "handler not called"

            connection = server.connection("gorontalo-service")
            (inbox,) = [s for s in connection["subscriptions_list"] if not s.endswith(".*")]
            sent_before = connection["out_msgs"]

            async def pull_for_the_bus():
                nc = await nats.connect(server.url, allow_reconnect=False)
                try:
                    await nc.publish(
                        f"$JS.API.CONSUMER.MSG.NEXT.{STREAM}.{durable}",
                        json.dumps({"batch": 1, "no_wait": True}).encode(),
                        reply=inbox,
                    )
                    await nc.flush()
                finally:
                    await nc.close()

            asyncio.run(pull_for_the_bus())
            wait_until(
                lambda: server.connection("gorontalo-service")["out_msgs"] > sent_before,
                message="the server to answer the pull request on the bus's inbox",
            )
            release.set()
            wait_until(lambda: consumed(durable, "processed") == 1, message="the event processed")
            js_publish(server.url, SUBJECT, encode(cloudevent(n=2)))  # one more fetch cycle
            wait_until(lambda: consumed(durable, "processed") == 2, message="the next event processed")

            bus.stop(flush_seconds=0.5)  # joins the thread for at most 5.5 s
            assert not bus._thread.is_alive(), "bus thread still draining after stop() returned"
        finally:
            release.set()
            if bus._thread.is_alive():
                # Do not leave it draining for 30 s behind later tests.
                def cancel_all():
                    for task in asyncio.all_tasks(bus._loop):
                        task.cancel()

                bus._loop.call_soon_threadsafe(cancel_all)
                bus._thread.join(10)


def _stream_ready(url: str) -> bool:
    async def check():
        nc = await nats.connect(url, allow_reconnect=False)
        try:
            await nc.jetstream().stream_info(STREAM + DEAD_LETTER_STREAM_SUFFIX)
            return True
        except nats.js.errors.NotFoundError:
            return False
        finally:
            await nc.close()

    return asyncio.run(check())
