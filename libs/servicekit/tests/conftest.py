"""Fixtures for servicekit's own tests: real nats-servers, real databases, no mocks.

Helpers are exposed as fixtures because the suite runs with --import-mode=importlib,
where test modules cannot import a sibling helper module.
"""

from __future__ import annotations

import asyncio
import json
import os
import pathlib
import time
from dataclasses import dataclass

import nats
import pytest
import sqlalchemy as sa
from nats.js.api import ConsumerConfig, DeliverPolicy

from servicekit import db, messaging, testing
from servicekit.bus import DEAD_LETTER_STREAM_SUFFIX, EventBus

REPO = pathlib.Path(__file__).resolve().parents[3]
STREAM = "GTEST"


# -- waiting ------------------------------------------------------------------------------


def _wait_until(predicate, timeout: float = 10.0, interval: float = 0.05, message: str = "condition"):
    """Poll `predicate` until it returns something truthy; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    last = None
    while True:
        last = predicate()
        if last:
            return last
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {message} (last value: {last!r})")
        time.sleep(interval)


@pytest.fixture
def wait_until():
    return _wait_until


# -- shared reference files (../shared) --------------------------------------------------


def _shared_dir() -> pathlib.Path:
    return pathlib.Path(os.environ.get("SHARED_DIR") or REPO.parent / "shared")


@pytest.fixture(scope="session")
def shared_dir() -> pathlib.Path:
    path = _shared_dir()
    if not path.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(f"shared reference directory {path} is required in CI")
        pytest.skip(f"shared reference directory {path} not present")
    return path


@pytest.fixture(scope="session")
def cloudevents_validator(shared_dir):
    try:
        import jsonschema
    except ImportError:  # a dev dependency (requirements/dev.txt)
        if os.environ.get("CI") == "true":
            raise
        pytest.skip("jsonschema is not installed")

    schema_path = shared_dir / "schemas" / "cloudevents.schema.json"
    if not schema_path.is_file():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{schema_path} is required in CI")
        pytest.skip(f"{schema_path} not present")
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


# -- databases -----------------------------------------------------------------------------


@pytest.fixture
def engine(database_url):
    """A migrated database (outbox and inbox) of each kind."""
    engine = db.make_engine(database_url)
    with engine.begin() as connection:
        messaging.create_tables(connection)
    yield engine
    engine.dispose()


@pytest.fixture
def sessions(engine):
    return db.session_factory(engine)


@pytest.fixture
def outbox_rows(engine):
    def rows():
        with engine.connect() as connection:
            return connection.execute(
                sa.select(
                    messaging.outbox.c.event_id,
                    messaging.outbox.c.published_at,
                    messaging.outbox.c.attempts,
                    messaging.outbox.c.last_error,
                ).order_by(messaging.outbox.c.seq)
            ).all()

    return rows


# -- NATS ----------------------------------------------------------------------------------


@pytest.fixture
def nats_js():
    """A nats-server of this test alone (so streams never collide), stoppable and restartable."""
    server = testing.NatsServer()
    server.start()
    yield server
    server.stop()
    import shutil

    shutil.rmtree(server.store_dir, ignore_errors=True)


@dataclass
class StreamMessage:
    subject: str
    data: bytes
    headers: dict

    @property
    def json(self):
        return json.loads(self.data)


async def _read_stream(url: str, stream: str, subject: str) -> list[StreamMessage]:
    nc = await nats.connect(url, connect_timeout=2, max_reconnect_attempts=0, allow_reconnect=False)
    try:
        js = nc.jetstream()
        info = await js.stream_info(stream)
        if info.state.messages == 0:
            return []
        psub = await js.pull_subscribe(
            subject,
            durable=None,
            stream=stream,
            config=ConsumerConfig(deliver_policy=DeliverPolicy.ALL, inactive_threshold=5.0),
        )
        messages: list[StreamMessage] = []
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            pending = (await psub.consumer_info()).num_pending
            if pending == 0:
                break
            try:
                batch = await psub.fetch(batch=min(pending, 256), timeout=1)
            except (TimeoutError, nats.errors.TimeoutError):
                continue
            for msg in batch:
                messages.append(StreamMessage(msg.subject, msg.data, dict(msg.headers or {})))
                await msg.ack()
        await psub.unsubscribe()
        return messages
    finally:
        await nc.close()


@pytest.fixture
def read_stream():
    """Every message of `stream` on `subject`, read back with an ephemeral JetStream consumer."""

    def read(url: str, subject: str = ">", stream: str = STREAM) -> list[StreamMessage]:
        return asyncio.run(_read_stream(url, stream, subject))

    return read


async def _publish(url: str, subject: str, data: bytes, headers: dict | None):
    nc = await nats.connect(url, connect_timeout=2, max_reconnect_attempts=0, allow_reconnect=False)
    try:
        ack = await nc.jetstream().publish(subject, data, headers=headers, timeout=5)
        return ack
    finally:
        await nc.close()


@pytest.fixture
def js_publish():
    """Publish raw bytes to JetStream as another service would."""

    def publish(url: str, subject: str, data: bytes, headers: dict | None = None):
        return asyncio.run(_publish(url, subject, data, headers))

    return publish


async def _streams_exist(url: str, names) -> bool:
    nc = await nats.connect(url, connect_timeout=2, max_reconnect_attempts=0, allow_reconnect=False)
    try:
        js = nc.jetstream()
        for name in names:
            try:
                await js.stream_info(name)
            except nats.js.errors.NotFoundError:
                return False
        return True
    finally:
        await nc.close()


@pytest.fixture
def start_bus(sessions):
    """Start EventBus instances on this test's database; every one is stopped at teardown."""
    buses: list[EventBus] = []

    def start(url: str, *, subscriptions=(), wait_connected: bool = True, **kwargs) -> EventBus:
        bus = EventBus(nats_url=url, stream=STREAM, session_factory=sessions, subscriptions=subscriptions, **kwargs)
        bus.start()
        buses.append(bus)
        if wait_connected:
            assert bus.connected.wait(10), "the event bus did not connect to NATS"
            _wait_until(
                lambda: asyncio.run(_streams_exist(url, [STREAM, STREAM + DEAD_LETTER_STREAM_SUFFIX])),
                message="the bus to create its streams",
            )
        return bus

    yield start
    for bus in buses:
        # Not asserted here: see test_stop_ends_the_bus_thread_after_a_slow_handler for why it may linger.
        bus.stop(flush_seconds=1.0)
