"""Two replicas of a service share one durable consumer and one PostgreSQL database (issue 18,
"Consumers"): every event is applied exactly once in effect, also when JetStream hands the same
message to both at once.

The concurrency is made, not hoped for: in each round one event's handler holds its transaction
(inbox row written, effect not yet committed) past the consumer's ack wait, so JetStream redelivers
it to the other replica; the handler lets go only once that replica has started on the same event.
Whichever of the two deliveries commits second meets the other's inbox row (the unique inbox key):
its batch's transaction is rolled back and its events applied again one by one, as duplicates
(servicekit.consumers). The effect is a plain INSERT without any key of its own, so an event applied
twice would show as two rows.
"""

from __future__ import annotations

import asyncio
import collections
import json
import threading
import time

import nats
import pytest
import sqlalchemy as sa
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy, StreamConfig

from servicekit import db, messaging, testing
from servicekit.consumers import Consumers, Subscription

STREAM = "CONSUMERREPLICAS"
SUBJECT = "gorontalo.test.replicas.applied"
DURABLE = "replicas-test"
# Short, so that a held message is redelivered soon; longer than a pull request lives (fetch timeout
# 1 s), so the redelivery goes to the other replica's next fetch, not to a stale request of the first.
ACK_WAIT_SECONDS = 2.0
ROUNDS = 3
EVENTS_PER_ROUND = 15

effects_metadata = sa.MetaData()
applied = sa.Table(
    "applied",
    effects_metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("event_id", sa.String(36), nullable=False),  # deliberately not unique
    sa.Column("replica", sa.String(8), nullable=False),
)


@pytest.fixture
def postgres_url(postgres_admin_url):
    with testing.scratch_postgres_database(postgres_admin_url) as url:
        engine = db.make_engine(url)
        with engine.begin() as connection:
            messaging.create_tables(connection)
            effects_metadata.create_all(connection)
        engine.dispose()
        yield url


@pytest.fixture
def nats_url():
    with testing.NatsServer() as server:
        asyncio.run(_add_stream_and_durable(server.url))
        yield server.url


async def _add_stream_and_durable(url: str) -> None:
    nc = await nats.connect(url)
    try:
        js = nc.jetstream()
        await js.add_stream(StreamConfig(name=STREAM, subjects=["gorontalo.>"]))
        # The durable the replicas share, as a service's first replica would have made it, with a short ack wait.
        await js.add_consumer(
            STREAM,
            ConsumerConfig(
                durable_name=DURABLE,
                filter_subject=SUBJECT,
                ack_policy=AckPolicy.EXPLICIT,
                ack_wait=ACK_WAIT_SECONDS,
                deliver_policy=DeliverPolicy.ALL,
                max_ack_pending=1000,
            ),
        )
    finally:
        await nc.close()


async def _publish(url: str, envelopes: list[dict]) -> None:
    nc = await nats.connect(url)
    try:
        js = nc.jetstream()
        for envelope in envelopes:
            await js.publish(SUBJECT, json.dumps(envelope).encode(), headers={"Nats-Msg-Id": envelope["id"]})
    finally:
        await nc.close()


class Deliveries:
    """Who started handling which event, and how it ended, across both replicas."""

    def __init__(self):
        self.lock = threading.Lock()
        self.started: dict[str, list[str]] = collections.defaultdict(list)
        self.outcomes: dict[str, list[tuple[str, str]]] = collections.defaultdict(list)
        self.second_started: dict[str, threading.Event] = collections.defaultdict(threading.Event)

    def start(self, replica: str, event_id: str) -> None:
        with self.lock:
            self.started[event_id].append(replica)
            if len(set(self.started[event_id])) == 2:
                self.second_started[event_id].set()

    def end(self, replica: str, event_id: str, outcome: str) -> None:
        with self.lock:
            self.outcomes[event_id].append((replica, outcome))


def held_handler(deliveries: Deliveries, replica_of_thread: threading.local):
    def handle(session, envelope):
        if envelope["data"]["hold"]:
            # Keep this transaction open (its inbox row uncommitted) until the other replica has the
            # redelivered message in hand.
            assert deliveries.second_started[envelope["id"]].wait(30), "the event was not redelivered"
        session.execute(applied.insert().values(event_id=envelope["id"], replica=replica_of_thread.name))

    return handle


