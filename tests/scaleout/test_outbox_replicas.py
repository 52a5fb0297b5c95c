"""Two replicas' outbox relays on one PostgreSQL outbox (issue 18, "Outbox relay"): every row is
published once, by one relay, and each aggregate's events reach the stream in the order they were
written, while writers keep adding rows.

JetStream's duplicate window is what the relay falls back on after a crash; here it must not be what
saves us, so the stream's window is its least, 100 ms, and every publish call is counted per event.
The relays are threads with their own event loop, NATS connection and database engine.
"""

from __future__ import annotations

import asyncio
import collections
import json
import threading
import time
import uuid

import nats
import pytest
from nats.js.api import StreamConfig

from servicekit import db, messaging, outbox_relay, testing

STREAM = "OUTBOXREPLICAS"
SOURCE = "/gorontalo/scaleout-tests"
AGGREGATES = 6
EVENTS_PER_AGGREGATE = 30


@pytest.fixture
def postgres_url(postgres_admin_url):
    with testing.scratch_postgres_database(postgres_admin_url) as url:
        engine = db.make_engine(url)
        with engine.begin() as connection:
            messaging.create_tables(connection)
        engine.dispose()
        yield url


@pytest.fixture
def nats_url():
    with testing.NatsServer() as server:
        asyncio.run(_add_stream(server.url))
        yield server.url


async def _add_stream(url: str) -> None:
    nc = await nats.connect(url)
    try:
        # 100 ms (the least JetStream takes): a second copy of a row sent by another relay would not be dropped.
        await nc.jetstream().add_stream(StreamConfig(name=STREAM, subjects=["gorontalo.>"], duplicate_window=0.1))
    finally:
        await nc.close()


async def _stream_messages(url: str) -> list[dict]:
    nc = await nats.connect(url)
    try:
        js = nc.jetstream()
        info = await js.stream_info(STREAM)
        return [
            json.loads((await js.get_msg(STREAM, seq)).data)
            for seq in range(info.state.first_seq, info.state.last_seq + 1)
        ]
    finally:
        await nc.close()


class CountingJetStream:
    """The relay's JetStream context, with every publish call counted (a call the server would have
    de-duplicated is counted too) and an optional gate the first publish waits at."""

    def __init__(self, js, name: str, calls: collections.Counter, gate: threading.Event | None = None):
        self.js, self.name, self.calls, self.gate = js, name, calls, gate
        self.published = 0

    async def publish_async(self, subject, payload, **kwargs):
        """As the relay publishes: sent now, the acknowledgement a future it awaits later."""
        if self.gate is not None:
            gate, self.gate = self.gate, None
            await asyncio.get_running_loop().run_in_executor(None, gate.wait, 30)
        self.calls[kwargs["headers"]["Nats-Msg-Id"]] += 1
        acknowledgement = await self.js.publish_async(subject, payload, **kwargs)
        self.published += 1
        return acknowledgement


class RelayReplica:
    """One replica's relay: its own engine, NATS connection and event loop in a thread."""

    def __init__(self, name: str, database_url: str, nats_url: str, calls, gate=None):
        self.name = name
        self.engine = db.make_engine(database_url)
        self.nats_url, self.calls, self.gate = nats_url, calls, gate
        self.lease_found_taken = threading.Event()
        self.loop: asyncio.AbstractEventLoop | None = None
        self.js: CountingJetStream | None = None
        self.started = threading.Event()
        self.thread = threading.Thread(target=lambda: asyncio.run(self._main()), name=f"relay-{name}")

    def start(self) -> RelayReplica:
        self.thread.start()
        assert self.started.wait(15), f"relay {self.name} did not start"
        return self

    async def _main(self) -> None:
        self.loop = asyncio.get_running_loop()
        self.stopping, self.wake_event = asyncio.Event(), asyncio.Event()
        nc = await nats.connect(self.nats_url)
        self.js = CountingJetStream(nc.jetstream(), self.name, self.calls, self.gate)
        relay = outbox_relay.OutboxRelay(
            db.session_factory(self.engine), 10, self.wake_event, self.stopping, lambda: self.loop.time() + 5
        )
        claim = relay.claim

        def claim_and_note():
            made = claim()
            if made.lease_taken:
                self.lease_found_taken.set()
            return made

        relay.claim = claim_and_note
        self.started.set()
        try:
            await relay.run(self.js)
        finally:
            await nc.close()

    def wake(self) -> None:
        self.loop.call_soon_threadsafe(self.wake_event.set)

    def stop(self) -> None:
        if self.loop is not None and self.thread.is_alive():
            self.loop.call_soon_threadsafe(self.stopping.set)
            self.loop.call_soon_threadsafe(self.wake_event.set)
            self.thread.join(20)
        self.engine.dispose()


