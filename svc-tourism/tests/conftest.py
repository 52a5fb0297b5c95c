"""Fixtures of svc-tourism's tests: a controllable clock, fakes of svc-permits and Siaga (their real
gRPC faces are tested in their own packages and end to end), migrated databases (SQLite and
PostgreSQL) and an in-process gRPC server over mutual TLS."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from gorontalo_tourism.bootstrap import SERVICE_NAME, bootstrap, seed_path
from gorontalo_tourism.entrypoints.grpc_servicer import TourismServicer
from gorontalo_tourism.service_layer.businesses import PermitFacts

from gorontalo.tourism.v1 import tourism_pb2_grpc
from servicekit import testing_pki
from servicekit.config import ServiceSettings
from servicekit.errors import Unavailable
from servicekit.server import Registration, ServiceRuntime
from servicekit.testing import TokenMinter

START = dt.datetime(2026, 7, 1, 2, 0, tzinfo=dt.UTC)  # 10:00 WITA


class Clock:
    def __init__(self, now: dt.datetime = START):
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta) -> None:
        self.now += dt.timedelta(**delta)


class FakePermits:
    """svc-permits' GetPermitHolder: permits by number; `down` makes it unreachable."""

    def __init__(self):
        self.permits: dict[str, PermitFacts] = {}
        self.down = False
        self.asked: list[str] = []

    def issue(self, number: str, holder: str, validity: str = "valid") -> None:
        self.permits[number] = PermitFacts(number, holder, validity, number[:2] + "." + number[2:4])

    def holder(self, permit_number: str):
        self.asked.append(permit_number)
        if self.down:
            raise Unavailable("permits_unavailable")
        return self.permits.get(permit_number)


class FakeAlerts:
    def __init__(self):
        self.alerts = []
        self.down = False
        self.asked = []

    def covering(self, latitude, longitude):
        self.asked.append((latitude, longitude))
        return None if self.down else list(self.alerts)


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def minter():
    return TokenMinter()


@pytest.fixture
def permits():
    return FakePermits()


@pytest.fixture
def alerts():
    return FakeAlerts()


def settings_for(database_url: str, tmp_path) -> ServiceSettings:
    return ServiceSettings(
        name="tourism",
        listen="127.0.0.1:0",
        metrics_port=0,
        database_url=database_url,
        nats_url="nats://127.0.0.1:1",
        stream="GORONTALO",
        identity_addr="127.0.0.1:1",
        var_dir=tmp_path,
        grace_seconds=1.0,
        max_workers=4,
        log_level="INFO",
        public_base_url="https://gorontaloprov.go.id",
        # Each test's app counts its rate limits apart in the shared Redis.
        rate_limit_namespace=f"tourism-test-{uuid.uuid4().hex}",
    )


@pytest.fixture
def app(database_url, tmp_path, clock, minter, permits, alerts, monkeypatch):
    """A migrated app on SQLite and on PostgreSQL, with fakes for permits and Siaga; its pages' links
    (WEB_PUBLIC_URL, the web app) and photos' (PUBLIC_BASE_URL, the API) on one public origin."""
    monkeypatch.setenv("WEB_PUBLIC_URL", "https://gorontaloprov.go.id")
    application = bootstrap(
        settings_for(database_url, tmp_path), clock=clock, verifier=minter.verifier, permits=permits, alerts=alerts
    )
    yield application
    application.engine.dispose()


@pytest.fixture
def seeded(app):
    """The app with the shipped starting set imported."""
    from gorontalo_tourism.service_layer import importing

    importing.import_destinations(app.uow(), app.clock, None, seed_path().read_bytes(), offices=app.offices)
    return app


@pytest.fixture
def stub(app, minter):
    runtime = ServiceRuntime(
        tls=testing_pki.server_source("tourism"),
        listen="127.0.0.1:0",
        metrics_port=0,
        verifier=minter.verifier,
        bus=None,
        max_workers=4,
        catalog=app.catalog,
        registrations=[
            Registration(tourism_pb2_grpc.add_TourismServiceServicer_to_server, TourismServicer(app), SERVICE_NAME)
        ],
    )
    server, _health, port = runtime.build()
    server.start()
    channel = testing_pki.test_channel(f"127.0.0.1:{port}")
    try:
        yield tourism_pb2_grpc.TourismServiceStub(channel)
    finally:
        channel.close()
        server.stop(None)


@pytest.fixture
def as_(minter):
    """Call metadata: as_('officer', 'o-1', ['75.03']) (a Dinas Pariwisata officer), as_('visitor', 'v-1')."""

    def metadata(role, subject, jurisdiction=None, language="id", agency=None, acr=None):
        extra = {}
        if role == "officer":
            code = (jurisdiction or ["75"])[0].replace(".", "")
            extra = {
                "jurisdiction": jurisdiction or ["75"],
                "agency": agency if agency is not None else f"dispar-{code}",
            }
        if acr is not None:
            extra["acr"] = acr
        return [*minter.metadata(role=role, subject=subject, **extra), ("accept-language", language)]

    return metadata