class ConsumerReplica:
    """One replica: its own engine, NATS connection and event loop, consuming the shared durable."""

    def __init__(self, name: str, database_url: str, nats_url: str, subscription, deliveries, thread_names):
        self.name, self.nats_url, self.subscription = name, nats_url, subscription
        self.engine = db.make_engine(database_url)
        self.consumers = Consumers(db.session_factory(self.engine), STREAM)
        apply_fetched = self.consumers.apply_fetched

        def apply_and_record(sub, batch):
            # A fetch's messages are applied together (one transaction), each settled with its outcome.
            thread_names.name = name
            event_ids = [json.loads(delivery.data)["id"] for delivery in batch]
            for event_id in event_ids:
                deliveries.start(name, event_id)
            try:
                apply_fetched(sub, batch)
            finally:
                for event_id, delivery in zip(event_ids, batch, strict=True):
                    deliveries.end(name, event_id, delivery.outcome or "failed")

        self.consumers.apply_fetched = apply_and_record
        self.loop: asyncio.AbstractEventLoop | None = None
        self.running = threading.Event()
        self.thread = threading.Thread(target=lambda: asyncio.run(self._main()), name=f"consumer-{name}")

    def start(self) -> ConsumerReplica:
        self.thread.start()
        assert self.running.wait(15), f"replica {self.name} did not start"
        return self

    async def _main(self) -> None:
        self.loop = asyncio.get_running_loop()
        nc = await nats.connect(self.nats_url)
        self.task = asyncio.create_task(self.consumers.run(nc.jetstream(), self.subscription))
        self.running.set()
        try:
            await self.task
        except asyncio.CancelledError:
            pass
        finally:
            await nc.close()

    def stop(self) -> None:
        if self.loop is not None and self.thread.is_alive():
            self.loop.call_soon_threadsafe(self.task.cancel)
            self.thread.join(20)
        self.engine.dispose()


def envelope(hold: bool) -> dict:
    return messaging.make_cloudevent(source="/gorontalo/scaleout-tests", type_=SUBJECT, data={"hold": hold})


def wait_until(predicate, timeout: float = 60.0, message: str = "condition"):
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {message}")
        time.sleep(0.05)


def applied_rows(engine) -> list:
    with engine.connect() as connection:
        return connection.execute(sa.select(applied.c.event_id, applied.c.replica)).all()


def test_replicas_on_one_durable_apply_each_event_once_under_concurrent_redelivery(postgres_url, nats_url):
    deliveries = Deliveries()
    thread_names = threading.local()
    subscription = Subscription(DURABLE, SUBJECT, held_handler(deliveries, thread_names))
    replicas = [
        ConsumerReplica(name, postgres_url, nats_url, subscription, deliveries, thread_names).start()
        for name in ("a", "b")
    ]
    reader = db.make_engine(postgres_url)
    published: list[dict] = []
    held: list[str] = []
    try:
        for _ in range(ROUNDS):
            # One held event per round: only one replica is ever held, the other is free to fetch.
            round_ = [envelope(hold=False) for _ in range(EVENTS_PER_ROUND - 1)]
            round_.insert(EVENTS_PER_ROUND // 2, envelope(hold=True))
            held.append(round_[EVENTS_PER_ROUND // 2]["id"])
            published += round_
            asyncio.run(_publish(nats_url, round_))
            wait_until(
                lambda: {row.event_id for row in applied_rows(reader)} >= {e["id"] for e in published},
                message="the round applied",
            )
            # The held event's second delivery settles (as a duplicate) before the next round.
            wait_until(lambda: len(deliveries.outcomes[held[-1]]) >= 2, message="the redelivery settled")
    finally:
        for replica in replicas:
            replica.stop()

    rows = applied_rows(reader)
    with reader.connect() as connection:
        inbox_rows = connection.execute(
            sa.select(sa.func.count()).select_from(messaging.inbox).where(messaging.inbox.c.consumer == DURABLE)
        ).scalar_one()
    reader.dispose()

    per_event = collections.Counter(row.event_id for row in rows)
    assert set(per_event) == {e["id"] for e in published}, "an event was never applied"
    assert set(per_event.values()) == {1}, f"an event was applied twice: {per_event.most_common(3)}"
    assert inbox_rows == len(published)
    assert {row.replica for row in rows} == {"a", "b"}, "both replicas applied events"
    for event_id in held:
        # Both replicas had the held event in hand at once; one applied it, the other found it done.
        assert set(deliveries.started[event_id]) == {"a", "b"}
        outcomes = collections.Counter(outcome for _, outcome in deliveries.outcomes[event_id])
        assert outcomes["processed"] == 1 and outcomes["duplicate"] >= 1, deliveries.outcomes[event_id]
        assert "failed" not in outcomes
