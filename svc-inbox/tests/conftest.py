"""Fixtures of svc-inbox's tests, both tiers: unit/ (no database, no network) and integration/ (SQLite
and PostgreSQL, a real nats-server, in-process gRPC): a controllable clock, CloudEvents as producers
write them, apps on a given database, and the service served over real gRPC."""

from __future__ import annotations

import contextlib
import datetime as dt
import uuid

import pytest
from gorontalo_inbox.bootstrap import SERVICE_NAME, bootstrap
from gorontalo_inbox.entrypoints.grpc_servicer import InboxServicer

from gorontalo.inbox.v1 import inbox_pb2_grpc
from servicekit import event_messages, testing_pki
from servicekit.config import ServiceSettings
from servicekit.server import Registration, ServiceRuntime
from servicekit.testing import TokenMinter

# A Tuesday, 10:00 WITA: outside the default quiet hours (22:00-06:00).
START = dt.datetime(2026, 3, 10, 2, 0, tzinfo=dt.UTC)


class Clock:
    def __init__(self, now: dt.datetime = START):
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta) -> None:
        self.now += dt.timedelta(**delta)


def envelope(message, *, at: dt.datetime, type_: str | None = None, event_id: str | None = None) -> dict:
    """The CloudEvent a producer's outbox writes for `message`, at time `at`."""
    return {
        "specversion": "1.0",
        "id": event_id or str(uuid.uuid4()),
        "source": "/gorontalo/test",
        "type": event_messages.event_type(message, type_),
        "time": at.astimezone(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "datacontenttype": "application/json",
        "data": event_messages.to_data(message),
    }


class Phones:
    """identity's GetContact, faked: the phones of the accounts a test gave one."""

    def __init__(self, phones: dict[str, str] | None = None):
        self.phones = dict(phones or {})
        self.asked: list[str] = []

    def __call__(self, citizen_id: str) -> str | None:
        self.asked.append(citizen_id)
        return self.phones.get(citizen_id)


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def phones():
    return Phones()


@pytest.fixture
def make_app(tmp_path, clock, phones):
    """bootstrap() against a given database, with settings built here instead of read from the environment."""
    apps = []
    run = uuid.uuid4().hex[:12]

    def build(database_url: str, *, nats_url: str = "nats://127.0.0.1:1", stream: str = "GORONTALO_TEST", **overrides):
        settings = ServiceSettings(
            name="inbox",
            listen="127.0.0.1:0",
            metrics_port=0,
            database_url=database_url,
            nats_url=nats_url,
            stream=stream,
            identity_addr="127.0.0.1:1",
            var_dir=tmp_path,
            grace_seconds=1.0,
            max_workers=4,
            log_level="INFO",
            public_base_url="https://satu.gorontaloprov.go.id",
            rate_limit_namespace=f"inbox-test-{run}",
        )
        overrides.setdefault("clock", clock)
        overrides.setdefault("phone_of", phones)
        app = bootstrap(settings, verifier=overrides.pop("verifier", None) or TokenMinter().verifier, **overrides)
        apps.append(app)
        return app

    yield build
    for app in apps:
        app.engine.dispose()


@contextlib.contextmanager
def serving(app, minter: TokenMinter | None = None):
    """The service over real gRPC (interceptors, token and role checks) on a free port: (minter, stub)."""
    minter = minter or TokenMinter()
    server, _health, port = ServiceRuntime(
        tls=testing_pki.server_source("inbox"),
        listen="127.0.0.1:0",
        metrics_port=0,
        verifier=minter.verifier,
        bus=None,
        max_workers=4,
        catalog=app.catalog,
        registrations=[
            Registration(inbox_pb2_grpc.add_InboxServiceServicer_to_server, InboxServicer(app), SERVICE_NAME)
        ],
    ).build()
    server.start()
    channel = testing_pki.test_channel(f"127.0.0.1:{port}")
    try:
        yield minter, inbox_pb2_grpc.InboxServiceStub(channel)
    finally:
        channel.close()
        server.stop(None).wait()


@pytest.fixture
def cloudevent():
    """envelope(message, at=..., type_=..., event_id=...): a CloudEvent as the producer writes it."""
    return envelope


@pytest.fixture
def served(make_app, database_url):
    app = make_app(database_url)
    with serving(app) as (minter, stub):
        yield app, minter, stub
