"""What one fetch brings is applied in one transaction (servicekit.consumers), and still each event once:
a failing handler costs only its own event, a batch whose transaction fails is applied again one by one,
and a crash before or after the batch's commit leaves nothing applied twice once JetStream redelivers.
"""

from __future__ import annotations

import asyncio
import collections
import json
import threading
import uuid

import nats
import pytest
import sqlalchemy as sa
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy
from prometheus_client import REGISTRY

from servicekit import messaging
from servicekit.bus import DEAD_LETTER_STREAM_SUFFIX, Subscription
from servicekit.consumers import Consumers, Delivery

STREAM = "GTEST"
SUBJECT = "gorontalo.test.batched.v1"

_metadata = sa.MetaData()
# Deliberately without a unique key: an event applied twice shows as two rows.
effects = sa.Table(
    "batch_effects",
    _metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("event_id", sa.String(100), nullable=False),
)


@pytest.fixture
def effect_counts(engine):
    with engine.begin() as connection:
        _metadata.create_all(connection)

    def counts() -> collections.Counter:
        with engine.connect() as connection:
            return collections.Counter(connection.execute(sa.select(effects.c.event_id)).scalars())

    return counts


@pytest.fixture
def durable():
    return f"batch_{uuid.uuid4().hex[:12]}"


def consumed(durable: str, outcome: str) -> float:
    return REGISTRY.get_sample_value("gorontalo_events_consumed_total", {"consumer": durable, "outcome": outcome}) or 0


def inbox_ids(engine, durable: str) -> set[str]:
    with engine.connect() as connection:
        return set(
            connection.execute(
                sa.select(messaging.inbox.c.event_id).where(messaging.inbox.c.consumer == durable)
            ).scalars()
        )


def events(n: int, **data) -> list[dict]:
    return [
        messaging.make_cloudevent(source="/gorontalo/servicekit-tests", type_=SUBJECT, data={"n": i, **data})
        for i in range(n)
    ]


async def _publish_all(url: str, envelopes: list[dict]) -> None:
    nc = await nats.connect(url)
    try:
        js = nc.jetstream()
        for envelope in envelopes:
            await js.publish(SUBJECT, json.dumps(envelope).encode(), headers={"Nats-Msg-Id": envelope["id"]})
    finally:
        await nc.close()


def publish_all(url: str, envelopes: list[dict]) -> None:
    asyncio.run(_publish_all(url, envelopes))


class Handler:
    """Writes one effect row per call and remembers, per call, which transaction it ran in."""

    def __init__(self, poison: set[str] = frozenset(), crash_on: str | None = None):
        self.calls: list[tuple[str, str]] = []  # (event id, transaction)
        self.poison = poison
        self.crash_on = crash_on
        self._lock = threading.Lock()

    def __call__(self, session, envelope):
        transaction = session.info.setdefault("test_transaction", uuid.uuid4().hex)
        with self._lock:
            self.calls.append((envelope["id"], transaction))
        session.execute(effects.insert().values(event_id=envelope["id"]))
        if envelope["id"] == self.crash_on:
            raise Crash("the process dies here")
        if envelope["id"] in self.poison:
            raise ValueError("cannot handle this one")

    def calls_of(self, event_id: str) -> int:
        return sum(1 for called, _ in self.calls if called == event_id)


class Crash(BaseException):
    """Stands for the process dying: no handler of the bus catches it."""


def test_one_failing_event_costs_only_itself_and_the_rest_commit_together(
    nats_js, engine, effect_counts, durable, start_bus, read_stream, wait_until
):
    start_bus(nats_js.url)  # creates the streams; the events wait in JetStream for the consumer
    batch = events(6)
    poison = batch[2]["id"]
    good = [e["id"] for e in batch if e["id"] != poison]
    publish_all(nats_js.url, batch)

    handler = Handler(poison={poison})
    start_bus(nats_js.url, subscriptions=[Subscription(durable, SUBJECT, handler, max_attempts=2)])

    wait_until(lambda: consumed(durable, "dead_lettered") == 1, message="the failing event dead-lettered")
    wait_until(lambda: consumed(durable, "processed") == len(good), message="the others processed")
    assert effect_counts() == collections.Counter(good), "each good event applied once, the failing one never"
    assert inbox_ids(engine, durable) == set(good)
    # A batch runs without a savepoint per event: the failure rolled back the events before it in its
    # batch, which ran once more together without it (applied once all the same, as counted above).
    assert all(handler.calls_of(event_id) in (1, 2) for event_id in good), "a good event's handler reran at most once"
    assert handler.calls_of(batch[-1]["id"]) == 1, "an event after the failing one ran once, in the rerun"
    assert handler.calls_of(poison) == 2, "the failing handler ran once per delivery, max_attempts deliveries"
    assert consumed(durable, "retried") == 1
    transactions = {transaction for event_id, transaction in handler.calls if event_id in good}
    assert len(transactions) < len(good), "events of one fetch shared a transaction"
    (parked,) = read_stream(nats_js.url, subject=f"deadletter.{durable}", stream=STREAM + DEAD_LETTER_STREAM_SUFFIX)
    assert parked.json["id"] == poison
    assert parked.headers["Gorontalo-Error"].startswith("ValueError: cannot handle this one")