def wait_until(predicate, timeout: float = 15.0, message: str = "condition"):
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {message}")
        time.sleep(0.05)


def write(engine, aggregate: str, n: int) -> str:
    with db.session_factory(engine)() as session, session.begin():
        envelope = messaging.record_event(
            session, source=SOURCE, type_=f"gorontalo.test.{aggregate}.changed", data={"n": n}, subject=aggregate
        )
    return envelope["id"]


def write_concurrently(engine, aggregates, numbers, written: list, relays) -> None:
    """Three writer threads, each owning some aggregates and writing their events in order."""

    def writer(owned):
        for n in numbers:
            for aggregate in owned:
                written.append(write(engine, aggregate, n))
            for relay in relays:
                relay.wake()

    threads = [threading.Thread(target=writer, args=(aggregates[i::3],)) for i in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)


def unpublished(engine) -> int:
    import sqlalchemy as sa

    with engine.connect() as connection:
        return connection.execute(
            sa.select(sa.func.count()).where(messaging.outbox.c.published_at.is_(None))
        ).scalar_one()


def test_two_relays_publish_every_row_once_in_order_per_aggregate(postgres_url, nats_url):
    calls: collections.Counter = collections.Counter()
    aggregates = [f"agg{i}-{uuid.uuid4().hex[:6]}" for i in range(AGGREGATES)]
    writer_engine = db.make_engine(postgres_url)
    written: list[str] = []
    # Some rows wait before the relays start, so both go for them at once.
    written += [write(writer_engine, aggregate, 0) for aggregate in aggregates]

    # A holds the lease while its first publish waits at the gate; B must find the lease taken then.
    gate = threading.Event()
    first = RelayReplica("a", postgres_url, nats_url, calls, gate=gate).start()
    second = None
    try:
        wait_until(lambda: first.js is not None and first.js.gate is None, message="relay A inside its first pass")
        second = RelayReplica("b", postgres_url, nats_url, calls).start()
        assert second.lease_found_taken.wait(15), "relay B published beside A: no lease kept it out"
        assert sum(calls.values()) == 0, "a row went out while A held the lease and was not publishing"
        gate.set()

        # Writers go on while both relays run, each aggregate's events written in order; half-way
        # through, A stops (its replica goes away) and B carries on alone.
        half = EVENTS_PER_AGGREGATE // 2
        write_concurrently(writer_engine, aggregates, range(1, half), written, (first, second))
        first.stop()
        write_concurrently(writer_engine, aggregates, range(half, EVENTS_PER_AGGREGATE), written, (second,))
        wait_until(lambda: unpublished(writer_engine) == 0, timeout=60, message="every outbox row published")
    finally:
        gate.set()
        first.stop()
        if second is not None:
            second.stop()
        writer_engine.dispose()

    total = AGGREGATES * EVENTS_PER_AGGREGATE
    assert len(written) == total
    repeated = {event_id: count for event_id, count in calls.items() if count != 1}
    assert not repeated, f"rows published more than once: {repeated}"
    assert set(calls) == set(written)
    assert first.js.published > 0 and second.js.published > 0, "both relays published"

    messages = asyncio.run(_stream_messages(nats_url))
    assert len(messages) == total, "the stream holds each row once"
    order: dict[str, list[int]] = collections.defaultdict(list)
    for message in messages:
        order[message["subject"]].append(message["data"]["n"])
    assert order == {aggregate: list(range(EVENTS_PER_AGGREGATE)) for aggregate in aggregates}
