"""Fixtures of svc-disaster's tests, both tiers: unit/ (no database, no network: in-memory fakes) and
integration/ (SQLite and PostgreSQL, in-process gRPC, a real nats-server, Redis): a controllable clock,
the fakes and migrated databases."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from gorontalo_disaster.bootstrap import bootstrap
from servicekit import event_messages
from servicekit.config import ServiceSettings
from servicekit.testing import TokenMinter

START = dt.datetime(2025, 1, 15, 3, 0, tzinfo=dt.UTC)


class Clock:
    def __init__(self, now: dt.datetime = START):
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta) -> None:
        self.now += dt.timedelta(**delta)


class FakeReports:
    def __init__(self):
        self.rows = {}

    def add(self, report):
        if report.source_ref and self.by_source_ref(report.source, report.source_ref):
            raise AssertionError("unique (source, source_ref) violated")
        self.rows[report.id] = report

    def get(self, report_id):
        return self.rows.get(report_id)

    def code_taken(self, code):
        return any(r.code == code for r in self.rows.values())

    def by_source_ref(self, source, source_ref):
        return next((r for r in self.rows.values() if (r.source, r.source_ref) == (source, source_ref)), None)

    def list(self, *, hazard, offset, limit, incident_id=None):
        rows = sorted(self.rows.values(), key=lambda r: (r.received_at, r.id), reverse=True)
        rows = [
            r for r in rows if (not hazard or r.hazard == hazard) and (not incident_id or r.incident_id == incident_id)
        ]
        return rows[offset : offset + limit]

    def count(self, *, hazard=None, incident_id=None):
        return len(self.list(hazard=hazard, offset=0, limit=10**9, incident_id=incident_id))


class FakePhotos:
    def __init__(self):
        self.ids = set()

    def existing(self, ids):
        return set(ids) & self.ids


def _recorded(event, subject, type_) -> dict:
    """An event as the outbox would hold it: the type declared on the message, its proto3 JSON."""
    return {"type": event_messages.event_type(event, type_), "data": event_messages.to_data(event), "subject": subject}


class FakeUnitOfWork:
    """The same face as DisasterUnitOfWork; events and commits are remembered, not sent."""

    def __init__(self):
        self.reports = FakeReports()
        self.photos = FakePhotos()
        self.events = []
        self._pending = []
        self.commits = 0

    def __enter__(self):
        self._pending = []
        return self

    def __exit__(self, *exc):
        self._pending = []  # uncommitted events are rolled back

    def add_event(self, event, subject=None, *, type_=None):
        self._pending.append(_recorded(event, subject, type_))

    def commit(self):
        self.events += self._pending
        self._pending = []
        self.commits += 1


class FakeConsumerUnitOfWork:
    """The same face as ConsumerUnitOfWork: the owner (the test) decides whether to commit."""

    def __init__(self):
        self.reports = FakeReports()
        self.events = []
        self.callbacks = []

    def add_event(self, event, subject=None, *, type_=None):
        self.events.append(_recorded(event, subject, type_))

    def after_commit(self, callback):
        self.callbacks.append(callback)

    def commit(self):
        for callback in self.callbacks:
            callback()
        self.callbacks = []


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def fake_uow():
    return FakeUnitOfWork()


@pytest.fixture
def consumer_uow():
    return FakeConsumerUnitOfWork()


@pytest.fixture
def minter():
    return TokenMinter()


def settings_for(
    database_url: str, tmp_path, *, nats_url: str = "nats://127.0.0.1:1", stream: str = "GORONTALO"
) -> ServiceSettings:
    return ServiceSettings(
        name="disaster",
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
        # Each test's app counts its rate limits apart in the shared Redis (tests of other runs too).
        rate_limit_namespace=f"disaster-test-{uuid.uuid4().hex}",
    )


@pytest.fixture
def make_app(tmp_path, clock, minter):
    """bootstrap() on a given database; engines are disposed at the end of the test."""
    apps = []

    def make(database_url: str, **kwargs):
        kwargs.setdefault("clock", clock)
        kwargs.setdefault("verifier", minter.verifier)
        settings = settings_for(
            database_url, tmp_path, **{k: kwargs.pop(k) for k in ("nats_url", "stream") if k in kwargs}
        )
        app = bootstrap(settings, **kwargs)
        apps.append(app)
        return app

    yield make
    for app in apps:
        app.engine.dispose()


@pytest.fixture
def app(make_app, database_url):
    """A migrated app on SQLite and on PostgreSQL."""
    return make_app(database_url)