def test_a_batch_whose_transaction_fails_is_applied_again_one_by_one(
    nats_js, engine, effect_counts, durable, start_bus, wait_until
):
    """The first handler call records another event of the batch in the inbox, as a replica that won
    it would: the batch's inbox insert fails, nothing of it is kept, and each event is applied alone."""
    start_bus(nats_js.url)
    batch = events(5)
    taken = batch[3]["id"]
    publish_all(nats_js.url, batch)
    handler = Handler()
    stolen = threading.Event()

    def handle(session, envelope):
        if not stolen.is_set():
            stolen.set()
            messaging.mark_processed(session, durable, taken)
        handler(session, envelope)

    start_bus(nats_js.url, subscriptions=[Subscription(durable, SUBJECT, handle)])
    wait_until(lambda: consumed(durable, "processed") == len(batch), message="every event processed")
    assert stolen.is_set()
    assert effect_counts() == collections.Counter(e["id"] for e in batch), "each event applied once"
    assert inbox_ids(engine, durable) == {e["id"] for e in batch}
    assert consumed(durable, "duplicate") == 0 and consumed(durable, "retried") == 0


async def _add_durable(url: str, durable: str) -> None:
    nc = await nats.connect(url)
    try:
        # A short ack wait: messages a crashed consumer held come back within the test.
        await nc.jetstream().add_consumer(
            STREAM,
            ConsumerConfig(
                durable_name=durable,
                filter_subject=SUBJECT,
                ack_policy=AckPolicy.EXPLICIT,
                ack_wait=1.0,
                deliver_policy=DeliverPolicy.ALL,
                max_ack_pending=1000,
            ),
        )
    finally:
        await nc.close()


async def _consume_and_crash(url: str, consumers: Consumers, subscription: Subscription, count: int) -> bool:
    """Fetch `count` messages and apply them as the bus would; never ack (the process dies). True when
    the batch committed before the crash."""
    nc = await nats.connect(url)
    try:
        psub = await nc.jetstream().pull_subscribe(SUBJECT, durable=subscription.durable, stream=STREAM)
        messages: list = []
        while len(messages) < count:
            messages += await psub.fetch(batch=count - len(messages), timeout=5)
        deliveries = [Delivery(data=msg.data) for msg in messages]
        try:
            consumers.apply_fetched(subscription, deliveries)
        except Crash:
            return False
        assert all(d.outcome == "processed" for d in deliveries)
        return True
    finally:
        await nc.close()


def test_a_crash_before_or_after_the_batch_commit_applies_nothing_twice(
    nats_js, engine, sessions, effect_counts, durable, start_bus, wait_until
):
    start_bus(nats_js.url)
    asyncio.run(_add_durable(nats_js.url, durable))
    first, second = events(5, batch=1), events(5, batch=2)

    # Dies in the middle of the first batch: its transaction is never committed.
    publish_all(nats_js.url, first)
    crashing = Subscription(durable, SUBJECT, Handler(crash_on=first[2]["id"]))
    assert asyncio.run(_consume_and_crash(nats_js.url, Consumers(sessions, STREAM), crashing, 5)) is False
    assert effect_counts() == collections.Counter() and inbox_ids(engine, durable) == set()

    # Dies after the second batch committed, before any ack left.
    publish_all(nats_js.url, second)
    committing = Subscription(durable, SUBJECT, Handler())
    # The first batch's messages come back too once their ack wait passed: fetch all ten.
    assert asyncio.run(_consume_and_crash(nats_js.url, Consumers(sessions, STREAM), committing, 10)) is True
    everything = [e["id"] for e in first + second]
    assert effect_counts() == collections.Counter(everything)

    # The restarted service: every message is redelivered; each is a duplicate now, applied by nobody.
    handler = Handler()
    start_bus(nats_js.url, subscriptions=[Subscription(durable, SUBJECT, handler)])
    wait_until(lambda: consumed(durable, "duplicate") == len(everything), message="every redelivery settled")
    assert handler.calls == []
    assert effect_counts() == collections.Counter(everything), "no event applied twice"
    assert inbox_ids(engine, durable) == set(everything)
